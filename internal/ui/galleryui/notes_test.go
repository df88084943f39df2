package galleryui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/notes"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestNoteOnAPieceShowsAndAnEditSupersedes: in the viewer, a note typed
// and saved shows with its author; editing it shows the new text marked
// "edited" in its place (one note, not two), and both versions are in the
// clinic's index; the note's words find it in the search of notes.
func TestNoteOnAPieceShowsAndAnEditSupersedes(t *testing.T) {
	c := newClinic(t)
	m := c.save("K7Q4M2X", "Lighthouse", "It felt like coming home.")
	u := unlockClinic(t, c, 1)
	var panel *notesPanel
	u.inUI(func() {
		u.browse.openViewer(m.ID)
		panel = u.browse.viewer.notes
	})
	waitFor(t, u, "the piece's notes", true, func() bool {
		return panel.target == m.ID && strings.Contains(textsOf(panel.content), tr("gallery.notes.none"))
	})
	u.inUI(func() {
		if !panel.save.Disabled() {
			t.Error("Save is enabled with nothing typed")
		}
		test.Type(panel.entry, "Calmer lines than in October.\nTalked about the sea.")
		test.Tap(panel.save)
	})
	waitFor(t, u, "the saved note", true, func() bool {
		return len(panel.shown) == 1 && panel.entry.Text == ""
	})
	var shown string
	var first notes.Note
	u.inUI(func() { shown, first = textsOf(panel.content), panel.shown[0] })
	for _, want := range []string{"Calmer lines than in October.\nTalked about the sea.", "Dr. Inés Rivera · "} {
		if !strings.Contains(shown, want) {
			t.Errorf("the panel lacks %q:\n%s", want, shown)
		}
	}
	if strings.Contains(shown, tr("gallery.notes.edited")) {
		t.Errorf("a new note is marked edited:\n%s", shown)
	}

	u.inUI(func() {
		test.Tap(button(panel.content, tr("gallery.notes.edit")))
		if panel.entry.Text != first.Text || panel.save.Text != tr("gallery.notes.saveedit") {
			t.Errorf("editing: box %q, button %q", panel.entry.Text, panel.save.Text)
		}
		panel.entry.SetText("")
		test.Type(panel.entry, "Calmer lines than in September.")
		test.Tap(panel.save)
	})
	waitFor(t, u, "the edited note", true, func() bool {
		return len(panel.shown) == 1 && panel.shown[0].Text == "Calmer lines than in September."
	})
	var e notes.Note
	u.inUI(func() { shown, e = textsOf(panel.content), panel.shown[0] })
	if !strings.Contains(shown, tr("gallery.notes.edited")) || strings.Contains(shown, "October") {
		t.Errorf("after the edit the panel shows:\n%s", shown)
	}
	if e.Supersedes != first.ID || e.Thread != first.ID {
		t.Errorf("the edit %+v does not supersede %s", e, first.ID)
	}
	hits, err := u.s.SearchNotes("October")
	if err != nil || len(hits) != 0 {
		t.Errorf("the superseded text is still found as the note: %+v, %v", hits, err)
	}
	hits, err = u.s.SearchNotes("September")
	if err != nil || len(hits) != 1 {
		t.Errorf("the edited note is not found: %+v, %v", hits, err)
	}
}

