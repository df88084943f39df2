package galleryui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// shownTitles is the titles of the open patient's grid, sorted.
func shownTitles(v *patientView) []string {
	var out []string
	for _, vis := range v.visits {
		for _, p := range vis.Pieces {
			out = append(out, p.Title)
		}
	}
	slices.Sort(out)
	return out
}

func hitTitles(s *search) []string {
	var out []string
	for _, h := range s.hits {
		out = append(out, h.Piece.Title)
	}
	slices.Sort(out)
	return out
}

// TestFilterBar: the filter bar narrows the open patient's grid by kind,
// feeling word, quadrant and dates, combined, and says how many pieces it
// shows; the same filters narrow the full-text search; Clear filters
// brings everything back. Golden image of the bar with filters set.
func TestFilterBar(t *testing.T) {
	light := drawn("K7Q4M2X", "v1", day, piece.Drawing, "Lighthouse", "calm", "hopeful")
	saw := drawn("K7Q4M2X", "v1", day.Add(20*time.Minute), piece.Voice, "What I saw")
	tide := drawn("K7Q4M2X", "v2", day.Add(7*24*time.Hour), piece.Music, "Tide", "tender")
	wall := drawn("K7Q4M2X", "v2", day.Add(7*24*time.Hour+time.Hour), piece.Drawing, "Harbour wall", "calm", "restless")
	wall.Emotions.Quadrant = "unpleasant-high"
	lights := drawn("VAFQM2E", "w1", day.Add(24*time.Hour), piece.Drawing, "Harbour lights", "calm")
	var entries []index.Entry
	for _, m := range []*piece.Manifest{light, saw, tide, wall, lights} {
		entries = append(entries, index.Entry{Manifest: m, Provenance: index.Verified})
	}
	u := unlockFixed(t, entries, nil, 4)
	bar, view := u.browse.bar, u.browse.view
	shows := func(what string, want ...string) {
		t.Helper()
		slices.Sort(want)
		waitFor(t, u, what, false, func() bool { return slices.Equal(shownTitles(view), want) })
	}
	u.inUI(func() {
		if !bar.clear.Hidden || bar.shown.Text != "" {
			t.Errorf("with no filter: Clear filters shown %v, %q", !bar.clear.Hidden, bar.shown.Text)
		}
		if !slices.Equal(bar.words, []string{"calm", "hopeful", "restless", "tender"}) {
			t.Errorf("words offered %v, want the patient's, most used first", bar.words)
		}
		bar.kind.SetSelectedIndex(1 + slices.Index(filterKinds, piece.Drawing))
	})
	shows("the drawings", "Lighthouse", "Harbour wall")
	u.inUI(func() {
		if bar.clear.Hidden || bar.shown.Text != "2 of 4 pieces" {
			t.Errorf("drawings: Clear filters hidden %v, %q", bar.clear.Hidden, bar.shown.Text)
		}
		if !strings.Contains(view.summary.Text, "pieces: 4") {
			t.Errorf("the header no longer describes the whole patient: %q", view.summary.Text)
		}
		bar.word.SetSelectedIndex(1 + slices.Index(bar.words, "hopeful"))
	})
	shows("hopeful drawings", "Lighthouse")
	u.inUI(func() {
		bar.word.SetSelectedIndex(1 + slices.Index(bar.words, "calm"))
		bar.quadrant.SetSelectedIndex(1 + slices.Index(emotion.Quadrants, emotion.UnpleasantHigh))
	})
	shows("calm, unpleasant-high drawings", "Harbour wall")
	u.inUI(func() {
		bar.word.SetSelectedIndex(0)
		bar.quadrant.SetSelectedIndex(0)
		bar.kind.SetSelectedIndex(0)
		bar.now = func() time.Time { return day.Add(8 * 24 * time.Hour) }
		bar.dates.SetSelectedIndex(datesWeek)
	})
	shows("the last 7 days", "Tide", "Harbour wall")
	u.inUI(func() {
		bar.kind.SetSelectedIndex(1 + slices.Index(filterKinds, piece.Drawing))
		bar.word.SetSelectedIndex(1 + slices.Index(bar.words, "calm"))
	})
	shows("calm drawings of the last 7 days", "Harbour wall")
	u.inUI(func() {
		// (The chosen dates' fields are left out: their text follows the
		// machine's locale.)
		test.AssertImageMatches(t, "filters.png", u.win.Canvas().Capture())
		bar.kind.SetSelectedIndex(0)
		bar.word.SetSelectedIndex(0)
		bar.dates.SetSelectedIndex(datesCustom)
		if bar.custom.Hidden {
			t.Error("Choose dates… shows no date fields")
		}
		from, to := day, day // one day: the first visit
		bar.from.SetDate(&from)
		bar.to.SetDate(&to)
	})
	shows("2 Nov only", "Lighthouse", "What I saw")
	u.inUI(func() {
		bar.kind.SetSelectedIndex(1 + slices.Index(filterKinds, piece.Drawing))
		from, to := day.Add(6*24*time.Hour), day.Add(8*24*time.Hour)
		bar.from.SetDate(&from)
		bar.to.SetDate(&to)
		bar.word.SetSelectedIndex(1 + slices.Index(bar.words, "calm"))
	})
	shows("calm drawings of 8-10 Nov", "Harbour wall")
	u.inUI(func() {
		if w := u.win.Content().MinSize().Width; w > 1366 {
			t.Errorf("with every filter shown the window needs %v wide, more than 1366", w)
		}
		// The search is narrowed alike: the other patient's harbour is
		// from 3 Nov.
		test.Type(u.browse.find.entry, "harb")
	})
	waitFor(t, u, "one hit", false, func() bool {
		return u.browse.searching && slices.Equal(hitTitles(u.browse.find), []string{"Harbour wall"})
	})
	u.inUI(func() { test.Tap(bar.clear) })
	waitFor(t, u, "both hits", false, func() bool {
		return slices.Equal(hitTitles(u.browse.find), []string{"Harbour lights", "Harbour wall"})
	})
	u.inUI(func() { u.browse.find.entry.SetText("") })
	shows("everything", "Lighthouse", "What I saw", "Tide", "Harbour wall")
	u.inUI(func() {
		if bar.find().Narrows() || !bar.clear.Hidden || !bar.custom.Hidden || bar.shown.Text != "" ||
			bar.kind.SelectedIndex() != 0 || bar.word.SelectedIndex() != 0 || bar.dates.SelectedIndex() != 0 {
			t.Errorf("after Clear filters: %+v, clear hidden %v, %q", bar.find(), bar.clear.Hidden, bar.shown.Text)
		}
	})
}

