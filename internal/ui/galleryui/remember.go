package galleryui

import (
	"fyne.io/fyne/v2"
)

// What the gallery remembers between runs: the window's size only. It is
// not patient data, so it goes to Fyne's preferences (a plain file). The
// last patient opened is patient data: the UI keeps it in memory while
// unlocked (UI.lastPatient), never in preferences or on disk, and forgets
// it when the gallery locks (by hand, by Ctrl+L, idle, or the window
// closing).
const (
	prefWidth  = "gallery.window.width"
	prefHeight = "gallery.window.height"
)

// The window sizes restored: a saved size outside these is not used.
const (
	minRestoreWidth, minRestoreHeight = 800, 600
	maxRestoreWidth, maxRestoreHeight = 7680, 4320
)

// defaultSize is the window's size at its first start: the smallest
// desktop the gallery is made for.
var defaultSize = fyne.NewSize(1366, 768)

// savedSize is the window size remembered in prefs, or defaultSize.
func savedSize(prefs fyne.Preferences) fyne.Size {
	w := float32(prefs.FloatWithFallback(prefWidth, 0))
	h := float32(prefs.FloatWithFallback(prefHeight, 0))
	if w < minRestoreWidth || h < minRestoreHeight || w > maxRestoreWidth || h > maxRestoreHeight {
		return defaultSize
	}
	return fyne.NewSize(w, h)
}

// saveSize remembers the window's size now (when it has one).
func (u *UI) saveSize() {
	s := u.win.Canvas().Size()
	if s.Width < minRestoreWidth || s.Height < minRestoreHeight {
		return // not laid out yet, or minimised
	}
	u.prefs.SetFloat(prefWidth, float64(s.Width))
	u.prefs.SetFloat(prefHeight, float64(s.Height))
}

// rememberPatient notes the patient shown, for the browser to return to
// while the gallery stays unlocked.
func (u *UI) rememberPatient(code string) { u.lastPatient = code }

// returnToPatient opens the patient remembered, if any: the browser was
// built again while the gallery stayed unlocked.
func (u *UI) returnToPatient() {
	if u.lastPatient != "" && u.browse != nil {
		u.browse.open(u.lastPatient)
	}
}
