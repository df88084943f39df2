// Package recorder is the sound studio's Fyne widget: one huge record/stop
// button, elapsed time, a level meter and a waveform that grows while the
// patient records; then play, trim silence (undoable), keep or discard
// (discard asks once). When there is no microphone it shows a calm message
// instead, and the rest of the kiosk carries on.
//
// The widget adapts internal/audio; it never imports fyne.io/fyne/v2/app.
package recorder
