package synth

import (
	"fmt"
	"math"
)

// Rate is the sample rate the instrument plays and renders at, in Hz.
const Rate = 48000

// The pad grid: Rows rows of Cols pads, one octave of the scale per row,
// lowest row first.
const (
	Cols = 5
	Rows = 3
	Pads = Rows * Cols
)

// Mood is the scale the pads are tuned to. Every combination of a mood's
// pads is consonant: the scales are pentatonic and have no semitone steps.
type Mood string

// The moods a patient can choose.
const (
	Bright   Mood = "bright"   // major pentatonic on C
	Tender   Mood = "tender"   // minor pentatonic on A
	Floating Mood = "floating" // major pentatonic on D over a sustained D drone
)

// Moods lists the moods in the order the pad screen offers them.
var Moods = []Mood{Bright, Tender, Floating}

type scale struct {
	root  float64 // the lowest pad's frequency, Hz
	steps [Cols]int
	drone bool
}

var scales = map[Mood]scale{
	Bright:   {root: noteHz(-21), steps: [Cols]int{0, 2, 4, 7, 9}},              // C3
	Tender:   {root: noteHz(-24), steps: [Cols]int{0, 3, 5, 7, 10}},             // A2
	Floating: {root: noteHz(-19), steps: [Cols]int{0, 2, 4, 7, 9}, drone: true}, // D3
}

// noteHz is the equal-tempered frequency n semitones from A4 = 440 Hz.
func noteHz(n int) float64 { return 440 * math.Pow(2, float64(n)/12) }

// Valid reports whether m is a known mood.
func (m Mood) Valid() bool { _, ok := scales[m]; return ok }

// Frequency is the pitch of pad (0 = bottom left, Pads-1 = top right) in
// mood m, in Hz.
func Frequency(m Mood, pad int) (float64, error) {
	s, ok := scales[m]
	if !ok {
		return 0, fmt.Errorf("synth: unknown mood %q", m)
	}
	if pad < 0 || pad >= Pads {
		return 0, fmt.Errorf("synth: pad %d outside 0..%d", pad, Pads-1)
	}
	return s.root * math.Pow(2, float64(12*(pad/Cols)+s.steps[pad%Cols])/12), nil
}

// DroneHz is the frequency of mood m's drone, or 0 when it has none: the
// root an octave below the lowest pad.
func DroneHz(m Mood) float64 {
	s := scales[m]
	if !s.drone {
		return 0
	}
	return s.root / 2
}
