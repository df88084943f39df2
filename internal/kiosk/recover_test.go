package kiosk

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // the thumbnail
	"image/png"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

func recoverySpool(t *testing.T) (*spool.Spool, *seal.Opener) {
	t.Helper()
	dir := t.TempDir()
	s, o, err := seal.NewDevSealer(dir)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := spool.Open(filepath.Join(dir, "spool"), s)
	if err != nil {
		t.Fatal(err)
	}
	return sp, o
}

// reopen opens the spool again, as a kiosk does at start after a crash:
// the earlier run's drafts are no longer its own.
func reopen(t *testing.T, sp *spool.Spool) *spool.Spool {
	t.Helper()
	s, _, err := seal.NewDevSealer(filepath.Dir(sp.Dir()))
	if err != nil {
		t.Fatal(err)
	}
	again, err := spool.Open(sp.Dir(), s)
	if err != nil {
		t.Fatal(err)
	}
	return again
}

func recovered(t *testing.T, sp *spool.Spool, o *seal.Opener, id piece.ID) *spool.Opened {
	t.Helper()
	if err := RecoverDraft(context.Background(), sp, id, o, nil); err != nil {
		t.Fatal(err)
	}
	if drafts, _ := sp.Drafts(); len(drafts) != 0 {
		t.Fatalf("%d drafts left after recovery", len(drafts))
	}
	opened, err := sp.OpenPiece(id, o)
	if err != nil {
		t.Fatalf("open the recovered piece: %v", err)
	}
	if !opened.Manifest.Unfinished {
		t.Error("a recovered piece is not marked unfinished")
	}
	return opened
}

func blobOf(t *testing.T, p *spool.Opened, role string) []byte {
	t.Helper()
	for _, b := range p.Manifest.Blobs {
		if b.Role == role {
			data, err := p.ReadBlob(b.Name)
			if err != nil {
				t.Fatal(err)
			}
			return data
		}
	}
	t.Fatalf("the recovered piece has no %s: %+v", role, p.Manifest.Blobs)
	return nil
}

// TestRecoveredRecordingIsPlayable: a recording's draft holds only its
// segments (the kiosk stopped mid-recording); recovered, the piece has a
// FLAC of exactly the segments' sound, a waveform and peaks.
func TestRecoveredRecordingIsPlayable(t *testing.T) {
	sp, o := recoverySpool(t)
	m := piece.New(piece.Music, "lounge-1", string(newCode(t)), time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	var want []int16
	var blobs []spool.BlobSource
	for i := range 3 {
		pcm := make([]int16, audio.SampleRate) // 1 s each
		for j := range pcm {
			pcm[j] = int16((i*7919 + j*31) % 20000)
		}
		want = append(want, pcm...)
		blobs = append(blobs, spool.Bytes(fmt.Sprintf("s%04d", i+1), piece.RoleSegment,
			"application/vnd.afterimage.segment", audio.EncodeSegment(i, pcm)))
	}
	if err := sp.SaveDraft(context.Background(), m, blobs); err != nil {
		t.Fatal(err)
	}
	sp = reopen(t, sp)
	p := recovered(t, sp, o, m.ID)
	pcm, rate, err := media.DecodeFLAC(bytes.NewReader(blobOf(t, p, piece.RoleOriginal)))
	if err != nil {
		t.Fatalf("the recovered FLAC does not decode: %v", err)
	}
	if rate != audio.SampleRate || !slices.Equal(pcm, want) {
		t.Fatalf("recovered FLAC: %d samples at %d Hz, want the segments' %d at %d", len(pcm), rate, len(want), audio.SampleRate)
	}
	var peaks media.Peaks
	if err := peaks.UnmarshalBinary(blobOf(t, p, piece.RolePeaks)); err != nil {
		t.Fatalf("peaks: %v", err)
	}
	if _, err := png.Decode(bytes.NewReader(blobOf(t, p, piece.RoleWaveform))); err != nil {
		t.Fatalf("waveform: %v", err)
	}
}

// TestRecoveredDrawingIsViewable: a drawing's draft holds only its stroke
// log; recovered, its PNG is the replay of the log, with a thumbnail.
func TestRecoveredDrawingIsViewable(t *testing.T) {
	sp, o := recoverySpool(t)
	p := paint.New(paint.Options{Width: 320, Height: 200, Seed: 3})
	p.SetBrush(paint.Brush{Kind: paint.Ink, Color: paint.Palette[16], Size: paint.SizeExtraLarge, Opacity: 1})
	p.BeginStroke(20, 20, 0)
	p.StrokeTo(300, 180, 50*time.Millisecond)
	p.EndStroke()
	p.BeginStroke(20, 180, time.Second)
	p.StrokeTo(300, 20, 1100*time.Millisecond)
	p.EndStroke()
	strokes := p.Log().Snapshot()
	m := piece.New(piece.Drawing, "lounge-1", string(newCode(t)), time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	if err := sp.SaveDraft(context.Background(), m, drawing.DraftBlobs(strokes)); err != nil {
		t.Fatal(err)
	}
	sp = reopen(t, sp)
	got := recovered(t, sp, o, m.ID)

	img, err := png.Decode(bytes.NewReader(blobOf(t, got, piece.RoleOriginal)))
	if err != nil {
		t.Fatalf("the recovered PNG does not decode: %v", err)
	}
	replay, err := paint.Replay(strokes)
	if err != nil {
		t.Fatal(err)
	}
	want := replay.Canvas().Snapshot()
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	if rgba.Bounds() != want.Bounds() || !bytes.Equal(rgba.Pix, want.Pix) {
		t.Fatal("the recovered PNG is not the replay of its stroke log")
	}
	if !bytes.Equal(blobOf(t, got, piece.RoleStrokes), strokes) {
		t.Error("the stroke log was not kept")
	}
	if _, _, err := image.Decode(bytes.NewReader(blobOf(t, got, piece.RoleThumbnail))); err != nil {
		t.Fatalf("thumbnail: %v", err)
	}
}
