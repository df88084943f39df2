package musicpad

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/synth"
)

// Options configure a Session.
type Options struct {
	Mood   synth.Mood   // "": synth.Bright
	Timbre synth.Timbre // "": synth.Bell
	Device string       // output device name; "" is the system default
	// Quiet opens no output: the pads light and the performance is
	// recorded, but nothing sounds (tests of the recording alone).
	Quiet  bool
	Clock  func() time.Time // nil: time.Now
	Logger *slog.Logger     // nil: slog.Default()
}

// Session is one performance on the pads, from the screen opening to Stop.
// Safe for concurrent use.
type Session struct {
	engine *synth.Engine
	live   *audio.Live // nil when nothing sounds
	silent error       // why nothing sounds; nil when it does
	clock  func() time.Time
	log    *slog.Logger
	opt    Options

	mu      sync.Mutex
	started time.Time // the first press; zero before it
	perf    synth.Performance
	held    uint32
	full    bool
	stopped bool
}

// Start opens the instrument. It does not fail: with no speaker the pads
// still light and the performance is still recorded, and Silent says why
// nothing sounds.
func Start(o Options) (*Session, error) {
	if o.Mood == "" {
		o.Mood = synth.Bright
	}
	if o.Timbre == "" {
		o.Timbre = synth.Bell
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	e, err := synth.New(o.Mood, o.Timbre)
	if err != nil {
		return nil, fmt.Errorf("musicpad: start: %w", err)
	}
	s := &Session{engine: e, clock: o.Clock, log: o.Logger.With("component", "musicpad"), opt: o,
		perf: synth.Performance{Mood: o.Mood, Timbre: o.Timbre}}
	s.live, s.silent = s.open()
	return s, nil
}

// open starts the output, or says why there is none.
func (s *Session) open() (*audio.Live, error) {
	if s.opt.Quiet {
		return nil, fmt.Errorf("musicpad: output off: %w", audio.ErrNoSpeaker)
	}
	live, err := audio.StartLive(func(out []float32, _ time.Duration) { s.engine.Process(out) },
		audio.LiveOptions{Device: s.opt.Device, Logger: s.opt.Logger})
	if err != nil {
		s.log.Warn("pads play without sound", "err", err)
	}
	return live, err
}

// resumeGap is the pause written between a performance's last event and
// the first after Resume.
const resumeGap = 500 * time.Millisecond

// Resume opens the instrument again after Stop — the patient went back to
// the pads from tagging — and carries on writing the same performance, a
// moment after its last event.
func (s *Session) Resume() {
	s.mu.Lock()
	if !s.stopped {
		s.mu.Unlock()
		return
	}
	s.stopped = false
	if !s.started.IsZero() {
		s.started = s.clock().Add(-s.perf.Duration() - resumeGap)
	}
	s.mu.Unlock()
	live, err := s.open()
	s.mu.Lock()
	s.live, s.silent = live, err
	s.mu.Unlock()
}

// Silent is why the pads make no sound (no speaker, sound system failure),
// or nil when they do.
func (s *Session) Silent() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.silent
}

// Latency is the output latency PortAudio reports; 0 when silent.
func (s *Session) Latency() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live == nil {
		return 0
	}
	return s.live.Latency()
}

// Press sounds pad and writes it down.
func (s *Session) Press(pad int) { s.do(synth.Event{Action: synth.Down, Value: pad}) }

// Release lets pad ring out and writes it down.
func (s *Session) Release(pad int) { s.do(synth.Event{Action: synth.Up, Value: pad}) }

// SetMood retunes the pads for the notes that follow.
func (s *Session) SetMood(m synth.Mood) {
	if i := slices.Index(synth.Moods, m); i >= 0 {
		s.do(synth.Event{Action: synth.SetMood, Value: i})
	}
}

// SetTimbre changes the voice of the notes that follow.
func (s *Session) SetTimbre(t synth.Timbre) {
	if i := slices.Index(synth.Timbres, t); i >= 0 {
		s.do(synth.Event{Action: synth.SetTimbre, Value: i})
	}
}

func (s *Session) do(ev synth.Event) {
	if ev.Value < 0 || (ev.Action <= synth.Down && ev.Value >= synth.Pads) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	if ev.Action == synth.Up && s.held&(1<<ev.Value) == 0 {
		return // a release of a press that was not written down
	}
	if !s.record(ev) {
		return // the piece is as long as a piece can be; the pad stays dark
	}
	switch ev.Action {
	case synth.Down:
		s.held |= 1 << ev.Value
	case synth.Up:
		s.held &^= 1 << ev.Value
	}
	s.engine.Do(ev)
}

// record writes ev down and reports whether it was; once the performance
// is full only releases are (room for every pad's is kept). The caller
// holds s.mu.
func (s *Session) record(ev synth.Event) bool {
	if s.started.IsZero() {
		switch ev.Action {
		case synth.Down:
			s.started = s.clock()
		case synth.SetMood: // before the first note a choice is the start
			s.perf.Mood = synth.Moods[ev.Value]
			return true
		case synth.SetTimbre:
			s.perf.Timbre = synth.Timbres[ev.Value]
			return true
		}
	}
	ev.At = max(s.clock().Sub(s.started).Truncate(time.Millisecond), 0)
	if n := len(s.perf.Events); n > 0 {
		ev.At = max(ev.At, s.perf.Events[n-1].At) // a clock step back keeps the order
	}
	if ev.At >= synth.MaxPerformance || len(s.perf.Events) >= synth.MaxEvents-synth.Pads-2 {
		s.full = true
		if ev.Action != synth.Up || len(s.perf.Events) >= synth.MaxEvents {
			return false
		}
		ev.At = min(ev.At, synth.MaxPerformance)
	}
	s.perf.Events = append(s.perf.Events, ev)
	return true
}

// Held is the pads held down now, as a bitmask (bit i = pad i).
func (s *Session) Held() uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held
}

// Played reports whether a note has been played.
func (s *Session) Played() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.started.IsZero()
}

// Full reports whether the performance has reached the longest a piece can
// be; presses are no longer written down or sounded.
func (s *Session) Full() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.full
}

// Stop closes the output, lets go of the pads still held and returns the
// performance. It is safe to call more than once; later calls return the
// same performance.
func (s *Session) Stop() synth.Performance {
	s.mu.Lock()
	if !s.stopped {
		for pad := range synth.Pads {
			if s.held&(1<<pad) != 0 {
				s.record(synth.Event{Action: synth.Up, Value: pad})
				s.engine.Release(pad)
			}
		}
		s.held, s.stopped = 0, true
	}
	perf := s.perf
	perf.Events = slices.Clone(s.perf.Events)
	live := s.live
	s.live = nil
	s.mu.Unlock()
	if live != nil {
		live.Close()
	}
	return perf
}

// Outputs renders a performance into the files of a music piece: the FLAC,
// waveform and peaks a recorded piece has, and the performance log.
func Outputs(ctx context.Context, perf *synth.Performance) ([]media.Output, error) {
	log, err := perf.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("musicpad: outputs: %w", err)
	}
	pcm, err := synth.Render(ctx, perf)
	if err != nil {
		return nil, fmt.Errorf("musicpad: outputs: %w", err)
	}
	outs, err := media.RecordingOutputs(pcm, synth.Rate)
	if err != nil {
		return nil, fmt.Errorf("musicpad: outputs: %w", err)
	}
	return append(outs, media.Output{Role: piece.RolePerformance, MediaType: synth.PerformanceMediaType, Data: log}), nil
}
