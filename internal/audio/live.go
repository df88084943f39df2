package audio

import (
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"
)

// LiveFrames is the live output's buffer: 128 samples, 2.7 ms at 48 kHz.
// Smaller buffers underrun on a busy kiosk; larger ones are felt as lag
// between a tap and its note.
const LiveFrames = 256

// LiveLatency is the least output latency the live output asks PortAudio
// for: the device's buffer. PulseAudio's ALSA plugin at its own low
// latency (10.7 ms) underran and stalled for seconds on a loaded machine.
var LiveLatency = 20 * time.Millisecond

// LiveOptions configure a Live output.
type LiveOptions struct {
	Device string       // output device name; "" is the system default
	Frames int          // samples per buffer; 0 means LiveFrames
	Logger *slog.Logger // nil means slog.Default()
}

// Live plays sound made while it plays — the music pad's instrument — with
// low latency.
type Live struct {
	log     *slog.Logger
	mu      sync.Mutex
	st      stream
	clock   func() time.Duration
	latency time.Duration
}

// StartLive opens the output and starts calling fill for samples (mono,
// -1..1, at SampleRate) on PortAudio's thread; fill must not block. dac is
// when out's first sample reaches the device, on the clock of Live.Now.
// Errors wrap ErrNoSpeaker or ErrAudioSystem; with no speaker the caller
// carries on silently.
func StartLive(fill func(out []float32, dac time.Duration), o LiveOptions) (*Live, error) {
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	frames := o.Frames
	if frames <= 0 {
		frames = LiveFrames
	}
	if err := paOpen(); err != nil {
		log.Warn("sound system unavailable", "err", err)
		return nil, err
	}
	buf := make([]float32, frames)
	st, clock, latency, err := openLive(o.Device, frames, func(out []int16, dac time.Duration) {
		if len(out) > len(buf) {
			buf = make([]float32, len(out)) // PortAudio may ask for more; once
		}
		b := buf[:len(out)]
		fill(b, dac)
		for i, v := range b {
			out[i] = int16(math.Round(float64(max(-1, min(1, v))) * 32767))
		}
	})
	if err == nil {
		if err = st.Start(); err != nil {
			st.Close()
			err = fmt.Errorf("audio: start live output: %w: %w", ErrNoSpeaker, err)
		}
	}
	if err != nil {
		paClose()
		log.Warn("speaker unavailable", "err", err)
		return nil, err
	}
	return &Live{log: log.With("component", "audio.live"), st: st, clock: clock, latency: latency}, nil
}

// Now is the stream's clock, which fill's dac times are on.
func (l *Live) Now() time.Duration { return l.clock() }

// Latency is the output latency PortAudio reports for the stream: the
// time from a buffer filled to its sound at the device.
func (l *Live) Latency() time.Duration { return l.latency }

// Close stops the output; it is safe to call more than once.
func (l *Live) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.st == nil {
		return
	}
	if err := l.st.Stop(); err != nil {
		l.log.Warn("stop live output", "err", err)
	}
	l.st.Close()
	l.st = nil
	paClose()
}
