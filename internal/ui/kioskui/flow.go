package kioskui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
)

// screenFor builds the patient screen s. Fyne thread only.
func (u *UI) screenFor(s kiosk.Screen) fyne.CanvasObject {
	m := u.m
	switch s {
	case kiosk.Welcome:
		return welcomeScreen(u.act(func() { m.Begin() }))
	case kiosk.PatientCode:
		return codeScreen(patientcode.Length, u.submitCode, u.act(func() { m.Back() }))
	case kiosk.CheckIn:
		return u.moodScreen(tagging.CheckIn, func(mood *piece.Mood) { m.CheckedIn(mood) })
	case kiosk.Choose:
		choose := func(k piece.Kind) func() { return u.act(func() { m.Choose(k) }) }
		return chooseScreen(choose(piece.Drawing), choose(piece.Music), choose(piece.Voice),
			u.act(func() { m.Back() }), u.act(func() { m.Finish() }))
	case kiosk.Studio:
		return u.studioScreen()
	case kiosk.Tag:
		return u.tagScreen()
	case kiosk.Another:
		return anotherScreen(u.act(func() { m.Another() }), u.act(func() { m.Finish() }))
	case kiosk.CheckOut:
		return u.moodScreen(tagging.CheckOut, u.checkOut)
	case kiosk.Goodbye:
		return goodbyeScreen(u.act(func() { m.GoodbyeDone() }))
	}
	return welcomeScreen(u.act(func() { m.Begin() }))
}

// submitCode hands a typed code to the machine and turns a refusal into a
// calm sentence; the code itself is never logged.
func (u *UI) submitCode(code string) string {
	u.m.Activity()
	err := u.m.EnterCode(code)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, kiosk.ErrCodeExpired):
		return tr("kiosk.code.expired")
	default:
		return tr("kiosk.code.again")
	}
}

func (u *UI) moodScreen(at tagging.MoodMoment, done func(*piece.Mood)) fyne.CanvasObject {
	ms := tagging.NewMoodScreen(at, func(mood *piece.Mood) {
		u.m.Activity()
		done(mood)
	})
	ms.Pleasantness.OnChange = func(int) { u.m.Activity() }
	ms.Energy.OnChange = func(int) { u.m.Activity() }
	if !u.m.CanGoBack() {
		return ms
	}
	return withNav(ms, u.act(func() { u.m.Back() }), nil)
}

// tagScreen asks how the open piece feels.
func (u *UI) tagScreen() fyne.CanvasObject {
	w := u.openWork()
	if w == nil {
		return container.NewStack()
	}
	var flow *tagging.Flow
	flow = tagging.New(u.deps.Vocabulary, tagging.Options{
		Music:      w.m.Kind == piece.Music,
		OnActivity: u.m.Activity,
		RecordVoiceNote: func(done func(kept bool)) {
			u.m.Activity()
			u.showVoiceNote(w, flow, done)
		},
		OnDone: func(r tagging.Result) {
			u.m.Activity()
			r.Apply(w.m)
			go u.saveTagged(w)
		},
	})
	return flow
}
