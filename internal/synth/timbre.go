package synth

import "fmt"

// Timbre is the voice the pads play with.
type Timbre string

// The timbres a patient can choose.
const (
	Bell  Timbre = "bell"  // soft bell: inharmonic partials that ring out
	Warm  Timbre = "warm"  // warm pad: slow swell, gently detuned
	Pluck Timbre = "pluck" // plucked string: bright attack, quick decay
	Low   Timbre = "low"   // low drone: the note an octave down, slow and deep
)

// Timbres lists the timbres in the order the pad screen offers them.
var Timbres = []Timbre{Bell, Warm, Pluck, Low}

// maxPartials bounds a timbre's partials, so a voice is a fixed-size value.
const maxPartials = 6

// partial is one sine of a voice: a multiple of the note's frequency, its
// level, and how fast it dies away by itself (per second, 0 = it holds).
type partial struct {
	ratio, level, decay float64
}

// shape is everything a timbre says about a voice.
type shape struct {
	partials []partial
	octave   float64 // multiplies the pad's frequency
	attack   float64 // seconds to full level
	release  float64 // seconds from release to silence (to -60 dB)
	detune   float64 // a second copy of each partial, this fraction sharp; 0 = none
}

var shapes = map[Timbre]shape{
	Bell: {partials: []partial{
		{1, 1, 0.9}, {2.76, 0.4, 1.6}, {5.40, 0.18, 2.6}, {8.93, 0.08, 4},
	}, octave: 1, attack: 0.004, release: 1.2},
	Warm: {partials: []partial{
		{1, 1, 0}, {2, 0.28, 0}, {3, 0.1, 0},
	}, octave: 1, attack: 0.18, release: 1.4, detune: 0.003},
	Pluck: {partials: []partial{
		{1, 1, 2.2}, {2, 0.5, 3.5}, {3, 0.3, 5}, {4, 0.18, 7}, {5, 0.1, 9}, {6, 0.06, 12},
	}, octave: 1, attack: 0.002, release: 0.35},
	Low: {partials: []partial{
		{1, 1, 0}, {2, 0.35, 0}, {3, 0.12, 0},
	}, octave: 0.5, attack: 0.35, release: 2},
}

// droneShape is the floating mood's drone: the root and its fifth, swelling
// in over two seconds and fading over three.
var droneShape = shape{partials: []partial{
	{1, 1, 0}, {1.5, 0.3, 0}, {2, 0.25, 0},
}, octave: 1, attack: 2, release: 3}

// Valid reports whether t is a known timbre.
func (t Timbre) Valid() bool { _, ok := shapes[t]; return ok }

func shapeOf(t Timbre) (shape, error) {
	s, ok := shapes[t]
	if !ok {
		return shape{}, fmt.Errorf("synth: unknown timbre %q", t)
	}
	return s, nil
}
