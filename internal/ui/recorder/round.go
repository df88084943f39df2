package recorder

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// glyph is what a round button shows, and so what tapping it does.
type glyph int

const (
	glyphRecord glyph = iota // a red disc: start (or carry on) recording
	glyphStop                // a red square: stop
	glyphPause               // two bars: pause
)

// roundButton is a large round control with its glyph drawn to scale, so
// "tap the red circle" is literally true. The whole square around the
// circle takes the tap; it is never smaller than its diameter.
type roundButton struct {
	widget.BaseWidget
	diameter float32
	glyph    glyph
	accent   bool // the ring in the theme's primary colour (the main control)
	onTapped func()
}

func newRoundButton(diameter float32, g glyph, accent bool, tapped func()) *roundButton {
	b := &roundButton{diameter: diameter, glyph: g, accent: accent, onTapped: tapped}
	b.ExtendBaseWidget(b)
	return b
}

// Tapped implements fyne.Tappable.
func (b *roundButton) Tapped(*fyne.PointEvent) {
	if b.onTapped != nil && !b.Hidden {
		b.onTapped()
	}
}

// SetGlyph changes what the button shows.
func (b *roundButton) SetGlyph(g glyph) {
	if b.glyph == g {
		return
	}
	b.glyph = g
	b.Refresh()
}

// MinSize implements fyne.Widget.
func (b *roundButton) MinSize() fyne.Size { return fyne.NewSquareSize(b.diameter) }

// CreateRenderer implements fyne.Widget.
func (b *roundButton) CreateRenderer() fyne.WidgetRenderer {
	r := &roundRenderer{
		b:    b,
		face: canvas.NewCircle(color.Transparent),
		dot:  canvas.NewCircle(color.Transparent),
		sq:   canvas.NewRectangle(color.Transparent),
		barL: canvas.NewRectangle(color.Transparent),
		barR: canvas.NewRectangle(color.Transparent),
	}
	r.Refresh()
	return r
}

type roundRenderer struct {
	b              *roundButton
	face, dot      *canvas.Circle
	sq, barL, barR *canvas.Rectangle
}

// colours are the theme's: the red for record and stop, the primary
// (sage) for the ring, the button face behind.
func (r *roundRenderer) colours() (face, ring, red, bar color.Color) {
	s := fyne.CurrentApp().Settings()
	th, v := s.Theme(), s.ThemeVariant()
	red = th.Color(theme.ColorNameRecord, v)
	if _, _, _, a := red.RGBA(); a == 0 { // a theme that does not know it
		red = theme.Record
	}
	face = th.Color(fynetheme.ColorNameButton, v)
	ring = th.Color(fynetheme.ColorNamePrimary, v)
	if !r.b.accent {
		ring = th.Color(fynetheme.ColorNameForeground, v)
	}
	bar = th.Color(fynetheme.ColorNamePrimary, v)
	return face, ring, red, bar
}

func (r *roundRenderer) Layout(size fyne.Size) {
	d := min(size.Width, size.Height)
	at := fyne.NewPos((size.Width-d)/2, (size.Height-d)/2)
	stroke := max(d/24, 3)
	r.face.StrokeWidth = stroke
	r.face.Resize(fyne.NewSquareSize(d - stroke))
	r.face.Move(at.AddXY(stroke/2, stroke/2))
	centre := at.AddXY(d/2, d/2)
	// The record glyph fills most of the face: a big red disc.
	dd := d * 0.62
	r.dot.Resize(fyne.NewSquareSize(dd))
	r.dot.Move(centre.SubtractXY(dd/2, dd/2))
	sq := d * 0.36
	r.sq.Resize(fyne.NewSquareSize(sq))
	r.sq.Move(centre.SubtractXY(sq/2, sq/2))
	r.sq.CornerRadius = sq / 8
	bw, bh := d*0.12, d*0.4
	r.barL.Resize(fyne.NewSize(bw, bh))
	r.barL.Move(centre.SubtractXY(bw*1.6, bh/2))
	r.barR.Resize(fyne.NewSize(bw, bh))
	r.barR.Move(centre.AddXY(bw*0.6, -bh/2))
	r.barL.CornerRadius, r.barR.CornerRadius = bw/4, bw/4
}

func (r *roundRenderer) MinSize() fyne.Size { return r.b.MinSize() }

func (r *roundRenderer) Refresh() {
	face, ring, red, bar := r.colours()
	r.face.FillColor, r.face.StrokeColor = face, ring
	r.dot.FillColor, r.sq.FillColor = red, red
	r.barL.FillColor, r.barR.FillColor = bar, bar
	vis := func(o fyne.CanvasObject, on bool) {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	vis(r.dot, r.b.glyph == glyphRecord)
	vis(r.sq, r.b.glyph == glyphStop)
	vis(r.barL, r.b.glyph == glyphPause)
	vis(r.barR, r.b.glyph == glyphPause)
	r.Layout(r.b.Size())
	for _, o := range r.Objects() {
		canvas.Refresh(o)
	}
}

func (r *roundRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.face, r.dot, r.sq, r.barL, r.barR}
}

func (r *roundRenderer) Destroy() {}
