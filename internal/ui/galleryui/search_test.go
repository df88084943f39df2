package galleryui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestSearch: typing in the search field lists the pieces of every patient
// whose title or reflection has the words, the matches marked; a hit opens
// its patient and the piece in the viewer; clearing the field goes back.
func TestSearch(t *testing.T) {
	a1 := drawn("K7Q4M2X", "v1", day, piece.Drawing, "Lighthouse")
	a1.Reflection = "The harbour at night, quiet."
	a2 := drawn("K7Q4M2X", "v1", day.Add(time.Hour), piece.Drawing, "Stones")
	b1 := drawn("VAFQM2E", "w1", day.Add(24*time.Hour), piece.Drawing, "Harbour lights")
	var entries []index.Entry
	for _, m := range []*piece.Manifest{a1, a2, b1} {
		entries = append(entries, index.Entry{Manifest: m, Provenance: index.Verified})
	}
	u := unlockFixed(t, entries, nil, 1)
	u.inUI(func() { test.Type(u.browse.find.entry, "harb") })
	waitFor(t, u, "two hits", false, func() bool { return len(u.browse.find.hits) == 2 && u.browse.searching })
	u.inUI(func() {
		h := u.browse.find.hits[0]
		if h.ID != b1.ID || len(h.Title) == 0 || !h.Title[0].Match || h.Title[0].Text != "Harbour" {
			t.Errorf("first hit %+v (%s), want the title match marked", h.Title, h.ID)
		}
		u.browse.find.list.Select(1) // the reflection match: the other patient
	})
	waitFor(t, u, "the hit's piece in the viewer", false, func() bool {
		b := u.browse
		return b.viewer != nil && b.viewer.pieces[b.viewer.at].ID == a1.ID && b.selected == "K7Q4M2X" && !b.searching
	})
	u.inUI(func() {
		if u.browse.find.entry.Text != "" {
			t.Errorf("the search field still says %q", u.browse.find.entry.Text)
		}
	})
}
