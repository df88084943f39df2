package recovered

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// blobs is a recovered piece's plaintext blobs by name.
type blobs map[string][]byte

func (b blobs) read(name string) ([]byte, error) {
	d, ok := b[name]
	if !ok {
		return nil, fmt.Errorf("no blob %s", name)
	}
	return d, nil
}

// recovered is a manifest as a kiosk promotes a draft: unfinished, with
// the draft's blobs only.
func recoveredManifest(kind piece.Kind, bs blobs, roles map[string]string) *piece.Manifest {
	m := piece.New(kind, "lounge-1", "K7Q4M2X", time.Now())
	m.Unfinished = true
	for _, name := range sortedNames(bs) {
		m.Blobs = append(m.Blobs, piece.Blob{Name: name, Role: roles[name], Size: int64(len(bs[name]))})
	}
	return m
}

func sortedNames(bs blobs) []string { return slices.Sorted(maps.Keys(bs)) }

func tone(n, offset int) []int16 {
	pcm := make([]int16, n)
	for i := range pcm {
		pcm[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(i+offset)/media.SegmentRate))
	}
	return pcm
}

// recording is a recovered recording of the given segment lengths, with
// segment damaged[i] replaced by junk.
func recording(lens []int, damaged map[int]bool) (*piece.Manifest, blobs, []int16) {
	bs, roles := blobs{}, map[string]string{}
	var all []int16
	off := 0
	for i, n := range lens {
		pcm := tone(n, off)
		off += n
		name := fmt.Sprintf("s%04d", i+1)
		roles[name] = piece.RoleSegment
		if damaged[i] {
			bs[name] = append([]byte("AISG"), make([]byte, 40)...)
			continue
		}
		bs[name] = media.EncodeSegment(i, pcm)
		all = append(all, pcm...)
	}
	return recoveredManifest(piece.Music, bs, roles), bs, all
}

