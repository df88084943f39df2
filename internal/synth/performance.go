package synth

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/strictjson"
)

// PerformanceVersion is the version of the performance log format.
const PerformanceVersion = 1

// PerformanceMediaType is the media type of an encoded performance log.
const PerformanceMediaType = "application/vnd.afterimage.performance+json"

// Bounds on a performance: what a patient can play in one piece, and what a
// hostile log is allowed to ask of a reader.
const (
	MaxPerformance = 10 * time.Minute
	MaxEvents      = 20000
	// MaxEncoded bounds an encoded log: MaxEvents events of the longest
	// form, plus the header.
	MaxEncoded = MaxEvents*24 + 256
	// tail is how long Render lets notes ring after the last event.
	maxTail = 4 * time.Second
)

// Action is what an event does.
type Action uint8

// The actions of a performance.
const (
	Up        Action = iota // Value's pad is let go
	Down                    // Value's pad is pressed
	SetMood                 // the pads are retuned to Moods[Value] for the notes after
	SetTimbre               // the notes after play with Timbres[Value]
	nActions
)

// Event is one thing the patient did, At after the performance began.
type Event struct {
	At     time.Duration // millisecond resolution
	Action Action
	Value  int // the pad, or the index of the mood or timbre chosen
}

// Press and Release make the events of a pad.
func Press(at time.Duration, pad int) Event   { return Event{At: at, Action: Down, Value: pad} }
func Release(at time.Duration, pad int) Event { return Event{At: at, Action: Up, Value: pad} }

// Performance is what a patient played: the pads' tuning and voice, and
// every press and release in time order. It is what the music pad stores
// with a piece, so the gallery can replay it and Render can make its sound.
type Performance struct {
	Mood   Mood
	Timbre Timbre
	Events []Event
}

// Duration is the time of the last event.
func (p *Performance) Duration() time.Duration {
	if len(p.Events) == 0 {
		return 0
	}
	return p.Events[len(p.Events)-1].At
}

// Held returns the pads held down at t, as a bitmask (bit i = pad i).
func (p *Performance) Held(t time.Duration) uint32 {
	var held uint32
	for _, e := range p.Events {
		if e.At > t {
			break
		}
		switch e.Action {
		case Down:
			held |= 1 << e.Value
		case Up:
			held &^= 1 << e.Value
		}
	}
	return held
}

// Validate checks the performance against the format's rules.
func (p *Performance) Validate() error {
	if !p.Mood.Valid() {
		return fmt.Errorf("synth: performance: unknown mood %q", p.Mood)
	}
	if !p.Timbre.Valid() {
		return fmt.Errorf("synth: performance: unknown timbre %q", p.Timbre)
	}
	if len(p.Events) > MaxEvents {
		return fmt.Errorf("synth: performance: %d events, more than %d", len(p.Events), MaxEvents)
	}
	var last time.Duration
	for i, e := range p.Events {
		if err := e.valid(); err != nil {
			return fmt.Errorf("synth: performance: event %d: %w", i, err)
		}
		switch {
		case e.At < last:
			return fmt.Errorf("synth: performance: event %d goes back in time", i)
		case e.At > MaxPerformance:
			return fmt.Errorf("synth: performance: event %d after %v", i, MaxPerformance)
		case e.At%time.Millisecond != 0:
			return fmt.Errorf("synth: performance: event %d is not on a millisecond", i)
		}
		last = e.At
	}
	return nil
}

func (e Event) valid() error {
	limit := 0
	switch e.Action {
	case Up, Down:
		limit = Pads
	case SetMood:
		limit = len(Moods)
	case SetTimbre:
		limit = len(Timbres)
	default:
		return fmt.Errorf("unknown action %d", e.Action)
	}
	if e.Value < 0 || e.Value >= limit {
		return fmt.Errorf("value %d outside 0..%d", e.Value, limit-1)
	}
	return nil
}

// wire is the stored form: events as [milliseconds, action, value] triples,
// which keeps a long performance small.
type wire struct {
	Version int        `json:"version"`
	Mood    Mood       `json:"mood"`
	Timbre  Timbre     `json:"timbre"`
	Events  [][3]int64 `json:"events"`
}

// MarshalBinary encodes a valid performance.
func (p *Performance) MarshalBinary() ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	w := wire{Version: PerformanceVersion, Mood: p.Mood, Timbre: p.Timbre, Events: make([][3]int64, len(p.Events))}
	for i, e := range p.Events {
		w.Events[i] = [3]int64{e.At.Milliseconds(), int64(e.Action), int64(e.Value)}
	}
	return json.Marshal(w)
}

// ErrTooLarge is returned for an encoded performance over MaxEncoded bytes.
var ErrTooLarge = errors.New("synth: performance log too large")

// UnmarshalBinary decodes and validates a stored performance; anything
// read from storage goes through here.
func (p *Performance) UnmarshalBinary(data []byte) error {
	if len(data) > MaxEncoded {
		return ErrTooLarge
	}
	var w wire
	if err := strictjson.Decode(data, &w); err != nil {
		return fmt.Errorf("synth: performance: %w", err)
	}
	if w.Version != PerformanceVersion {
		return fmt.Errorf("synth: performance: version %d, want %d", w.Version, PerformanceVersion)
	}
	q := Performance{Mood: w.Mood, Timbre: w.Timbre, Events: make([]Event, len(w.Events))}
	for i, e := range w.Events {
		if e[0] < 0 || e[0] > MaxPerformance.Milliseconds() {
			return fmt.Errorf("synth: performance: event %d at %d ms", i, e[0])
		}
		if e[1] < 0 || e[1] >= int64(nActions) || e[2] < 0 || e[2] >= Pads {
			return fmt.Errorf("synth: performance: event %d: [%d, %d] is no action", i, e[1], e[2])
		}
		q.Events[i] = Event{At: time.Duration(e[0]) * time.Millisecond, Action: Action(e[1]), Value: int(e[2])}
	}
	if err := q.Validate(); err != nil {
		return err
	}
	*p = q
	return nil
}
