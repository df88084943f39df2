// Package quiet is the kiosk's quiet space as a patient lives it, with no
// Fyne in it: a few minutes (Lengths) of a slow generative scene — a
// horizon whose light changes, soft particles drifting — with an optional
// breathing guide (in for 4 s, out for 6 s) and an optional soft sound bed.
//
// Everything the screen shows is a pure function of the time since the
// space opened: SceneAt gives the scene's colours and particles, BreathAt
// the breathing guide's phase, Session.Fade the gentle fade at the end,
// PaintSky the sky's small texture. The same time always gives the same
// picture, so tests look at it at a fixed time.
//
// Pacer chooses how often the scene is drawn, as often as the process's
// CPU budget allows (CPUBudget): a kiosk with a GPU draws every 60 Hz
// frame, one whose GL is software draws a few frames a second.
//
// Bed is the sound bed: a few slow sine partials that swell and settle,
// written into a buffer by the audio callback without blocking or
// allocating. Play starts it on the live output (internal/audio); with no
// speaker the scene runs in silence and the caller says so calmly.
//
// Nothing is recorded and nothing is stored here; the kiosk only notes,
// in the visit, that the quiet space was used.
package quiet
