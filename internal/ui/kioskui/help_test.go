package kioskui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// gatedAlerter waits for a verdict per call: nil delivers, an error fails.
type gatedAlerter struct {
	verdicts chan error
	mu       sync.Mutex
	calls    int
}

func (g *gatedAlerter) Alert(ctx context.Context, _ kiosk.Alert) error {
	g.mu.Lock()
	g.calls++
	g.mu.Unlock()
	select {
	case err := <-g.verdicts:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g *gatedAlerter) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.calls
}

// texts is every text on screen, for asserting what the patient reads.
func (k *kioskFixture) texts() string {
	var b strings.Builder
	walk(k.win.Canvas().Content(), func(o fyne.CanvasObject) bool {
		switch v := o.(type) {
		case *canvas.Text:
			b.WriteString(v.Text + "\n")
		case *widget.Label:
			b.WriteString(v.Text + "\n")
		}
		return false
	})
	return b.String()
}

func (k *kioskFixture) wantText(t *testing.T, want ...string) {
	t.Helper()
	got := k.texts()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("screen %q does not say %q; it says:\n%s", k.ui.Rendered(), w, got)
		}
	}
}

func (k *kioskFixture) wantNoText(t *testing.T, unwanted ...string) {
	t.Helper()
	got := k.texts()
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			t.Errorf("screen %q says %q", k.ui.Rendered(), w)
		}
	}
}

// wantBeacon checks that the beacon is lit (an amber band across the top,
// over everything, saying when help was asked for) or off.
func (k *kioskFixture) wantBeacon(t *testing.T, lit bool) {
	t.Helper()
	b := k.ui.beacon
	if b.root.Visible() != lit {
		t.Fatalf("beacon lit = %v, want %v (screen %q)", b.root.Visible(), lit, k.ui.Rendered())
	}
	if !lit {
		return
	}
	objs := k.ui.layer.Objects
	if objs[len(objs)-2] != b.root {
		t.Fatal("the beacon is not over the screen and its overlays")
	}
	band := b.root.Objects[0]
	if band.Position() != (fyne.Position{}) || band.Size().Width != k.win.Canvas().Size().Width || band.Size().Height < 48 {
		t.Fatalf("beacon band at %v size %v, want across the top of a %v window", band.Position(), band.Size(), k.win.Canvas().Size())
	}
	lamp := find(t, k, func(r *canvas.Rectangle) bool { return r.FillColor == theme.Beacon })
	if lamp.Size() != band.Size() {
		t.Fatalf("lamp size %v, band %v", lamp.Size(), band.Size())
	}
	if !strings.HasPrefix(b.text.Text, "Help was asked for at ") {
		t.Fatalf("beacon says %q", b.text.Text)
	}
}

// wantOverlayFits checks that the overlay showing fits 1280×800.
func (k *kioskFixture) wantOverlayFits(t *testing.T) {
	t.Helper()
	objs := k.ui.layer.Objects
	overlay := objs[len(objs)-3]
	if min := overlay.MinSize(); min.Width > 1280 || min.Height > 800-beaconHeight {
		t.Fatalf("overlay %q needs %v; it must fit 1280×800 under the beacon", k.ui.Rendered(), min)
	}
}

