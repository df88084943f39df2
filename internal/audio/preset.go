package audio

import "time"

// NormaliseDBFS is the peak level recordings are normalised to.
const NormaliseDBFS = -1.0

// Preset holds the defaults for one kind of recording.
type Preset struct {
	Name        string        // "voice" or "music" (matches piece.Kind)
	GainDB      float64       // input gain applied while capturing
	SilenceDBFS float64       // below this, a stretch counts as silence for the trim suggestion
	TrimPad     time.Duration // kept around the loud part when trimming silence
	Normalise   bool          // peak-normalise to NormaliseDBFS when kept
	MaxLength   time.Duration // recording stops by itself here
	WarnBefore  time.Duration // a gentle warning this long before MaxLength
	Prompt      string        // the English of studio.rec.prompt.<Name>, shown above the record button
}

// Voice is for a spoken reflection or a voice note attached to another piece:
// a little gain for quiet speech, tighter trimming.
var Voice = Preset{
	Name:        "voice",
	GainDB:      6,
	SilenceDBFS: -42,
	TrimPad:     250 * time.Millisecond,
	Normalise:   true,
	MaxLength:   10 * time.Minute,
	WarnBefore:  30 * time.Second,
	Prompt:      "Say whatever you'd like to remember.",
}

// Music is for singing, humming or an instrument: no added gain (instruments
// are loud), a generous pad so soft endings are not cut.
var Music = Preset{
	Name:        "music",
	GainDB:      0,
	SilenceDBFS: -54,
	TrimPad:     750 * time.Millisecond,
	Normalise:   true,
	MaxLength:   10 * time.Minute,
	WarnBefore:  30 * time.Second,
	Prompt:      "Sing, hum or play — anything goes.",
}

// Limited returns p stopping by itself after max (the clinic's
// kiosk.max_recording_minutes); max <= 0 keeps p's own MaxLength. The
// warning comes WarnBefore ahead, or halfway through a recording shorter
// than twice WarnBefore.
func (p Preset) Limited(max time.Duration) Preset {
	if max <= 0 {
		return p
	}
	p.MaxLength = max
	if p.WarnBefore > max/2 {
		p.WarnBefore = max / 2
	}
	return p
}
