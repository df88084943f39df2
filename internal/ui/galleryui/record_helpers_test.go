package galleryui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/notes"
)

// unlockClinic opens a window on c's bucket (notes, names and the audit
// log are real: sealed, in c's folder remote) as "Dr. Inés Rivera" and
// waits for the most recent patient's view with pieces pieces.
func unlockClinic(t *testing.T, c *clinic, pieces int) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	opts := c.sessionOptions(nil)
	opts.Clinician = "Dr. Inés Rivera"
	opts.PullEvery = 200 * time.Millisecond
	u := New(a, Options{Clinic: "Harbour Clinic"}, opts)
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	t.Cleanup(func() { closeUI(u) })
	u.inUI(func() {
		test.Type(u.lock.entry, "right")
		test.Tap(u.lock.unlock)
	})
	waitFor(t, u, "the patient view", true, func() bool {
		return u.browse != nil && len(u.browse.view.byPiece) == pieces && !u.browse.view.tools.Hidden
	})
	return u
}

// fixedRecord is fixedIndex with notes kept in the index (no bucket: a
// note cannot be saved, but the ones kept are shown).
func fixedRecord(t *testing.T, entries []index.Entry, ns []notes.Note) gallery.Options {
	t.Helper()
	x := newIndexed(t, entries)
	x.with(nil, func(ix *index.Index) error {
		for _, n := range ns {
			if err := ix.AddNote(n); err != nil {
				return err
			}
		}
		return nil
	})
	return x.options()
}

// textsOf is every text o's tree holds.
func textsOf(o fyne.CanvasObject) string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *canvas.Text:
			out = append(out, v.Text)
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.Entry:
			out = append(out, v.Text)
		case *widget.Button:
			out = append(out, v.Text)
		}
	})
	return strings.Join(out, "\n")
}

// overlayTexts is every text of the window's top dialog.
func overlayTexts(u *UI) string {
	var s string
	u.inUI(func() {
		if top := u.win.Canvas().Overlays().Top(); top != nil {
			s = textsOf(top)
		}
	})
	return s
}

// button finds the button of o's tree with text.
func button(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	return found
}
