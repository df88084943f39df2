// Package audio records and plays mono sound for the kiosk's sound studio.
//
// Capture and playback go through PortAudio (Recorder, Player); everything
// else here is plain signal work on 16-bit PCM at SampleRate: the level meter
// (Level, MeasureLevel), trimming with an undoable silence suggestion (Edit),
// peak normalisation (Normalise), presets for voice and music (Preset), and
// crash-safe segmenting (SegmentSink, EncodeSegment, Rebuild).
//
// Failures of the sound system are reported as typed errors (ErrNoMicrophone,
// ErrMicrophoneLost, ErrAudioSystem) that the UI turns into a calm message;
// what was recorded before a failure is always kept. The package never
// imports Fyne and never logs audio or patient data.
package audio
