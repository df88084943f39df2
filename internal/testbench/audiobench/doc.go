// Package audiobench connects tests to the bench's audio: a private
// PulseAudio with a null sink whose monitor is the capture source, reached
// by PortAudio through ALSA. Tests play signals into the sink (Audio, Play)
// and assert what was heard (WaitHeard, RMS, DominantFrequency). The sink is
// shared by concurrently running test binaries, so a test holds it under a
// cross-process lock for its lifetime.
//
// It needs cgo and PortAudio (WaitHeard listens through them).
package audiobench
