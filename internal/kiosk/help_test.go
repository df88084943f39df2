package kiosk

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// eventually waits until cond holds: help is delivered on goroutines.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(5 * time.Millisecond) // polling work done on other goroutines
	}
}

func waitScreen(t *testing.T, m *Machine, want Screen) {
	t.Helper()
	eventually(t, "screen "+string(want)+" (shows "+string(m.Screen())+")", func() bool { return m.Screen() == want })
}

// fakeAlerter fails its first fail calls, then delivers; it counts calls.
type fakeAlerter struct {
	mu    sync.Mutex
	fail  int
	calls int
	gate  chan struct{} // if set, each call waits for a value
	got   []Alert
}

func (f *fakeAlerter) Alert(ctx context.Context, a Alert) error {
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	f.got = append(f.got, a)
	if f.fail > 0 {
		f.fail--
		return errors.New("no output device")
	}
	return nil
}

func (f *fakeAlerter) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func onlyRequest(t *testing.T, m *Machine) HelpRequest {
	t.Helper()
	open := m.Help().Open()
	if len(open) != 1 {
		t.Fatalf("%d open help requests, want 1", len(open))
	}
	return open[0]
}

// TestHelpDelivered: the patient sees "asking" at once, and "staff know"
// only once the alert was delivered; the request stays open (the beacon)
// until staff clear it.
func TestHelpDelivered(t *testing.T) {
	chime := &fakeAlerter{gate: make(chan struct{})}
	r := newRig(t, func(c *Config) { c.HelpChannels = []HelpChannel{{Name: "chime", Alerter: chime}} })
	m := r.m
	toStudio(t, m, newCode(t), piece.Drawing)
	must(t, m.RequestHelp())
	wantScreen(t, m, HelpSending)
	if req := onlyRequest(t, m); req.IsDelivered() || !req.Sending || !req.Asked.Equal(r.clock.Now()) {
		t.Fatalf("while sending: %+v", req)
	}
	if err := m.StudioDone(); !errors.Is(err, ErrNotNow) {
		t.Fatal("studio events must wait while the help overlay shows")
	}
	chime.gate <- struct{}{}
	waitScreen(t, m, HelpConfirm)
	m.Help().Wait()
	req := onlyRequest(t, m)
	if !req.IsDelivered() || !slices.Equal(req.By, []string{"chime"}) || req.Attempts != 1 || req.Sending {
		t.Fatalf("after delivery: %+v", req)
	}
	if a := chime.got[0]; a.Event != EventHelp || !a.Time.Equal(req.Asked) {
		t.Fatalf("alert %+v", a)
	}
	must(t, m.HelpDone())
	wantScreen(t, m, Studio)
	if len(m.Help().Open()) != 1 {
		t.Fatal("closing the overlay cleared the request: staff have not come yet")
	}
	// Delivered: no retries.
	m.Tick(r.clock.Add(time.Hour))
	m.Help().Wait()
	if chime.count() != 1 {
		t.Fatalf("%d chimes for a delivered request, want 1", chime.count())
	}
	must(t, m.Help().Clear(req.ID))
	if len(m.Help().Open()) != 0 {
		t.Fatal("the request is still open after staff cleared it")
	}
	if err := m.Help().Clear(req.ID); !errors.Is(err, ErrNoSuchHelpRequest) {
		t.Fatalf("clearing twice: %v", err)
	}
	logs := r.logs.String()
	for _, want := range []string{"help requested", "help alert delivered", "channel=chime", "help request cleared"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %q", want)
		}
	}
}

