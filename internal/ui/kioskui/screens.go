package kioskui

import (
	"image/color"
	"strings"
	"sync/atomic"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// welcomeScreen is the first thing every patient sees; the quiet space is
// offered beside Begin, calmly, and languages, if not nil, lets them choose
// the kiosk's language.
func welcomeScreen(onBegin, onQuiet func(), languages fyne.CanvasObject) fyne.CanvasObject {
	title := canvas.NewText(tr("kiosk.welcome.title"), theme.Ink)
	title.TextSize = 56
	title.Alignment = fyne.TextAlignCenter
	intro := widget.NewLabel(tr("kiosk.welcome.intro"))
	intro.Alignment = fyne.TextAlignCenter
	_, begin := bigButton(tr("kiosk.welcome.begin"), true, actionSize, onBegin)
	objs := []fyne.CanvasObject{layout.NewSpacer(), title, intro, container.NewCenter(begin), container.NewCenter(quietButton(onQuiet))}
	if languages != nil {
		gap := canvas.NewRectangle(color.Transparent)
		gap.SetMinSize(fyne.NewSize(0, 24))
		objs = append(objs, gap, languages)
	}
	return container.NewVBox(append(objs, layout.NewSpacer())...)
}

// quietButton opens the quiet space: a calm, secondary button.
func quietButton(onQuiet func()) fyne.CanvasObject {
	_, b := bigButton(tr("kiosk.quiet.open"), false, navSize.AddWidthHeight(60, 0), onQuiet)
	return b
}

// devBanner labels every screen of a development-mode kiosk.
func devBanner(remote config.RemoteType) fyne.CanvasObject {
	key := "kiosk.dev.banner" // a folder on this computer
	if remote == config.RemoteS3 {
		key = "kiosk.dev.banner.s3"
	}
	text := canvas.NewText(tr(key), theme.Ink)
	text.TextSize = 18
	text.Alignment = fyne.TextAlignCenter
	return container.NewStack(canvas.NewRectangle(theme.Banner), container.NewPadded(text))
}

// chooseScreen offers the four studios as large tiles, and the quiet
// space under them.
func chooseScreen(onDraw, onMusic, onVoice, onWrite, onQuiet func()) fyne.CanvasObject {
	tile := func(label string, tapped func()) fyne.CanvasObject {
		_, b := bigButton(label, true, fyne.NewSize(270, 220), tapped)
		return b
	}
	tiles := container.NewGridWithColumns(4,
		tile(tr("kiosk.choose.draw"), onDraw),
		tile(tr("kiosk.choose.music"), onMusic),
		tile(tr("kiosk.choose.voice"), onVoice),
		tile(tr("kiosk.choose.write"), onWrite))
	return centred(heading(tr("kiosk.choose.title")), tiles, container.NewCenter(quietButton(onQuiet)))
}

// anotherScreen follows a saved piece.
func anotherScreen(onAnother, onFinished func()) fyne.CanvasObject {
	_, yes := bigButton(tr("kiosk.another.yes"), true, actionSize, onAnother)
	_, done := bigButton(tr("kiosk.finished"), false, actionSize, onFinished)
	return centred(heading(tr("kiosk.another.title")), hint(tr("kiosk.another.hint")),
		container.NewCenter(container.NewHBox(yes, done)))
}

// goodbyeScreen ends a visit.
func goodbyeScreen(onDone func()) fyne.CanvasObject {
	_, done := bigButton(tr("kiosk.goodbye.done"), true, actionSize, onDone)
	return centred(heading(tr("kiosk.goodbye.title")), hint(tr("kiosk.goodbye.hint")), container.NewCenter(done))
}

// codeAlphabet is what the keypad offers: Crockford base-32, which leaves
// out I, L, O and U so that nothing can be mistaken for something else.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// codePad is the patient-code keypad. A complete code is submitted as
// soon as its last symbol is typed (Continue, or Enter, submits it again).
// submit starts the (slow) check and calls answer, from any goroutine, with
// the key of a calm message to show when the code is not accepted, or ""
// when it is;
// meanwhile the pad says it is checking and keeps the code as typed. A
// keyboard works too (typed reaches it through the window).
type codePad struct {
	root     fyne.CanvasObject
	maxLen   int
	typed    []byte
	shown    *canvas.Text
	message  *widget.Label
	cont     *widget.Button
	submit   func(code string, answer func(msg string))
	checking atomic.Bool // a submitted code is being checked
}

func newCodePad(maxLen int, submit func(code string, answer func(msg string))) *codePad {
	p := &codePad{maxLen: maxLen, submit: submit, message: hint(tr("kiosk.code.hint"))}
	p.shown = canvas.NewText("", theme.Ink)
	p.shown.TextSize = 52
	p.shown.TextStyle = fyne.TextStyle{Bold: true}
	p.shown.Alignment = fyne.TextAlignCenter
	keys := container.NewGridWithColumns(8)
	for i := 0; i < len(codeAlphabet); i++ {
		ch := rune(codeAlphabet[i])
		_, k := bigButton(string(ch), false, fyne.NewSize(88, 68), func() { p.typeRune(ch) })
		keys.Add(k)
	}
	_, del := bigButton("⌫", false, fyne.NewSize(120, 68), p.backspace)
	var contBox fyne.CanvasObject
	p.cont, contBox = bigButton(tr("kiosk.code.continue"), true, fyne.NewSize(240, 68), p.enter)
	p.update()
	// The message keeps the same room whatever it says (up to two lines as
	// wide as the keys), so the keys never move under a finger when it
	// changes.
	p.message.Wrapping = fyne.TextWrapWord
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(keys.MinSize().Width, widget.NewLabel("1\n2").MinSize().Height))
	message := container.NewStack(room, p.message)
	p.root = centred(heading(tr("kiosk.code.title")), p.shown, message, keys,
		container.NewCenter(container.NewHBox(del, contBox)))
	return p
}

