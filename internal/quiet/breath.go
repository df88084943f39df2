package quiet

import (
	"math"
	"time"
)

// The breathing guide's rhythm: in for BreatheIn, out for BreatheOut.
const (
	BreatheIn   = 4 * time.Second
	BreatheOut  = 6 * time.Second
	BreathCycle = BreatheIn + BreatheOut
)

// Breath is the breathing guide at one moment.
type Breath struct {
	In       bool    // breathing in (else out)
	Progress float64 // 0..1 through the current phase
	// Fullness is how full the guide's circle is, 0 (empty) to 1 (full),
	// eased so that it starts and ends each phase gently.
	Fullness float64
}

// BreathAt is the breathing guide t after the space opened: the first
// breath in starts at 0.
func BreathAt(t time.Duration) Breath {
	t = max(0, t) % BreathCycle
	if t < BreatheIn {
		p := float64(t) / float64(BreatheIn)
		return Breath{In: true, Progress: p, Fullness: ease(p)}
	}
	p := float64(t-BreatheIn) / float64(BreatheOut)
	return Breath{Progress: p, Fullness: 1 - ease(p)}
}

// ease is a smooth step from 0 to 1 (a half cosine).
func ease(p float64) float64 { return (1 - math.Cos(math.Pi*min(1, max(0, p)))) / 2 }
