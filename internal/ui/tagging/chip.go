package tagging

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Chip is one word on its own colour; tapping toggles it. A chosen chip has
// a thick dark outline.
type Chip struct {
	widget.BaseWidget

	Word     emotion.Word
	Selected bool
	OnTapped func(c *Chip)
}

// NewChip returns a chip for w.
func NewChip(w emotion.Word, onTapped func(c *Chip)) *Chip {
	c := &Chip{Word: w, OnTapped: onTapped}
	c.ExtendBaseWidget(c)
	return c
}

// Tapped implements fyne.Tappable.
func (c *Chip) Tapped(*fyne.PointEvent) {
	if c.OnTapped != nil {
		c.OnTapped(c)
	}
}

// CreateRenderer implements fyne.Widget.
func (c *Chip) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(c.Word.Colour)
	bg.CornerRadius = 18
	txt := canvas.NewText(wordText(c.Word.Word), c.Word.Text)
	txt.TextSize = 24
	txt.Alignment = fyne.TextAlignCenter
	r := &chipRenderer{c: c, bg: bg, txt: txt}
	r.Refresh()
	return r
}

type chipRenderer struct {
	c   *Chip
	bg  *canvas.Rectangle
	txt *canvas.Text
}

func (r *chipRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	ts := r.txt.MinSize()
	r.txt.Move(fyne.NewPos(0, (size.Height-ts.Height)/2))
	r.txt.Resize(fyne.NewSize(size.Width, ts.Height))
}

func (r *chipRenderer) MinSize() fyne.Size {
	ts := r.txt.MinSize()
	return fyne.NewSize(ts.Width+40, theme.MinTouchTarget+8).Max(fyne.NewSquareSize(theme.MinTouchTarget))
}

func (r *chipRenderer) Refresh() {
	r.bg.StrokeColor = theme.Ink
	r.bg.StrokeWidth = 0
	if r.c.Selected {
		r.bg.StrokeWidth = 5
	}
	r.txt.TextStyle.Bold = r.c.Selected
	r.bg.Refresh()
	r.txt.Refresh()
}

func (r *chipRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.txt} }
func (r *chipRenderer) Destroy()                     {}

// Dots shows an intensity from 1 to MaxIntensity as a row of large dots;
// tapping a dot sets the intensity to it.
type Dots struct {
	widget.BaseWidget

	Value    int
	OnChange func(v int)
}

// MaxIntensity is the strongest intensity a word can have.
const MaxIntensity = 5

// dotCell is the edge of one dot's touch area.
const dotCell = theme.MinTouchTarget

// NewDots returns dots showing value.
func NewDots(value int, onChange func(v int)) *Dots {
	d := &Dots{Value: value, OnChange: onChange}
	d.ExtendBaseWidget(d)
	return d
}

// Tapped sets the value from the dot under the finger.
func (d *Dots) Tapped(ev *fyne.PointEvent) {
	v := int(ev.Position.X/dotCell) + 1
	if v < 1 || v > MaxIntensity {
		return
	}
	d.Value = v
	d.Refresh()
	if d.OnChange != nil {
		d.OnChange(v)
	}
}

// CreateRenderer implements fyne.Widget.
func (d *Dots) CreateRenderer() fyne.WidgetRenderer {
	r := &dotsRenderer{d: d}
	for i := range r.dots {
		r.dots[i] = canvas.NewCircle(theme.Mist)
		r.dots[i].StrokeColor = theme.Sage
		r.dots[i].StrokeWidth = 3
	}
	r.Refresh()
	return r
}

type dotsRenderer struct {
	d    *Dots
	dots [MaxIntensity]*canvas.Circle
}

// dotSize is a dot's drawn diameter: nearly its whole touch cell, so the
// finger aims at what it can hit.
const dotSize = dotCell - 8

func (r *dotsRenderer) Layout(size fyne.Size) {
	const dia = dotSize
	y := (size.Height - dia) / 2
	for i, c := range r.dots {
		c.Resize(fyne.NewSquareSize(dia))
		c.Move(fyne.NewPos(float32(i)*dotCell+(dotCell-dia)/2, y))
	}
}

func (r *dotsRenderer) MinSize() fyne.Size {
	return fyne.NewSize(dotCell*MaxIntensity, dotCell)
}

func (r *dotsRenderer) Refresh() {
	for i, c := range r.dots {
		c.FillColor = theme.Mist
		if i < r.d.Value {
			c.FillColor = theme.Sage
		}
		c.Refresh()
	}
}

func (r *dotsRenderer) Objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(r.dots))
	for i, c := range r.dots {
		objs[i] = c
	}
	return objs
}

func (r *dotsRenderer) Destroy() {}