// typeRune adds a symbol; lower case and the usual look-alikes are read as
// the keypad's symbols, anything else is ignored.
func (p *codePad) typeRune(r rune) {
	r = unicode.ToUpper(r)
	switch r {
	case 'O':
		r = '0'
	case 'I', 'L':
		r = '1'
	}
	if p.checking.Load() || !strings.ContainsRune(codeAlphabet, r) || len(p.typed) >= p.maxLen {
		return
	}
	p.typed = append(p.typed, byte(r))
	p.message.SetText(tr("kiosk.code.hint"))
	p.update()
	if len(p.typed) == p.maxLen {
		p.enter() // a complete code goes on by itself
	}
}

func (p *codePad) backspace() {
	if len(p.typed) > 0 && !p.checking.Load() {
		p.typed = p.typed[:len(p.typed)-1]
		p.update()
	}
}

func (p *codePad) enter() {
	if len(p.typed) != p.maxLen || !p.checking.CompareAndSwap(false, true) {
		return
	}
	p.message.SetText(tr("kiosk.code.checking"))
	p.update()
	p.submit(string(p.typed), func(msg string) {
		if msg == "" { // taken: the next screen replaces the pad
			p.checking.Store(false)
			return
		}
		fyne.Do(func() {
			// A refused code stays as typed: the patient fixes the symbol
			// that is wrong with ⌫ rather than typing all of it again.
			p.message.SetText(tr(msg))
			p.show(false)
			p.checking.Store(false) // last: tests wait on it
		})
	})
}

// Checking reports whether a submitted code is being checked.
func (p *codePad) Checking() bool { return p.checking.Load() }

// key handles the keys of a keyboard, if the kiosk has one.
func (p *codePad) key(k fyne.KeyName) {
	switch k {
	case fyne.KeyBackspace:
		p.backspace()
	case fyne.KeyReturn, fyne.KeyEnter:
		p.enter()
	}
}

func (p *codePad) update() { p.show(p.checking.Load()) }

// show draws the typed code; Continue works once it is whole and not being
// checked.
func (p *codePad) show(checking bool) {
	s := string(p.typed) + strings.Repeat("_", max(0, p.maxLen-len(p.typed)))
	if len(s) > 3 {
		s = s[:3] + " – " + s[3:]
	}
	p.shown.Text = s
	p.shown.Refresh()
	if len(p.typed) == p.maxLen && !checking {
		p.cont.Enable()
	} else {
		p.cont.Disable()
	}
}

// idleOverlay asks, without alarm, whether the patient is still there.
type idleOverlay struct {
	root      fyne.CanvasObject
	countdown *widget.Label
}

func newIdleOverlay(onHere func()) *idleOverlay {
	o := &idleOverlay{countdown: hint("")}
	_, here := bigButton(tr("kiosk.idle.here"), true, actionSize, onHere)
	card := container.NewStack(canvas.NewRectangle(theme.Paper), container.NewPadded(
		centred(heading(tr("kiosk.idle.title")), hint(tr("kiosk.idle.hint")), o.countdown, container.NewCenter(here))))
	o.root = container.NewStack(canvas.NewRectangle(theme.Overlay), container.NewCenter(theme.Touch(card, fyne.NewSize(720, 460))))
	return o
}

func (o *idleOverlay) setSeconds(s int) { o.countdown.SetText(trn("kiosk.idle.countdown", s)) }

// messageOverlay tells the patient something calmly, with one button.
func messageOverlay(text string, onOK func()) fyne.CanvasObject {
	return card(nil, hint(text), tr("kiosk.help.ok"), onOK)
}

// card is a calm centred card over a dimmed screen.
func card(title fyne.CanvasObject, body fyne.CanvasObject, button string, onOK func()) fyne.CanvasObject {
	_, ok := bigButton(button, true, actionSize, onOK)
	parts := []fyne.CanvasObject{body, container.NewCenter(ok)}
	if title != nil {
		parts = append([]fyne.CanvasObject{title}, parts...)
	}
	c := container.NewStack(canvas.NewRectangle(theme.Paper), container.NewPadded(centred(parts...)))
	return container.NewStack(canvas.NewRectangle(theme.Overlay), container.NewCenter(theme.Touch(c, fyne.NewSize(720, 400))))
}

// problemScreen is for staff: what is wrong with the configuration. It is
// shown instead of running unprotected.
func problemScreen(source string, problems []string) fyne.CanvasObject {
	title := heading(tr("kiosk.problem.title"))
	list := container.NewVBox()
	for _, p := range problems {
		l := widget.NewLabel("• " + p)
		l.Wrapping = fyne.TextWrapWord
		list.Add(l)
	}
	where := hint(tr("kiosk.problem.hint"))
	if source != "" {
		where.SetText(where.Text + "\n" + source)
	}
	scroll := container.NewVScroll(list)
	return container.NewBorder(container.NewVBox(title, where), nil, nil, nil, container.New(wrappedScroll{}, scroll))
}

// wrappedScroll lays out a scroll of word-wrapped labels. A VBox gives a
// wrapped label its height before the label knows its width, which cut a
// long problem's last line off; refreshing the scroll once it has its size
// lays the labels out again, each as tall as it wraps at that width.
type wrappedScroll struct{}

func (wrappedScroll) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Resize(size)
		o.Refresh()
	}
}

func (wrappedScroll) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s
}
