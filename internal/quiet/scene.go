package quiet

import (
	"image/color"
	"math"
	"time"
)

// LightCycle is how long the light takes to pass through its four colours
// (dawn, morning, day, dusk) and return: slow enough that a patient sees it
// change without watching it change.
const LightCycle = 4 * time.Minute

// SkyChanges is how often the sky's texture needs repainting: the light
// moves by less than one step of colour in this time.
const SkyChanges = 500 * time.Millisecond

// Horizon is where the horizon sits, as a share of the frame's height from
// the top.
const Horizon = 0.62

// Particles is how many soft particles drift over the scene.
const Particles = 14

// Step is how often the scene is drawn afresh at first, before the Pacer
// has measured what a frame costs. Nothing in it moves by more than about
// two pixels of a 1080-line screen in this time (the motes drift at most
// ~11 px/s, the breathing circle's edge ~17 px/s at its fastest); a
// software GPU (Mesa llvmpipe) spends about 15 ms of CPU on each frame of
// the whole screen (see docs/BENCHMARKS.md, quiet space).
const Step = time.Second / 8

// Scene is what the quiet space shows at one moment, in the frame's own
// units (0..1 across and down).
type Scene struct {
	Sky     color.NRGBA // the top of the sky
	Glow    color.NRGBA // the light at the horizon
	Ground  color.NRGBA // the water at the bottom of the frame
	SunX    float64
	SunY    float64 // may be under the horizon
	SunSize float64 // the glow's radius, as a share of the frame's height
	Motes   [Particles]Mote
}

// Mote is one soft particle: its middle, radius (a share of the frame's
// height) and opacity 0..1.
type Mote struct{ X, Y, R, Alpha float64 }

// palette is one colour of the light.
type palette struct{ sky, glow, ground color.NRGBA }

// light is the cycle's colours, in order; the cycle returns to the first.
var light = [...]palette{
	{rgb(0x3e, 0x4a, 0x6b), rgb(0xe8, 0xb9, 0xa0), rgb(0x2f, 0x3d, 0x4f)}, // dawn
	{rgb(0x6f, 0x93, 0xb5), rgb(0xf3, 0xdd, 0xb8), rgb(0x4a, 0x5d, 0x6b)}, // morning
	{rgb(0x86, 0xa9, 0xc0), rgb(0xea, 0xe4, 0xcf), rgb(0x57, 0x6b, 0x72)}, // day
	{rgb(0x4b, 0x4a, 0x78), rgb(0xe7, 0xa7, 0x8e), rgb(0x36, 0x38, 0x4f)}, // dusk
}

func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{R: r, G: g, B: b, A: 0xff} }

// mote is a particle's fixed character: where it starts, how it drifts.
type mote struct{ x, y, speed, sway, swayRate, phase, r, alpha float64 }

// motes are chosen once, from a fixed seed: every kiosk shows the same.
var motes = func() [Particles]mote {
	var ms [Particles]mote
	seed := uint32(0x9e3779b9)
	next := func() float64 { // xorshift32: a small, fixed sequence
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		return float64(seed) / float64(math.MaxUint32)
	}
	for i := range ms {
		ms[i] = mote{
			x:        next(),
			y:        0.12 + 0.76*next(),
			speed:    0.002 + 0.004*next(), // frames per second: three minutes or more to cross
			sway:     0.006 + 0.012*next(),
			swayRate: 0.03 + 0.05*next(),
			phase:    2 * math.Pi * next(),
			r:        0.004 + 0.009*next(),
			alpha:    0.25 + 0.35*next(),
		}
	}
	return ms
}()

// SceneAt is the scene t after the space opened.
func SceneAt(t time.Duration) Scene {
	t = max(0, t)
	sec := t.Seconds()
	// Where in the light's cycle: between two colours, eased.
	pos := math.Mod(sec/LightCycle.Seconds(), 1) * float64(len(light))
	i := int(pos)
	a, b := light[i], light[(i+1)%len(light)]
	f := ease(pos - float64(i))
	s := Scene{
		Sky:    mix(a.sky, b.sky, f),
		Glow:   mix(a.glow, b.glow, f),
		Ground: mix(a.ground, b.ground, f),
	}
	// The sun rises through the first half of the cycle and sets through
	// the second, drifting a little to the right.
	c := math.Mod(sec/LightCycle.Seconds(), 1)
	s.SunY = Horizon + 0.04 - 0.3*math.Sin(math.Pi*c)
	s.SunX = 0.38 + 0.24*c
	s.SunSize = 0.22 + 0.06*math.Sin(math.Pi*c)
	for i, m := range motes {
		x := math.Mod(m.x+m.speed*sec, 1.1) - 0.05 // off the frame when it wraps
		y := m.y + m.sway*math.Sin(2*math.Pi*m.swayRate*sec+m.phase)
		alpha := m.alpha * (0.7 + 0.3*math.Sin(2*math.Pi*m.swayRate*0.7*sec+m.phase*1.3))
		s.Motes[i] = Mote{X: x, Y: y, R: m.r, Alpha: alpha}
	}
	return s
}

// mix is a + (b-a)·f, per channel.
func mix(a, b color.NRGBA, f float64) color.NRGBA {
	l := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*f)) }
	return color.NRGBA{R: l(a.R, b.R), G: l(a.G, b.G), B: l(a.B, b.B), A: 0xff}
}
