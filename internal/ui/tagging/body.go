package tagging

import (
	"image"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/bodymap"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// StepBody is "Where do you feel it?", offered on the words step. It is
// numbered after StepDone so the other steps keep their values.
const StepBody = StepDone + 1

// BodyView is one side of the body outline on the body step: a tap marks
// or clears the region under the finger, a finger drawn over the body
// paints the cells it crosses. It is drawn with vectors into a raster at
// the screen's own pixel size, so it is crisp at any scale.
type BodyView struct {
	widget.BaseWidget
	o      *bodymap.Outline
	side   string
	body   *bodyStep
	raster *canvas.Raster
}

func newBodyView(o *bodymap.Outline, side string, b *bodyStep) *BodyView {
	v := &BodyView{o: o, side: side, body: b}
	v.raster = canvas.NewRaster(func(w, h int) image.Image {
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		o.Draw(dst, dst.Bounds(), side, b.m.Heat(side), bodymap.DefaultStyle)
		return dst
	})
	v.ExtendBaseWidget(v)
	return v
}

// MinSize keeps the figure large enough to tap a hand.
func (v *BodyView) MinSize() fyne.Size { return fyne.NewSize(150, 300) }

// CreateRenderer implements fyne.Widget.
func (v *BodyView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.raster) }

// Point converts a position on the view to the outline's space.
func (v *BodyView) Point(pos fyne.Position) bodymap.Point {
	s := v.Size()
	x, y, w, h := v.o.Fit(float64(s.Width), float64(s.Height))
	return bodymap.Point{X: (float64(pos.X) - x) / w, Y: (float64(pos.Y) - y) / h}
}

// PosOf converts a point of the outline's space to a position on the
// view (tests).
func (v *BodyView) PosOf(p bodymap.Point) fyne.Position {
	s := v.Size()
	x, y, w, h := v.o.Fit(float64(s.Width), float64(s.Height))
	return fyne.NewPos(float32(x+p.X*w), float32(y+p.Y*h))
}

// Tapped marks or clears the region under the finger.
func (v *BodyView) Tapped(e *fyne.PointEvent) { v.body.tap(v.side, v.Point(e.Position)) }

// Dragged paints where the finger goes.
func (v *BodyView) Dragged(e *fyne.DragEvent) { v.body.paint(v.side, v.Point(e.Position)) }

// DragEnd ends a stroke.
func (v *BodyView) DragEnd() { v.body.painting = false }

// bodyStep holds what the patient marked on the body step.
type bodyStep struct {
	f        *Flow
	o        *bodymap.Outline
	m        *bodymap.Map
	undo     []*bodymap.Map
	feel     bodymap.Feel
	painting bool
	views    []*BodyView
	marked   *widget.Label
	warm     *widget.Button
	cool     *widget.Button
	undoB    *widget.Button
	clear    *widget.Button
}

func (b *bodyStep) remember() {
	b.undo = append(b.undo, b.m.Clone())
	if len(b.undo) > 100 {
		b.undo = b.undo[1:]
	}
}

func (b *bodyStep) tap(side string, p bodymap.Point) {
	b.f.touch()
	before := b.m.Clone()
	if b.m.TapRegion(side, p, b.feel) == "" {
		return
	}
	b.undo = append(b.undo, before)
	b.changed()
}

func (b *bodyStep) paint(side string, p bodymap.Point) {
	b.f.touch()
	if !b.painting {
		b.painting = true
		b.remember()
	}
	if b.m.Paint(side, p, b.feel) {
		b.changed()
	}
}

func (b *bodyStep) changed() {
	for _, v := range b.views {
		v.raster.Refresh()
	}
	var names []string
	for _, r := range b.m.Regions() {
		_, id, _ := strings.Cut(r.ID, ".")
		side, _, _ := strings.Cut(r.ID, ".")
		name := regionText(id, b.o.Side(side).Region(id).Name)
		if !containsString(names, name) {
			names = append(names, name)
		}
	}
	b.marked.SetText(strings.Join(names, " · "))
	b.undoB.Disable()
	b.clear.Disable()
	if len(b.undo) > 0 {
		b.undoB.Enable()
	}
	if !b.m.Empty() {
		b.clear.Enable()
	}
}

