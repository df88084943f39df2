package paintview

import (
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/paint"
)

// fakeClock advances 8 ms per reading: a 120 Hz pointer, the same in every run.
func fakeClock() func() time.Duration {
	var t time.Duration
	return func() time.Duration {
		t += 8 * time.Millisecond
		return t
	}
}

func newTestCanvas(t *testing.T) (*Canvas, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	p := paint.New(paint.Options{Seed: 1})
	p.SetBrush(paint.Brush{Kind: paint.Ink, Color: paint.Palette[16], Size: paint.SizeExtraLarge, Opacity: 1})
	c := NewCanvas(p, fakeClock())
	w := test.NewTempWindow(t, c)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(480, 300)) // letterboxed: 480×270 shown, 15 px above and below
	return c, w
}

func TestCanvasDragGolden(t *testing.T) {
	c, w := newTestCanvas(t)
	changes := 0
	c.OnChange = func() { changes++ }

	// the test driver's drag: one event, then DragEnd
	test.Drag(w.Canvas(), fyne.NewPos(400, 60), 320, 40)

	// a real driver sends many small drags after a mouse press
	c.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(60, 250)}})
	pos := fyne.NewPos(60, 250)
	for i := 0; i < 24; i++ {
		d := fyne.NewDelta(15, -7)
		pos = pos.Add(fyne.NewPos(d.DX, d.DY))
		c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos}, Dragged: d})
	}
	c.DragEnd()
	c.MouseUp(&desktop.MouseEvent{})

	// a tap dabs the brush
	c.p.SetBrush(paint.Brush{Kind: paint.Soft, Color: paint.Palette[7], Size: paint.SizeExtraLarge * 2, Opacity: 1})
	test.TapCanvas(w.Canvas(), fyne.NewPos(240, 150))

	if changes != 3 {
		t.Errorf("OnChange called %d times, want 3 (two strokes and a tap)", changes)
	}
	test.AssertImageMatches(t, "canvas_drag.png", w.Canvas().Capture())

	// the view maps widget positions to canvas pixels: 480 px show 1920,
	// so the tap at 240,150 (15 px letterbox) is canvas 960,540
	pc := c.p.Canvas()
	if got := pc.RGBAAt(960, 540); got == paint.Paper {
		t.Error("no paint under the tap")
	}
	// the drag's end (400,60 in the widget) is canvas 1600,180
	if got := pc.RGBAAt(1600, 180); got != paint.Palette[16] {
		t.Errorf("canvas at the drag's end = %v, want the ink colour", got)
	}
	// the first drag started 320,40 earlier: widget 80,20 → canvas 320,20
	if got := pc.RGBAAt(330, 25); got == paint.Paper {
		t.Error("the test driver's drag did not start where the pointer went down")
	}
	if c.p.Log().Len() != 3 {
		t.Errorf("%d actions logged, want 3", c.p.Log().Len())
	}
}

func TestCanvasRefreshesOnlyDirtyTiles(t *testing.T) {
	c, w := newTestCanvas(t)
	_ = w
	c.FlushDirty()
	c.p.SetBrush(paint.Brush{Kind: paint.Ink, Color: paint.Palette[0], Size: 4, Opacity: 1})
	c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(10, 20)}, Dragged: fyne.NewDelta(4, 0)})
	if n := len(c.dirty); n == 0 || n > 2 {
		t.Errorf("a short stroke in one corner refreshed %d tiles, want 1 or 2", n)
	}
	c.DragEnd()
}

func TestFillToolFillsOnTap(t *testing.T) {
	c, w := newTestCanvas(t)
	c.FillTool = true
	c.p.SetBrush(paint.Brush{Kind: paint.Soft, Color: paint.Palette[10], Opacity: 1})
	test.Drag(w.Canvas(), fyne.NewPos(100, 100), 50, 0) // drags do nothing with the fill tool
	if c.p.Log().Len() != 0 {
		t.Fatal("a drag painted with the fill tool")
	}
	test.TapCanvas(w.Canvas(), fyne.NewPos(100, 100))
	if got := c.p.Canvas().RGBAAt(5, 5); got != (color.RGBA{paint.Palette[10].R, paint.Palette[10].G, paint.Palette[10].B, 255}) {
		t.Errorf("corner after fill = %v", got)
	}
}