// TestHelpNotDeliveredThenRetried: no channel delivers, so the patient is
// told to wave or call out; retries follow a growing backoff on the
// machine's clock, and the overlay turns to "staff know" when one delivers.
func TestHelpNotDeliveredThenRetried(t *testing.T) {
	chime := &fakeAlerter{fail: 2}
	backoff := func(n int) time.Duration { return time.Duration(n) * 10 * time.Second }
	r := newRig(t, func(c *Config) {
		c.HelpChannels = []HelpChannel{{Name: "chime", Alerter: chime}}
		c.HelpBackoff = backoff
	})
	m := r.m
	must(t, m.Begin())
	must(t, m.RequestHelp())
	waitScreen(t, m, HelpNotDelivered)
	m.Help().Wait()
	req := onlyRequest(t, m)
	if req.IsDelivered() || req.Attempts != 1 || !req.NextTry.Equal(r.clock.Now().Add(10*time.Second)) {
		t.Fatalf("after the first failure: %+v", req)
	}
	// Not due yet: no attempt.
	m.Tick(r.clock.Add(9 * time.Second))
	m.Help().Wait()
	if chime.count() != 1 {
		t.Fatalf("%d attempts before the retry was due", chime.count())
	}
	m.Tick(r.clock.Add(time.Second))
	eventually(t, "the second attempt", func() bool { return m.Help().Open()[0].Attempts == 2 })
	if req := onlyRequest(t, m); req.IsDelivered() || !req.NextTry.Equal(r.clock.Now().Add(20*time.Second)) {
		t.Fatalf("after the second failure: %+v", req)
	}
	wantScreen(t, m, HelpNotDelivered)
	m.Tick(r.clock.Add(20 * time.Second))
	waitScreen(t, m, HelpConfirm)
	m.Help().Wait()
	if req := onlyRequest(t, m); !req.IsDelivered() || req.Attempts != 3 || chime.count() != 3 {
		t.Fatalf("after the third attempt: %+v, %d calls", req, chime.count())
	}
	if !strings.Contains(r.logs.String(), "help alert not delivered") {
		t.Fatal("the failures were not logged for staff")
	}
}

// TestHelpNoChannel: with no way to tell staff, the patient is never told
// that staff know.
func TestHelpNoChannel(t *testing.T) {
	r := newRig(t, nil)
	m := r.m
	must(t, m.RequestHelp())
	waitScreen(t, m, HelpNotDelivered)
	m.Help().Wait()
	m.Tick(r.clock.Add(DefaultHelpBackoff(1)))
	m.Help().Wait()
	if req := onlyRequest(t, m); req.IsDelivered() || req.Attempts != 2 {
		t.Fatalf("%+v", req)
	}
	wantScreen(t, m, HelpNotDelivered)
}

// TestHelpSurvivesIdleReset: an undelivered request stays open through the
// idle reset, retries go on for the next patient's screens, and clearing it
// stops them.
func TestHelpSurvivesIdleReset(t *testing.T) {
	chime := &fakeAlerter{fail: 1000}
	r := newRig(t, func(c *Config) {
		c.HelpChannels = []HelpChannel{{Name: "chime", Alerter: chime}}
		c.HelpBackoff = func(int) time.Duration { return 30 * time.Second }
	})
	m := r.m
	toStudio(t, m, newCode(t), piece.Drawing)
	must(t, m.RequestHelp())
	waitScreen(t, m, HelpNotDelivered)
	m.Help().Wait()
	m.Tick(r.clock.Add(3 * time.Minute)) // idle: the warning replaces the help overlay
	m.Help().Wait()
	wantScreen(t, m, IdleWarning)
	m.Tick(r.clock.Add(time.Minute))
	wantScreen(t, m, Welcome)
	if r.resetCount() != 1 {
		t.Fatalf("%d resets", r.resetCount())
	}
	m.Help().Wait()
	req := onlyRequest(t, m)
	if req.IsDelivered() || req.Attempts < 2 {
		t.Fatalf("after the reset: %+v", req)
	}
	before := chime.count()
	m.Tick(r.clock.Add(30 * time.Second))
	m.Help().Wait()
	if chime.count() != before+1 {
		t.Fatalf("no retry after the reset: %d calls, then %d", before, chime.count())
	}
	must(t, m.Help().Clear(req.ID))
	m.Tick(r.clock.Add(time.Hour))
	m.Help().Wait()
	if chime.count() != before+1 {
		t.Fatal("retries went on after staff cleared the request")
	}
	wantScreen(t, m, Welcome)
}

