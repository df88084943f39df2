package kioskui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/staffpin"
)

// TestHelpButton: "I'd like someone to come" gives the patient a calm
// confirmation and staff an alert that carries no patient data.
func TestHelpButton(t *testing.T) {
	alerts := make(chan kiosk.Alert, 1)
	k := newKiosk(t, func(d *Deps) {
		d.Alerter = kiosk.AlerterFunc(func(_ context.Context, a kiosk.Alert) error { alerts <- a; return nil })
	})
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	k.tap(t, "I'd like someone to come")
	k.waitScreen(t, kiosk.HelpConfirm)
	select {
	case a := <-alerts:
		if a.Event != kiosk.EventHelp {
			t.Fatalf("alert %+v, want a help event", a)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("staff were not alerted")
	}
	k.tap(t, "Thank you")
	k.waitScreen(t, kiosk.PatientCode)
}

// TestStaffCornerPINAndExit: a long press on the corner asks for the PIN;
// wrong PINs are refused, then slowed down; the right one opens the panel,
// whose Exit is the only way to quit.
func TestStaffCornerPINAndExit(t *testing.T) {
	hash, err := staffpin.Hash("2468")
	if err != nil {
		t.Fatal(err)
	}
	quit := make(chan struct{})
	k := newKiosk(t, func(d *Deps) {
		d.Config.Kiosk.StaffPINHash = hash
		d.Quit = func() { close(quit) }
	})
	corner := find(t, k, func(*staffCorner) bool { return true })
	now := time.Now()
	corner.now = func() time.Time { return now }
	corner.MouseDown(&desktop.MouseEvent{})
	now = now.Add(time.Second) // a short press is not the gesture
	corner.MouseUp(&desktop.MouseEvent{})
	if s := k.ui.Machine().Screen(); s != kiosk.Welcome {
		t.Fatalf("a short press opened %q", s)
	}
	corner.MouseDown(&desktop.MouseEvent{})
	now = now.Add(LongPress)
	corner.MouseUp(&desktop.MouseEvent{})
	k.waitScreen(t, kiosk.StaffUnlock)

	message := func() string {
		return find(t, k, func(l *widget.Label) bool {
			return strings.Contains(l.Text, "PIN") || strings.Contains(l.Text, "wait")
		}).Text
	}
	// try types pin and waits for the pad's answer (checked off the UI goroutine).
	try := func(pin string) string {
		answered := k.ui.staff.answers.Load()
		for _, d := range pin {
			k.tap(t, string(d))
		}
		k.tap(t, "OK")
		deadline := time.Now().Add(10 * time.Second)
		for k.ui.Rendered() != kiosk.StaffPanel && k.ui.staff.answers.Load() == answered {
			if time.Now().After(deadline) {
				t.Fatal("the PIN pad never answered")
			}
			time.Sleep(10 * time.Millisecond) // polling the PIN check's goroutine
		}
		if k.ui.Rendered() == kiosk.StaffPanel {
			return ""
		}
		return message()
	}
	var waits []time.Duration
	for i := 0; i < 5; i++ {
		if msg := try("1111"); !strings.Contains(msg, "Not that PIN") {
			t.Fatalf("wrong PIN %d: the pad says %q", i+1, msg)
		}
		wait := k.ui.Machine().StaffWait()
		waits = append(waits, wait)
		if wait > 0 {
			// A try during the wait is refused without being checked.
			if msg := try("2468"); !strings.Contains(msg, "wait") {
				t.Fatalf("a try during the wait: the pad says %q", msg)
			}
			k.clock.Add(wait)
		}
	}
	for i := 1; i < len(waits); i++ {
		if waits[i] < waits[i-1] {
			t.Fatalf("waits after wrong PINs %v shrink", waits)
		}
	}
	if waits[4] <= waits[2] || waits[2] == 0 {
		t.Fatalf("waits after five wrong PINs %v, want a growing delay", waits)
	}
	t.Logf("waits after each wrong PIN: %v", waits)
	// The right PIN opens the panel.
	try("2468")
	k.waitScreen(t, kiosk.StaffPanel)
	find(t, k, func(l *widget.Label) bool { return strings.HasPrefix(l.Text, "Waiting to upload: ") })
	find(t, k, func(l *widget.Label) bool { return strings.HasPrefix(l.Text, "Free storage: ") })
	test.Tap(find(t, k, func(b *widget.Button) bool { return b.Text == "Quit the kiosk" }))
	select {
	case <-quit:
	case <-time.After(10 * time.Second):
		t.Fatal("Exit on the staff panel did not quit")
	}
}