// TestNoteOnAVisit: a visit's Notes… opens its notes in a dialog where a
// note is written and shows.
func TestNoteOnAVisit(t *testing.T) {
	c := newClinic(t)
	c.visit = string(piece.NewID())
	c.save("K7Q4M2X", "Lighthouse", "")
	u := unlockClinic(t, c, 1)
	var visit *index.Visit
	u.inUI(func() {
		visit = &u.browse.view.visits[0]
		u.browse.view.visitNotes(visit)
	})
	var panel *notesPanel
	waitFor(t, u, "the visit's notes", true, func() bool {
		panel = u.browse.view.visitPanel
		return panel != nil && strings.Contains(textsOf(panel.content), tr("gallery.notes.none"))
	})
	u.inUI(func() {
		test.Type(panel.entry, "Arrived tired, left lighter.")
		test.Tap(panel.save)
	})
	waitFor(t, u, "the visit's note", true, func() bool {
		return len(panel.shown) == 1 && panel.shown[0].On == notes.OnVisit && string(panel.shown[0].Target) == c.visit
	})
	if !strings.Contains(overlayTexts(u), "Arrived tired, left lighter.") {
		t.Errorf("the dialog does not show the note:\n%s", overlayTexts(u))
	}
	// Locking closes the dialog: no note text is left over the lock screen.
	u.s.Lock()
	waitFor(t, u, "the lock screen", false, func() bool { return u.lock != nil && u.win.Canvas().Overlays().Top() == nil })
}

// TestNotesPanelGolden: the notes on a visit, newest first, an edited
// one marked so (golden image).
func TestNotesPanelGolden(t *testing.T) {
	visit := string(piece.NewID())
	m := drawn("K7Q4M2X", visit, day, piece.Drawing, "Lighthouse", "calm")
	m.MoodCheckIn, m.MoodCheckOut = &piece.Mood{Pleasantness: 3, Energy: 6}, &piece.Mood{Pleasantness: 6, Energy: 4}
	older := notes.New("K7Q4M2X", notes.OnVisit, piece.ID(visit), "Dr. Inés Rivera", "Arrived tense; shoulders up.", day.Add(2*time.Hour))
	edited := older.Edit("Dr. Inés Rivera", "Arrived tense; shoulders up. Breathing slowed after drawing.", day.Add(3*time.Hour))
	newer := notes.New("K7Q4M2X", notes.OnVisit, piece.ID(visit), "Sam Okafor", "Follow up on the lighthouse image next week.\nShe asked to see the drawing again.", day.Add(26*time.Hour))
	a := test.NewTempApp(t)
	u := New(a, Options{NoPassphrase: true}, fixedRecord(t, []index.Entry{{Manifest: m, Provenance: index.Verified}}, []notes.Note{older, edited, newer}))
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	t.Cleanup(func() { closeUI(u) })
	u.inUI(func() { u.lock.submit() })
	waitFor(t, u, "the patient view", false, func() bool { return u.browse != nil && len(u.browse.view.byPiece) == 1 })
	u.inUI(func() { u.browse.view.visitNotes(&u.browse.view.visits[0]) })
	waitFor(t, u, "the notes", false, func() bool {
		p := u.browse.view.visitPanel
		return p != nil && len(p.shown) == 2
	})
	u.inUI(func() {
		p := u.browse.view.visitPanel
		if p.shown[0].Author != "Sam Okafor" || p.shown[1].Text != edited.Text {
			t.Errorf("not newest first, or not the edit: %+v", p.shown)
		}
		test.AssertImageMatches(t, "notes-visit.png", u.win.Canvas().Capture())
	})
}

// TestSearchFindsNotes: the gallery's search lists a note's words under
// the pieces it finds; choosing the note opens its piece in the viewer.
func TestSearchFindsNotes(t *testing.T) {
	c := newClinic(t)
	m := c.save("K7Q4M2X", "Lighthouse", "")
	u := unlockClinic(t, c, 1)
	if err := u.s.WriteNote(t.Context(), u.s.NewNote("K7Q4M2X", notes.OnPiece, m.ID, "Spoke of the lighthouse keeper, her grandfather.")); err != nil {
		t.Fatal(err)
	}
	u.inUI(func() { test.Type(u.browse.find.entry, "grandfather") })
	waitFor(t, u, "the note found", true, func() bool {
		return u.browse.searching && len(u.browse.find.notes.hits) == 1 && u.browse.find.notes.box.Visible()
	})
	u.inUI(func() { u.browse.find.notes.list.Select(0) })
	waitFor(t, u, "the note's piece in the viewer", true, func() bool {
		return u.browse.viewer != nil && u.browse.viewer.pieces[u.browse.viewer.at].ID == m.ID
	})
}
