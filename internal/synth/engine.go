package synth

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"
)

// MaxVoices is how many notes sound at once; a press beyond that takes over
// the voice that has sounded longest (a released one first).
const MaxVoices = 16

// masterGain keeps a handful of loud voices below full scale; softClip
// catches the rest.
const masterGain = 0.2

// droneLevel is the drone's level against one note's.
const droneLevel = 0.5

// copyLevel splits a partial's level between its copies: a detuned copy
// is kept quieter, so its beating colours the note but never cancels it.
var copyLevel = [2][2]float64{{1, 0}, {0.75, 0.25}}

// silent is the level below which a voice has ended (-60 dB).
const silent = 1e-3

// osc is one partial of a voice: a damped resonator, whose recurrence
// y[n+1] = c·y[n] − r²·y[n−1] is exactly the sine A·rⁿ·sin(ωn), decay
// included, at two multiplies a sample.
type osc struct {
	y0, y1 float64 // y[n−1], y[n]
	c, r2  float64 // 2r·cos ω, r²
	r      float64 // the decay per sample
	level  float64 // A·rⁿ: the partial's level now
}

func newOsc(hz, level, decay float64) osc {
	w := 2 * math.Pi * hz / Rate
	r := math.Exp(-decay / Rate)
	return osc{y0: -level * math.Sin(w) / r, c: 2 * r * math.Cos(w), r2: r * r, r: r, level: level}
}

type stage uint8

const (
	stageOff stage = iota
	stageAttack
	stageHold
	stageRelease
)

// voice is one sounding note.
type voice struct {
	stage   stage
	pad     int // -1 for the drone
	started uint64
	env     float64 // envelope level 0..1
	attack  float64 // envelope increment per sample while attacking
	release float64 // envelope multiplier per sample while releasing
	decays  bool    // every partial dies away by itself
	letGo   bool    // released during the attack: release once it is done
	n       int
	oscs    [2 * maxPartials]osc
}

func (v *voice) start(sh shape, hz float64, pad int, now uint64) {
	*v = voice{stage: stageAttack, pad: pad, started: now, decays: true}
	v.attack = 1 / math.Max(sh.attack*Rate, 1)
	v.release = math.Exp(math.Log(0.001) / (sh.release * Rate))
	norm := 0.0
	for _, p := range sh.partials {
		norm += p.level
	}
	copies := 1
	if sh.detune > 0 {
		copies = 2
	}
	for _, p := range sh.partials {
		if p.decay == 0 {
			v.decays = false
		}
		for c := range copies {
			f := hz * sh.octave * p.ratio * (1 + float64(c)*sh.detune)
			if f >= Rate/2 {
				continue // above Nyquist: it would fold back as a wrong note
			}
			v.oscs[v.n] = newOsc(f, p.level/norm*copyLevel[copies-1][c], p.decay)
			v.n++
		}
	}
}