// openedIndex is fixedIndex whose gallery opened patients at the given
// times before today.
func openedIndex(t *testing.T, entries []index.Entry, opened map[string]time.Time) gallery.Options {
	t.Helper()
	x := newIndexed(t, entries)
	for code, at := range opened {
		x.with(&index.Options{Now: func() time.Time { return at }}, func(ix *index.Index) error { return ix.MarkOpened(code) })
	}
	return x.options()
}

// TestNewSinceLastVisit: the patients list marks how many pieces each
// patient made since the gallery last opened them before today; "New
// since last visit" narrows the patient's grid to those, saying since
// when; opening the patient today keeps them new. Golden image.
func TestNewSinceLastVisit(t *testing.T) {
	var entries []index.Entry
	for _, m := range []*piece.Manifest{
		drawn("K7Q4M2X", "v1", day, piece.Drawing, "Lighthouse", "calm"),
		drawn("K7Q4M2X", "v1", day.Add(20*time.Minute), piece.Voice, "What I saw"),
		drawn("K7Q4M2X", "v2", day.Add(7*24*time.Hour), piece.Music, "Tide", "tender"),
		drawn("K7Q4M2X", "v2", day.Add(7*24*time.Hour+time.Hour), piece.Drawing, "Harbour wall", "calm"),
		drawn("VAFQM2E", "w1", day.Add(24*time.Hour), piece.Drawing, "Stones"),
	} {
		entries = append(entries, index.Entry{Manifest: m, Provenance: index.Verified})
	}
	// The last follow-up: K7Q on Thursday 5 Nov, VAF after its piece.
	opts := openedIndex(t, entries, map[string]time.Time{
		"K7Q4M2X": day.Add(3*24*time.Hour + 6*time.Hour),
		"VAFQM2E": day.Add(2 * 24 * time.Hour),
	})
	u := unlockOptions(t, opts, 4)
	b := u.browse
	waitFor(t, u, "the new pieces' badge", false, func() bool { return b.newCounts["K7Q4M2X"] == 2 })
	all := texts(u)
	if !strings.Contains(all, "pieces: 4 · ● 2 new") || strings.Contains(all, "pieces: 1 · ●") {
		t.Errorf("the patients list does not mark K7Q's 2 new pieces (and none of VAF's):\n%s", all)
	}
	u.inUI(func() {
		if got := b.bar.newOnly.Text; got != "New since last visit · 2" {
			t.Errorf("the new button says %q", got)
		}
		test.Tap(b.bar.newOnly)
	})
	waitFor(t, u, "the new pieces only", false, func() bool {
		return slices.Equal(shownTitles(b.view), []string{"Harbour wall", "Tide"})
	})
	u.inUI(func() {
		if want := "2 of 4 pieces · new since 5 Nov 2026"; b.bar.shown.Text != want {
			t.Errorf("the bar says %q, want %q", b.bar.shown.Text, want)
		}
		test.AssertImageMatches(t, "new-since.png", u.win.Canvas().Capture())
		b.reloadPatients()
	})
	// Opened today (this test's opening): still new, until tomorrow.
	waitFor(t, u, "the patients again", false, func() bool { return b.seq > 0 && b.rows != nil })
	u.s.Sync()
	u.inUI(func() {
		if b.newCounts["K7Q4M2X"] != 2 {
			t.Errorf("after opening the patient today: %d new, want still 2", b.newCounts["K7Q4M2X"])
		}
	})
}
