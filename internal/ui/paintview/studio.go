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
	// KeepClear is a square at the studio's top-left, in Fyne units, where
	// no control may sit: the kiosk's staff corner takes presses there.
	KeepClear float32
}

// Tool is what a tap or drag on the canvas does: a brush kind, or Fill.
type Tool uint8

// FillTool is the flood-fill tool; other tools are brush kinds.
const FillTool Tool = 0xff

// Studio is the whole drawing screen, laid out like a paint app: the
// canvas takes most of it; tools (big icons with labels) run down the
// left, colours and brush sizes down the right, and undo, redo, clear,
// the prompt and "I'm finished" along the top.
type Studio struct {
	widget.BaseWidget

	opts    Options
	canvas  *Canvas
	started time.Time
	content fyne.CanvasObject

	tool     Tool
	toolBtns map[Tool]*tile
	sizeBtns map[float64]*tile
	swatches []*swatch
	custom   *swatch
	moreBtn  *tile
	opacity  *widget.Slider
	undoBtn  *tile
	redoBtn  *tile
	clearBtn *tile
	doneBtn  *widget.Button
	prompt   fyne.CanvasObject
}

// NewStudio builds a studio.
func NewStudio(o Options) *Studio {
	p := o.Painter
	if p == nil {
		p = paint.New(paint.Options{})
		p.SetBrush(startBrush)
	}
	s := &Studio{opts: o, started: time.Now(), toolBtns: map[Tool]*tile{}, sizeBtns: map[float64]*tile{}}
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

// Brush sizes, chosen by the width they paint on screen: the kiosk shows
// the 1920×1080 canvas about 1020 px wide at 1280×800 (scale ≈ 0.53), so
// S, M, L and XL are about 6, 17, 34 and 68 px across there (the soft
// brush's solid core is a little narrower). The engine's own presets
// (paint.SizeSmall…) are for 1:1 views.
var sizes = []struct {
	label string
	size  float64
}{{"S", 12}, {"M", 32}, {"L", 64}, {"XL", 128}}

// startBrush is the brush a new studio paints with: a soft round brush of
// size M in ink black, a mark that shows at once.
var startBrush = paint.Brush{Kind: paint.Soft, Color: paint.Palette[0], Size: 32, Opacity: 1}

// shownColours are the palette colours on the studio's side (the others
// are one tap away under "More"): one clear colour per hue, and black.
var shownColours = []int{0, 4, 6, 7, 8, 10, 12, 15, 16, 17, 19, 22}

// studio layout sizes, in Fyne units
const (
	swatchEdge = 64 // swatches are touch targets too
	gap        = 4  // between tiles and swatches
)

func (s *Studio) build() fyne.CanvasObject {
	// tools: big icons with labels, down the left
	tools := container.New(layout.NewCustomPaddedVBoxLayout(gap))
	for _, k := range append(append([]paint.Kind(nil), paint.Kinds...), paint.Kind(FillTool)) {
		t := Tool(k)
		b := newTile(lang.X("studio.tool."+strings.ToLower(toolNames[t]), toolNames[t]), toolIcons[t], func() { s.SetTool(t) })
		s.toolBtns[t] = b
		tools.Add(b)
	}

	// colours down the right: 12 shown, the rest and your own under More
	grid := container.New(&gridLayout{cols: 2, cell: swatchEdge, gap: gap})
	for _, i := range shownColours {
		sw := newSwatch(paint.Palette[i], nil)
		sw.onTap = func() { s.SetColor(sw.col) }
		s.swatches = append(s.swatches, sw)
		grid.Add(sw)
	}
	s.custom = newSwatch(color.RGBA{0x80, 0x80, 0x80, 0xff}, nil)
	s.custom.rainbow = true
	s.custom.onTap = s.showColorPicker
	grid.Add(s.custom)
	s.moreBtn = newTile(lang.X("studio.more", "More"), fynetheme.MoreHorizontalIcon(), s.showMore)
	grid.Add(s.moreBtn)
	sizeGrid := container.New(&gridLayout{cols: 2, cell: swatchEdge, gap: gap})
	for _, sz := range sizes {
		b := newTile(sz.label, nil, func() { s.SetSize(sz.size) })
		b.dot = float32(sz.size * studioScale)
		s.sizeBtns[sz.size] = b
		sizeGrid.Add(b)
	}
	colours := container.New(layout.NewCustomPaddedVBoxLayout(3*gap), grid, sizeGrid)

	// actions and the prompt along the top
	s.undoBtn = newTile(lang.X("studio.undo", "Undo"), fynetheme.ContentUndoIcon(), func() { s.canvas.Undo() })
	s.redoBtn = newTile(lang.X("studio.redo", "Redo"), fynetheme.ContentRedoIcon(), func() { s.canvas.Redo() })
	s.clearBtn = newTile(lang.X("studio.clear", "Clear"), fynetheme.DeleteIcon(), s.confirmClear)
	s.doneBtn = touchButton(lang.X("studio.done", "I'm finished"), fynetheme.ConfirmIcon(), s.done)
	s.doneBtn.Importance = widget.HighImportance
	s.opacity = widget.NewSlider(0.05, 1)
	s.opacity.Step = 0.05
	s.opacity.SetValue(s.canvas.p.Brush().Opacity)
	s.opacity.OnChanged = func(v float64) {
		b := s.canvas.p.Brush()
		b.Opacity = v
		s.canvas.p.SetBrush(b)
	}
	var centre fyne.CanvasObject = layout.NewSpacer()
	if s.opts.Prompt != nil {
		var card fyne.CanvasObject
		holder := container.NewStack()
		card = newPromptCard(*s.opts.Prompt, func() { holder.Remove(card) })
		holder.Add(card)
		s.prompt = card
		centre = holder
	}
	actions := container.New(layout.NewCustomPaddedHBoxLayout(gap), s.undoBtn, s.redoBtn, s.clearBtn)
	if k := s.opts.KeepClear; k > 0 {
		// the tools start below the square, the actions right of it
		tools = container.NewBorder(spacer(0, k), nil, nil, nil, tools)
		if w := k - tools.MinSize().Width; w > 0 {
			actions = container.NewBorder(nil, nil, spacer(w, 0), nil, actions)
		}
	}
	top := container.NewBorder(nil, nil, actions, theme.Touch(s.doneBtn, fyne.Size{}), centre)
	// the side columns run the full height; the top bar sits over the canvas
	return container.NewBorder(nil, nil, tools, colours, container.NewBorder(top, nil, nil, nil, s.canvas))
}

// spacer is empty room of at least w×h.
func spacer(w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

// studioScale is how many Fyne units a canvas pixel takes in the kiosk at
// 1280×800 (see sizes): the size dots show a brush's real width there.
const studioScale = 0.53

// labelled puts text left of obj, centred on it vertically.
func labelled(text string, obj fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, nil, container.NewVBox(layout.NewSpacer(), widget.NewLabel(text), layout.NewSpacer()), nil, obj)
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
	s.updateTools()
}

func (s *Studio) updateTools() {
	for t, b := range s.toolBtns {
		b.setSelected(t == s.tool)
	}
	br := s.canvas.p.Brush()
	for sz, b := range s.sizeBtns {
		b.setSelected(sz == br.Size)
	}
	for _, sw := range s.swatches {
		sw.setSelected(sw.col == br.Color)
	}
	s.custom.setSelected(false)
	if !s.shown(br.Color) { // your own, or one from More: shown on the custom swatch
		s.custom.col = br.Color
		s.custom.rainbow = false
		s.custom.setSelected(true)
	}
}

// shown reports whether c has its own swatch on the studio's side.
func (s *Studio) shown(c color.RGBA) bool {
	for _, sw := range s.swatches {
		if sw.col == c {
			return true
		}
	}
	return false
}

func (s *Studio) updateActions() {
	setEnabled(s.undoBtn, s.canvas.p.CanUndo())
	setEnabled(s.redoBtn, s.canvas.p.CanRedo())
}

func setEnabled(b *tile, on bool) { b.setDisabled(!on) }

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
		return labelled(name, theme.Touch(bigThumb(sl), fyne.NewSize(360, theme.MinTouchTarget)))
	}
	content := container.NewVBox(preview, row(lang.X("studio.colour.hue", "Colour"), hue), row(lang.X("studio.colour.richness", "Richness"), satS), row(lang.X("studio.colour.lightness", "Lightness"), light),
		container.NewGridWithColumns(2, theme.Touch(cancel, fyne.Size{}), theme.Touch(use, fyne.Size{})))
	pop = widget.NewModalPopUp(content, c)
	pop.Show()
}

// showMore offers every palette colour and the brush's strength.
func (s *Studio) showMore() {
	c := s.fyneCanvas()
	if c == nil {
		return
	}
	var pop *widget.PopUp
	grid := container.New(&gridLayout{cols: 6, cell: swatchEdge, gap: gap})
	br := s.canvas.p.Brush()
	for _, col := range paint.Palette {
		sw := newSwatch(col, nil)
		sw.selected = col == br.Color
		sw.onTap = func() {
			pop.Hide()
			s.SetColor(col)
		}
		grid.Add(sw)
	}
	done := touchButton(lang.X("studio.more.done", "Done"), fynetheme.ConfirmIcon(), func() { pop.Hide() })
	done.Importance = widget.HighImportance
	content := container.NewVBox(grid,
		labelled(lang.X("studio.strength", "Strength"), theme.Touch(bigThumb(s.opacity), fyne.NewSize(280, theme.MinTouchTarget))),
		theme.Touch(done, fyne.Size{}))
	pop = widget.NewModalPopUp(content, c)
	pop.Show()
}
