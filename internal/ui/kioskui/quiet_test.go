package kioskui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/quiet"
)

// openQuiet taps "Quiet space" on the screen showing, turns the sound off
// (on the test driver nothing may change the screen from another
// goroutine while the test looks) and chooses length.
func (k *kioskFixture) openQuiet(t *testing.T, length string) {
	t.Helper()
	k.tap(t, "Quiet space")
	k.waitScreen(t, kiosk.QuietChoose)
	fits := func() {
		t.Helper()
		if s := k.ui.layer.MinSize(); s.Width > MaxMinSize.Width || s.Height > MaxMinSize.Height {
			t.Errorf("%q needs %v, more than %v", k.ui.Rendered(), s, MaxMinSize)
		}
	}
	fits()
	k.tap(t, "Soft sound: on")
	k.tap(t, length)
	k.waitScreen(t, kiosk.Quiet)
	if k.ui.quiet == nil {
		t.Fatal("the quiet space is not on screen")
	}
	fits()
}

// TestQuietSpaceFromChoose: from Choose, the quiet space covers the whole
// screen (no bottom bar), keeps the idle warning away for its whole
// minute, returns to Choose when its time is up, and the idle warning and
// reset then come as usual; the visit record says it was used.
func TestQuietSpaceFromChoose(t *testing.T) {
	k := newKiosk(t, func(d *Deps) { d.Config.Kiosk.IdleMinutes = 0.5; d.Config.Kiosk.CountdownSeconds = 10 })
	m := k.ui.Machine()
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	code, _ := patientcode.New()
	k.enterCode(t, code)
	k.waitScreen(t, kiosk.CheckIn)
	k.tap(t, "Skip")
	k.waitScreen(t, kiosk.Choose)
	k.openQuiet(t, "1 minute")
	if walk(k.win.Content(), func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && (b.Text == tr("kiosk.help.button") || b.Text == tr("kiosk.back"))
	}) {
		t.Error("the bottom bar shows over the quiet space")
	}
	space := k.ui.quiet
	for range 5 { // 50 s without a touch, idle time 30 s
		m.Tick(k.clock.Add(10 * time.Second))
		space.Tick()
	}
	if s := m.Screen(); s != kiosk.Quiet {
		t.Fatalf("50 s into the quiet space the kiosk shows %q", s)
	}
	k.clock.Add(10 * time.Second)
	space.Tick() // its minute is up: it ends, and the kiosk goes back
	k.waitScreen(t, kiosk.Choose)
	if k.ui.quiet != nil {
		t.Error("the quiet space is still held after it ended")
	}
	m.Tick(k.clock.Add(29 * time.Second))
	if s := m.Screen(); s != kiosk.Choose {
		t.Fatalf("29 s after the quiet space the kiosk shows %q, want Choose still", s)
	}
	m.Tick(k.clock.Add(time.Second))
	k.waitScreen(t, kiosk.IdleWarning)
	m.Tick(k.clock.Add(10 * time.Second))
	k.waitScreen(t, kiosk.Welcome)
	if _, visits := k.spooled(t); len(visits) != 1 || visits[0].QuietSpaces != 1 {
		t.Fatalf("visit records %+v, want one that counts one quiet space", visits)
	}
}

// TestQuietSpaceFromWelcome: from Welcome, a tap anywhere leaves gently
// (after the fade) back to Welcome, and no visit is begun or recorded.
func TestQuietSpaceFromWelcome(t *testing.T) {
	k := newKiosk(t)
	k.waitScreen(t, kiosk.Welcome)
	k.openQuiet(t, "3 minutes")
	space := k.ui.quiet
	k.clock.Add(20 * time.Second)
	space.Tick()
	test.Tap(space)
	k.clock.Add(quiet.FadeOut / 2)
	space.Tick()
	if s := k.ui.Machine().Screen(); s != kiosk.Quiet {
		t.Fatalf("halfway through the fade the kiosk shows %q", s)
	}
	k.clock.Add(quiet.FadeOut / 2)
	space.Tick()
	k.waitScreen(t, kiosk.Welcome)
	if pieces, visits := k.spooled(t); len(pieces)+len(visits) != 0 {
		t.Fatalf("the quiet space from Welcome left %d pieces and %d visit records", len(pieces), len(visits))
	}
}
