package galleryui

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/testbench/audiobench"
)

// tone is seconds of a 440 Hz sine whose loudness swells and fades (a
// waveform with a shape).
func tone(seconds float64) []int16 {
	n := int(seconds * audio.SampleRate)
	out := make([]int16, n)
	for i := range out {
		t := float64(i) / audio.SampleRate
		env := 0.25 + 0.2*math.Sin(math.Pi*t/seconds)
		out[i] = int16(env * 32767 * math.Sin(2*math.Pi*440*t))
	}
	return out
}

// saveSound uploads a piece of kind with the given FLAC as its original
// (and, when it is a real recording, the kiosk's waveform and peaks).
func (c *clinic) saveSound(kind piece.Kind, code, title string, pcm []int16, flac []byte) *piece.Manifest {
	c.t.Helper()
	at := c.at
	if at.IsZero() {
		at = time.Now()
	}
	m := piece.New(kind, "lounge-1", code, at)
	m.Title, m.Finished = title, at.Add(5*time.Minute)
	c.at = c.at.Add(20 * time.Minute)
	var blobs []spool.BlobSource
	if flac != nil {
		blobs = append(blobs, spool.Bytes("", piece.RoleOriginal, media.FLACMediaType, flac))
	} else {
		outs, err := media.RecordingOutputs(pcm, audio.SampleRate)
		if err != nil {
			c.t.Fatal(err)
		}
		for _, o := range outs {
			blobs = append(blobs, spool.Bytes("", o.Role, o.MediaType, o.Data))
		}
	}
	if err := c.sp.Save(context.Background(), m, blobs); err != nil {
		c.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		c.t.Fatalf("upload: %v", err)
	}
	return m
}

// openSoundViewer unlocks the clinic's gallery and opens id in the viewer.
func openSoundViewer(t *testing.T, c *clinic, pieces int, id piece.ID) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	u := New(a, Options{}, c.sessionOptions(nil))
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	t.Cleanup(func() { closeUI(u) })
	u.inUI(func() {
		test.Type(u.lock.entry, "right")
		test.Tap(u.lock.unlock)
	})
	waitFor(t, u, "the patient's pieces", true, func() bool {
		return u.browse != nil && len(u.browse.view.byPiece) == pieces
	})
	u.inUI(func() { u.browse.openViewer(id) })
	return u
}

// TestAudioPlayerShownAndDroppedOnLock: a music piece opens in the viewer
// with its player (golden image): waveform, play, elapsed/total; a tap on
// the wave seeks; a recording that does not decode says so and has no
// player; locking drops the decoded samples and the player.
func TestAudioPlayerShownAndDroppedOnLock(t *testing.T) {
	c := newClinic(t)
	c.at = day
	broken := c.saveSound(piece.Voice, "K7Q4M2X", "Static", nil, []byte("fLaC but not really a stream"))
	song := c.saveSound(piece.Music, "K7Q4M2X", "Humming", tone(3), nil)
	u := openSoundViewer(t, c, 2, song.ID)
	waitFor(t, u, "the player", true, func() bool {
		return u.browse.viewer != nil && u.browse.viewer.sound.ctl != nil
	})
	v := u.browse.viewer
	u.inUI(func() {
		shot := image.NewNRGBA(image.Rect(0, 0, 1366, 690))
		draw.Draw(shot, shot.Rect, u.win.Canvas().Capture(), image.Point{}, draw.Src)
		test.AssertImageMatches(t, "viewer-audio.png", shot)
		if got := v.sound.clock.Text; got != "0:00 / 0:03" {
			t.Errorf("clock %q, want 0:00 / 0:03", got)
		}
		w := v.sound.wave
		test.TapAt(w, fyne.NewPos(w.Size().Width*0.75, w.Size().Height/2))
		if at := v.sound.ctl.p.Position(); at < 2200*time.Millisecond || at > 2300*time.Millisecond {
			t.Errorf("a tap at three quarters of the wave seeks to %v, want 2.25 s", at)
		}
		if got := v.sound.clock.Text; got != "0:02 / 0:03" {
			t.Errorf("clock after the seek %q, want 0:02 / 0:03", got)
		}
	})

	// The broken one (older: next) is never given a player.
	u.inUI(func() { v.step(1) })
	waitFor(t, u, "the broken recording's message", true, func() bool {
		return v.note.Text == tr("gallery.player.cannot")
	})
	u.inUI(func() {
		if p := v.pieces[v.at]; p.ID != broken.ID {
			t.Fatalf("next shows %s", p.Title)
		}
		if v.sound.ctl != nil || v.sound.rec != nil || v.sound.bar.Visible() {
			t.Error("a recording that does not decode has a player")
		}
	})

	u.inUI(func() { v.step(-1) })
	waitFor(t, u, "the player again", true, func() bool { return v.sound.ctl != nil })
	u.s.Lock()
	waitFor(t, u, "the lock screen", false, func() bool { return u.browse == nil && u.lock != nil })
	u.inUI(func() {
		if v.sound.rec != nil || v.sound.ctl != nil || v.sound.wave.img.Image != nil {
			t.Error("after locking the viewer still holds the recording")
		}
		walk(u.win.Content(), func(o fyne.CanvasObject) {
			if w, ok := o.(*waveView); ok && (w.has || w.img.Image != nil) {
				t.Error("after locking the window still holds a waveform")
			}
		})
	})
}