// TestHelpTellsTheTruth: the patient reads "asking" at once, "wave or call
// out" when no alert got through, and "we've let the staff know" only once
// one did; the beacon stays lit through it all and through an idle reset,
// until staff clear the request on the staff panel.
func TestHelpTellsTheTruth(t *testing.T) {
	chime := &gatedAlerter{verdicts: make(chan error)}
	k := newKiosk(t, func(d *Deps) { d.HelpChannels = []kiosk.HelpChannel{{Name: "chime", Alerter: chime}} })
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	k.wantBeacon(t, false)

	k.tap(t, "I'd like someone to come")
	k.waitScreen(t, kiosk.HelpSending)
	k.wantText(t, "Asking staff to come…")
	k.wantNoText(t, "We've let the staff know", "on their way")
	k.wantBeacon(t, true)
	k.wantOverlayFits(t)

	chime.verdicts <- errors.New("no output device")
	k.waitScreen(t, kiosk.HelpNotDelivered)
	k.wantText(t, "Please wave or call out — staff are close by.")
	k.wantNoText(t, "We've let the staff know", "on their way")
	k.wantBeacon(t, true)
	k.wantOverlayFits(t)

	// The retry is due after the backoff, on the kiosk's clock.
	k.ui.Machine().Help().Wait()
	k.ui.tickAt(k.clock.Add(kiosk.DefaultHelpBackoff(1)))
	chime.verdicts <- nil
	k.waitScreen(t, kiosk.HelpConfirm)
	k.wantText(t, "We've let the staff know.")
	k.wantBeacon(t, true)
	k.wantOverlayFits(t)
	k.tap(t, "Thank you")
	k.waitScreen(t, kiosk.PatientCode)
	k.wantBeacon(t, true) // staff have not come yet

	// The idle reset leaves the request and its beacon for staff.
	k.ui.tickAt(k.clock.Add(3 * time.Minute))
	k.waitScreen(t, kiosk.IdleWarning)
	k.wantBeacon(t, true)
	k.ui.tickAt(k.clock.Add(time.Minute))
	k.waitScreen(t, kiosk.Welcome)
	k.wantBeacon(t, true)

	openStaffPanel(t, k, DevStaffPIN)
	k.wantBeacon(t, true)
	k.wantText(t, "Help requests", "staff were told (chime)")
	k.tap(t, "Clear")
	k.wantText(t, "No open help requests.")
	k.wantBeacon(t, false)
	if n := len(k.ui.Machine().Help().Open()); n != 0 {
		t.Fatalf("%d open requests after Clear", n)
	}
}

// TestHelpNeverDeliveredListedForStaff: with no way to reach staff the
// patient is asked to wave or call out; the staff panel lists the request
// as not delivered with its tries, live, and Clear stops the retries.
func TestHelpNeverDeliveredListedForStaff(t *testing.T) {
	webhook := &gatedAlerter{verdicts: make(chan error, 10)}
	for range 10 {
		webhook.verdicts <- errors.New("server answered 500")
	}
	k := newKiosk(t, func(d *Deps) { d.HelpChannels = []kiosk.HelpChannel{{Name: "webhook", Alerter: webhook}} })
	h := k.ui.Machine().Help()
	k.tap(t, "I'd like someone to come")
	k.waitScreen(t, kiosk.HelpNotDelivered)
	h.Wait()
	k.tap(t, "OK")
	k.waitScreen(t, kiosk.Welcome)
	k.wantBeacon(t, true)

	openStaffPanel(t, k, DevStaffPIN)
	k.wantText(t, "NOT delivered yet (1 try); still trying")
	k.ui.tickAt(k.clock.Add(kiosk.DefaultHelpBackoff(1)))
	h.Wait()
	k.wantText(t, "NOT delivered yet (2 tries); still trying")
	k.tap(t, "Clear")
	k.wantBeacon(t, false)
	calls := webhook.count()
	k.ui.tickAt(k.clock.Add(time.Hour))
	h.Wait()
	if webhook.count() != calls {
		t.Fatal("delivery was retried after staff cleared the request")
	}
}

// TestIdleCountdownSaysWhen: the countdown reads naturally ("1 second"),
// counts down on the kiosk's clock, and the reset happens exactly when it
// says, not a beat later (issue 11: it sat at 1).
func TestIdleCountdownSaysWhen(t *testing.T) {
	k := newKiosk(t)
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	k.ui.tickAt(k.clock.Add(3 * time.Minute))
	k.waitScreen(t, kiosk.IdleWarning)
	countdown := func() string {
		return find(t, k, func(l *widget.Label) bool { return strings.HasPrefix(l.Text, "Starting over in") }).Text
	}
	if got := countdown(); got != "Starting over in 60 seconds" {
		t.Fatalf("the countdown starts with %q", got)
	}
	for left := 59; left >= 1; left-- {
		k.ui.tickAt(k.clock.Add(time.Second))
		want := "Starting over in " + strconv.Itoa(left) + " seconds"
		if left == 1 {
			want = "Starting over in 1 second"
		}
		if got := countdown(); got != want {
			t.Fatalf("%d s before the reset the countdown says %q, want %q", left, got, want)
		}
	}
	// Half a second to go still says 1 (never 0 while time remains).
	k.ui.tickAt(k.clock.Add(500 * time.Millisecond))
	if got := countdown(); got != "Starting over in 1 second" {
		t.Fatalf("half a second before the reset: %q", got)
	}
	k.ui.tickAt(k.clock.Add(500 * time.Millisecond))
	k.waitScreen(t, kiosk.Welcome)
}
