package galleryui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

var day = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func drawn(code, visit string, at time.Time, kind piece.Kind, title string, words ...string) *piece.Manifest {
	m := piece.New(kind, "lounge-1", code, at)
	m.VisitID = visit
	m.Finished = at.Add(10 * time.Minute)
	m.Title = title
	if len(words) > 0 {
		m.Emotions = &piece.Emotions{Quadrant: "pleasant-low", X: 0.6, Y: 0.3}
		for _, w := range words {
			m.Emotions.Words = append(m.Emotions.Words, piece.EmotionTag{Word: w, Intensity: 3})
		}
	}
	return m
}

// unlockFixed opens a window over a fixed index and waits for the
// patient view.
func unlockFixed(t *testing.T, entries []index.Entry, damaged map[piece.ID]string, pieces int) *UI {
	t.Helper()
	return unlockOptions(t, fixedIndex(t, entries, damaged), pieces)
}

// unlockOptions opens a window over a session made with opts and waits
// for the patient view with this many pieces.
func unlockOptions(t *testing.T, opts gallery.Options, pieces int) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	u := New(a, Options{NoPassphrase: true}, opts)
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	t.Cleanup(func() { closeUI(u) })
	u.inUI(func() { u.lock.submit() })
	waitFor(t, u, "the patient view", false, func() bool {
		return u.browse != nil && len(u.browse.view.byPiece) == pieces && len(u.browse.rows) > 0
	})
	// Every card on screen has its (no) picture: the list is still.
	waitFor(t, u, "the cards' pictures", false, func() bool {
		still := true
		walk(u.win.Content(), func(o fyne.CanvasObject) {
			if c, ok := o.(*pieceCard); ok && c.shown {
				if _, ready := u.s.Thumbnail(c.p); !ready || c.img.Image == nil && c.noPic.Text == "" {
					still = false
				}
			}
		})
		return still
	})
	return u
}

// TestPatientView: the most recent patient opens with a header, visits
// newest first with their moods, and cards with kind, title and emotion
// words; the patients list shows last visit and piece count.
func TestPatientView(t *testing.T) {
	a1 := drawn("K7Q4M2X", "v1", day, piece.Drawing, "Lighthouse", "calm", "hopeful")
	a1.MoodCheckIn, a1.MoodCheckOut = &piece.Mood{Pleasantness: 3, Energy: 6}, &piece.Mood{Pleasantness: 6, Energy: 4}
	a2 := drawn("K7Q4M2X", "v1", day.Add(20*time.Minute), piece.Voice, "What I saw")
	b1 := drawn("K7Q4M2X", "v2", day.Add(7*24*time.Hour), piece.Music, "Tide", "tender")
	b1.MoodCheckIn, b1.MoodCheckOut = &piece.Mood{Pleasantness: 4, Energy: 3}, &piece.Mood{Pleasantness: 7, Energy: 5}
	other := drawn("VAFQM2E", "w1", day.Add(-24*time.Hour), piece.Drawing, "Stones")
	var entries []index.Entry
	for _, m := range []*piece.Manifest{a1, a2, b1, other} {
		entries = append(entries, index.Entry{Manifest: m, Provenance: index.Verified})
	}
	u := unlockFixed(t, entries, nil, 3)
	u.inUI(func() {
		test.AssertImageMatches(t, "patient.png", u.win.Canvas().Capture())
	})
}

// TestVisitGridMarks: an unfinished piece, a damaged one and one changed
// after it was made are marked as such; the damaged one shows no picture.
func TestVisitGridMarks(t *testing.T) {
	ok := drawn("K7Q4M2X", "v1", day, piece.Drawing, "Whole", "calm")
	unfinished := drawn("K7Q4M2X", "v1", day.Add(5*time.Minute), piece.Drawing, "Half a boat")
	unfinished.Unfinished, unfinished.Finished = true, time.Time{}
	broken := drawn("K7Q4M2X", "v1", day.Add(10*time.Minute), piece.Music, "Broken song")
	changed := drawn("K7Q4M2X", "v1", day.Add(15*time.Minute), piece.Drawing, "Twice written")
	entries := []index.Entry{
		{Manifest: ok, Provenance: index.Verified},
		{Manifest: unfinished, Provenance: index.Verified},
		{Manifest: broken, Provenance: index.Verified},
		{Manifest: changed, Provenance: index.Tampered},
	}
	u := unlockFixed(t, entries, map[piece.ID]string{broken.ID: "blob does not match its manifest"}, 4)
	all := texts(u)
	for _, want := range []string{tr("gallery.piece.unfinished"), tr("gallery.piece.damaged"), tr("gallery.piece.tampered")} {
		if !containsLine(all, want) {
			t.Errorf("no %q mark:\n%s", want, all)
		}
	}
	u.inUI(func() {
		test.AssertImageMatches(t, "visit-marks.png", u.win.Canvas().Capture())
	})
}

