package tagging

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Grid is the large pleasantness × energy picture: four coloured regions,
// pleasant on the right and more energy at the top. One tap picks a place.
type Grid struct {
	widget.BaseWidget

	vocab *emotion.Vocabulary
	// OnPicked is called with the region and the position tapped, x being
	// pleasantness and y energy, both 0..1.
	OnPicked func(q emotion.Quadrant, x, y float64)

	picked   bool
	px, py   float64
	renderer *gridRenderer
}

// NewGrid returns a grid drawn in the vocabulary's region colours.
func NewGrid(v *emotion.Vocabulary, onPicked func(q emotion.Quadrant, x, y float64)) *Grid {
	g := &Grid{vocab: v, OnPicked: onPicked}
	g.ExtendBaseWidget(g)
	return g
}

// Tapped records the position and calls OnPicked.
func (g *Grid) Tapped(ev *fyne.PointEvent) {
	size := g.Size()
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	x := clamp01(float64(ev.Position.X / size.Width))
	y := clamp01(1 - float64(ev.Position.Y/size.Height))
	g.picked, g.px, g.py = true, x, y
	g.Refresh()
	if g.OnPicked != nil {
		g.OnPicked(emotion.QuadrantAt(x, y), x, y)
	}
}

func clamp01(v float64) float64 {
	switch {
	case v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}

// CreateRenderer implements fyne.Widget.
func (g *Grid) CreateRenderer() fyne.WidgetRenderer {
	r := &gridRenderer{g: g}
	for i, q := range emotion.Quadrants {
		reg, _ := g.vocab.Region(q)
		r.cells[i] = canvas.NewRectangle(reg.Colour)
		r.names[i] = canvas.NewText(lang.L(emotion.QuadrantKey(q)), reg.Text)
		r.names[i].TextSize = 26
		r.names[i].Alignment = fyne.TextAlignCenter
	}
	r.marker = canvas.NewCircle(color.Transparent)
	r.marker.StrokeColor = theme.Ink
	r.marker.StrokeWidth = 6
	r.marker.FillColor = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x99}
	g.renderer = r
	return r
}

type gridRenderer struct {
	g      *Grid
	cells  [4]*canvas.Rectangle
	names  [4]*canvas.Text
	marker *canvas.Circle
}

// cellPos gives each quadrant's place in a 2×2 layout, index as in
// emotion.Quadrants: pleasant on the right, high energy on top.
func cellPos(q emotion.Quadrant) (col, row float32) {
	if q.Pleasant() {
		col = 1
	}
	if !q.HighEnergy() {
		row = 1
	}
	return col, row
}

func (r *gridRenderer) Layout(size fyne.Size) {
	half := fyne.NewSize(size.Width/2, size.Height/2)
	for i, q := range emotion.Quadrants {
		col, row := cellPos(q)
		pos := fyne.NewPos(col*half.Width, row*half.Height)
		r.cells[i].Move(pos)
		r.cells[i].Resize(half)
		ts := r.names[i].MinSize()
		r.names[i].Move(pos.Add(fyne.NewPos(0, (half.Height-ts.Height)/2)))
		r.names[i].Resize(fyne.NewSize(half.Width, ts.Height))
	}
	const d = 56
	r.marker.Resize(fyne.NewSquareSize(d))
	r.marker.Move(fyne.NewPos(float32(r.g.px)*size.Width-d/2, float32(1-r.g.py)*size.Height-d/2))
	r.marker.Hidden = !r.g.picked
}

func (r *gridRenderer) MinSize() fyne.Size { return fyne.NewSize(480, 280) }

func (r *gridRenderer) Refresh() {
	r.Layout(r.g.Size())
	canvas.Refresh(r.g)
}

func (r *gridRenderer) Objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, 9)
	for _, c := range r.cells {
		objs = append(objs, c)
	}
	for _, n := range r.names {
		objs = append(objs, n)
	}
	return append(objs, r.marker)
}

func (r *gridRenderer) Destroy() {}