// add mixes the next len(out) samples of the voice into out, using sum as
// scratch of the same length; it reports whether the voice still sounds.
func (v *voice) add(out, sum []float64) bool {
	clear(sum)
	// Each recurrence waits on its own last sample, so partials go four,
	// then two, side by side: the processor works on the chains at once
	// (a third of the time of one by one).
	k := 0
	for ; k+3 < v.n; k += 4 {
		a, b, c, d := &v.oscs[k], &v.oscs[k+1], &v.oscs[k+2], &v.oscs[k+3]
		a0, a1, ac, ar := a.y0, a.y1, a.c, a.r2
		b0, b1, bc, br := b.y0, b.y1, b.c, b.r2
		c0, c1, cc, cr := c.y0, c.y1, c.c, c.r2
		d0, d1, dc, dr := d.y0, d.y1, d.c, d.r2
		for i := range sum {
			sum[i] += (a1 + b1) + (c1 + d1)
			a0, a1 = a1, ac*a1-ar*a0
			b0, b1 = b1, bc*b1-br*b0
			c0, c1 = c1, cc*c1-cr*c0
			d0, d1 = d1, dc*d1-dr*d0
		}
		a.y0, a.y1, b.y0, b.y1 = a0, a1, b0, b1
		c.y0, c.y1, d.y0, d.y1 = c0, c1, d0, d1
	}
	for ; k+1 < v.n; k += 2 {
		a, b := &v.oscs[k], &v.oscs[k+1]
		a0, a1, ac, ar := a.y0, a.y1, a.c, a.r2
		b0, b1, bc, br := b.y0, b.y1, b.c, b.r2
		for i := range sum {
			sum[i] += a1 + b1
			a0, a1 = a1, ac*a1-ar*a0
			b0, b1 = b1, bc*b1-br*b0
		}
		a.y0, a.y1, b.y0, b.y1 = a0, a1, b0, b1
	}
	if k < v.n {
		o := &v.oscs[k]
		y0, y1, c, r2 := o.y0, o.y1, o.c, o.r2
		for i := range sum {
			sum[i] += y1
			y0, y1 = y1, c*y1-r2*y0
		}
		o.y0, o.y1 = y0, y1
	}
	loudest := 0.0
	for k := range v.oscs[:v.n] {
		o := &v.oscs[k]
		o.level *= math.Pow(o.r, float64(len(sum)))
		loudest = max(loudest, o.level)
	}
	env := v.env
	for i, s := range sum {
		switch v.stage {
		case stageAttack:
			if env += v.attack; env >= 1 {
				env, v.stage = 1, stageHold
				if v.letGo {
					v.stage = stageRelease
				}
			}
		case stageRelease:
			env *= v.release
		}
		out[i] += s * env
	}
	v.env = env
	if (v.stage == stageRelease && env < silent) || (v.decays && loudest < silent) {
		v.stage = stageOff
		return false
	}
	return true
}

// command is an event handed from the UI to the audio callback.
type command struct {
	action Action
	value  int32
}

const queueLen = 256

// mixBlock is the most samples mixed in one pass; a voice's envelope and
// end are decided per pass, so a longer buffer is mixed in several.
const mixBlock = 256

// Engine is the instrument. Press and Release may be called from any
// goroutine; Process must be called from one goroutine at a time (the audio
// callback) and never blocks.
type Engine struct {
	mood   Mood
	timbre Timbre
	shape  shape
	hz     [Pads]float64

	// The command queue: producers serialise on mu and advance tail; the
	// consumer (Process) advances head without a lock.
	mu         sync.Mutex
	queue      [queueLen]command
	head, tail atomic.Uint32
	dropped    atomic.Uint64

	voices  [MaxVoices]voice
	drone   voice
	droneHz float64
	now     uint64 // samples processed
	acc     [mixBlock]float64
	scratch [mixBlock]float64
	stopped atomic.Bool
}

// New returns an engine tuned to mood, playing timbre. A mood with a drone
// starts it at once.
func New(mood Mood, timbre Timbre) (*Engine, error) {
	sh, err := shapeOf(timbre)
	if err != nil {
		return nil, err
	}
	if !mood.Valid() {
		return nil, fmt.Errorf("synth: unknown mood %q", mood)
	}
	e := &Engine{timbre: timbre, shape: sh}
	e.tune(mood)
	return e, nil
}

// Mood is the scale the engine is tuned to.
func (e *Engine) Mood() Mood { return e.mood }

// Timbre is the voice the engine plays with.
func (e *Engine) Timbre() Timbre { return e.timbre }

// Dropped counts presses and releases lost because Process had stalled
// with the queue full.
func (e *Engine) Dropped() uint64 { return e.dropped.Load() }

// Press starts a note on pad at the next Process; pads outside the grid are
// ignored.
func (e *Engine) Press(pad int) { e.Do(Event{Action: Down, Value: pad}) }

// Release lets pad's held notes ring out.
func (e *Engine) Release(pad int) { e.Do(Event{Action: Up, Value: pad}) }

// Do hands ev (its time is ignored) to the next Process; invalid events are
// ignored.
func (e *Engine) Do(ev Event) {
	if ev.valid() == nil {
		e.send(command{action: ev.Action, value: int32(ev.Value)})
	}
}

// StopDrone lets the drone fade out; the engine's notes are unaffected.
func (e *Engine) StopDrone() { e.stopped.Store(true) }