func TestRecordingRebuilt(t *testing.T) {
	m, bs, want := recording([]int{media.SegmentLength, media.SegmentLength, 3 * media.SegmentRate}, nil)
	if !Needed(m) {
		t.Fatal("a recovered recording of segments is not reported as needing a rebuild")
	}
	r, err := Rebuild(context.Background(), m, bs.read, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if r.LeftOut != "" || r.Samples != len(want) || r.Duration() != 23*time.Second {
		t.Fatalf("rebuilt %d samples (%v), left out %q; want %d, nothing left out", r.Samples, r.Duration(), r.LeftOut, len(want))
	}
	fl := r.Output(piece.RoleOriginal)
	if fl == nil || fl.MediaType != media.FLACMediaType {
		t.Fatalf("no FLAC original: %+v", fl)
	}
	pcm, rate, err := media.DecodeFLAC(bytes.NewReader(fl.Data))
	if err != nil || rate != media.SegmentRate || !equal(pcm, want) {
		t.Fatalf("the FLAC decodes to %d samples at %d Hz (%v); want the %d recorded, bit for bit", len(pcm), rate, err, len(want))
	}
	if w := r.Output(piece.RoleWaveform); w == nil || w.MediaType != media.PNGMediaType {
		t.Fatal("no waveform")
	} else if _, err := png.Decode(bytes.NewReader(w.Data)); err != nil {
		t.Fatalf("the waveform is not a PNG: %v", err)
	}
	pk := r.Output(piece.RolePeaks)
	if pk == nil {
		t.Fatal("no peaks")
	}
	var peaks media.Peaks
	if err := peaks.UnmarshalBinary(pk.Data); err != nil {
		t.Fatalf("the peaks do not decode: %v", err)
	}
}

func equal(a, b []int16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A damaged segment ends the recording where it is (sound never jumps);
// what is left out is said.
func TestRecordingDamagedSegmentIsLeftOut(t *testing.T) {
	n := media.SegmentRate
	m, bs, _ := recording([]int{n, n, n, n}, map[int]bool{2: true})
	r, err := Rebuild(context.Background(), m, bs.read, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Samples != 2*n || r.LeftOut != "2 of 4 segments left out (1 damaged or repeated, 1 after a gap)" {
		t.Fatalf("rebuilt %d samples, left out %q; want the first two segments and the rest said", r.Samples, r.LeftOut)
	}
}

// strokes is a stroke log of a few strokes, an undo and a fill.
func strokes(w, h, n int) []byte {
	p := paint.New(paint.Options{Width: w, Height: h, Seed: 7})
	var t time.Duration
	for i := range n {
		p.SetBrush(paint.Brush{Kind: paint.Kinds[i%len(paint.Kinds)], Color: paint.Palette[i%len(paint.Palette)], Size: 4 + float64(i%30), Opacity: 1})
		x, y := float64((i*37)%w), float64((i*53)%h)
		p.BeginStroke(x, y, t)
		for j := range 40 {
			t += 8 * time.Millisecond
			p.StrokeTo(x+float64(j*5), y+20*math.Sin(float64(j)/4), t)
		}
		p.EndStroke()
		t += 100 * time.Millisecond
	}
	p.Undo(t)
	p.Fill(w/2, h/2, t+time.Millisecond)
	return p.Log().Snapshot()
}

func drawingPiece(log []byte) (*piece.Manifest, blobs) {
	bs := blobs{drawing.BlobStrokes: log}
	return recoveredManifest(piece.Drawing, bs, map[string]string{drawing.BlobStrokes: piece.RoleStrokes}), bs
}

// The rebuilt PNG and thumbnail are a replay of the log by the engine that
// painted it, byte for byte what the kiosk makes from that log.
func TestDrawingRebuiltIsTheReplay(t *testing.T) {
	log := strokes(640, 400, 60)
	m, bs := drawingPiece(log)
	if !Needed(m) {
		t.Fatal("a recovered drawing is not reported as needing a rebuild")
	}
	r, err := Rebuild(context.Background(), m, bs.read, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := drawing.Rebuild(log)
	if err != nil {
		t.Fatal(err)
	}
	pngOut, thumb := r.Output(piece.RoleOriginal), r.Output(piece.RoleThumbnail)
	if pngOut == nil || thumb == nil || pngOut.MediaType != "image/png" || thumb.MediaType != "image/jpeg" {
		t.Fatalf("outputs %+v", r.Outputs)
	}
	if !bytes.Equal(pngOut.Data, want.PNG) || !bytes.Equal(thumb.Data, want.Thumbnail) {
		t.Fatal("the rebuilt PNG or thumbnail differs from a replay of the log")
	}
	if r.Actions != 62 || r.Samples != 0 || r.LeftOut != "" {
		t.Fatalf("rebuilt %d actions, %d samples, left out %q", r.Actions, r.Samples, r.LeftOut)
	}
}

// Pieces that are not recovered, or were rebuilt by a kiosk that could read
// its draft, need nothing.
func TestNeeded(t *testing.T) {
	m, _ := drawingPiece(strokes(64, 64, 1))
	m.Unfinished = false
	if Needed(m) {
		t.Error("a finished piece needs a rebuild")
	}
	m.Unfinished = true
	m.Blobs = append(m.Blobs, piece.Blob{Name: "b1", Role: piece.RoleOriginal})
	if Needed(m) {
		t.Error("a piece with its original needs a rebuild")
	}
	v := recoveredManifest(piece.Voice, blobs{"v": {1}}, map[string]string{"v": piece.RoleVoiceNote})
	if Needed(v) {
		t.Error("a recording with no segments needs a rebuild")
	}
}

// Hostile blobs: each is refused with ErrDamaged before it costs much.
func TestHostileRecoveredBlobs(t *testing.T) {
	n := media.SegmentRate
	tooMany, tooManyBlobs, _ := recording([]int{n, n, n}, nil)
	bigSeg, bigSegBlobs, _ := recording([]int{n}, nil)
	bigSeg.Blobs[0].Size = MaxSegmentBytes + 1
	allBad, allBadBlobs, _ := recording([]int{n, n}, map[int]bool{0: true, 1: true})
	noSegs := recoveredManifest(piece.Music, blobs{}, nil)
	junkLog, junkLogBlobs := drawingPiece([]byte("AIST\x01 not a log"))
	bigLog, bigLogBlobs := drawingPiece(strokes(64, 64, 3))
	fills := func() []byte {
		p := paint.New(paint.Options{Width: 64, Height: 64, Seed: 1})
		p.Fill(1, 1, 0)
		p.Fill(2, 2, time.Millisecond)
		return p.Log().Snapshot()
	}()
	manyFills, manyFillsBlobs := drawingPiece(fills)
	// A canvas past media.DrawingPixels: 8193×2049 (its log is small; its
	// pixels would be 64 MiB).
	huge, hugeBlobs := drawingPiece(paint.New(paint.Options{Width: 8193, Height: 2049, Seed: 1}).Log().Snapshot())
	for _, c := range []struct {
		name string
		m    *piece.Manifest
		bs   blobs
		lim  Limits
		want string
	}{
		{"too many segments", tooMany, tooManyBlobs, Limits{MaxSegments: 2}, "3 segments, more than the 2 allowed"},
		{"too long", tooMany, tooManyBlobs, Limits{MaxRecording: 2 * time.Second}, "the segments hold 3s of sound, more than the 2s allowed"},
		{"a segment too large", bigSeg, bigSegBlobs, Limits{}, "more than the 1920021 a segment can be"},
		{"every segment damaged", allBad, allBadBlobs, Limits{}, "none of the recording's 2 segments is usable"},
		{"no segments", noSegs, blobs{}, Limits{}, "no segments"},
		{"a junk stroke log", junkLog, junkLogBlobs, Limits{}, "not a valid stroke log"},
		{"a stroke log too large", bigLog, bigLogBlobs, Limits{MaxStrokeLog: 16}, "more than the 16 allowed"},
		{"too many fills", manyFills, manyFillsBlobs, Limits{MaxFills: 1}, "2 fills, more than the 1 allowed"},
		{"a canvas too large", huge, hugeBlobs, Limits{}, "8193×2049 pixels"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Rebuild(context.Background(), c.m, c.bs.read, c.lim)
			if !errors.Is(err, ErrDamaged) || !bytes.Contains([]byte(err.Error()), []byte(c.want)) {
				t.Fatalf("got %v; want an ErrDamaged saying %q", err, c.want)
			}
		})
	}
}

// An ended context stops a replay between steps.
func TestReplayStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Replay(ctx, strokes(320, 200, 5), Limits{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("replay with an ended context: %v", err)
	}
	m, bs, _ := recording([]int{100}, nil)
	if _, err := Rebuild(ctx, m, bs.read, Limits{}); !errors.Is(err, context.Canceled) || errors.Is(err, ErrDamaged) {
		t.Fatalf("rebuild with an ended context: %v; want the context's error, not damage", err)
	}
}

// A rebuild that takes longer than Limits.MaxTime is given up as damaged.
func TestRebuildTakingTooLongIsDamaged(t *testing.T) {
	m, bs := drawingPiece(strokes(320, 200, 5))
	_, err := Rebuild(context.Background(), m, bs.read, Limits{MaxTime: time.Nanosecond})
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "took longer than the 1ns allowed") {
		t.Fatalf("a rebuild past its time: %v; want it damaged, saying so", err)
	}
}

// FuzzRebuildRecording feeds arbitrary segment blobs (one to three, split
// from the input) to a recording's rebuild: it never panics, and what it
// rebuilds decodes to the joined segments.
func FuzzRebuildRecording(f *testing.F) {
	f.Add(media.EncodeSegment(0, []int16{1, -1, 300}), []byte{}, []byte{})
	f.Add(media.EncodeSegment(0, tone(480, 0)), media.EncodeSegment(1, tone(480, 480)), media.EncodeSegment(1, nil))
	f.Add(media.EncodeSegment(1, []int16{5}), media.EncodeSegment(0, []int16{7}), []byte("AISG"))
	f.Fuzz(func(t *testing.T, a, b, c []byte) {
		bs, roles := blobs{}, map[string]string{}
		for i, d := range [][]byte{a, b, c} {
			if len(d) == 0 {
				continue
			}
			name := fmt.Sprintf("s%04d", i+1)
			bs[name], roles[name] = d, piece.RoleSegment
		}
		m := recoveredManifest(piece.Voice, bs, roles)
		r, err := Rebuild(context.Background(), m, bs.read, Limits{})
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("error does not wrap ErrDamaged: %v", err)
			}
			return
		}
		pcm, _, err := media.DecodeFLAC(bytes.NewReader(r.Output(piece.RoleOriginal).Data))
		if err != nil || len(pcm) != r.Samples || r.Samples == 0 {
			t.Fatalf("rebuilt %d samples; the FLAC decodes to %d (%v)", r.Samples, len(pcm), err)
		}
	})
}

// FuzzReplay replays arbitrary stroke logs within the limits: it never
// panics, refuses with ErrDamaged, or ends on the canvas paint.Replay gives.
func FuzzReplay(f *testing.F) {
	f.Add(strokes(64, 48, 3))
	f.Add(strokes(32, 32, 1))
	f.Add([]byte("AIST\x01"))
	f.Fuzz(func(t *testing.T, log []byte) {
		pl, _, err := Replay(context.Background(), log, Limits{MaxFills: 8})
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("error does not wrap ErrDamaged: %v", err)
			}
			return
		}
		want, err := paint.Replay(log)
		if err != nil {
			t.Fatalf("Replay took a log paint.Replay refuses: %v", err)
		}
		if !bytes.Equal(pl.Canvas().Snapshot().Pix, want.Canvas().Snapshot().Pix) {
			t.Fatal("the bounded replay's canvas differs from paint.Replay's")
		}
	})
}