// TestHelpAskedAgain: asking again while a request is undelivered retries it
// at once instead of opening another; asking after delivery opens a new one.
func TestHelpAskedAgain(t *testing.T) {
	chime := &fakeAlerter{fail: 1}
	r := newRig(t, func(c *Config) { c.HelpChannels = []HelpChannel{{Name: "chime", Alerter: chime}} })
	m := r.m
	must(t, m.RequestHelp())
	waitScreen(t, m, HelpNotDelivered)
	m.Help().Wait()
	must(t, m.HelpDone())
	must(t, m.RequestHelp()) // no clock change: retried at once anyway
	waitScreen(t, m, HelpConfirm)
	m.Help().Wait()
	if req := onlyRequest(t, m); !req.IsDelivered() || req.Attempts != 2 {
		t.Fatalf("%+v", req)
	}
	must(t, m.HelpDone())
	must(t, m.RequestHelp())
	waitScreen(t, m, HelpConfirm)
	m.Help().Wait()
	if n := len(m.Help().Open()); n != 2 {
		t.Fatalf("%d open requests, want 2", n)
	}
}

// TestHelpClearCancelsAttempt: clearing a request whose attempt hangs ends
// the attempt; staff being there closes the help overlay.
func TestHelpClearCancelsAttempt(t *testing.T) {
	hang := &fakeAlerter{gate: make(chan struct{})}
	r := newRig(t, func(c *Config) { c.HelpChannels = []HelpChannel{{Name: "webhook", Alerter: hang}} })
	m := r.m
	must(t, m.RequestHelp())
	wantScreen(t, m, HelpSending)
	must(t, m.Help().Clear(onlyRequest(t, m).ID))
	m.Help().Wait() // returns only because the attempt was cancelled
	wantScreen(t, m, Welcome)
	if hang.count() != 0 {
		t.Fatal("the hung attempt was counted as a call")
	}
}

// TestHelpWebhook500Then200: the real webhook against a server that fails
// once, through the help desk's own retry.
func TestHelpWebhook500Then200(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	hook, err := NewWebhook(srv.URL, "lounge-1")
	if err != nil {
		t.Fatal(err)
	}
	hook.Attempts = 1 // the desk retries
	r := newRig(t, func(c *Config) {
		c.HelpChannels = []HelpChannel{{Name: "webhook", Alerter: hook}}
		c.HelpBackoff = func(int) time.Duration { return time.Minute }
	})
	m := r.m
	must(t, m.Begin())
	must(t, m.RequestHelp())
	waitScreen(t, m, HelpNotDelivered)
	m.Help().Wait()
	if strings.Contains(r.logs.String(), srv.URL) {
		t.Fatal("the log holds the webhook's URL")
	}
	m.Tick(r.clock.Add(time.Minute))
	waitScreen(t, m, HelpConfirm)
	m.Help().Wait()
	if req := onlyRequest(t, m); !slices.Equal(req.By, []string{"webhook"}) || calls.Load() != 2 {
		t.Fatalf("%+v after %d requests", req, calls.Load())
	}
}

func TestDefaultHelpBackoff(t *testing.T) {
	want := []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second, 2 * time.Minute, 2 * time.Minute}
	for i, w := range want {
		if got := DefaultHelpBackoff(i + 1); got != w {
			t.Errorf("backoff after attempt %d = %v, want %v", i+1, got, w)
		}
	}
}

// TestHelpChangesAnnouncedInOrder: the UI hears of a new request (to light
// its beacon) before the help overlay is announced, and of the outcome
// before the overlay that tells it.
func TestHelpChangesAnnouncedInOrder(t *testing.T) {
	chime := &fakeAlerter{fail: 1, gate: make(chan struct{})}
	r := newRig(t, func(c *Config) { c.HelpChannels = []HelpChannel{{Name: "chime", Alerter: chime}} })
	m := r.m
	var mu sync.Mutex
	var heard []string
	m.OnChange(func(s Screen) { mu.Lock(); heard = append(heard, string(s)); mu.Unlock() })
	m.OnHelpChange(func() {
		open := m.Help().Open()
		mu.Lock()
		heard = append(heard, "help:"+strconv.Itoa(len(open)))
		mu.Unlock()
	})
	must(t, m.RequestHelp())
	chime.gate <- struct{}{}
	waitScreen(t, m, HelpNotDelivered)
	m.Help().Wait()
	mu.Lock()
	got := slices.Clone(heard)
	mu.Unlock()
	want := []string{"help:1", "help-sending", "help:1", "help-not-delivered"}
	if !slices.Equal(got, want) {
		t.Fatalf("heard %q, want %q", got, want)
	}
}