func (e *Engine) send(c command) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t := e.tail.Load()
	if t-e.head.Load() >= queueLen {
		e.dropped.Add(1) // the callback has stalled; a lost tap beats a blocked UI
		return
	}
	e.queue[t%queueLen] = c
	e.tail.Store(t + 1)
}

// Process drains pending presses and releases, then fills out with the
// next len(out) samples (mono, -1..1).
func (e *Engine) Process(out []float32) {
	for h := e.head.Load(); h != e.tail.Load(); h++ {
		e.apply(e.queue[h%queueLen])
		e.head.Store(h + 1)
	}
	e.mix(out)
}

func (e *Engine) apply(c command) {
	switch c.action {
	case Down:
		e.steal().start(e.shape, e.hz[c.value], int(c.value), e.now)
	case Up:
		for i := range e.voices {
			v := &e.voices[i]
			switch {
			case v.pad != int(c.value):
			case v.stage == stageAttack:
				v.letGo = true // a quick tap still sounds its note whole
			case v.stage == stageHold:
				v.stage = stageRelease
			}
		}
	case SetMood:
		e.tune(Moods[c.value])
	case SetTimbre:
		e.timbre = Timbres[c.value]
		e.shape = shapes[e.timbre]
	}
}

// tune retunes the pads for the notes that follow, and starts or fades the
// drone as the mood has one or not.
func (e *Engine) tune(m Mood) {
	e.mood = m
	for p := range e.hz {
		e.hz[p], _ = Frequency(m, p)
	}
	hz := DroneHz(m)
	if e.drone.stage != stageOff && e.drone.stage != stageRelease {
		if hz == e.droneHz {
			return
		}
		e.drone.stage = stageRelease
	}
	if hz == 0 || e.stopped.Load() {
		return
	}
	e.droneHz = hz
	e.drone.start(droneShape, hz, -1, e.now)
	for k := range e.drone.oscs[:e.drone.n] {
		o := &e.drone.oscs[k]
		o.y0, o.level = o.y0*droneLevel, o.level*droneLevel
	}
}

// steal returns a free voice, else the oldest released one, else the
// oldest.
func (e *Engine) steal() *voice {
	var oldest, oldestReleased *voice
	for i := range e.voices {
		v := &e.voices[i]
		switch {
		case v.stage == stageOff:
			return v
		case v.stage == stageRelease && (oldestReleased == nil || v.started < oldestReleased.started):
			oldestReleased = v
		case oldest == nil || v.started < oldest.started:
			oldest = v
		}
	}
	if oldestReleased != nil {
		return oldestReleased
	}
	return oldest
}

func (e *Engine) mix(out []float32) {
	for len(out) > 0 {
		n := min(len(out), mixBlock)
		e.mixBlock(out[:n])
		out = out[n:]
	}
}

// mixBlock makes at most mixBlock samples.
func (e *Engine) mixBlock(out []float32) {
	acc, scratch := e.acc[:len(out)], e.scratch[:len(out)]
	clear(acc)
	if e.stopped.Load() && e.drone.stage != stageOff && e.drone.stage != stageRelease {
		e.drone.stage = stageRelease
	}
	if e.drone.stage != stageOff {
		e.drone.add(acc, scratch)
	}
	for i := range e.voices {
		if v := &e.voices[i]; v.stage != stageOff {
			v.add(acc, scratch)
		}
	}
	for i, s := range acc {
		out[i] = float32(softClip(s * masterGain))
	}
	e.now += uint64(len(out))
}

// Sounding reports whether any note or the drone still sounds.
func (e *Engine) Sounding() bool {
	if e.drone.stage != stageOff {
		return true
	}
	for i := range e.voices {
		if e.voices[i].stage != stageOff {
			return true
		}
	}
	return false
}

// softClip is linear up to ±0.8 and bends smoothly towards ±1 beyond.
func softClip(x float64) float64 {
	const knee = 0.8
	a := x
	if a < 0 {
		a = -a
	}
	if a <= knee {
		return x
	}
	y := knee + (1-knee)*math.Tanh((a-knee)/(1-knee))
	if x < 0 {
		return -y
	}
	return y
}
