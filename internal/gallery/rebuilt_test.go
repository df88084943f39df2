package gallery

import (
	"math"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// TestRecoveredDrawingIsShown: a drawing a crashed kiosk uploaded as its
// stroke log alone is shown whole: its thumbnail and full picture are
// rebuilt by replaying the log, at the canvas's size, with the ink where
// it was drawn.
func TestRecoveredDrawingIsShown(t *testing.T) {
	c := newClinic(t)
	p := paint.New(paint.Options{Width: 400, Height: 240, Seed: 5})
	p.SetBrush(paint.Brush{Kind: paint.Ink, Color: paint.Palette[16], Size: paint.SizeExtraLarge, Opacity: 1})
	p.BeginStroke(10, 120, 0)
	p.StrokeTo(390, 120, 40*time.Millisecond)
	p.EndStroke()
	m := piece.New(piece.Drawing, "lounge-1", "K7Q4M2X", time.Now())
	c.crashed(m, drawing.DraftBlobs(p.Log().Snapshot()))
	s := c.unlocked(c.options())
	ip, err := s.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !ip.Unfinished {
		t.Error("the recovered drawing is not shown as unfinished")
	}
	img, err := s.Original(ip)
	if err != nil {
		t.Fatalf("the recovered drawing's picture: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 400 || b.Dy() != 240 {
		t.Fatalf("rebuilt picture %v, want the 400×240 canvas", b)
	}
	if r, g, b, _ := img.At(200, 120).RGBA(); r == 0xffff && g == 0xffff && b == 0xffff {
		t.Error("no ink where the stroke was drawn")
	}
	o, _, err := s.current()
	if err != nil {
		t.Fatal(err)
	}
	thumb, err := decodeThumbnail(o, ip)
	if err != nil || thumb == nil {
		t.Fatalf("the recovered drawing's thumbnail: %v, %v", thumb, err)
	}
}

// TestRecoveredRecordingIsPlayable: a recording a crashed kiosk uploaded as
// its segments alone opens in the player joined, at its length.
func TestRecoveredRecordingIsPlayable(t *testing.T) {
	c := newClinic(t)
	m := piece.New(piece.Voice, "lounge-1", "K7Q4M2X", time.Now())
	pcm := make([]int16, 3*media.SegmentRate)
	for i := range pcm {
		pcm[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(i)/media.SegmentRate))
	}
	c.crashed(m, []spool.BlobSource{spool.Bytes("s0001", piece.RoleSegment, "application/vnd.afterimage.segment", media.EncodeSegment(0, pcm))})
	s := c.unlocked(c.options())
	ip, err := s.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Recording(ip)
	if err != nil {
		t.Fatalf("the recovered recording: %v", err)
	}
	if got := len(rec.Clip.Samples); got != len(pcm) {
		t.Fatalf("the recovered recording has %d samples, want the segment's %d", got, len(pcm))
	}
}
