package paintview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// tile is a square-ish touch button with a large icon (or a dot showing a
// brush size) above a short label, as paint apps show their tools. Its
// minimum size is the touch target (a little wider), whatever its text.
type tile struct {
	widget.BaseWidget
	label    string
	icon     fyne.Resource // nil: draw the dot instead
	dot      float32       // diameter of the size dot, in Fyne units
	selected bool
	disabled bool
	onTap    func()
}

func newTile(label string, icon fyne.Resource, onTap func()) *tile {
	t := &tile{label: label, icon: icon, onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped implements fyne.Tappable.
func (t *tile) Tapped(*fyne.PointEvent) {
	if !t.disabled && t.onTap != nil {
		t.onTap()
	}
}

func (t *tile) setSelected(on bool) {
	if t.selected != on {
		t.selected = on
		t.Refresh()
	}
}

func (t *tile) setDisabled(off bool) {
	if t.disabled != off {
		t.disabled = off
		t.Refresh()
	}
}

// Disabled reports whether taps are ignored.
func (t *tile) Disabled() bool { return t.disabled }

const (
	tileIcon   = 28 // icon edge
	tilePad    = 4
	tileMinW   = 76 // fits "Marker" and "Eraser" at caption size
	tileRadius = 12
)

func (t *tile) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	bg.CornerRadius = tileRadius
	img := canvas.NewImageFromResource(nil)
	img.FillMode = canvas.ImageFillContain
	dot := canvas.NewCircle(color.Transparent)
	text := canvas.NewText(t.label, color.Black)
	text.Alignment = fyne.TextAlignCenter
	text.TextStyle = fyne.TextStyle{Bold: true}
	r := &tileRenderer{t: t, bg: bg, img: img, dot: dot, text: text}
	r.Refresh()
	return r
}

type tileRenderer struct {
	t    *tile
	bg   *canvas.Rectangle
	img  *canvas.Image
	dot  *canvas.Circle
	text *canvas.Text
}

func (r *tileRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	ts := r.fitText(size)
	// icon and label centred together
	top := (size.Height - tileIcon - 2 - ts.Height) / 2
	r.img.Move(fyne.NewPos((size.Width-tileIcon)/2, top))
	r.img.Resize(fyne.NewSquareSize(tileIcon))
	d := min(r.t.dot, tileIcon)
	r.dot.Move(fyne.NewPos((size.Width-d)/2, top+(tileIcon-d)/2))
	r.dot.Resize(fyne.NewSquareSize(d))
	r.text.Move(fyne.NewPos(0, top+tileIcon+2))
	r.text.Resize(fyne.NewSize(size.Width, ts.Height))
}

// fitText sets the label's size: the theme's caption size, made smaller
// where a long word (a translation, a large text scale) would not fit the
// tile, so that the tile never grows with its text.
func (r *tileRenderer) fitText(size fyne.Size) fyne.Size {
	r.text.TextSize = r.t.Theme().Size(fynetheme.SizeNameCaptionText)
	ts := r.text.MinSize()
	room := fyne.NewSize(size.Width-2*tilePad, size.Height-2*tilePad-tileIcon-2)
	if f := min(room.Width/ts.Width, room.Height/ts.Height); f < 1 && f > 0 {
		r.text.TextSize *= f
		ts = r.text.MinSize()
	}
	return ts
}

// MinSize is fixed: see fitText.
func (r *tileRenderer) MinSize() fyne.Size {
	return fyne.NewSize(tileMinW, theme.MinTouchTarget)
}

func (r *tileRenderer) Refresh() {
	t := r.t
	th := t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	bg, fg := fynetheme.ColorNameButton, fynetheme.ColorNameForeground
	if t.selected {
		bg, fg = fynetheme.ColorNamePrimary, fynetheme.ColorNameForegroundOnPrimary
	}
	if t.disabled {
		bg, fg = fynetheme.ColorNameDisabledButton, fynetheme.ColorNameDisabled
	}
	r.bg.FillColor = th.Color(bg, v)
	r.text.Color = th.Color(fg, v)
	r.text.Text = t.label
	r.fitText(t.Size())
	if t.icon != nil {
		r.img.Resource = fynetheme.NewColoredResource(t.icon, fg)
		r.img.Show()
		r.dot.Hide()
	} else {
		r.img.Hide()
		r.dot.FillColor = r.text.Color
		r.dot.Show()
	}
	r.bg.Refresh()
	r.img.Refresh()
	r.dot.Refresh()
	r.text.Refresh()
}

func (r *tileRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.img, r.dot, r.text}
}

func (r *tileRenderer) Destroy() {}
