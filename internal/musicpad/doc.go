// Package musicpad is the music pad as a patient plays it: the instrument
// sounding live through the speaker, the performance being written down as
// it is played, and, when the patient keeps it, the piece's files — the
// performance rendered to the same FLAC, waveform and peaks as a recorded
// music piece, plus the performance log the gallery replays.
//
// It holds no Fyne: the kiosk's pad screen calls Press and Release and
// shows Held; the kiosk's piece owner calls Stop and Outputs.
package musicpad
