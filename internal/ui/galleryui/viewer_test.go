package galleryui

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// drawingPNG is a 480x320 drawing: a sky, a sea and a lighthouse.
func drawingPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 480, 320))
	for y := range 320 {
		for x := range 480 {
			c := color.RGBA{R: 0x9c, G: 0xc3, B: 0xe0, A: 0xff}
			if y > 200 {
				c = color.RGBA{R: 0x2e, G: 0x5e, B: 0x8c, A: 0xff}
			}
			if x >= 300 && x < 330 && y >= 80 && y <= 200 {
				c = color.RGBA{R: 0xf6, G: 0xf2, B: 0xea, A: 0xff}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestViewer: a card opens the piece in the viewer with its drawing at
// full resolution and what the patient said; arrows go to the next and
// previous piece, + zooms, Esc closes; locking drops the drawing.
func TestViewer(t *testing.T) {
	a := test.NewTempApp(t)
	c := newClinic(t)
	c.at = day // dates on screen
	older := c.saveDrawing("K7Q4M2X", "Sea wall", "Stones, mostly.", drawingPNG(t))
	newer := c.saveDrawing("K7Q4M2X", "Lighthouse", "It felt like coming home.", drawingPNG(t))
	opts := c.sessionOptions(nil)
	u := New(a, Options{}, opts)
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	defer closeUI(u)
	u.inUI(func() {
		test.Type(u.lock.entry, "right")
		test.Tap(u.lock.unlock)
	})
	waitFor(t, u, "the patient's two pieces", true, func() bool {
		return u.browse != nil && len(u.browse.view.byPiece) == 2
	})
	u.inUI(func() { u.browse.openViewer(newer.ID) })
	waitFor(t, u, "the drawing", true, func() bool {
		return u.browse.viewer != nil && u.browse.viewer.pic.pic != nil
	})
	u.inUI(func() {
		if got := u.browse.viewer.pic.pic.Bounds().Dx(); got != 480 {
			t.Errorf("drawing %d pixels wide, want its full 480", got)
		}
		// Above the status line, which says when the last pull was.
		shot := image.NewNRGBA(image.Rect(0, 0, 1366, 690))
		draw.Draw(shot, shot.Rect, u.win.Canvas().Capture(), image.Point{}, draw.Src)
		test.AssertImageMatches(t, "viewer.png", shot)
	})
	all := texts(u)
	for _, want := range []string{"Lighthouse", "It felt like coming home.", "Felt: hopeful (4/5)", "Mood arriving pleasant 3/9, energy 6/9 → leaving pleasant 6/9, energy 4/9"} {
		if !bytes.Contains([]byte(all), []byte(want)) {
			t.Errorf("the viewer lacks %q:\n%s", want, all)
		}
	}

	key := func(k fyne.KeyName) {
		u.inUI(func() { u.win.Canvas().(test.WindowlessCanvas).OnTypedKey()(&fyne.KeyEvent{Name: k}) })
	}
	key(fyne.KeyRight)
	u.inUI(func() {
		if p := u.browse.viewer.pieces[u.browse.viewer.at]; p.ID != older.ID {
			t.Errorf("→ shows %s, want the older piece", p.Title)
		}
	})
	key(fyne.KeyRight) // the last: stays
	key(fyne.KeyLeft)
	u.inUI(func() {
		v := u.browse.viewer
		if p := v.pieces[v.at]; p.ID != newer.ID {
			t.Errorf("← shows %s, want the newer piece", p.Title)
		}
	})
	waitFor(t, u, "the drawing again", true, func() bool { return u.browse.viewer.pic.pic != nil })
	u.inUI(func() {
		z := u.browse.viewer.pic
		fit := z.scale()
		u.win.Canvas().(test.WindowlessCanvas).OnTypedRune()('+')
		if z.scale() <= fit {
			t.Errorf("+ zoomed from %v to %v", fit, z.scale())
		}
	})
	key(fyne.KeyEscape)
	u.inUI(func() {
		if u.browse.viewer != nil {
			t.Error("Esc did not close the viewer")
		}
	})

	u.inUI(func() { u.browse.openViewer(newer.ID) })
	waitFor(t, u, "the drawing", true, func() bool { return u.browse.viewer != nil && u.browse.viewer.pic.pic != nil })
	u.s.Lock()
	waitFor(t, u, "the lock screen", false, func() bool { return u.browse == nil && u.lock != nil })
	u.inUI(func() {
		walk(u.win.Content(), func(o fyne.CanvasObject) {
			if img, ok := o.(*canvas.Image); ok && img.Image != nil && img.Resource == nil {
				t.Errorf("after locking the window still holds a picture: %T", img.Image)
			}
		})
	})
}
