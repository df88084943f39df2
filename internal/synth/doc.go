// Package synth is the music pad's instrument: a grid of pads tuned to a
// pentatonic scale, a few timbres synthesised from sine partials, and the
// performance log that records what was played.
//
// One Engine serves both uses. Live, the UI calls Press and Release from its
// goroutine and the audio callback calls Process; the two meet in a small
// lock-free queue, so the callback never blocks and never allocates. Offline,
// Render plays a Performance's events at their exact sample offsets into a
// fresh Engine, so the same events always give the same samples.
//
// The package does no I/O and knows nothing of PortAudio or Fyne.
package synth
