package gallery

import (
	"bytes"
	"context"
	"image/color"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// paintSomething paints strokes with two brushes, a fill and an undo, and
// returns the drawing as the kiosk encodes it.
func paintSomething(t *testing.T) *drawing.Encoded {
	t.Helper()
	p := paint.New(paint.Options{Width: 640, Height: 400, Seed: 7})
	at := time.Duration(0)
	stroke := func(x0, y0, x1, y1 float64) {
		p.BeginStroke(x0, y0, at)
		for i := 1; i <= 40; i++ {
			at += 8 * time.Millisecond
			f := float64(i) / 40
			p.StrokeTo(x0+(x1-x0)*f, y0+(y1-y0)*f+10*f*(1-f), at)
		}
		p.EndStroke()
		at += 300 * time.Millisecond
	}
	stroke(20, 20, 600, 380)
	b := p.Brush()
	b.Color = color.RGBA{R: 0x4f, G: 0x6f, B: 0x63, A: 0xff}
	b.Size = 30
	p.SetBrush(b)
	stroke(600, 20, 20, 380)
	stroke(300, 10, 310, 390)
	p.Undo(at)
	at += time.Second
	p.Fill(100, 300, at)
	enc, err := drawing.Capture(p, "", time.Now()).Encode()
	if err != nil {
		t.Fatal(err)
	}
	return enc
}

// TestReplayEndsOnTheStoredDrawing: a drawing pulled into the gallery,
// replayed from its stroke log to the end, is the stored PNG pixel for
// pixel; halfway it is something else; going back and forth lands on the
// same frames.
func TestReplayEndsOnTheStoredDrawing(t *testing.T) {
	c := newClinic(t)
	enc := paintSomething(t)
	m := piece.New(piece.Drawing, "lounge-1", "K7Q4M2X", time.Now())
	m.Title, m.Finished = "Crossing", time.Now()
	if err := c.sp.Save(context.Background(), m, enc.Blobs()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	opts := c.options()
	opts.PullEvery = time.Hour
	var ev events
	ev.hook(&opts)
	s := New(opts)
	s.Unlock("right")
	ev.waitState(t, Unlocked)
	<-ev.pieces
	defer func() { s.Lock(); <-s.Closed() }()
	p, err := s.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := s.Original(p)
	if err != nil {
		t.Fatal(err)
	}
	strokes, err := s.Strokes(p)
	if err != nil || !bytes.Equal(strokes, enc.Strokes) {
		t.Fatalf("stroke log read back: %d bytes, %v", len(strokes), err)
	}
	r, err := NewReplay(strokes)
	if err != nil {
		t.Fatal(err)
	}
	if r.Size().X != 640 || r.Duration() <= 0 {
		t.Fatalf("replay of %v for %v", r.Size(), r.Duration())
	}
	r.AdvanceTo(r.Duration() / 2)
	half := r.Frame(nil)
	if bytes.Equal(half.Pix, stored.Pix) {
		t.Fatal("halfway the replay is already the finished drawing")
	}
	r.AdvanceTo(r.Duration())
	last := r.Frame(nil)
	if !r.Done() || last.Rect != stored.Rect || !bytes.Equal(last.Pix, stored.Pix) {
		t.Fatalf("the replay's last frame differs from the stored drawing (done %v, %v vs %v)", r.Done(), last.Rect, stored.Rect)
	}
	r.AdvanceTo(r.Duration() / 2) // back
	if !bytes.Equal(r.Frame(nil).Pix, half.Pix) {
		t.Fatal("going back to the middle gives another frame")
	}
	if _, err := s.Strokes(p); err != nil {
		t.Fatal(err)
	}
}

// TestReplayRefusesGarbage: a stroke log that is not one is an error.
func TestReplayRefusesGarbage(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("not a stroke log"), bytes.Repeat([]byte{0xff}, 64)} {
		if _, err := NewReplay(data); err == nil {
			t.Errorf("NewReplay(%q) accepted", data)
		}
	}
}
