package kioskui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/kioskprefs"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote/remotetest"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/staffpin"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
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
	quit := make(chan struct{})
	k := newKiosk(t, withStaffPIN(t), func(d *Deps) { d.Quit = func() { close(quit) } })
	pressCorner(t, k, time.Second) // a short press is not the gesture
	if s := k.ui.Machine().Screen(); s != kiosk.Welcome {
		t.Fatalf("a short press opened %q", s)
	}
	pressCorner(t, k, LongPress)
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

// withStaffPIN gives the kiosk the staff PIN 2468.
func withStaffPIN(t *testing.T) func(*Deps) {
	t.Helper()
	hash, err := staffpin.Hash("2468")
	if err != nil {
		t.Fatal(err)
	}
	return func(d *Deps) { d.Config.Kiosk.StaffPINHash = hash }
}

// pressCorner holds the window down at (20, 20), in the top-left corner,
// for d: the press goes where the real driver would send it.
func pressCorner(t *testing.T, k *kioskFixture, d time.Duration) {
	t.Helper()
	pressAt(t, k, fyne.NewPos(20, 20), d)
}

// hitTest finds what the real (glfw) driver sends a press at pos on the
// window to: the topmost visible object there that takes taps or mouse
// input, through the window's real layout; and pos in its coordinates.
func hitTest(k *kioskFixture, pos fyne.Position) (fyne.CanvasObject, fyne.Position) {
	var found fyne.CanvasObject
	var at fyne.Position
	var visit func(o fyne.CanvasObject, origin fyne.Position)
	visit = func(o fyne.CanvasObject, origin fyne.Position) {
		if o == nil || !o.Visible() {
			return
		}
		p := origin.Add(o.Position())
		if pos.X >= p.X && pos.Y >= p.Y && pos.X < p.X+o.Size().Width && pos.Y < p.Y+o.Size().Height {
			switch o.(type) {
			case fyne.Tappable, fyne.SecondaryTappable, fyne.DoubleTappable, fyne.Focusable, desktop.Mouseable:
				found, at = o, pos.Subtract(p)
			}
		}
		switch v := o.(type) {
		case *fyne.Container:
			for _, c := range v.Objects {
				visit(c, p)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				visit(c, p)
			}
		}
	}
	visit(k.win.Canvas().Content(), fyne.Position{})
	return found, at
}

// pressAt presses at pos for d (on the corner's clock), then lifts; the
// press must land on the staff corner.
func pressAt(t *testing.T, k *kioskFixture, pos fyne.Position, d time.Duration) {
	t.Helper()
	o, at := hitTest(k, pos)
	c, ok := o.(*staffCorner)
	if !ok {
		t.Fatalf("a press at %v on %q goes to %T, not the staff corner", pos, k.ui.Rendered(), o)
	}
	// The corner's timer runs on a fake clock: the press lasts d.
	var timer func()
	var wait time.Duration
	stopped := false
	c.after = func(w time.Duration, f func()) func() bool {
		timer, wait = f, w
		return func() bool { stopped = true; return true }
	}
	ev := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at, AbsolutePosition: pos}, Button: desktop.MouseButtonPrimary}
	c.MouseDown(ev)
	if d >= wait {
		timer() // held long enough: the PIN pad opens before the lift
	}
	c.MouseUp(ev)
	if d < wait && !stopped {
		t.Fatal("a short press left the corner's timer running")
	}
}

