package audio

import (
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// PlayerOptions configure a Player.
type PlayerOptions struct {
	Device string       // output device name; "" is the system default
	Logger *slog.Logger // nil means slog.Default()
	// OnFinished runs (on the player's goroutine) when playback reaches the
	// end of the clip by itself.
	OnFinished func()
}

// Player plays a clip through PortAudio, with pause and seek.
type Player struct {
	opt     PlayerOptions
	log     *slog.Logger
	samples []int16
	pos     atomic.Int64 // next sample to play
	lo, hi  atomic.Int64 // the part that plays: [lo, hi)

	mu      sync.Mutex
	st      stream
	stopped chan struct{} // closed by Pause to end the watcher
	ended   chan struct{} // the callback reached the end
}

// NewPlayer prepares playback of c; nothing is opened until Play.
func NewPlayer(c Clip, o PlayerOptions) *Player {
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	p := &Player{opt: o, log: log.With("component", "audio.player"), samples: c.Samples}
	p.hi.Store(int64(len(c.Samples)))
	return p
}

// PlayOnly limits playback to [from, to) of the clip, e.g. the part a trim
// keeps; Play starts from `from` when the position is outside it.
func (p *Player) PlayOnly(from, to time.Duration) {
	n := len(p.samples)
	lo := min(max(durationToSamples(from), 0), n)
	p.lo.Store(int64(lo))
	p.hi.Store(int64(min(max(durationToSamples(to), lo), n)))
}

// fill copies the next samples into out (silence past the end of the part
// that plays) and reports whether that end was reached.
func (p *Player) fill(out []int16) (ended bool) {
	hi := p.hi.Load()
	at := min(p.pos.Load(), hi)
	n := copy(out, p.samples[at:hi])
	clear(out[n:])
	p.pos.Add(int64(n))
	return n < len(out)
}

// Play starts (or continues) playback from Position; at the end of the clip
// (or of the part set by PlayOnly) it starts again from the beginning.
// Errors wrap ErrNoSpeaker or ErrAudioSystem.
func (p *Player) Play() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.st != nil {
		return nil
	}
	if at := p.pos.Load(); at >= p.hi.Load() || at < p.lo.Load() {
		p.pos.Store(p.lo.Load())
	}
	if err := paOpen(); err != nil {
		p.log.Warn("sound system unavailable", "err", err)
		return err
	}
	ended := make(chan struct{}, 1)
	st, err := openPlayback(p.opt.Device, func(out []int16) {
		if p.fill(out) {
			select {
			case ended <- struct{}{}:
			default:
			}
		}
	})
	if err == nil {
		if err = st.Start(); err != nil {
			st.Close()
			err = fmt.Errorf("audio: start output: %w: %w", ErrNoSpeaker, err)
		}
	}
	if err != nil {
		paClose()
		p.log.Warn("speaker unavailable", "err", err)
		return err
	}
	p.st, p.ended, p.stopped = st, ended, make(chan struct{})
	go p.watch(ended, p.stopped)
	return nil
}

func (p *Player) watch(ended, stopped chan struct{}) {
	select {
	case <-ended:
		p.Pause()
		if p.opt.OnFinished != nil {
			p.opt.OnFinished()
		}
	case <-stopped:
	}
}

// Pause stops playback, keeping the position.
func (p *Player) Pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.st == nil {
		return
	}
	if err := p.st.Stop(); err != nil {
		p.log.Warn("stop playback", "err", err)
		_ = p.st.Abort()
	}
	p.st.Close()
	paClose()
	p.st = nil
	close(p.stopped)
}

// Playing reports whether sound is being played.
func (p *Player) Playing() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.st != nil
}

// Seek moves the play position (clamped to the clip), playing or not.
func (p *Player) Seek(d time.Duration) {
	p.pos.Store(int64(min(max(durationToSamples(d), 0), len(p.samples))))
}

// Position is the play position: how far into the clip the next sample is.
func (p *Player) Position() time.Duration {
	return samplesToDuration(int(min(p.pos.Load(), int64(len(p.samples)))))
}

// Close stops playback and releases the device.
func (p *Player) Close() { p.Pause() }