func containsLine(all, want string) bool {
	for _, l := range splitLines(all) {
		if l == want || len(l) > len(want) && (l[:len(want)] == want || l[len(l)-len(want):] == want) {
			return true
		}
	}
	return false
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// TestThousandPiecesVirtualised: a patient with 1,000 pieces opens with
// only the cards on screen built, and the last visit's row is reached by
// scrolling the same list.
func TestThousandPiecesVirtualised(t *testing.T) {
	var entries []index.Entry
	for i := range 1000 {
		at := day.Add(time.Duration(i) * time.Hour)
		m := drawn("K7Q4M2X", fmt.Sprintf("v%d", i/10), at, piece.Drawing, fmt.Sprintf("Piece %d", i), "calm")
		entries = append(entries, index.Entry{Manifest: m, Provenance: index.Verified})
	}
	u := unlockFixed(t, entries, nil, 1000)
	cards := 0
	u.inUI(func() {
		walk(u.win.Content(), func(o fyne.CanvasObject) {
			if _, ok := o.(*pieceCard); ok {
				cards++
			}
		})
	})
	if cards == 0 || cards > 100 {
		t.Fatalf("%d cards built for 1,000 pieces; want only those on screen", cards)
	}
	u.inUI(func() {
		v := u.browse.view
		v.list.ScrollToBottom()
		last := v.rows[len(v.rows)-1]
		if len(last.pieces) == 0 || last.pieces[len(last.pieces)-1].Title != "Piece 0" {
			t.Errorf("the last row is %+v, want the oldest piece", last)
		}
	})
}

// TestMoodChartTapScrolls: a tap on a visit in the emotion timeline
// scrolls the grid to that visit; the timeline plots the visits' moods.
func TestMoodChartTapScrolls(t *testing.T) {
	var entries []index.Entry
	for i := range 6 {
		m := drawn("K7Q4M2X", fmt.Sprintf("v%d", i), day.Add(time.Duration(i)*24*time.Hour), piece.Drawing, fmt.Sprintf("Piece %d", i), "calm")
		m.MoodCheckIn, m.MoodCheckOut = &piece.Mood{Pleasantness: 3, Energy: 5}, &piece.Mood{Pleasantness: 3 + i, Energy: 5}
		entries = append(entries, index.Entry{Manifest: m, Provenance: index.Verified})
	}
	u := unlockFixed(t, entries, nil, 6)
	u.inUI(func() {
		v := u.browse.view
		if v.chart.Hidden || len(v.chart.visits) != 6 {
			t.Fatalf("chart hidden %v with %d visits", v.chart.Hidden, len(v.chart.visits))
		}
		if v.list.GetScrollOffset() != 0 {
			t.Fatalf("the grid starts scrolled to %v", v.list.GetScrollOffset())
		}
		// The leftmost column is the oldest visit: the grid's last.
		test.TapAt(v.chart, fyne.NewPos(chartLabelW+5, 40))
		if v.list.GetScrollOffset() <= 0 {
			t.Error("a tap on the oldest visit did not scroll the grid")
		}
	})
}

// TestUnverifiedPiecesAreKeptApart: a piece whose origin is not verified is
// never listed under its patient's code; it appears only in the "Origin not
// verified" row, marked, with the note for staff.
func TestUnverifiedPiecesAreKeptApart(t *testing.T) {
	ok := drawn("VAFQM2E", "w1", day, piece.Drawing, "Stones")
	injected := drawn("K7Q4M2X", "v1", day.Add(time.Hour), piece.Drawing, "Injected")
	u := unlockFixed(t, []index.Entry{
		{Manifest: ok, Provenance: index.Verified},
		{Manifest: injected, Provenance: index.OriginNotVerified, ProvenanceDetail: "signed by an unknown key"},
	}, nil, 1)
	waitFor(t, u, "the origin-not-verified row", false, func() bool { return len(u.browse.rows) == 2 })
	u.inUI(func() {
		b := u.browse
		if b.rows[0].Code != "VAFQM2E" || b.rows[1].Code != unverifiedRow {
			t.Fatalf("rows %+v", b.rows)
		}
		if _, listed := b.view.byPiece[injected.ID]; listed {
			t.Fatal("the unverified piece is in a patient's view")
		}
		b.list.Select(1)
	})
	waitFor(t, u, "the unverified pieces", false, func() bool {
		_, shown := u.browse.view.byPiece[injected.ID]
		return shown
	})
	all := texts(u)
	for _, want := range []string{"Origin not verified", "Injected", tr("gallery.piece.unverified")} {
		if !strings.Contains(all, want) {
			t.Errorf("the origin-not-verified view lacks %q", want)
		}
	}
}

// TestGridReflowsOnResize: the window widened to 4K lays the grid out in
// more columns (every card of a row shown), and narrowed back in fewer.
func TestGridReflowsOnResize(t *testing.T) {
	var entries []index.Entry
	for i := range 40 {
		m := drawn("K7Q4M2X", "v1", day.Add(time.Duration(i)*time.Minute), piece.Drawing, fmt.Sprintf("Piece %d", i), "calm")
		entries = append(entries, index.Entry{Manifest: m, Provenance: index.Verified})
	}
	u := unlockFixed(t, entries, nil, 40)
	shownInFirstRow := func() (cols, shown int) {
		u.inUI(func() {
			v := u.browse.view
			cols = v.cols
			walk(u.win.Content(), func(o fyne.CanvasObject) {
				if c, ok := o.(*pieceCard); ok && c.shown && c.Visible() && v.byPiece[c.p.ID] == 1 {
					shown++
				}
			})
		})
		return cols, shown
	}
	for _, c := range []struct {
		w, h float32
	}{{3840, 2160}, {1366, 768}} {
		u.inUI(func() { u.win.Resize(fyne.NewSize(c.w, c.h)) })
		want := columnsFor(c.w)
		waitFor(t, u, "the grid reflowed", false, func() bool {
			return u.browse.view.cols == want
		})
		if cols, shown := shownInFirstRow(); cols != want || shown != want {
			t.Errorf("%v×%v: %d columns, %d cards in the first row; want %d", c.w, c.h, cols, shown, want)
		}
	}
}
