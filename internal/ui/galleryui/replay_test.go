package galleryui

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/paint"
)

// paintCrossing paints two strokes and a fill as the kiosk would.
func paintCrossing(t *testing.T) *drawing.Encoded {
	t.Helper()
	p := paint.New(paint.Options{Width: 640, Height: 400, Seed: 7})
	at := time.Duration(0)
	stroke := func(x0, y0, x1, y1 float64) {
		p.BeginStroke(x0, y0, at)
		for i := 1; i <= 40; i++ {
			at += 25 * time.Millisecond
			f := float64(i) / 40
			p.StrokeTo(x0+(x1-x0)*f, y0+(y1-y0)*f, at)
		}
		p.EndStroke()
		at += 500 * time.Millisecond
	}
	b := p.Brush()
	b.Size = 24
	p.SetBrush(b)
	stroke(40, 40, 600, 360)
	b.Color = color.RGBA{R: 0x4f, G: 0x6f, B: 0x63, A: 0xff}
	p.SetBrush(b)
	stroke(600, 40, 40, 360)
	enc, err := drawing.Capture(p, "", time.Now()).Encode()
	if err != nil {
		t.Fatal(err)
	}
	return enc
}

// TestViewerReplay: Replay plays the drawing's stroke log; mid-replay the
// picture is part-drawn (golden image); the scrubber at its end shows the
// stored drawing pixel for pixel.
func TestViewerReplay(t *testing.T) {
	a := test.NewTempApp(t)
	c := newClinic(t)
	c.at = day
	m := c.saveEncoded("K7Q4M2X", "Crossing", paintCrossing(t))
	u := New(a, Options{}, c.sessionOptions(nil))
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	defer closeUI(u)
	u.inUI(func() {
		test.Type(u.lock.entry, "right")
		test.Tap(u.lock.unlock)
	})
	waitFor(t, u, "the piece", true, func() bool { return u.browse != nil && len(u.browse.view.byPiece) == 1 })
	u.inUI(func() { u.browse.openViewer(m.ID) })
	var stored *image.RGBA
	waitFor(t, u, "the drawing", true, func() bool {
		v := u.browse.viewer
		if v.pic.pic == nil {
			return false
		}
		stored, _ = v.pic.pic.(*image.RGBA)
		return true
	})
	var v *viewer
	u.inUI(func() {
		v = u.browse.viewer
		v.togglePlay()
	})
	waitFor(t, u, "the replay", true, func() bool { return v.rep != nil })
	u.inUI(func() {
		v.stopReplay()
		v.scrub.SetValue(v.rep.Duration().Seconds() * 0.75) // by hand: mid second stroke
		// Above the status line, which says when the last pull was.
		shot := image.NewNRGBA(image.Rect(0, 0, 1366, 708))
		draw.Draw(shot, shot.Rect, u.win.Canvas().Capture(), image.Point{}, draw.Src)
		test.AssertImageMatches(t, "viewer-replay.png", shot)
		if bytes.Equal(v.frame.Pix, stored.Pix) {
			t.Error("mid-replay the viewer shows the finished drawing")
		}
		v.scrub.SetValue(v.scrub.Max)
		if !v.rep.Done() || !bytes.Equal(v.frame.Pix, stored.Pix) {
			t.Error("the replay's last frame is not the stored drawing")
		}
		if v.pic.pic != image.Image(v.frame) {
			t.Error("the viewer does not show the replay's frame")
		}
	})
	// Playing runs to the end by itself and stops.
	u.inUI(func() { v.togglePlay() })
	waitFor(t, u, "the replay to end", true, func() bool { return v.playing == nil && v.rep.Done() })
}
