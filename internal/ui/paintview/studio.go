package paintview

import (
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Options configure a studio. Only OnDone is needed.
type Options struct {
	// Painter to paint with; nil means a new 1920×1080 painter on paper.
	Painter *paint.Painter
	// Prompt, if set, is shown on a card above the canvas.
	Prompt *Prompt
	// Clock gives the time since the painter's log started; nil: wall clock.
	Clock func() time.Duration
	// OnDone receives the drawing when the patient taps "I'm finished".
	// It runs on the UI goroutine: encode and save in a goroutine
	// (drawing.Result.Encode, then spool.Save).
	OnDone func(drawing.Result)
	// OnChange is called after every action (for an idle timer).
	OnChange func()
}

// Tool is what a tap or drag on the canvas does: a brush kind, or Fill.
type Tool uint8

// FillTool is the flood-fill tool; other tools are brush kinds.
const FillTool Tool = 0xff

// Studio is the whole drawing screen: tools on the left, colours on the
// right, actions and sizes on top, the canvas in the middle.
type Studio struct {
	widget.BaseWidget

	opts    Options
	canvas  *Canvas
	started time.Time
	content fyne.CanvasObject

	tool      Tool
	toolBtns  map[Tool]*widget.Button
	sizeBtns  map[float64]*widget.Button
	swatches  []*swatch
	custom    *swatch
	sizeSlide *widget.Slider
	opacity   *widget.Slider
	undoBtn   *widget.Button
	redoBtn   *widget.Button
	clearBtn  *widget.Button
	doneBtn   *widget.Button
	prompt    fyne.CanvasObject
}

// NewStudio builds a studio.
func NewStudio(o Options) *Studio {
	p := o.Painter
	if p == nil {
		p = paint.New(paint.Options{})
	}
	s := &Studio{opts: o, started: time.Now(), toolBtns: map[Tool]*widget.Button{}, sizeBtns: map[float64]*widget.Button{}}
	s.canvas = NewCanvas(p, o.Clock)
	s.canvas.OnChange = func() {
		s.updateActions()
		if s.opts.OnChange != nil {
			s.opts.OnChange()
		}
	}
	s.content = s.build()
	s.tool = Tool(p.Brush().Kind)
	s.updateTools()
	s.updateActions()
	s.ExtendBaseWidget(s)
	return s
}

// Canvas is the studio's canvas widget.
func (s *Studio) Canvas() *Canvas { return s.canvas }

// Painter is the studio's painter.
func (s *Studio) Painter() *paint.Painter { return s.canvas.p }

// Log is the stroke log, for a drawing.Autosaver.
func (s *Studio) Log() *paint.Log { return s.canvas.p.Log() }

// Result captures the drawing as it stands (e.g. at an idle timeout). Call
// it on the UI goroutine; encode the result elsewhere.
func (s *Studio) Result() drawing.Result {
	id := ""
	if s.opts.Prompt != nil {
		id = s.opts.Prompt.ID
	}
	return drawing.Capture(s.canvas.p, id, s.started)
}

// CreateRenderer implements fyne.Widget.
func (s *Studio) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.content)
}

var toolNames = map[Tool]string{
	Tool(paint.Pencil): "Pencil", Tool(paint.Ink): "Pen", Tool(paint.Soft): "Brush",
	Tool(paint.Marker): "Marker", Tool(paint.Airbrush): "Spray", Tool(paint.Eraser): "Eraser",
	FillTool: "Fill",
}

var sizes = []struct {
	label string
	size  float64
}{{"S", paint.SizeSmall}, {"M", paint.SizeMedium}, {"L", paint.SizeLarge}, {"XL", paint.SizeExtraLarge}}

