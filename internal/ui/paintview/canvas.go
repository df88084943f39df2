package paintview

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/paint"
)

// Canvas is the touch canvas widget: it shows a painter's canvas scaled to
// fit (letterboxed) and turns drags, taps and mouse presses into strokes
// or fills. All its methods run on the Fyne UI goroutine.
type Canvas struct {
	widget.BaseWidget

	p     *paint.Painter
	clock func() time.Duration

	// FillTool makes taps flood-fill instead of dabbing the brush; drags
	// do nothing while it is set.
	FillTool bool
	// OnChange is called after every finished action (stroke, fill, undo,
	// redo, clear), e.g. to update undo buttons or an idle timer.
	OnChange func()

	imgs     []*canvas.Image
	dirty    []int
	scale    float32
	off      fyne.Position
	press    fyne.Position
	pressed  bool
	dragging bool
}

var (
	_ fyne.Draggable    = (*Canvas)(nil)
	_ fyne.Tappable     = (*Canvas)(nil)
	_ desktop.Mouseable = (*Canvas)(nil)
)

// NewCanvas returns a widget showing p. clock gives the time since the
// painter's log started (nil: the wall clock from now); tests pass a fake.
func NewCanvas(p *paint.Painter, clock func() time.Duration) *Canvas {
	if clock == nil {
		start := time.Now()
		clock = func() time.Duration { return time.Since(start) }
	}
	c := &Canvas{p: p, clock: clock, scale: 1}
	pc := p.Canvas()
	c.imgs = make([]*canvas.Image, pc.NumTiles())
	for i := range c.imgs {
		img := canvas.NewImageFromImage(pc.Tile(i))
		// pixel-exact tiles: no CPU rescale on refresh (see BENCH-RECIPES)
		img.ScaleMode = canvas.ImageScaleFastest
		img.FillMode = canvas.ImageFillStretch
		c.imgs[i] = img
	}
	c.ExtendBaseWidget(c)
	return c
}

// Painter is the painter the widget shows.
func (c *Canvas) Painter() *paint.Painter { return c.p }

// Now is the painter-log time the widget stamps events with.
func (c *Canvas) Now() time.Duration { return c.clock() }

// CreateRenderer implements fyne.Widget.
func (c *Canvas) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.NRGBA{0xe4, 0xe0, 0xd8, 0xff})
	objs := make([]fyne.CanvasObject, 0, len(c.imgs)+1)
	objs = append(objs, bg)
	for _, img := range c.imgs {
		objs = append(objs, img)
	}
	return &canvasRenderer{c: c, bg: bg, objs: objs}
}

// toCanvas maps a position in the widget to canvas pixels.
func (c *Canvas) toCanvas(pos fyne.Position) (x, y float64) {
	return float64((pos.X - c.off.X) / c.scale), float64((pos.Y - c.off.Y) / c.scale)
}

// FlushDirty refreshes the tiles the painter changed since the last call:
// only those textures are uploaded again.
func (c *Canvas) FlushDirty() {
	c.dirty = c.p.Canvas().TakeDirty(c.dirty[:0])
	for _, i := range c.dirty {
		c.imgs[i].Refresh()
	}
}

func (c *Canvas) changed() {
	c.FlushDirty()
	if c.OnChange != nil {
		c.OnChange()
	}
}

// MouseDown records where a press started, so that a stroke begins
// exactly there rather than where the drag was first recognised.
func (c *Canvas) MouseDown(ev *desktop.MouseEvent) {
	c.press, c.pressed = ev.Position, true
}

// MouseUp implements desktop.Mouseable.
func (c *Canvas) MouseUp(*desktop.MouseEvent) { c.pressed = false }

// Dragged extends the stroke (starting it on the first event).
func (c *Canvas) Dragged(ev *fyne.DragEvent) {
	if c.FillTool {
		return
	}
	t := c.clock()
	if !c.dragging {
		start := ev.Position.Subtract(fyne.NewPos(ev.Dragged.DX, ev.Dragged.DY))
		if c.pressed {
			start = c.press
		}
		x, y := c.toCanvas(start)
		c.p.BeginStroke(x, y, t)
		c.dragging = true
	}
	x, y := c.toCanvas(ev.Position)
	c.p.StrokeTo(x, y, t)
	c.FlushDirty()
}

// DragEnd finishes the stroke.
func (c *Canvas) DragEnd() {
	c.pressed = false
	if !c.dragging {
		return
	}
	c.dragging = false
	c.p.EndStroke()
	c.changed()
}

// Tapped dabs the brush once, or fills with the fill tool.
func (c *Canvas) Tapped(ev *fyne.PointEvent) {
	c.pressed = false
	x, y := c.toCanvas(ev.Position)
	t := c.clock()
	if c.FillTool {
		c.p.Fill(int(x), int(y), t)
	} else {
		c.p.BeginStroke(x, y, t)
		c.p.EndStroke()
	}
	c.changed()
}

// Undo, Redo and Clear act on the painter and refresh the view.
func (c *Canvas) Undo() {
	if c.p.Undo(c.clock()) {
		c.changed()
	}
}

// Redo puts back the last undone step.
func (c *Canvas) Redo() {
	if c.p.Redo(c.clock()) {
		c.changed()
	}
}

// Clear paints the whole canvas with paper (undoable).
func (c *Canvas) Clear() {
	c.p.Clear(c.clock())
	c.changed()
}

type canvasRenderer struct {
	c    *Canvas
	bg   *canvas.Rectangle
	objs []fyne.CanvasObject
}

func (r *canvasRenderer) Layout(size fyne.Size) {
	c := r.c
	r.bg.Resize(size)
	b := c.p.Canvas().Bounds()
	w, h := float32(b.Dx()), float32(b.Dy())
	c.scale = min(size.Width/w, size.Height/h)
	if c.scale <= 0 {
		c.scale = 1
	}
	c.off = fyne.NewPos((size.Width-w*c.scale)/2, (size.Height-h*c.scale)/2)
	pc := c.p.Canvas()
	for i, img := range c.imgs {
		tr := pc.TileRect(i)
		img.Move(fyne.NewPos(c.off.X+float32(tr.Min.X)*c.scale, c.off.Y+float32(tr.Min.Y)*c.scale))
		img.Resize(fyne.NewSize(float32(tr.Dx())*c.scale, float32(tr.Dy())*c.scale))
	}
}

func (r *canvasRenderer) MinSize() fyne.Size { return fyne.NewSize(160, 90) }

func (r *canvasRenderer) Refresh() {
	r.bg.Refresh()
	for _, img := range r.c.imgs {
		img.Refresh()
	}
}

func (r *canvasRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *canvasRenderer) Destroy() {}
