package kiosk

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// toChoose walks a fresh machine to Choose, the check-in mood skipped.
func toChoose(t *testing.T, m *Machine) {
	t.Helper()
	must(t, m.Begin())
	must(t, m.EnterCode(newCode(t).String()))
	must(t, m.CheckedIn(nil))
	wantScreen(t, m, Choose)
}

// TestQuietSpaceFromChoose: the quiet space runs for its time with no idle
// warning however long nobody touches the screen, returns to Choose when
// it ends, counts in the visit, and the idle warning and reset come as
// usual afterwards.
func TestQuietSpaceFromChoose(t *testing.T) {
	r := newRig(t, func(c *Config) { c.IdleAfter = 30 * time.Second; c.IdleCountdown = 10 * time.Second })
	m, clock := r.m, r.clock
	toChoose(t, m)
	must(t, m.OpenQuiet())
	wantScreen(t, m, QuietChoose)
	must(t, m.Back()) // changed their mind
	wantScreen(t, m, Choose)
	must(t, m.OpenQuiet())
	if err := m.StartQuiet(2 * time.Minute); err == nil {
		t.Fatal("a length the quiet space does not offer was accepted")
	}
	must(t, m.StartQuiet(time.Minute))
	wantScreen(t, m, Quiet)
	if m.CanGoBack() {
		t.Error("Back is offered while the quiet space runs")
	}
	for range 6 { // a minute without a touch: no warning
		m.Tick(clock.Add(10 * time.Second))
		wantScreen(t, m, Quiet)
	}
	must(t, m.EndQuiet())
	wantScreen(t, m, Choose)
	if got := m.Visit().QuietSpaces; got != 1 {
		t.Errorf("the visit counts %d quiet spaces, want 1", got)
	}
	m.Tick(clock.Add(29 * time.Second))
	wantScreen(t, m, Choose) // the idle timer started afresh at the end
	m.Tick(clock.Add(time.Second))
	wantScreen(t, m, IdleWarning)
	m.Tick(clock.Add(10 * time.Second))
	wantScreen(t, m, Welcome)
	if r.resetCount() != 1 {
		t.Errorf("%d resets, want 1", r.resetCount())
	}
	// In order: the quiet space, back to Choose, then the warning.
	seen := r.announced()
	if i := slices.Index(seen, IdleWarning); i < 0 || slices.Index(seen, Quiet) > i || !slices.Contains(seen[slices.Index(seen, Quiet):i], Choose) {
		t.Errorf("screens announced %v: want the warning only after the quiet space returned to Choose", seen)
	}
}

// TestQuietSpaceFromWelcome: with nobody visiting, the quiet space
// returns to Welcome, forgets nothing (there is nothing) and logs no more
// than that it ran.
func TestQuietSpaceFromWelcome(t *testing.T) {
	r := newRig(t, nil)
	m := r.m
	must(t, m.OpenQuiet())
	must(t, m.StartQuiet(5*time.Minute))
	wantScreen(t, m, Quiet)
	must(t, m.EndQuiet())
	wantScreen(t, m, Welcome)
	if r.resetCount() != 0 {
		t.Error("leaving the quiet space reset the kiosk")
	}
	if v := m.Visit(); v.ID != "" || v.QuietSpaces != 0 {
		t.Errorf("a visit was made: %+v", v)
	}
	if !strings.Contains(r.logs.String(), "quiet space started") {
		t.Error("the log does not say the quiet space was used")
	}
	// Back from its choices also returns to Welcome without a reset.
	must(t, m.OpenQuiet())
	must(t, m.Back())
	wantScreen(t, m, Welcome)
	if r.resetCount() != 0 {
		t.Error("Back from the quiet space's choices reset the kiosk")
	}
}

// TestQuietSpaceEndsByTheClock: a quiet space the UI never ends is ended
// by the machine a moment after its time, and the idle timer runs again.
func TestQuietSpaceEndsByTheClock(t *testing.T) {
	r := newRig(t, func(c *Config) { c.IdleAfter = 30 * time.Second })
	m, clock := r.m, r.clock
	toChoose(t, m)
	must(t, m.OpenQuiet())
	must(t, m.StartQuiet(3*time.Minute))
	m.Tick(clock.Add(3*time.Minute + quietGrace - time.Second))
	wantScreen(t, m, Quiet)
	m.Tick(clock.Add(time.Second))
	wantScreen(t, m, Choose)
	m.Tick(clock.Add(30 * time.Second))
	wantScreen(t, m, IdleWarning)
}

// TestQuietSpaceOnlyFromWelcomeAndChoose: it opens from Welcome and Choose
// only, starts from its choices only, and ends only while it shows.
func TestQuietSpaceOnlyFromWelcomeAndChoose(t *testing.T) {
	r := newRig(t, nil)
	m := r.m
	if err := m.StartQuiet(time.Minute); !errors.Is(err, ErrNotNow) {
		t.Errorf("start from Welcome: %v, want ErrNotNow", err)
	}
	if err := m.EndQuiet(); !errors.Is(err, ErrNotNow) {
		t.Errorf("end on Welcome: %v, want ErrNotNow", err)
	}
	must(t, m.Begin())
	if err := m.OpenQuiet(); !errors.Is(err, ErrNotNow) {
		t.Errorf("open from the code screen: %v, want ErrNotNow", err)
	}
}
