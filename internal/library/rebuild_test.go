package library

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/recovered"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// testStrokes is the stroke log of a few strokes on a small canvas.
func testStrokes(n int) []byte {
	p := paint.New(paint.Options{Width: 480, Height: 320, Seed: 3})
	var t time.Duration
	for i := range n {
		p.SetBrush(paint.Brush{Kind: paint.Kinds[i%len(paint.Kinds)], Color: paint.Palette[i%len(paint.Palette)], Size: 6, Opacity: 1})
		p.BeginStroke(float64(20+i*10), 40, t)
		for j := range 30 {
			t += 10 * time.Millisecond
			p.StrokeTo(float64(20+i*10+j*8), 40+30*math.Sin(float64(j)/5), t)
		}
		p.EndStroke()
	}
	return p.Log().Snapshot()
}

func testTone(n int) []int16 {
	pcm := make([]int16, n)
	for i := range pcm {
		pcm[i] = int16(9000 * math.Sin(2*math.Pi*440*float64(i)/media.SegmentRate))
	}
	return pcm
}

// crashedDrafts checkpoints drafts in k's spool as a kiosk does while a
// patient draws or records (a drawing's stroke log; a recording's
// segments, each given as its blob's bytes), then opens the spool again
// as the restarted kiosk does and promotes them without reading them (a
// production kiosk cannot), and uploads the pieces.
func (k *kiosk) crashedDrafts(t testing.TB, s *seal.Sealer, strokes []byte, segments ...[]byte) (drawingID, recordingID piece.ID) {
	t.Helper()
	ctx := context.Background()
	d := piece.New(piece.Drawing, k.id, "K7Q4M2X", time.Now())
	if err := k.sp.SaveDraft(ctx, d, drawing.DraftBlobs(strokes)); err != nil {
		t.Fatal(err)
	}
	r := piece.New(piece.Music, k.id, "K7Q4M2X", time.Now())
	for i, seg := range segments {
		src := spool.Bytes(fmt.Sprintf("s%04d", i+1), piece.RoleSegment, media.SegmentMediaType, seg)
		var err error
		if i == 0 {
			err = k.sp.SaveDraft(ctx, r, []spool.BlobSource{src})
		} else {
			err = k.sp.AppendDraftSegment(ctx, r.ID, src)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	sp, err := spool.Open(k.sp.Dir(), s)
	if err != nil {
		t.Fatal(err)
	}
	k.sp = sp
	for _, id := range []piece.ID{d.ID, r.ID} {
		if err := sp.PromoteDraft(ctx, id); err != nil {
			t.Fatal(err)
		}
		e, err := sp.Piece(id)
		if err != nil {
			t.Fatal(err)
		}
		k.upload(t, e, true)
	}
	return d.ID, r.ID
}

func byID(t *testing.T, ps []*Piece, id piece.ID) *Piece {
	t.Helper()
	for _, p := range ps {
		if p.Manifest.ID == id {
			return p
		}
	}
	t.Fatalf("piece %s was not handed over", id)
	return nil
}

// A piece a production kiosk recovered after a crash reaches the gallery
// as its draft's blobs; opened, it is rebuilt into what a finished piece
// has, and stays unfinished; after a restart, from the cache, too.
func TestRecoveredPiecesAreRebuilt(t *testing.T) {
	r, _ := newDir(t)
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	strokes := testStrokes(8)
	first, second := testTone(media.SegmentLength), testTone(media.SegmentRate/2)
	dID, rID := k.crashedDrafts(t, s, strokes, media.EncodeSegment(0, first), media.EncodeSegment(1, second))

	dir := filepath.Join(t.TempDir(), "gallery")
	lib, err := OpenOptions(dir, r, o, Options{Logger: quiet, Trust: trustAll{}})
	if err != nil {
		t.Fatal(err)
	}
	check := func(ps []*Piece) {
		t.Helper()
		d, rec := byID(t, ps, dID), byID(t, ps, rID)
		for _, p := range []*Piece{d, rec} {
			if !p.Manifest.Unfinished || !p.NeedsRebuild() {
				t.Fatalf("piece %s: unfinished %v, needs a rebuild %v; want both", p.Manifest.ID, p.Manifest.Unfinished, p.NeedsRebuild())
			}
		}
		rb, err := d.Rebuild(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want, err := drawing.Rebuild(strokes)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(rb.Output(piece.RoleOriginal).Data, want.PNG) || !bytes.Equal(rb.Output(piece.RoleThumbnail).Data, want.Thumbnail) {
			t.Fatal("the rebuilt drawing is not the replay of its stroke log")
		}
		rb, err = rec.Rebuild(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pcm, _, err := media.DecodeFLAC(bytes.NewReader(rb.Output(piece.RoleOriginal).Data))
		if err != nil || len(pcm) != len(first)+len(second) || rb.LeftOut != "" {
			t.Fatalf("the rebuilt FLAC decodes to %d samples (%v, left out %q); want %d", len(pcm), err, rb.LeftOut, len(first)+len(second))
		}
		if rb.Output(piece.RoleWaveform) == nil || rb.Output(piece.RolePeaks) == nil {
			t.Fatal("no waveform or peaks rebuilt")
		}
		// Derived: the manifest is as the kiosk sealed it.
		for _, b := range rec.Manifest.Blobs {
			if b.Role != piece.RoleSegment {
				t.Fatalf("the manifest gained blob %s (%s)", b.Name, b.Role)
			}
		}
	}
	p := pull(t, lib)
	if len(p.Pieces) != 2 || len(p.Damaged) != 0 {
		t.Fatalf("pulled %d pieces, %d damaged; want the 2 recovered", len(p.Pieces), len(p.Damaged))
	}
	check(p.Pieces)
	again, err := OpenOptions(dir, r, o, Options{Logger: quiet, Trust: trustAll{}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := again.Cached()
	if err != nil {
		t.Fatal(err)
	}
	check(c.Pieces)
}

// A recovered recording whose blobs make nothing is handed over (its
// manifest is whole) and marked damaged when opened, saying why; a piece
// with its own files has nothing to rebuild.
func TestRecoveredPieceThatCannotBeRebuilt(t *testing.T) {
	r, _ := newDir(t)
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	junk := append([]byte("AISG\x01"), make([]byte, 64)...)
	dID, rID := k.crashedDrafts(t, s, []byte("AIST\x01torn"), junk)
	finished := k.save(t, "finished")
	k.upload(t, finished, true)
	lib, err := OpenOptions(t.TempDir(), r, o, Options{Logger: quiet, Trust: trustAll{}})
	if err != nil {
		t.Fatal(err)
	}
	p := pull(t, lib)
	if len(p.Pieces) != 3 || len(p.Damaged) != 0 {
		t.Fatalf("pulled %d pieces, %d damaged; want all 3 shown", len(p.Pieces), len(p.Damaged))
	}
	for id, why := range map[piece.ID]string{dID: "not a valid stroke log", rID: "none of the recording's 1 segments is usable"} {
		_, err := byID(t, p.Pieces, id).Rebuild(context.Background())
		if !errors.Is(err, ErrRebuildFailed) || !errors.Is(err, recovered.ErrDamaged) || !bytes.Contains([]byte(err.Error()), []byte(why)) {
			t.Errorf("piece %s: %v; want a failed rebuild saying %q", id, err, why)
		}
	}
	f := byID(t, p.Pieces, finished.ID)
	if f.NeedsRebuild() {
		t.Error("a finished piece needs a rebuild")
	}
	if _, err := f.Rebuild(context.Background()); !errors.Is(err, ErrRebuildFailed) {
		t.Errorf("rebuilding a finished piece: %v", err)
	}
}
