package galleryui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// TestKeyboardConventions: the desktop keys not covered elsewhere (arrows,
// + and Esc: TestViewer; Ctrl+L: TestLockNow; space on a recording:
// TestAudioPlayerHeard on the bench). "/" and Ctrl+F put the cursor in the
// search field; in the viewer, space starts and pauses a drawing's replay
// and Esc closes it, giving the filter bar back.
func TestKeyboardConventions(t *testing.T) {
	a := test.NewTempApp(t)
	c := newClinic(t)
	c.at = day
	m := c.saveEncoded("K7Q4M2X", "Crossing", paintCrossing(t))
	u := New(a, Options{}, c.sessionOptions(nil))
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	defer closeUI(u)
	u.inUI(func() {
		test.Type(u.lock.entry, "right")
		test.Tap(u.lock.unlock)
	})
	waitFor(t, u, "the piece", true, func() bool { return u.browse != nil && len(u.browse.view.byPiece) == 1 })
	cv := u.win.Canvas()
	key := func(k fyne.KeyName) {
		u.inUI(func() { cv.(test.WindowlessCanvas).OnTypedKey()(&fyne.KeyEvent{Name: k}) })
	}

	u.inUI(func() {
		cv.(test.WindowlessCanvas).OnTypedRune()('/')
		if cv.Focused() != u.browse.find.entry {
			t.Errorf("/ focuses %v, want the search field", cv.Focused())
		}
		cv.Unfocus()
		cv.(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
		if cv.Focused() != u.browse.find.entry {
			t.Errorf("Ctrl+F focuses %v, want the search field", cv.Focused())
		}
		cv.Unfocus()
		u.browse.openViewer(m.ID)
		if u.browse.bar.content.Visible() {
			t.Error("the filter bar stays over the viewer")
		}
	})
	waitFor(t, u, "the drawing", true, func() bool { return u.browse.viewer.pic.pic != nil })
	v := u.browse.viewer
	key(fyne.KeySpace)
	waitFor(t, u, "the replay playing", true, func() bool { return v.rep != nil && v.playing != nil })
	key(fyne.KeySpace)
	u.inUI(func() {
		if v.playing != nil {
			t.Error("a second space did not pause the replay")
		}
	})
	key(fyne.KeyEscape)
	u.inUI(func() {
		if u.browse.viewer != nil || !u.browse.bar.content.Visible() {
			t.Errorf("Esc: viewer %v, filter bar shown %v", u.browse.viewer, u.browse.bar.content.Visible())
		}
	})
}
