package outbox

import (
	"math/rand/v2"
	"time"
)

// Backoff says how long to wait before retry number attempt (1, 2, ...).
type Backoff interface {
	Delay(attempt int) time.Duration
}

// ExpBackoff doubles from Base up to Max, with jitter: each delay is drawn
// uniformly from [d/2, d].
type ExpBackoff struct {
	Base, Max time.Duration
}

// DefaultBackoff starts at one second and is capped at five minutes.
var DefaultBackoff = ExpBackoff{Base: time.Second, Max: 5 * time.Minute}

// Delay implements Backoff.
func (b ExpBackoff) Delay(attempt int) time.Duration {
	d := b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// Clock is the outbox's time source, replaceable in tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
