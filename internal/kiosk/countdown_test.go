package kiosk

import (
	"testing"
	"time"
)

// TestCountdownEndsInTheReset: IdleRemaining counts the warning down on the
// machine's clock, and the Tick at which it reaches zero is the reset.
func TestCountdownEndsInTheReset(t *testing.T) {
	r := newRig(t, nil)
	m := r.m
	must(t, m.Begin())
	m.Tick(r.clock.Add(3 * time.Minute))
	wantScreen(t, m, IdleWarning)
	for left := 60 * time.Second; left > 0; left -= 500 * time.Millisecond {
		if got := m.IdleRemaining(); got != left {
			t.Fatalf("IdleRemaining = %v, want %v", got, left)
		}
		m.Tick(r.clock.Add(500 * time.Millisecond))
		if left > 500*time.Millisecond {
			wantScreen(t, m, IdleWarning)
		}
	}
	wantScreen(t, m, Welcome)
	if r.resetCount() != 1 || m.IdleRemaining() != 0 {
		t.Fatalf("resets %d, IdleRemaining %v", r.resetCount(), m.IdleRemaining())
	}
}
