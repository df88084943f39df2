package galleryui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestWhoLookedListsTheLooks: Who looked lists, newest first, the
// clinician viewing the patient's piece (by its title) and opening the
// patient.
func TestWhoLookedListsTheLooks(t *testing.T) {
	c := newClinic(t)
	m := c.save("K7Q4M2X", "Lighthouse", "")
	u := unlockClinic(t, c, 1)
	u.inUI(func() { u.browse.openViewer(m.ID) })
	waitFor(t, u, "the piece viewed", true, func() bool {
		return u.browse.viewer != nil && u.browse.viewer.note.Text != tr("gallery.viewer.loading")
	})
	u.inUI(func() {
		u.browse.closeViewer()
		test.Tap(button(u.browse.view.tools, tr("gallery.audit.open")))
	})
	var a *auditView
	waitFor(t, u, "the audit entries", true, func() bool {
		a = u.browse.view.looks
		return a != nil && len(a.entries) >= 2
	})
	shown := overlayTexts(u)
	viewed := trf("gallery.audit.row", "Dr. Inés Rivera", trf("gallery.audit.titled", tr("gallery.audit.action.piece-viewed"), "Lighthouse"))
	opened := trf("gallery.audit.row", "Dr. Inés Rivera", tr("gallery.audit.action.patient-opened"))
	iv, io := strings.Index(shown, viewed), strings.Index(shown, opened)
	if iv < 0 || io < 0 || iv > io {
		t.Errorf("who looked shows (viewed at %d, opened at %d):\n%s", iv, io, shown)
	}
	var n int
	u.inUI(func() { n = len(a.entries) })
	if !strings.Contains(shown, trf("gallery.audit.count", n)) {
		t.Errorf("no count:\n%s", shown)
	}
}
