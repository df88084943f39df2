package quiet

import (
	"slices"
	"time"
)

// Lengths are the times a patient can choose.
var Lengths = []time.Duration{1 * time.Minute, 3 * time.Minute, 5 * time.Minute}

// ValidLength reports whether d is one of Lengths.
func ValidLength(d time.Duration) bool { return slices.Contains(Lengths, d) }

// FadeOut is the gentle end: the scene fades to the kiosk's paper over
// this long, at the end of the time or after a tap.
const FadeOut = 2 * time.Second

// FadeIn is how long the scene takes to rise from the paper when it opens.
const FadeIn = 2 * time.Second

// Options are the patient's choices for one quiet space.
type Options struct {
	Length  time.Duration // one of Lengths
	Breathe bool          // show the breathing guide
	Sound   bool          // play the sound bed
}

// Session is one quiet space from its start: how long it runs and when it
// is over. The zero Leaving means the patient has not tapped to leave.
type Session struct {
	Options
	Started time.Time
	Leaving time.Time // when the patient tapped to leave; zero: not yet
}

// Start begins a session at now.
func Start(o Options, now time.Time) *Session { return &Session{Options: o, Started: now} }

// Elapsed is the scene's time at now: how long the space has been open.
func (s *Session) Elapsed(now time.Time) time.Duration { return max(0, now.Sub(s.Started)) }

// Ends is when the session is over: its length after the start, or a
// FadeOut after the patient tapped to leave, whichever is first.
func (s *Session) Ends() time.Time {
	end := s.Started.Add(s.Length)
	if !s.Leaving.IsZero() && s.Leaving.Add(FadeOut).Before(end) {
		end = s.Leaving.Add(FadeOut)
	}
	return end
}

// Over reports whether the session has ended at now.
func (s *Session) Over(now time.Time) bool { return !now.Before(s.Ends()) }

// Leave starts the gentle end at now (a tap anywhere); a second tap
// changes nothing.
func (s *Session) Leave(now time.Time) {
	if s.Leaving.IsZero() {
		s.Leaving = now
	}
}

// Fade is how far the scene has faded to the paper at now: 0 while it
// shows whole, rising to 1 over FadeIn at the start (from 1) and over
// FadeOut before the end.
func (s *Session) Fade(now time.Time) float64 {
	in := 1 - frac(s.Elapsed(now), FadeIn)
	out := 1 - frac(s.Ends().Sub(now), FadeOut)
	return max(in, out)
}

// frac is d/of clamped to 0..1.
func frac(d, of time.Duration) float64 {
	if of <= 0 {
		return 1
	}
	return min(1, max(0, float64(d)/float64(of)))
}