func (s *Studio) build() fyne.CanvasObject {
	// tools
	tools := container.NewVBox()
	for _, k := range append(append([]paint.Kind(nil), paint.Kinds...), paint.Kind(FillTool)) {
		t := Tool(k)
		b := touchButton(lang.X("studio.tool."+strings.ToLower(toolNames[t]), toolNames[t]), nil, func() { s.SetTool(t) })
		s.toolBtns[t] = b
		tools.Add(theme.Touch(b, fyne.NewSize(120, theme.MinTouchTarget)))
	}

	// colours: 4 columns of 6, then a custom colour
	grid := container.NewGridWithColumns(4)
	for _, c := range paint.Palette {
		sw := newSwatch(c, nil)
		sw.onTap = func() { s.SetColor(sw.col) }
		s.swatches = append(s.swatches, sw)
		grid.Add(sw)
	}
	s.custom = newSwatch(color.RGBA{0x80, 0x80, 0x80, 0xff}, nil)
	s.custom.rainbow = true
	s.custom.onTap = s.showColorPicker
	colours := container.NewVBox(grid, container.NewBorder(nil, nil, nil, s.custom, widget.NewLabel(lang.X("studio.colour.own", "Your own"))))

	// actions and sizes
	s.undoBtn = touchButton(lang.X("studio.undo", "Undo"), fynetheme.ContentUndoIcon(), func() { s.canvas.Undo() })
	s.redoBtn = touchButton(lang.X("studio.redo", "Redo"), fynetheme.ContentRedoIcon(), func() { s.canvas.Redo() })
	s.clearBtn = touchButton(lang.X("studio.clear", "Clear"), fynetheme.DeleteIcon(), s.confirmClear)
	s.doneBtn = touchButton("I'm finished", fynetheme.ConfirmIcon(), s.done)
	s.doneBtn.Importance = widget.HighImportance
	sizeBox := container.NewHBox()
	for _, sz := range sizes {
		b := touchButton(sz.label, nil, func() { s.SetSize(sz.size) })
		s.sizeBtns[sz.size] = b
		sizeBox.Add(theme.Touch(b, fyne.NewSize(theme.MinTouchTarget, theme.MinTouchTarget)))
	}
	s.sizeSlide = widget.NewSlider(paint.MinSize, 120)
	s.sizeSlide.Step = 1
	s.sizeSlide.SetValue(s.canvas.p.Brush().Size)
	s.sizeSlide.OnChanged = func(v float64) { s.SetSize(v) }
	s.opacity = widget.NewSlider(0.05, 1)
	s.opacity.Step = 0.05
	s.opacity.SetValue(s.canvas.p.Brush().Opacity)
	s.opacity.OnChanged = func(v float64) {
		b := s.canvas.p.Brush()
		b.Opacity = v
		s.canvas.p.SetBrush(b)
	}
	sliders := container.NewGridWithColumns(2,
		labelled(lang.X("studio.size", "Size"), theme.Touch(s.sizeSlide, fyne.NewSize(160, theme.MinTouchTarget))),
		labelled(lang.X("studio.strength", "Strength"), theme.Touch(s.opacity, fyne.NewSize(160, theme.MinTouchTarget))))
	top := container.NewHBox(
		theme.Touch(s.undoBtn, fyne.Size{}), theme.Touch(s.redoBtn, fyne.Size{}), theme.Touch(s.clearBtn, fyne.Size{}),
		layout.NewSpacer(), theme.Touch(s.doneBtn, fyne.Size{}))
	bottom := container.NewBorder(nil, nil, sizeBox, nil, sliders)

	centre := fyne.CanvasObject(s.canvas)
	if s.opts.Prompt != nil {
		var card fyne.CanvasObject
		holder := container.NewVBox()
		card = newPromptCard(*s.opts.Prompt, func() { holder.Remove(card) })
		holder.Add(card)
		s.prompt = card
		centre = container.NewBorder(holder, nil, nil, nil, s.canvas)
	}
	return container.NewBorder(top, bottom, container.NewVScroll(tools), colours, centre)
}

func labelled(text string, obj fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, nil, widget.NewLabel(text), nil, obj)
}

// touchButton is a button never smaller than the touch target.
func touchButton(label string, icon fyne.Resource, tapped func()) *widget.Button {
	return widget.NewButtonWithIcon(label, icon, tapped)
}

// SetTool selects a brush kind or the fill tool.
func (s *Studio) SetTool(t Tool) {
	s.tool = t
	s.canvas.FillTool = t == FillTool
	if t != FillTool {
		b := s.canvas.p.Brush()
		b.Kind = paint.Kind(t)
		s.canvas.p.SetBrush(b)
	}
	s.updateTools()
}

// SetColor selects the brush colour.
func (s *Studio) SetColor(c color.RGBA) {
	b := s.canvas.p.Brush()
	b.Color = c
	s.canvas.p.SetBrush(b)
	if s.tool == Tool(paint.Eraser) {
		s.SetTool(Tool(paint.Soft)) // picking a colour means painting again
	}
	s.updateTools()
}

// SetSize selects the brush diameter in canvas pixels.
func (s *Studio) SetSize(d float64) {
	b := s.canvas.p.Brush()
	b.Size = d
	s.canvas.p.SetBrush(b)
	if s.sizeSlide.Value != d {
		s.sizeSlide.Value = d
		s.sizeSlide.Refresh()
	}
	s.updateTools()
}

