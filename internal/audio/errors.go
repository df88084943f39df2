package audio

import "errors"

// Typed failures of the sound system. Errors returned by this package wrap
// one of these, so callers test with errors.Is and show one calm message.
var (
	// ErrNoMicrophone: there is no capture device, or it cannot be opened.
	ErrNoMicrophone = errors.New("audio: no microphone available")
	// ErrMicrophoneLost: the device stopped delivering sound mid-recording
	// (unplugged, or the sound server went away). What was recorded is kept.
	ErrMicrophoneLost = errors.New("audio: microphone stopped delivering sound")
	// ErrNoSpeaker: there is no playback device.
	ErrNoSpeaker = errors.New("audio: no speaker available")
	// ErrAudioSystem: PortAudio itself failed (initialisation, stream errors),
	// or the binary was built without PortAudio.
	ErrAudioSystem = errors.New("audio: sound system failure")
)

// Unavailable reports whether err means sound cannot be used right now, as
// opposed to a programming error. The UI shows its calm message for these.
func Unavailable(err error) bool {
	return errors.Is(err, ErrNoMicrophone) || errors.Is(err, ErrMicrophoneLost) ||
		errors.Is(err, ErrNoSpeaker) || errors.Is(err, ErrAudioSystem)
}
