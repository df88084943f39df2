package staffpin

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Policy is how repeated wrong PINs slow down.
type Policy struct {
	FreeTries int           // wrong PINs allowed without a wait
	Base      time.Duration // wait after the first wrong PIN beyond FreeTries; doubles after each further one
	Max       time.Duration // the wait never exceeds this
}

// DefaultPolicy: two free tries, then 1 s, 2 s, 4 s, 8 s … capped at 5 min.
var DefaultPolicy = Policy{FreeTries: 2, Base: time.Second, Max: 5 * time.Minute}

// ErrWrongPIN is returned by Guard.Try for a PIN that does not match.
var ErrWrongPIN = errors.New("staffpin: wrong PIN")

// WaitError is returned by Guard.Try while tries are refused after too many
// wrong PINs.
type WaitError struct {
	Wait time.Duration // how long until the next try is checked
}

func (e *WaitError) Error() string {
	return fmt.Sprintf("staffpin: too many wrong PINs; try again in %s", e.Wait.Round(time.Second))
}

// Guard checks PINs against one encoded hash and slows down repeated wrong
// ones. It is safe for concurrent use; tries are checked one at a time.
type Guard struct {
	mu       sync.Mutex
	encoded  string
	policy   Policy
	failures int       // wrong PINs since the last right one
	until    time.Time // tries before this are refused
}

// NewGuard returns a Guard for the encoded hash (see Hash). A zero Policy
// means DefaultPolicy.
func NewGuard(encoded string, p Policy) (*Guard, error) {
	if _, err := Decode(encoded); err != nil {
		return nil, fmt.Errorf("staffpin: new guard: %w", err)
	}
	if p == (Policy{}) {
		p = DefaultPolicy
	}
	if p.Base <= 0 || p.Max < p.Base || p.FreeTries < 0 {
		return nil, fmt.Errorf("staffpin: new guard: policy needs 0 < Base <= Max and FreeTries >= 0")
	}
	return &Guard{encoded: encoded, policy: p}, nil
}

// Wait returns how long tries are still refused at now (0 when they are not).
func (g *Guard) Wait(now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.wait(now)
}

func (g *Guard) wait(now time.Time) time.Duration {
	if now.Before(g.until) {
		return g.until.Sub(now)
	}
	return 0
}

// Try checks pin at time now. It returns nil for the right PIN (and forgets
// earlier wrong ones), ErrWrongPIN for a wrong one, or a *WaitError without
// checking pin while an earlier wrong PIN's wait is running.
func (g *Guard) Try(pin string, now time.Time) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if w := g.wait(now); w > 0 {
		return &WaitError{Wait: w}
	}
	ok, err := Verify(g.encoded, pin)
	if err != nil {
		return err // cannot happen: checked in NewGuard
	}
	if ok {
		g.failures, g.until = 0, time.Time{}
		return nil
	}
	g.failures++
	if d := g.delay(g.failures); d > 0 {
		g.until = now.Add(d)
	}
	return ErrWrongPIN
}

// delay is the wait after the n-th wrong PIN in a row.
func (g *Guard) delay(n int) time.Duration {
	k := n - g.policy.FreeTries
	if k <= 0 {
		return 0
	}
	d := g.policy.Base
	for i := 1; i < k; i++ {
		d *= 2
		if d >= g.policy.Max {
			return g.policy.Max
		}
	}
	return min(d, g.policy.Max)
}
