package paintview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// swatch is a big tappable colour square with a ring when selected.
type swatch struct {
	widget.BaseWidget
	col      color.RGBA
	rainbow  bool // the custom-colour swatch before a colour is chosen
	selected bool
	onTap    func()
}

func newSwatch(c color.RGBA, onTap func()) *swatch {
	s := &swatch{col: c, onTap: onTap}
	s.ExtendBaseWidget(s)
	return s
}

func (s *swatch) Tapped(*fyne.PointEvent) {
	if s.onTap != nil {
		s.onTap()
	}
}

func (s *swatch) setSelected(on bool) {
	if s.selected != on {
		s.selected = on
		s.Refresh()
	}
}

func (s *swatch) CreateRenderer() fyne.WidgetRenderer {
	ring := canvas.NewRectangle(color.Transparent)
	ring.CornerRadius = 14
	ring.StrokeWidth = 5
	fill := canvas.NewRectangle(s.col)
	fill.CornerRadius = 10
	fill.StrokeWidth = 1
	fill.StrokeColor = color.NRGBA{0, 0, 0, 0x30}
	rainbow := canvas.NewRadialGradient(color.NRGBA{0xff, 0xff, 0xff, 0xff}, color.NRGBA{0xc0, 0x60, 0xe0, 0xff})
	r := &swatchRenderer{s: s, ring: ring, fill: fill, rainbow: rainbow}
	r.Refresh()
	return r
}

type swatchRenderer struct {
	s       *swatch
	ring    *canvas.Rectangle
	fill    *canvas.Rectangle
	rainbow *canvas.RadialGradient
}

func (r *swatchRenderer) Layout(size fyne.Size) {
	r.ring.Resize(size)
	const inset = 8
	r.fill.Move(fyne.NewPos(inset, inset))
	r.fill.Resize(size.SubtractWidthHeight(2*inset, 2*inset))
	r.rainbow.Move(fyne.NewPos(inset+4, inset+4))
	r.rainbow.Resize(size.SubtractWidthHeight(2*inset+8, 2*inset+8))
}

func (r *swatchRenderer) MinSize() fyne.Size {
	return fyne.NewSize(theme.MinTouchTarget, theme.MinTouchTarget)
}

func (r *swatchRenderer) Refresh() {
	r.fill.FillColor = r.s.col
	r.ring.StrokeColor = color.Transparent
	if r.s.selected {
		r.ring.StrokeColor = color.NRGBA{0x2b, 0x2b, 0x33, 0xff}
	}
	if r.s.rainbow {
		r.rainbow.Show()
	} else {
		r.rainbow.Hide()
	}
	r.ring.Refresh()
	r.fill.Refresh()
	r.rainbow.Refresh()
}

func (r *swatchRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.ring, r.fill, r.rainbow}
}

func (r *swatchRenderer) Destroy() {}
