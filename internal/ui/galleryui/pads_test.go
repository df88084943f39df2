package galleryui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/musicpad"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/synth"
)

// TestPadPieceLightsItsPads: a music piece played on the pads opens with
// its pads over the player; seeking lights the pads held at that moment of
// the performance; a recorded music piece shows none.
func TestPadPieceLightsItsPads(t *testing.T) {
	c := newClinic(t)
	c.at = day
	perf := &synth.Performance{Mood: synth.Bright, Timbre: synth.Warm, Events: []synth.Event{
		synth.Press(0, 2), synth.Press(1000*time.Millisecond, 12),
		synth.Release(1500*time.Millisecond, 2), synth.Release(2500*time.Millisecond, 12),
	}}
	outs, err := musicpad.Outputs(context.Background(), perf)
	if err != nil {
		t.Fatal(err)
	}
	m := piece.New(piece.Music, "lounge-1", "K7Q4M2X", c.at)
	m.Title, m.Finished = "Pads", c.at.Add(time.Minute)
	var blobs []spool.BlobSource
	for _, o := range outs {
		blobs = append(blobs, spool.Bytes("", o.Role, o.MediaType, o.Data))
	}
	if err := c.sp.Save(context.Background(), m, blobs); err != nil {
		t.Fatal(err)
	}
	c.at = c.at.Add(20 * time.Minute)
	song := c.saveSound(piece.Music, "K7Q4M2X", "Humming", tone(2), nil)

	u := openSoundViewer(t, c, 2, m.ID)
	waitFor(t, u, "the player", true, func() bool {
		return u.browse.viewer != nil && u.browse.viewer.sound.ctl != nil
	})
	v := u.browse.viewer
	u.inUI(func() {
		sp := v.sound
		if !sp.pads.Visible() {
			t.Fatal("a pad piece shows no pads")
		}
		w := sp.wave
		// 1.25 s into the performance pads 2 and 12 are held.
		at := float32(1250*time.Millisecond) / float32(sp.rec.Duration())
		test.TapAt(w, fyne.NewPos(w.Size().Width*at, w.Size().Height/2))
		if got := sp.pads.Held(); got != 1<<2|1<<12 {
			t.Errorf("at 1.25 s pads %b are lit, want 2 and 12", got)
		}
		at = float32(2*time.Second) / float32(sp.rec.Duration())
		test.TapAt(w, fyne.NewPos(w.Size().Width*at, w.Size().Height/2))
		if got := sp.pads.Held(); got != 1<<12 {
			t.Errorf("at 2 s pads %b are lit, want 12", got)
		}
	})
	u.inUI(func() {
		if v.pieces[v.at].ID != m.ID {
			t.Fatal("the viewer opened another piece")
		}
		v.step(-1) // the newer piece: the recording
	})
	waitFor(t, u, "the recorded piece's player", true, func() bool {
		return v.sound.ctl != nil && v.sound.piece.ID == song.ID
	})
	u.inUI(func() {
		if v.sound.pads.Visible() {
			t.Error("a recorded music piece shows pads")
		}
	})
}
