package padview

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/synth"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// gap is the space between pads, in Fyne units.
const gap = 14

// rowColours are the pads' colours, lowest row first: calm, distinct rows.
var rowColours = [synth.Rows]color.NRGBA{
	{R: 0x4f, G: 0x6f, B: 0x63, A: 0xff}, // sage
	{R: 0x5b, G: 0x5f, B: 0x86, A: 0xff}, // dusk
	{R: 0x9a, G: 0x6b, B: 0x4f, A: 0xff}, // clay
}

// Grid is the pads: synth.Rows rows of synth.Cols, the lowest notes at the
// bottom. A press lights a pad and calls OnPress; letting go calls
// OnRelease. With no callbacks it only shows (the gallery's replay).
type Grid struct {
	widget.BaseWidget
	OnPress, OnRelease func(pad int)
	// PadSize is the least size of a pad; zero: large enough for a finger.
	PadSize fyne.Size

	mu   sync.Mutex
	held uint32 // lit pads, bit i = pad i
	down int    // the pad the pointer holds, or -1
}

// NewGrid returns a grid of dark pads.
func NewGrid(onPress, onRelease func(pad int)) *Grid {
	g := &Grid{OnPress: onPress, OnRelease: onRelease, down: -1}
	g.ExtendBaseWidget(g)
	return g
}

// SetHeld lights the pads in mask (bit i = pad i) and darkens the others;
// from any goroutine.
func (g *Grid) SetHeld(mask uint32) {
	g.mu.Lock()
	changed := g.held != mask
	g.held = mask
	g.mu.Unlock()
	if changed {
		fyne.Do(g.Refresh)
	}
}

// Held is the pads lit now.
func (g *Grid) Held() uint32 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.held
}

// PadAt is the pad under p (in the grid's coordinates), or -1 between pads.
func (g *Grid) PadAt(p fyne.Position) int {
	size := g.Size()
	w := (size.Width - gap*(synth.Cols-1)) / synth.Cols
	h := (size.Height - gap*(synth.Rows-1)) / synth.Rows
	col, row := int(p.X/(w+gap)), int(p.Y/(h+gap))
	if col < 0 || col >= synth.Cols || row < 0 || row >= synth.Rows ||
		p.X-float32(col)*(w+gap) > w || p.Y-float32(row)*(h+gap) > h {
		return -1
	}
	return (synth.Rows-1-row)*synth.Cols + col
}

// MouseDown presses the pad under the pointer (a touch arrives as one).
func (g *Grid) MouseDown(e *desktop.MouseEvent) { g.press(g.PadAt(e.Position)) }

// MouseUp lets go of the pad held.
func (g *Grid) MouseUp(*desktop.MouseEvent) { g.release() }

// Dragged moves a held note to the pad under the finger, so a slide across
// the pads plays each one it reaches.
func (g *Grid) Dragged(e *fyne.DragEvent) {
	pad := g.PadAt(e.Position)
	g.mu.Lock()
	same := pad == g.down
	g.mu.Unlock()
	if !same {
		g.release()
		g.press(pad)
	}
}

// DragEnd lets go of the pad held.
func (g *Grid) DragEnd() { g.release() }

func (g *Grid) press(pad int) {
	if pad < 0 || g.OnPress == nil {
		return
	}
	g.mu.Lock()
	if g.down >= 0 {
		g.mu.Unlock()
		return
	}
	g.down = pad
	g.held |= 1 << pad
	g.mu.Unlock()
	g.OnPress(pad)
	g.Refresh()
}

func (g *Grid) release() {
	g.mu.Lock()
	pad := g.down
	g.down = -1
	if pad >= 0 {
		g.held &^= 1 << pad
	}
	g.mu.Unlock()
	if pad >= 0 && g.OnRelease != nil {
		g.OnRelease(pad)
		g.Refresh()
	}
}

// CreateRenderer draws the pads as rounded tiles.
func (g *Grid) CreateRenderer() fyne.WidgetRenderer {
	r := &gridRenderer{g: g}
	for i := range r.pads {
		r.pads[i] = canvas.NewRectangle(color.Transparent)
		r.pads[i].CornerRadius = 18
		r.pads[i].StrokeWidth = 4
		r.objs = append(r.objs, r.pads[i])
	}
	r.Refresh()
	return r
}

type gridRenderer struct {
	g    *Grid
	pads [synth.Pads]*canvas.Rectangle
	objs []fyne.CanvasObject
}

func (r *gridRenderer) Layout(size fyne.Size) {
	w := (size.Width - gap*(synth.Cols-1)) / synth.Cols
	h := (size.Height - gap*(synth.Rows-1)) / synth.Rows
	for pad, rect := range r.pads {
		row := synth.Rows - 1 - pad/synth.Cols
		col := pad % synth.Cols
		rect.Move(fyne.NewPos(float32(col)*(w+gap), float32(row)*(h+gap)))
		rect.Resize(fyne.NewSize(w, h))
	}
}

// MinSize keeps every pad well above the touch minimum, unless the grid
// only shows (PadSize).
func (r *gridRenderer) MinSize() fyne.Size {
	pad := r.g.PadSize
	if pad.IsZero() {
		pad = fyne.NewSize(120, 110)
	}
	return fyne.NewSize(synth.Cols*pad.Width+gap*(synth.Cols-1), synth.Rows*pad.Height+gap*(synth.Rows-1))
}

func (r *gridRenderer) Refresh() {
	held := r.g.Held()
	for pad, rect := range r.pads {
		c := rowColours[pad/synth.Cols]
		if held&(1<<pad) != 0 {
			rect.FillColor = lighten(c, 0.55)
			rect.StrokeColor = theme.Ink
		} else {
			rect.FillColor = c
			rect.StrokeColor = color.Transparent
		}
		rect.Refresh()
	}
}

func (r *gridRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *gridRenderer) Destroy()                     {}

// lighten mixes c towards white by f (0..1).
func lighten(c color.NRGBA, f float64) color.NRGBA {
	mix := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*f) }
	return color.NRGBA{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: c.A}
}
