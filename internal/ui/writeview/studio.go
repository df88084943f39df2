package writeview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/keyboard"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

// Options configure a Studio.
type Options struct {
	// Page receives the text on every change; required.
	Page *writing.Page
	// Prompts are offered one at a time, from First; none: no card.
	Prompts []Prompt
	First   int
	// KeepClear is a square at the studio's top-left, in Fyne units, left
	// free of buttons: the kiosk's staff corner.
	KeepClear float32
	// OnActivity runs on every key and tap (the kiosk's idle timer).
	OnActivity func()
	// OnDone runs when the patient taps "I'm finished" (the page holds the
	// text by then).
	OnDone func()
}

// Studio is the writing studio. Use it on the UI goroutine.
type Studio struct {
	widget.BaseWidget
	opt Options

	entry    *tagging.TouchEntry
	kb       *keyboard.Keyboard
	typing   *fyne.Container // the keyboard's place
	tapHint  *widget.Label
	full     *widget.Label
	done     *widget.Button
	prompt   int // the prompt on the card; -1: hidden
	text     *widget.Label
	card     fyne.CanvasObject
	showCard fyne.CanvasObject
	top      fyne.CanvasObject
}

// NewStudio returns a writing studio with an empty page, the keyboard up
// and the first prompt on its card.
func NewStudio(opt Options) *Studio {
	s := &Studio{opt: opt, prompt: -1}
	s.entry = tagging.NewTouchEntry(true, s.startTyping)
	s.entry.Wrapping = fyne.TextWrapWord
	s.entry.SetPlaceHolder(tr("write.placeholder"))
	s.entry.OnChanged = s.changed
	s.kb = keyboard.New(keyboard.Options{OnKey: s.activity, OnDone: s.stopTyping})
	s.kb.SetTarget(s.entry) // a touch screen has no keyboard: it is up from the start
	s.typing = container.NewStack(s.kb)
	s.tapHint = widget.NewLabel(tr("write.tap"))
	s.tapHint.Alignment = fyne.TextAlignCenter
	s.tapHint.Hide()
	s.full = widget.NewLabel(tr("write.full"))
	s.full.Alignment = fyne.TextAlignCenter
	s.full.Hide()
	s.done = widget.NewButton(tr("write.done"), s.finish)
	s.done.Importance = widget.HighImportance
	s.done.Disable()
	s.text = widget.NewLabel("")
	s.text.Wrapping = fyne.TextWrapWord
	s.text.TextStyle = fyne.TextStyle{Italic: true}
	if len(opt.Prompts) > 0 {
		s.prompt = ((opt.First % len(opt.Prompts)) + len(opt.Prompts)) % len(opt.Prompts)
	}
	s.ExtendBaseWidget(s)
	s.buildTop()
	s.showPrompt(s.prompt)
	return s
}

// Entry is the page (tests tap it as a finger would).
func (s *Studio) Entry() *tagging.TouchEntry { return s.entry }

// Keyboard is the on-screen keyboard.
func (s *Studio) Keyboard() *keyboard.Keyboard { return s.kb }

// Done is the "I'm finished" button.
func (s *Studio) Done() *widget.Button { return s.done }

// Typing reports whether the on-screen keyboard is shown.
func (s *Studio) Typing() bool { return s.typing.Visible() }

// PromptID is the prompt on the card, or "" when the card is hidden.
func (s *Studio) PromptID() string {
	if s.prompt < 0 {
		return ""
	}
	return s.opt.Prompts[s.prompt].ID
}

func (s *Studio) activity() {
	if s.opt.OnActivity != nil {
		s.opt.OnActivity()
	}
}

// changed keeps the page: every letter goes to the writing.Page at once.
// A page that would grow past writing.MaxBytes keeps what fits and says so.
func (s *Studio) changed(text string) {
	s.activity()
	if len(text) > writing.MaxBytes {
		s.full.Show()
		s.entry.SetText(writing.Limit(text)) // comes back here, within the cap
		return
	}
	s.opt.Page.Set(text)
	if s.full.Visible() && len(text) < writing.MaxBytes {
		s.full.Hide() // room again
	}
	if writing.IsEmpty(text) {
		s.done.Disable()
	} else {
		s.done.Enable()
	}
}

func (s *Studio) finish() {
	s.activity()
	s.opt.Page.Set(s.entry.Text)
	s.opt.Page.SetPrompt(s.PromptID())
	s.done.Disable() // once: the kiosk moves on to tagging
	s.kb.SetTarget(nil)
	if s.opt.OnDone != nil {
		s.opt.OnDone()
	}
}

