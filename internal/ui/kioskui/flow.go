package kioskui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/quiet"
	"github.com/afterimage-clinic/afterimage/internal/ui/quietview"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
	"github.com/afterimage-clinic/afterimage/internal/ui/uilang"
)

// page is a patient screen with what its bottom bar offers: Back on the
// left, "I'm finished" on the right (nil: not on this screen).
type page struct {
	body           fyne.CanvasObject
	back, finished func()
	pad            *codePad // the code keypad takes keyboard input too
}

// screenFor builds the patient screen s. Fyne thread only.
func (u *UI) screenFor(s kiosk.Screen) page {
	m := u.m
	back := u.act(func() { m.Back() })
	openQuiet := u.act(func() { m.OpenQuiet() })
	switch s {
	case kiosk.PatientCode:
		pad := newCodePad(patientcode.Length, u.submitCode)
		return page{body: pad.root, back: u.act(u.backToWelcome), pad: pad}
	case kiosk.CheckIn:
		return page{body: u.moodScreen(tagging.CheckIn, func(mood *piece.Mood) { m.CheckedIn(mood) }), back: back}
	case kiosk.Choose:
		choose := func(k piece.Kind) func() { return u.act(func() { m.Choose(k) }) }
		return page{body: chooseScreen(choose(piece.Drawing), choose(piece.Music), choose(piece.Voice), choose(piece.Writing), openQuiet),
			back: back, finished: u.act(func() { m.Finish() })}
	case kiosk.Studio:
		return page{body: u.studioScreen(), back: u.act(u.leaveStudio)}
	case kiosk.Tag:
		return page{body: u.tagScreen(), back: back}
	case kiosk.Another:
		return page{body: anotherScreen(u.act(func() { m.Another() }), u.act(func() { m.Finish() }))}
	case kiosk.CheckOut:
		return page{body: u.moodScreen(tagging.CheckOut, u.checkOut), back: back}
	case kiosk.Goodbye:
		return page{body: goodbyeScreen(u.act(func() { m.GoodbyeDone() }))}
	case kiosk.QuietChoose:
		return page{body: quietview.Chooser(func(o quiet.Options) {
			u.m.Activity()
			u.quietChoice = o
			m.StartQuiet(o.Length)
		}), back: back}
	case kiosk.Quiet:
		return page{body: u.quietSpace()}
	}
	return page{body: welcomeScreen(u.act(func() { m.Begin() }), openQuiet,
		languagePicker(u.langs, uilang.Current(), func(tag string) { u.m.Activity(); u.chooseLanguage(tag) }))}
}

// quietSpace starts the quiet space the patient chose; when it ends (its
// time, or a tap and the fade) the machine returns to where they were.
func (u *UI) quietSpace() fyne.CanvasObject {
	s := quietview.NewSpace(u.quietChoice, quietview.Options{
		Clock:  u.now,
		Logger: u.log,
		OnTap:  u.m.Activity,
		OnEnd:  func() { go u.m.EndQuiet() },
	})
	u.quiet = s
	s.Start()
	return s
}

// leaveStudio is Back in a studio: with something made, the patient is
// asked whether to keep it for later or let it go; an empty studio just
// closes.
func (u *UI) leaveStudio() {
	if u.openHasWork() {
		u.m.Back()
		return
	}
	go u.m.StudioBack()
}

// leaveStudioOverlay asks, once and calmly, what happens to the unfinished
// piece: kept for later (saved, marked unfinished) or let go (deleted,
// never uploaded); or the patient stays.
func (u *UI) leaveStudioOverlay() fyne.CanvasObject {
	answer := func(keep bool) func() {
		return u.act(func() {
			go func() {
				err := u.m.LeaveStudio(keep)
				switch {
				case err == nil:
					u.saved()
				case !errors.Is(err, kiosk.ErrNotNow) && !errors.Is(err, kiosk.ErrStale):
					// Trying again asks again: keep it or let it go.
					u.showFailure(func() { u.m.Back() })
				}
			}()
		})
	}
	_, keep := bigButton(tr("kiosk.leave.keep"), true, actionSize, answer(true))
	_, letGo := bigButton(tr("kiosk.leave.letgo"), false, actionSize, answer(false))
	_, stay := bigButton(tr("kiosk.leave.stay"), false, navSize, u.act(func() { u.m.StayInStudio() }))
	body := centred(heading(tr("kiosk.leave.title")), hint(tr("kiosk.leave.hint")),
		container.NewCenter(container.NewHBox(keep, letGo)), container.NewCenter(stay))
	c := container.NewStack(canvas.NewRectangle(theme.Paper), container.NewPadded(body))
	return container.NewStack(canvas.NewRectangle(theme.Overlay), container.NewCenter(theme.Touch(c, fyne.NewSize(760, 440))))
}

// submitCode hands a typed code to the machine, off the UI goroutine (the
// registry's check is slow), and answers with the key of a calm sentence
// for a refusal (translated on the UI goroutine: see uilang.Use); the code
// itself is never logged.
func (u *UI) submitCode(code string, answer func(msg string)) {
	u.m.Activity()
	go func() {
		err := u.m.EnterCode(code)
		switch {
		case err == nil, errors.Is(err, kiosk.ErrStale):
			answer("") // taken, or the visit was reset meanwhile: a new screen shows
		case errors.Is(err, kiosk.ErrNotNow):
			answer("kiosk.code.hint") // an overlay came up: the pad waits, as it was
		case errors.Is(err, kiosk.ErrCodeExpired):
			answer("kiosk.code.expired")
		default:
			answer("kiosk.code.again")
		}
	}()
}

func (u *UI) moodScreen(at tagging.MoodMoment, done func(*piece.Mood)) fyne.CanvasObject {
	ms := tagging.NewMoodScreen(at, func(mood *piece.Mood) {
		u.m.Activity()
		done(mood)
	})
	ms.OnActivity = u.m.Activity
	return ms
}
