package galleryui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestDisplayNameShowsInListAndHeader: a display name typed in the
// patient header's editor is stored, then shows in the patients list and
// the header; the patients search finds the patient by it.
func TestDisplayNameShowsInListAndHeader(t *testing.T) {
	c := newClinic(t)
	c.save("K7Q4M2X", "Lighthouse", "")
	u := unlockClinic(t, c, 1)
	u.inUI(func() {
		test.Tap(button(u.browse.view.tools, tr("gallery.name.edit")))
	})
	var ed *nameEditor
	u.inUI(func() { ed = u.browse.view.nameEd })
	if ed == nil {
		t.Fatal("the editor did not open")
	}
	u.inUI(func() {
		test.Type(ed.entry, "Ana Sousa")
		test.Tap(ed.save)
	})
	waitFor(t, u, "the name in the patients list", true, func() bool {
		return len(u.browse.rows) == 1 && u.browse.rows[0].DisplayName == "Ana Sousa" && u.win.Canvas().Overlays().Top() == nil
	})
	all := texts(u)
	for _, want := range []string{"K7Q-4M2X · Ana Sousa"} {
		if strings.Count(all, want) < 2 { // the list's row and the header
			t.Errorf("%q is not in the list and the header:\n%s", want, all)
		}
	}
	u.inUI(func() { u.browse.search.SetText("sousa") })
	waitFor(t, u, "the patient found by name", true, func() bool {
		return len(u.browse.rows) == 1 && u.browse.rows[0].Code == "K7Q4M2X"
	})
}
