package gallery

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/musicpad"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/synth"
)

// TestPadPieceComesWithItsPerformance: a music piece played on the pads
// reaches the gallery with its sound and its performance log; the log
// lights the pads held at each moment; a recorded piece has none.
func TestPadPieceComesWithItsPerformance(t *testing.T) {
	c := newClinic(t)
	perf := &synth.Performance{Mood: synth.Tender, Timbre: synth.Bell, Events: []synth.Event{
		synth.Press(0, 4), synth.Press(300*time.Millisecond, 9),
		synth.Release(600*time.Millisecond, 4), synth.Release(900*time.Millisecond, 9),
	}}
	outs, err := musicpad.Outputs(context.Background(), perf)
	if err != nil {
		t.Fatal(err)
	}
	var blobs []spool.BlobSource
	for _, o := range outs {
		blobs = append(blobs, spool.Bytes("", o.Role, o.MediaType, o.Data))
	}
	m := piece.New(piece.Music, "lounge-1", "K7Q4M2X", time.Now())
	m.Title, m.Finished = "Rain on the roof", time.Now()
	if err := c.sp.Save(context.Background(), m, blobs); err != nil {
		t.Fatal(err)
	}
	drawing := c.save("K7Q4M2X", "Not played")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	s := c.unlocked(c.options())
	p, err := s.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Performance(p)
	if err != nil {
		t.Fatal(err)
	}
	if got.Mood != synth.Tender || len(got.Events) != 4 {
		t.Fatalf("performance read back: %+v", got)
	}
	if held := got.Held(400 * time.Millisecond); held != 1<<4|1<<9 {
		t.Errorf("at 0.4 s pads %b are lit, want 4 and 9", held)
	}
	rec, err := s.Recording(p)
	if err != nil || rec.Duration() < 900*time.Millisecond {
		t.Fatalf("the pad piece's sound: %v", err)
	}
	other, err := s.Piece(drawing.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Performance(other); !errors.Is(err, ErrNoPerformance) {
		t.Errorf("a drawing's performance: %v, want ErrNoPerformance", err)
	}
}
