package kioskui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// welcomeScreen is the first thing every patient sees.
func welcomeScreen(onBegin func()) fyne.CanvasObject {
	title := canvas.NewText(tr("kiosk.welcome.title"), theme.Ink)
	title.TextSize = 56
	title.Alignment = fyne.TextAlignCenter
	intro := widget.NewLabel(tr("kiosk.welcome.intro"))
	intro.Alignment = fyne.TextAlignCenter
	_, begin := bigButton(tr("kiosk.welcome.begin"), true, actionSize, onBegin)
	return container.NewVBox(layout.NewSpacer(), title, intro, container.NewCenter(begin), layout.NewSpacer())
}

// devBanner labels every screen of a development-mode kiosk.
func devBanner() fyne.CanvasObject {
	text := canvas.NewText(tr("kiosk.dev.banner"), theme.Ink)
	text.TextSize = 18
	text.Alignment = fyne.TextAlignCenter
	return container.NewStack(canvas.NewRectangle(theme.Banner), container.NewPadded(text))
}

// chooseScreen offers the three studios as large tiles.
func chooseScreen(onDraw, onMusic, onVoice, onBack, onFinished func()) fyne.CanvasObject {
	tile := func(label string, tapped func()) fyne.CanvasObject {
		_, b := bigButton(label, true, fyne.NewSize(300, 220), tapped)
		return b
	}
	tiles := container.NewGridWithColumns(3,
		tile(tr("kiosk.choose.draw"), onDraw),
		tile(tr("kiosk.choose.music"), onMusic),
		tile(tr("kiosk.choose.voice"), onVoice))
	return withNav(centred(heading(tr("kiosk.choose.title")), tiles), onBack, onFinished)
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

// withNav adds Back (left) and "I'm finished" (right) under a screen; a nil
// handler leaves its button out.
func withNav(body fyne.CanvasObject, onBack, onFinished func()) fyne.CanvasObject {
	var left, right fyne.CanvasObject = layout.NewSpacer(), layout.NewSpacer()
	if onBack != nil {
		_, left = bigButton(tr("kiosk.back"), false, navSize, onBack)
	}
	if onFinished != nil {
		_, right = bigButton(tr("kiosk.finished"), false, navSize, onFinished)
	}
	return container.NewBorder(nil, container.NewHBox(left, layout.NewSpacer(), right), nil, nil, body)
}

// codeAlphabet is what the keypad offers: Crockford base-32, which leaves
// out I, L, O and U so that nothing can be mistaken for something else.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// codeScreen is the patient-code keypad. submit returns a calm message to
// show when the code is not accepted, or "" when it is.
func codeScreen(maxLen int, submit func(code string) string, onBack func()) fyne.CanvasObject {
	var typed []byte
	shown := canvas.NewText("", theme.Ink)
	shown.TextSize = 56
	shown.TextStyle = fyne.TextStyle{Monospace: true}
	shown.Alignment = fyne.TextAlignCenter
	message := hint(tr("kiosk.code.hint"))
	refresh := func() {
		s := string(typed) + strings.Repeat("·", max(0, maxLen-len(typed)))
		if len(s) > 3 {
			s = s[:3] + " " + s[3:]
		}
		shown.Text = s
		shown.Refresh()
	}
	var cont *widget.Button
	update := func() {
		refresh()
		if len(typed) == maxLen {
			cont.Enable()
		} else {
			cont.Disable()
		}
	}
	keys := container.NewGridWithColumns(8)
	for i := 0; i < len(codeAlphabet); i++ {
		ch := codeAlphabet[i]
		_, k := bigButton(string(ch), false, fyne.NewSize(88, 76), func() {
			if len(typed) < maxLen {
				typed = append(typed, ch)
				message.SetText(tr("kiosk.code.hint"))
				update()
			}
		})
		keys.Add(k)
	}
	_, del := bigButton("⌫", false, fyne.NewSize(120, 76), func() {
		if len(typed) > 0 {
			typed = typed[:len(typed)-1]
			update()
		}
	})
	var contBox fyne.CanvasObject
	cont, contBox = bigButton(tr("kiosk.code.continue"), true, fyne.NewSize(240, 76), func() {
		if msg := submit(string(typed)); msg != "" {
			message.SetText(msg)
			typed = typed[:0]
			update()
		}
	})
	update()
	return withNav(centred(heading(tr("kiosk.code.title")), shown, message, keys,
		container.NewCenter(container.NewHBox(del, contBox))), onBack, nil)
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

func (o *idleOverlay) setSeconds(s int) { o.countdown.SetText(trf("kiosk.idle.countdown", s)) }

// helpOverlay confirms that someone is coming.
func helpOverlay(onOK func()) fyne.CanvasObject {
	_, ok := bigButton(tr("kiosk.help.ok"), true, actionSize, onOK)
	card := container.NewStack(canvas.NewRectangle(theme.Paper), container.NewPadded(
		centred(heading(tr("kiosk.help.title")), hint(tr("kiosk.help.hint")), container.NewCenter(ok))))
	return container.NewStack(canvas.NewRectangle(theme.Overlay), container.NewCenter(theme.Touch(card, fyne.NewSize(720, 400))))
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
	return container.NewBorder(container.NewVBox(title, where), nil, nil, nil, container.NewVScroll(list))
}
