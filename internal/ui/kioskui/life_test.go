package kioskui

import (
	"bytes"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
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
		if label == "Make music" {
			k.tap(t, "Record a sound")
		}
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

// TestVoiceNoteLivesAndDiesWithItsVisit: a voice note being said in tagging
// keeps the visit alive as a studio recording does; paused (the patient
// stopped speaking) it lets the idle reset come, which saves the note with
// its piece, marked unfinished, and leaves no audio stream open.
func TestVoiceNoteLivesAndDiesWithItsVisit(t *testing.T) {
	env := testbench.Audio(t)
	k := newKiosk(t)
	m := k.ui.Machine()
	k.toChoose(t)
	note := k.toVoiceNote(t)
	env.Play(t, testbench.Sine(440, 0.5, 48000, 48000*20), 48000)
	env.WaitHeard(t, 10*time.Second)
	k.tapRecordButton(t)
	deadline := time.Now().Add(15 * time.Second)
	for note.Recorded() < 1500*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatalf("only %v of the note recorded after 15 s", note.Recorded())
		}
		time.Sleep(20 * time.Millisecond) // polling the sound coming in
	}

	// Recording: the idle limit passes, twice, and the visit stays.
	for range 2 {
		k.ui.tickAt(k.clock.Add(4 * time.Minute))
		if s := m.Screen(); s != kiosk.Tag {
			t.Fatalf("the kiosk shows %q while a voice note is being recorded, want tagging still", s)
		}
	}

	// Paused: the patient fell silent and walked away.
	// (through the recorder's own lock: walking the widget tree to find the
	// button while the meter redraws it from its goroutine would race on
	// the test driver, whose fyne.Do runs on the calling goroutine)
	note.TogglePause()
	if st := note.State(); st != "paused" {
		t.Fatalf("voice note is %q, want paused", st)
	}
	k.ui.tickAt(k.clock.Add(4 * time.Minute))
	k.waitScreen(t, kiosk.IdleWarning)
	k.ui.tickAt(k.clock.Add(61 * time.Second))
	k.waitScreen(t, kiosk.Welcome)

	if n := audio.OpenStreams(); n != 0 {
		t.Errorf("%d audio streams still open after the reset: the microphone outlived the visit", n)
	}
	pieces, visits := k.spooled(t)
	if len(pieces) != 1 || len(visits) != 1 {
		t.Fatalf("spool after the reset: %d pieces, %d visit records; want the drawing with its note, and its visit", len(pieces), len(visits))
	}
	opened := pieces[0]
	mf := opened.Manifest
	if !mf.Unfinished || mf.Kind != piece.Drawing {
		t.Fatalf("saved piece: kind %s unfinished=%v, want an unfinished drawing", mf.Kind, mf.Unfinished)
	}
	var noteBlob *piece.Blob
	for i := range mf.Blobs {
		if mf.Blobs[i].Role == piece.RoleVoiceNote {
			noteBlob = &mf.Blobs[i]
		}
	}
	if noteBlob == nil {
		t.Fatalf("the piece was saved without its voice note: %+v", mf.Blobs)
	}
	data, err := opened.ReadBlob(noteBlob.Name)
	if err != nil {
		t.Fatal(err)
	}
	pcm, _, err := media.DecodeFLAC(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode the voice note: %v", err)
	}
	if secs := float64(len(pcm)) / audio.SampleRate; secs < 1.4 {
		t.Errorf("the saved note is %.2f s, want the 1.5 s or more that was said", secs)
	}
	if k.ui.pieces.Current() != nil {
		t.Error("the UI still holds the last visit's piece")
	}
}

// waitCodeChecked waits until the code pad has its answer.
func (k *kioskFixture) waitCodeChecked(t *testing.T, pad *codePad) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for pad.Checking() {
		if time.Now().After(deadline) {
			t.Fatal("the code pad is still checking after 60 s")
		}
		time.Sleep(10 * time.Millisecond) // polling a check on another goroutine
	}
}

// heldCodes holds each check until released; any well-formed code is taken.
type heldCodes struct {
	started chan struct{}
	release chan struct{}
}

func (h heldCodes) Check(patientcode.Code, time.Time) patientcode.Status {
	h.started <- struct{}{}
	<-h.release
	return patientcode.OK
}

