package kioskui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/ui/recorder"
)

// toChoose walks a fresh kiosk to Choose with a new code, check-in skipped.
func (k *kioskFixture) toChoose(t *testing.T) patientcode.Code {
	t.Helper()
	code, err := patientcode.New()
	if err != nil {
		t.Fatal(err)
	}
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	k.enterCode(t, code)
	k.waitScreen(t, kiosk.CheckIn)
	k.tap(t, "Skip")
	k.waitScreen(t, kiosk.Choose)
	return code
}

// toVoiceNote makes a drawing, finishes it and opens the voice note of its
// tagging (the story step's "Say it out loud instead").
func (k *kioskFixture) toVoiceNote(t *testing.T) *recorder.Recorder {
	t.Helper()
	k.tap(t, "Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	k.paintSomething(t)
	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.Tag)
	k.tap(t, "Skip") // how it feels: to the story step
	k.tap(t, "Say it out loud instead")
	return find(t, k, func(*recorder.Recorder) bool { return true })
}

// TestMaxRecordingMinutesReachesEveryRecorder: kiosk.max_recording_minutes
// bounds the studio's recordings and the voice note said in tagging.
func TestMaxRecordingMinutesReachesEveryRecorder(t *testing.T) {
	k := newKiosk(t, func(d *Deps) { d.Config.Kiosk.MaxRecordMin = 1.5 })
	want := 90 * time.Second
	k.toChoose(t)
	for _, label := range []string{"Make music", "Say something"} {
		k.tap(t, label)
		k.waitScreen(t, kiosk.Studio)
		rec := find(t, k, func(*recorder.Recorder) bool { return true })
		if got := rec.Preset().MaxLength; got != want {
			t.Errorf("%s: the recorder stops after %v, want the configured %v", label, got, want)
		}
		k.tap(t, "Back") // an empty studio just closes
		k.waitScreen(t, kiosk.Choose)
	}
	if got := k.toVoiceNote(t).Preset().MaxLength; got != want {
		t.Errorf("voice note: the recorder stops after %v, want the configured %v", got, want)
	}
}

// tapPauseButton taps the recorder's round pause button (a tappable that is
// no widget.Button, narrower than the record button).
func (k *kioskFixture) tapPauseButton(t *testing.T) {
	t.Helper()
	b := find(t, k, func(o fyne.CanvasObject) bool {
		_, tappable := o.(fyne.Tappable)
		_, button := o.(*widget.Button)
		w := o.Size().Width
		return tappable && !button && w >= 80 && w < 160
	})
	test.Tap(b.(fyne.Tappable))
}
