package quiet

import (
	"fmt"
	"log/slog"
	"math"
	"sync/atomic"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
)

// bedVoices are the sound bed's partials: an open chord low in the
// register (A, E, A, C♯, E), each swelling on a slow period of its own so
// the chord never repeats exactly.
var bedVoices = [...]struct{ freq, gain, period float64 }{
	{110.00, 0.30, 17},
	{164.81, 0.22, 23},
	{220.00, 0.18, 29},
	{277.18, 0.12, 31},
	{329.63, 0.10, 37},
}

// BedLevel is the sound bed's loudest: soft, well under full scale.
const BedLevel = 0.18

// Bed is the quiet space's sound bed, synthesised as it plays: Fill is
// called by the audio callback and neither blocks nor allocates. It fades
// in when it starts and out after Stop. With the breathing guide on, it
// swells a little with each breath in.
type Bed struct {
	rate    float64
	breathe bool
	n       int64 // samples written
	phase   [len(bedVoices)]float64
	level   float64 // current gain, 0..1, moving towards target
	stopped atomic.Bool
	silent  atomic.Bool   // faded out after Stop
	faded   chan struct{} // closed once silent
}

// bedRamp is how long the bed takes to rise from silence, or to fall to it.
const bedRamp = 1500 * time.Millisecond

// NewBed returns a bed at rate samples a second; breathe makes it follow
// the breathing guide.
func NewBed(rate int, breathe bool) *Bed {
	return &Bed{rate: float64(rate), breathe: breathe, faded: make(chan struct{})}
}

// Stop fades the bed out (over about 1.5 s); safe from any goroutine.
func (b *Bed) Stop() { b.stopped.Store(true) }

// Silent reports whether the bed has faded out after Stop.
func (b *Bed) Silent() bool { return b.silent.Load() }

// Faded is closed once the bed has faded out after Stop.
func (b *Bed) Faded() <-chan struct{} { return b.faded }

// Fill writes the next len(out) samples (mono, -1..1). Call it from one
// goroutine at a time (the audio callback).
func (b *Bed) Fill(out []float32) {
	step := 1 / (bedRamp.Seconds() * b.rate)
	target := 1.0
	if b.stopped.Load() {
		target = 0
	}
	// The swells and the breath move over seconds: once a buffer (a few
	// milliseconds) is smooth enough, and keeps the callback cheap.
	t := float64(b.n) / b.rate
	var gain [len(bedVoices)]float64
	for k, voice := range bedVoices {
		gain[k] = voice.gain * (0.6 + 0.4*math.Sin(2*math.Pi*t/voice.period+float64(k)))
		if b.breathe {
			gain[k] *= 0.8 + 0.2*BreathAt(time.Duration(t*float64(time.Second))).Fullness
		}
	}
	for i := range out {
		var v float64
		for k, voice := range bedVoices {
			v += gain[k] * math.Sin(b.phase[k])
			b.phase[k] += 2 * math.Pi * voice.freq / b.rate
			if b.phase[k] > 2*math.Pi {
				b.phase[k] -= 2 * math.Pi
			}
		}
		if d := target - b.level; math.Abs(d) < step {
			b.level = target // no rounding residue keeps it from arriving
		} else {
			b.level += math.Copysign(step, d)
		}
		out[i] = float32(BedLevel * b.level * v)
		b.n++
	}
	if target == 0 && b.level == 0 && b.silent.CompareAndSwap(false, true) {
		close(b.faded)
	}
}

// BedFrames is the sound bed's buffer (85 ms at 48 kHz): nothing waits
// for the bed, so it takes large buffers and wakes the CPU ~12 times a
// second rather than the pads' ~190.
const BedFrames = 4096

// Player is a sound bed sounding on the live output.
type Player struct {
	bed  *Bed
	live *audio.Live
}

// Play starts b on the output device ("" the system default). With no
// speaker or no sound system it returns an error wrapping
// audio.ErrNoSpeaker or audio.ErrAudioSystem: the space then runs in
// silence.
func Play(b *Bed, device string, log *slog.Logger) (*Player, error) {
	live, err := audio.StartLive(func(out []float32, _ time.Duration) { b.Fill(out) },
		audio.LiveOptions{Device: device, Logger: log, Frames: BedFrames})
	if err != nil {
		return nil, fmt.Errorf("quiet: play the sound bed: %w", err)
	}
	return &Player{bed: b, live: live}, nil
}

// Stop fades the bed out, waiting at most for the fade, and closes the
// output. Blocking: call it off the UI goroutine.
func (p *Player) Stop() {
	p.bed.Stop()
	t := time.NewTimer(bedRamp + 250*time.Millisecond) // the output may have stalled
	defer t.Stop()
	select {
	case <-p.bed.Faded():
	case <-t.C:
	}
	p.live.Close()
}