// TestCodeCheckLeavesTheScreenCalmAndAlive: while the registry checks a
// code, typing its last symbol returns at once, the pad says it is
// checking (and ignores keys), and the UI goroutine runs other work; then
// the check-in shows.
func TestCodeCheckLeavesTheScreenCalmAndAlive(t *testing.T) {
	codes := heldCodes{started: make(chan struct{}, 1), release: make(chan struct{})}
	k := newKiosk(t, func(d *Deps) { d.Codes = codes })
	code, _ := patientcode.New()
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	pad := k.ui.page.pad
	typed := make(chan struct{})
	go func() {
		defer close(typed)
		fyne.DoAndWait(func() { k.enterCode(t, code) })
	}()
	select {
	case <-typed:
	case <-time.After(20 * time.Second):
		close(codes.release)
		t.Fatal("typing the code's last symbol waited for the registry's check: the UI goroutine was held")
	}
	<-codes.started
	ran := make(chan bool, 1)
	fyne.Do(func() {
		test.Tap(find(t, k, func(b *widget.Button) bool { return b.Text == "⌫" }))
		ran <- strings.Contains(pad.message.Text, "Checking") && pad.cont.Disabled() && len(pad.typed) == patientcode.Length
	})
	select {
	case calm := <-ran:
		if !calm {
			t.Errorf("during the check the pad says %q with %d symbols, continue disabled %v; want it checking the whole code",
				pad.message.Text, len(pad.typed), pad.cont.Disabled())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the UI goroutine did not run other work during the check")
	}
	close(codes.release)
	k.waitScreen(t, kiosk.CheckIn)
}

// onScreen reports whether a label saying text shows.
func (k *kioskFixture) onScreen(text string) bool {
	return walk(k.win.Canvas().Content(), func(o fyne.CanvasObject) bool {
		l, ok := o.(*widget.Label)
		return ok && strings.Contains(l.Text, text)
	})
}

// TestSaveFailedStaysUntilSaved: a drawing that cannot be saved (the
// drafts folder is read-only) gets the calm save-failed card; the card
// stays through the renders that follow (the idle warning comes and goes)
// until "Try again" saves the piece once the folder is writable again.
func TestSaveFailedStaysUntilSaved(t *testing.T) {
	k := newKiosk(t)
	m := k.ui.Machine()
	failed := tr("kiosk.save.failed")
	k.toChoose(t)
	k.tap(t, "Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	k.paintSomething(t)

	drafts := filepath.Join(k.cfg.DataDir, "spool", "drafts")
	if err := syscall.Mount("tmpfs", drafts, "tmpfs", syscall.MS_RDONLY, "size=64k"); err != nil {
		t.Fatalf("make the drafts folder read-only (a tmpfs mounted over it): %v", err)
	}
	mounted := true
	unmount := func() {
		if mounted {
			if err := syscall.Unmount(drafts, 0); err != nil {
				t.Fatalf("unmount %s: %v", drafts, err)
			}
			mounted = false
		}
	}
	t.Cleanup(unmount)

	k.tap(t, "I'm finished")
	deadline := time.Now().Add(60 * time.Second)
	for !k.ui.failureShown.Load() {
		if time.Now().After(deadline) {
			t.Fatal("no save-failed card after a save that could not be written")
		}
		time.Sleep(10 * time.Millisecond) // the save runs on another goroutine
	}
	if !k.onScreen(failed) {
		t.Fatalf("the save-failed card does not say %q", failed)
	}
	// Renders come and go: the idle warning, then the patient is back.
	m.Tick(k.clock.Add(4 * time.Minute))
	k.waitScreen(t, kiosk.IdleWarning)
	m.Activity()
	k.waitScreen(t, kiosk.Studio)
	if !k.ui.failureShown.Load() || !k.onScreen(failed) {
		t.Fatal("the save-failed card was wiped by the next render while the piece is still unsaved")
	}
	if k.ui.Rendered() == kiosk.Tag {
		t.Fatal("tagging shows although the piece was not saved")
	}

	unmount()
	k.tap(t, "Try again")
	k.waitScreen(t, kiosk.Tag)
	if k.ui.failureShown.Load() || k.onScreen(failed) {
		t.Fatal("the save-failed card stayed after the piece was saved")
	}
}