func (b *bodyStep) setFeel(f bodymap.Feel) {
	b.f.touch()
	b.feel = f
	b.warm.Importance, b.cool.Importance = widget.MediumImportance, widget.MediumImportance
	if f == bodymap.Warm {
		b.warm.Importance = widget.HighImportance
	} else {
		b.cool.Importance = widget.HighImportance
	}
	b.warm.Refresh()
	b.cool.Refresh()
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// regionText is a region's name in the current language.
func regionText(id, english string) string { return lang.X("body.region."+id, english) }

// bodyStepContent builds the body step: the front and the back side by
// side, warm or cool, undo and clear beside them; Skip and Next below.
// Nothing on it is needed to go on.
func (f *Flow) bodyStepContent() fyne.CanvasObject {
	o, err := bodymap.Load()
	if err != nil {
		// The outline ships with the kiosk; without it the step is skipped.
		f.bodyMap = nil
		f.show(StepStory)
		return f.stack.Objects[0]
	}
	if f.body == nil || f.body.o != o {
		f.body = &bodyStep{f: f, o: o, m: o.NewMap(), feel: bodymap.Warm}
		if f.bodyMap != nil {
			if m, err := o.FromPiece(f.bodyMap); err == nil {
				f.body.m = m
			}
		}
	}
	b := f.body
	b.views = nil
	b.marked = hint("")
	b.warm = widget.NewButton(lang.L(keyBodyWarm), func() { b.setFeel(bodymap.Warm) })
	b.cool = widget.NewButton(lang.L(keyBodyCool), func() { b.setFeel(bodymap.Cool) })
	b.undoB = widget.NewButton(lang.L(keyBodyUndo), func() {
		f.touch()
		if n := len(b.undo); n > 0 {
			b.m, b.undo = b.undo[n-1], b.undo[:n-1]
			b.changed()
		}
	})
	b.clear = widget.NewButton(lang.L(keyBodyClear), func() {
		f.touch()
		if !b.m.Empty() {
			b.remember()
			b.m = o.NewMap()
			b.changed()
		}
	})
	side := func(id string) fyne.CanvasObject {
		v := newBodyView(o, id, b)
		b.views = append(b.views, v)
		label := widget.NewLabel(lang.X("body.side."+id, o.Side(id).Name))
		label.Alignment = fyne.TextAlignCenter
		return container.NewBorder(nil, label, nil, nil, v)
	}
	swatch := func(btn *widget.Button, c fyne.CanvasObject) fyne.CanvasObject {
		return atLeast(container.NewBorder(nil, nil, container.NewCenter(c), nil, btn), fyne.NewSize(230, theme.MinTouchTarget+8))
	}
	warmDot := canvas.NewCircle(bodymap.DefaultStyle.Warm)
	coolDot := canvas.NewCircle(bodymap.DefaultStyle.Cool)
	controls := container.NewGridWithColumns(2,
		swatch(b.warm, sized(warmDot, 28)),
		swatch(b.cool, sized(coolDot, 28)),
		atLeast(b.undoB, fyne.NewSize(230, theme.MinTouchTarget+8)),
		atLeast(b.clear, fyne.NewSize(230, theme.MinTouchTarget+8)),
	)
	figures := container.NewGridWithColumns(2, side("front"), side("back"))
	right := container.NewBorder(nil, nil, nil, nil, container.NewCenter(container.NewVBox(controls, b.marked)))
	body := container.NewBorder(nil, nil, nil, right, figures)
	b.setFeel(b.feel)
	b.changed()
	f.skip = widget.NewButton(lang.L(keySkip), func() {
		f.bodyMap, f.body = nil, nil
		f.show(StepStory)
	})
	f.next = widget.NewButton(lang.L(keyBodyNext), func() {
		f.bodyMap = b.m.Piece()
		f.show(StepStory)
	})
	f.next.Importance = widget.HighImportance
	return screen(lang.L(keyBodyTitle), lang.L(keyBodyHint), body, actions(f.skip, f.next))
}

// sized is a shape of a fixed size, centred.
func sized(obj fyne.CanvasObject, side float32) fyne.CanvasObject {
	obj.Resize(fyne.NewSquareSize(side))
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(fyne.NewSquareSize(side))
	return container.NewStack(spacer, obj)
}

// BodyViews are the body step's front and back (tests), or nil.
func (f *Flow) BodyViews() []*BodyView {
	if f.body == nil {
		return nil
	}
	return f.body.views
}