// TestStaffCornerOnTheWindow: the corner is a real 96×96 square at the
// window's top-left, over every screen and overlay (even the help beacon),
// and takes nothing outside it: the screen's own buttons still get taps, and
// an overlay's, but not the dimmed screen's behind it.
func TestStaffCornerOnTheWindow(t *testing.T) {
	k := newKiosk(t)
	for _, pos := range []fyne.Position{{X: 1, Y: 1}, {X: 20, Y: 20}, {X: 95, Y: 95}} {
		if o, _ := hitTest(k, pos); o == nil || o != fyne.CanvasObject(find(t, k, func(*staffCorner) bool { return true })) {
			t.Fatalf("a press at %v goes to %T, not the staff corner", pos, o)
		}
	}
	if o, _ := hitTest(k, fyne.NewPos(97, 97)); o != nil {
		if _, ok := o.(*staffCorner); ok {
			t.Fatal("the corner reaches past 96×96")
		}
	}
	begin := find(t, k, func(b *widget.Button) bool { return b.Text == "Begin" })
	centre := fyne.CurrentApp().Driver().AbsolutePositionForObject(begin).Add(fyne.NewPos(begin.Size().Width/2, begin.Size().Height/2))
	if o, _ := hitTest(k, centre); o != fyne.CanvasObject(begin) {
		t.Fatalf("a tap on Begin goes to %T", o)
	}
	// Over an overlay and the lit beacon, the corner still opens the PIN pad.
	helpB := find(t, k, func(b *widget.Button) bool { return b.Text == "I'd like someone to come" })
	helpAt := fyne.CurrentApp().Driver().AbsolutePositionForObject(helpB).Add(fyne.NewPos(helpB.Size().Width/2, helpB.Size().Height/2))
	k.tap(t, "I'd like someone to come")
	k.waitScreen(t, kiosk.HelpNotDelivered)
	k.wantBeacon(t, true)
	// The dimmed screen under the overlay takes no taps; the overlay's do.
	if o, _ := hitTest(k, helpAt); o == fyne.CanvasObject(helpB) {
		t.Fatal("a tap on the help button behind the overlay reaches it")
	} else if _, ok := o.(*tapShield); !ok {
		t.Fatalf("a tap behind the overlay goes to %T", o)
	}
	ok := find(t, k, func(b *widget.Button) bool { return b.Text == "OK" })
	okAt := fyne.CurrentApp().Driver().AbsolutePositionForObject(ok).Add(fyne.NewPos(ok.Size().Width/2, ok.Size().Height/2))
	if o, _ := hitTest(k, okAt); o != fyne.CanvasObject(ok) {
		t.Fatalf("a tap on the overlay's OK goes to %T", o)
	}
	pressCorner(t, k, LongPress-time.Millisecond)
	if s := k.ui.Machine().Screen(); s != kiosk.HelpNotDelivered {
		t.Fatalf("a press shorter than %v opened %q", LongPress, s)
	}
	pressCorner(t, k, LongPress)
	k.waitScreen(t, kiosk.StaffUnlock)
}

// openStaffPanel makes the corner gesture and types pin.
func openStaffPanel(t *testing.T, k *kioskFixture, pin string) {
	t.Helper()
	pressCorner(t, k, LongPress)
	k.waitScreen(t, kiosk.StaffUnlock)
	for _, d := range pin {
		k.tap(t, string(d))
	}
	k.tap(t, "OK")
	k.waitScreen(t, kiosk.StaffPanel)
}