// TestVoiceNoteOfADrawing: a drawing's voice note gets the player under
// the drawing; a drawing without one gets none.
func TestVoiceNoteOfADrawing(t *testing.T) {
	c := newClinic(t)
	plain := c.saveDrawing("K7Q4M2X", "Sea wall", "", drawingPNG(t))
	var fl bytes.Buffer
	if err := media.EncodeFLAC(&fl, tone(2), audio.SampleRate); err != nil {
		t.Fatal(err)
	}
	m := piece.New(piece.Drawing, "lounge-1", "K7Q4M2X", time.Now())
	m.Title, m.Finished = "Lighthouse", time.Now()
	if err := c.sp.Save(context.Background(), m, []spool.BlobSource{
		spool.Bytes("", piece.RoleOriginal, "image/png", drawingPNG(t)),
		spool.Bytes("", piece.RoleVoiceNote, media.FLACMediaType, fl.Bytes()),
	}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	u := openSoundViewer(t, c, 2, m.ID)
	waitFor(t, u, "the drawing and its voice note", true, func() bool {
		v := u.browse.viewer
		return v != nil && v.pic.pic != nil && v.sound.ctl != nil
	})
	u.inUI(func() {
		v := u.browse.viewer
		if got := v.sound.clock.Text; got != "0:00 / 0:02" || !v.sound.bar.Visible() || !v.replayBar.Visible() {
			t.Errorf("voice note: clock %q, player shown %v, replay shown %v", got, v.sound.bar.Visible(), v.replayBar.Visible())
		}
		v.step(1)
		if p := v.pieces[v.at]; p.ID != plain.ID {
			t.Fatalf("next shows %s", p.Title)
		}
	})
	waitFor(t, u, "the plain drawing and the look-up for its voice note", true, func() bool {
		v := u.browse.viewer
		return v.pic.pic != nil && v.sound.answered == v.seq
	})
	u.inUI(func() {
		v := u.browse.viewer
		if v.sound.ctl != nil || v.sound.bar.Visible() || v.note.Text != "" {
			t.Errorf("a drawing without a voice note: player %v, note %q", v.sound.bar.Visible(), v.note.Text)
		}
	})
}

// TestAudioPlayerHeard (bench): space plays the stored 440 Hz recording
// through PortAudio and the null sink's monitor hears 440 Hz; closing the
// viewer stops it.
func TestAudioPlayerHeard(t *testing.T) {
	testbench.Audio(t)
	c := newClinic(t)
	song := c.saveSound(piece.Music, "K7Q4M2X", "Humming", tone(4), nil)
	u := openSoundViewer(t, c, 1, song.ID)
	waitFor(t, u, "the player", true, func() bool {
		return u.browse.viewer != nil && u.browse.viewer.sound.ctl != nil
	})
	var p *audio.Player
	u.inUI(func() { p = u.browse.viewer.sound.ctl.p })

	rec := audio.NewRecorder(audio.RecorderOptions{Preset: audio.Music})
	if err := rec.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	key := func(k fyne.KeyName) {
		u.inUI(func() { u.win.Canvas().(test.WindowlessCanvas).OnTypedKey()(&fyne.KeyEvent{Name: k}) })
	}
	key(fyne.KeySpace)
	waitFor(t, u, "1.5 s played", true, func() bool { return p.Position() >= 1500*time.Millisecond })
	got, err := rec.Stop()
	if err != nil {
		t.Fatal(err)
	}
	u.inUI(func() {
		if !strings.Contains(u.browse.viewer.sound.play.Text, "Pause") || !p.Playing() {
			t.Errorf("while playing: button %q, playing %v", u.browse.viewer.sound.play.Text, p.Playing())
		}
	})
	s := audio.SuggestTrim(got.Samples, -30, 0)
	heard := got.Samples[s.Start:s.End]
	if len(heard) < audio.SampleRate/2 {
		t.Fatalf("heard %d samples of sound", len(heard))
	}
	if f := audiobench.DominantFrequency(audiobench.Floats(heard), audio.SampleRate, 300, 600, 1); math.Abs(f-440) > 3 {
		t.Errorf("the monitor heard %.0f Hz, want 440", f)
	}

	key(fyne.KeyEscape)
	waitFor(t, u, "the sound to stop", true, func() bool { return !p.Playing() })
	u.inUI(func() {
		if u.browse.viewer != nil {
			t.Error("Esc did not close the viewer")
		}
	})
	if at := p.Position(); at >= 4*time.Second {
		t.Errorf("the recording played to its end (%v) instead of stopping", at)
	}
	// The monitor goes quiet: 600 ms heard after closing, while the 4 s
	// recording would still be playing; the first half may hold what the
	// sink had buffered, the second must be silence.
	after := audio.NewRecorder(audio.RecorderOptions{Preset: audio.Music})
	if err := after.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, u, "600 ms heard after closing", false, func() bool { return after.Elapsed() >= 600*time.Millisecond })
	quiet, err := after.Stop()
	if err != nil {
		t.Fatal(err)
	}
	var peak int
	for _, x := range quiet.Samples[len(quiet.Samples)/2:] {
		peak = max(peak, abs(int(x)))
	}
	if peak > 328 { // -40 dBFS
		t.Errorf("after closing the viewer the monitor still hears sound (peak %d)", peak)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