// startTyping brings the keyboard back, typing into the page.
func (s *Studio) startTyping(e *tagging.TouchEntry) {
	s.activity()
	if s.kb.Target() != keyboard.Target(e) {
		s.kb.SetTarget(e)
	}
	if s.typing.Visible() {
		return
	}
	s.typing.Show()
	s.tapHint.Hide()
	s.Refresh()
}

// stopTyping puts the keyboard away: the whole page shows.
func (s *Studio) stopTyping() {
	s.kb.SetTarget(nil)
	s.typing.Hide()
	s.tapHint.Show()
	if c := fyne.CurrentApp().Driver().CanvasForObject(s); c != nil {
		c.Unfocus()
	}
	s.Refresh()
}

// showPrompt puts prompt i on the card (-1: hides the card).
func (s *Studio) showPrompt(i int) {
	s.prompt = i
	s.opt.Page.SetPrompt(s.PromptID())
	if s.card == nil {
		return
	}
	if i < 0 {
		s.card.Hide()
		s.showCard.Show()
	} else {
		s.text.SetText(PromptText(s.opt.Prompts[i]))
		s.card.Show()
		s.showCard.Hide()
	}
}

func (s *Studio) buildTop() {
	var area fyne.CanvasObject = container.NewStack()
	if n := len(s.opt.Prompts); n > 0 {
		btn := func(label string, tapped func()) fyne.CanvasObject {
			b := widget.NewButton(label, func() { s.activity(); tapped() })
			return theme.Touch(b, fyne.NewSize(0, theme.MinTouchTarget))
		}
		another := btn(tr("write.prompt.another"), func() { s.showPrompt((s.prompt + 1) % n) })
		hide := btn(tr("write.prompt.hide"), func() { s.showPrompt(-1) })
		bg := canvas.NewRectangle(theme.Sand)
		bg.CornerRadius = 14
		if n == 1 {
			another = container.NewStack()
		}
		s.card = container.NewStack(bg, container.NewBorder(nil, nil, nil,
			container.NewCenter(container.NewHBox(another, hide)), s.text))
		s.showCard = container.NewHBox(btn(tr("write.prompt.show"), func() { s.showPrompt(max(0, s.lastPrompt())) }))
		area = container.NewStack(s.card, s.showCard)
	}
	var left fyne.CanvasObject
	if k := s.opt.KeepClear; k > 0 {
		corner := canvas.NewRectangle(color.Transparent)
		corner.SetMinSize(fyne.NewSize(k, 1))
		left = corner
	}
	s.top = container.NewBorder(nil, nil, left, theme.Touch(s.done, fyne.NewSize(240, 80)), area)
}

// lastPrompt is the prompt to show again after the card was hidden.
func (s *Studio) lastPrompt() int {
	if len(s.opt.Prompts) == 0 {
		return -1
	}
	return ((s.opt.First % len(s.opt.Prompts)) + len(s.opt.Prompts)) % len(s.opt.Prompts)
}

// CreateRenderer lays the studio out: the prompt and "I'm finished" on
// top, the page filling the middle in larger letters, the keyboard below.
func (s *Studio) CreateRenderer() fyne.WidgetRenderer {
	paper := canvas.NewRectangle(color.NRGBA{R: 0xff, G: 0xfd, B: 0xf8, A: 0xff})
	paper.CornerRadius = 10
	page := container.NewStack(paper, container.NewPadded(
		container.NewThemeOverride(s.entry, largeText{fyne.CurrentApp().Settings().Theme()})))
	bottom := container.NewVBox(s.full, container.NewStack(s.typing, s.tapHint))
	return widget.NewSimpleRenderer(container.NewPadded(container.NewBorder(s.top, bottom, nil, nil, page)))
}

// largeText is the kiosk's theme with the page's letters a third larger,
// and the page's field without a box of its own: the paper card is its
// background, and the box would cost a shaded pass over the whole page on
// every frame (docs/BENCHMARKS.md). The field keeps its border, which
// shows it has the focus, and its text cursor, as wide as that border.
type largeText struct{ fyne.Theme }

func (t largeText) Size(n fyne.ThemeSizeName) float32 {
	if n == fynetheme.SizeNameText {
		return t.Theme.Size(n) * 4 / 3
	}
	return t.Theme.Size(n)
}

func (t largeText) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == fynetheme.ColorNameInputBackground {
		return color.Transparent
	}
	return t.Theme.Color(n, v)
}

// Resume: the patient came back from tagging to the page. It can be
// changed and finished again; the keyboard types into it.
func (s *Studio) Resume() {
	s.kb.SetTarget(s.entry)
	s.typing.Show()
	s.tapHint.Hide()
	if !writing.IsEmpty(s.entry.Text) {
		s.done.Enable()
	}
	s.Refresh()
}