// TestStaffPreferences: staff pick a microphone and switch high contrast on
// from the panel; both hold at once, are used by the studios, survive a
// restart, and a damaged preferences file falls back to the configuration.
func TestStaffPreferences(t *testing.T) {
	const usb = "USB Audio: mic (hw:1,0)"
	devices := func() ([]string, error) { return []string{"pulse", usb}, nil }
	k := newKiosk(t, withStaffPIN(t), func(d *Deps) { d.Microphones = devices })
	dataDir := k.cfg.DataDir
	if th := k.ui.app.Settings().Theme().(*theme.Theme); th.HighContrast() || k.ui.microphone() != "" {
		t.Fatalf("fresh kiosk: high contrast %v, microphone %q", th.HighContrast(), k.ui.microphone())
	}
	openStaffPanel(t, k, "2468")

	sel := find(t, k, func(*widget.Select) bool { return true })
	if len(sel.Options) != 3 || sel.Selected != "The system's default" {
		t.Fatalf("picker offers %q and shows %q, want the default and two devices", sel.Options, sel.Selected)
	}
	sel.SetSelected(usb)
	if k.ui.microphone() != usb {
		t.Fatalf("recordings would use %q, want %q", k.ui.microphone(), usb)
	}
	test.Tap(find(t, k, func(b *widget.Button) bool { return b.Text == "High contrast: off" }))
	if th := k.ui.app.Settings().Theme().(*theme.Theme); !th.HighContrast() {
		t.Fatal("the theme did not switch to high contrast")
	}
	find(t, k, func(b *widget.Button) bool { return b.Text == "High contrast: on" })

	// The next start, same data folder, configuration unchanged.
	k2 := newKiosk(t, func(d *Deps) { d.Config.DataDir = dataDir; d.Microphones = devices })
	if th := k2.ui.app.Settings().Theme().(*theme.Theme); !th.HighContrast() || k2.ui.microphone() != usb {
		t.Fatalf("after a restart: high contrast %v, microphone %q", th.HighContrast(), k2.ui.microphone())
	}

	// A damaged file: the configuration's values, and the kiosk still starts.
	if err := os.WriteFile(filepath.Join(dataDir, kioskprefs.FileName), []byte(`{"microphone": "x`), 0o600); err != nil {
		t.Fatal(err)
	}
	k3 := newKiosk(t, func(d *Deps) {
		d.Config.DataDir = dataDir
		d.Config.Kiosk.Microphone = "from config"
	})
	if th := k3.ui.app.Settings().Theme().(*theme.Theme); th.HighContrast() || k3.ui.microphone() != "from config" {
		t.Fatalf("damaged preferences: high contrast %v, microphone %q", th.HighContrast(), k3.ui.microphone())
	}
}

// TestStaffRetriesHeldPieces: a piece the outbox holds (a different object
// already under its key) shows on the staff panel with a retry button; once
// the conflicting object is gone, the retry uploads it.
func TestStaffRetriesHeldPieces(t *testing.T) {
	k := newKiosk(t, withStaffPIN(t))
	st := k.ui.deps.Station
	code, err := patientcode.New()
	if err != nil {
		t.Fatal(err)
	}
	m := piece.New(piece.Drawing, st.Config.KioskID, string(code), time.Now().UTC().Add(-time.Minute))
	m.Finished = m.Started.Add(30 * time.Second)
	if err := st.Spool.Save(t.Context(), m, []spool.BlobSource{
		spool.Bytes("", piece.RoleOriginal, "image/png", []byte("a drawing")),
	}); err != nil {
		t.Fatal(err)
	}
	squatter := piece.ObjectKey(st.Config.KioskID, m.ID, "b1")
	remotetest.Put(t, st.Remote, squatter, remotetest.RandomBlob(64))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go st.Outbox.Run(ctx)
	if err := st.Outbox.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if held := st.Outbox.Status().Held; len(held) != 1 || held[0].ID != m.ID {
		t.Fatalf("held %+v, want the piece", held)
	}

	openStaffPanel(t, k, "2468")
	find(t, k, func(l *widget.Label) bool {
		return l.Text == "Kept on this kiosk, not uploadable (see the log): 1 piece"
	})
	if err := st.Remote.Delete(ctx, squatter); err != nil {
		t.Fatal(err)
	}
	retry := find(t, k, func(b *widget.Button) bool { return b.Text == "Try the kept pieces again" })
	test.Tap(retry)
	if !retry.Disabled() || retry.Text != "Trying again: see the count next time" {
		t.Fatalf("after tapping: %q, disabled %v", retry.Text, retry.Disabled())
	}
	if err := st.Outbox.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if s := st.Outbox.Status(); len(s.Held) != 0 || s.Uploaded != 1 {
		t.Fatalf("after the retry: held %+v, uploaded %d", s.Held, s.Uploaded)
	}
	if _, err := st.Remote.Stat(ctx, piece.ObjectKey(st.Config.KioskID, m.ID, "manifest")); err != nil {
		t.Fatalf("the piece's manifest is not in the remote: %v", err)
	}
}