func (s *Studio) updateTools() {
	for t, b := range s.toolBtns {
		imp := widget.MediumImportance
		if t == s.tool {
			imp = widget.HighImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
	br := s.canvas.p.Brush()
	for sz, b := range s.sizeBtns {
		imp := widget.MediumImportance
		if sz == br.Size {
			imp = widget.HighImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
	for _, sw := range s.swatches {
		sw.setSelected(sw.col == br.Color)
	}
	s.custom.setSelected(false)
	if !s.paletteHas(br.Color) {
		s.custom.col = br.Color
		s.custom.rainbow = false
		s.custom.setSelected(true)
	}
}

func (s *Studio) paletteHas(c color.RGBA) bool {
	for _, p := range paint.Palette {
		if p == c {
			return true
		}
	}
	return false
}

func (s *Studio) updateActions() {
	setEnabled(s.undoBtn, s.canvas.p.CanUndo())
	setEnabled(s.redoBtn, s.canvas.p.CanRedo())
}

func setEnabled(b *widget.Button, on bool) {
	if on && b.Disabled() {
		b.Enable()
	} else if !on && !b.Disabled() {
		b.Disable()
	}
}

func (s *Studio) done() {
	if s.opts.OnDone != nil {
		s.opts.OnDone(s.Result())
	}
}

func (s *Studio) fyneCanvas() fyne.Canvas {
	return fyne.CurrentApp().Driver().CanvasForObject(s)
}

// confirmClear asks before clearing; the clear itself can be undone.
func (s *Studio) confirmClear() {
	c := s.fyneCanvas()
	if c == nil {
		return
	}
	var pop *widget.PopUp
	msg := widget.NewLabel(lang.X("studio.clear.ask", "Clear the whole picture?\nYou can still undo it afterwards."))
	msg.Alignment = fyne.TextAlignCenter
	yes := touchButton(lang.X("studio.clear.yes", "Yes, clear it"), fynetheme.DeleteIcon(), func() {
		pop.Hide()
		s.canvas.Clear()
	})
	yes.Importance = widget.DangerImportance
	no := touchButton(lang.X("studio.clear.no", "No, keep it"), nil, func() { pop.Hide() })
	content := container.NewVBox(msg, container.NewGridWithColumns(2,
		theme.Touch(no, fyne.NewSize(200, theme.MinTouchTarget)),
		theme.Touch(yes, fyne.NewSize(200, theme.MinTouchTarget))))
	pop = widget.NewModalPopUp(content, c)
	pop.Show()
}

// showColorPicker offers any colour by hue, colourfulness and lightness.
func (s *Studio) showColorPicker() {
	c := s.fyneCanvas()
	if c == nil {
		return
	}
	cur := s.canvas.p.Brush().Color
	h, sat, l := rgbToHSL(cur)
	preview := canvas.NewRectangle(cur)
	preview.SetMinSize(fyne.NewSize(160, theme.MinTouchTarget))
	preview.CornerRadius = 12
	hue := widget.NewSlider(0, 359)
	hue.SetValue(h)
	satS := widget.NewSlider(0, 1)
	satS.Step = 0.01
	satS.SetValue(sat)
	light := widget.NewSlider(0.05, 0.95)
	light.Step = 0.01
	light.SetValue(l)
	update := func(float64) {
		preview.FillColor = hslToRGB(hue.Value, satS.Value, light.Value)
		preview.Refresh()
	}
	hue.OnChanged, satS.OnChanged, light.OnChanged = update, update, update
	var pop *widget.PopUp
	use := touchButton(lang.X("studio.colour.use", "Use this colour"), fynetheme.ConfirmIcon(), func() {
		pop.Hide()
		s.SetColor(hslToRGB(hue.Value, satS.Value, light.Value))
	})
	use.Importance = widget.HighImportance
	cancel := touchButton(lang.X("studio.cancel", "Cancel"), nil, func() { pop.Hide() })
	row := func(name string, sl *widget.Slider) fyne.CanvasObject {
		return labelled(name, theme.Touch(sl, fyne.NewSize(360, theme.MinTouchTarget)))
	}
	content := container.NewVBox(preview, row(lang.X("studio.colour.hue", "Colour"), hue), row(lang.X("studio.colour.richness", "Richness"), satS), row(lang.X("studio.colour.lightness", "Lightness"), light),
		container.NewGridWithColumns(2, theme.Touch(cancel, fyne.Size{}), theme.Touch(use, fyne.Size{})))
	pop = widget.NewModalPopUp(content, c)
	pop.Show()
}
