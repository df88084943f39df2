package gallery

import (
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/notes"
)

// TestWhoLookedAtAPatient: a patient's "who looked" lists the opening of
// that patient and the viewing of its piece, newest first, by the
// clinician, and nothing about another patient.
func TestWhoLookedAtAPatient(t *testing.T) {
	c := newClinic(t)
	m := c.save("K7Q4M2X", "Morning")
	c.save("VAFQM2E", "Stones")
	opts := c.options()
	opts.Clinician = "Dr. Inés Rivera"
	s := c.unlocked(opts)
	for _, code := range []string{"K7Q4M2X", "VAFQM2E"} {
		if _, err := s.Timeline(code); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	s.Original(p)
	got, err := s.PatientAudit(t.Context(), "K7Q4M2X")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Action != audit.PieceViewed || got[0].Piece != string(m.ID) || got[1].Action != audit.PatientOpened {
		t.Fatalf("who looked at K7Q4M2X: %+v", got)
	}
	for _, e := range got {
		if e.Actor != "Dr. Inés Rivera" || e.Patient != "K7Q4M2X" {
			t.Errorf("entry %+v", e)
		}
	}
	if got[0].Time.Before(got[1].Time) {
		t.Errorf("not newest first: %v before %v", got[0].Time, got[1].Time)
	}

}

// TestNotesAreSearchable: a note's words find it through the session.
func TestNotesAreSearchable(t *testing.T) {
	c := newClinic(t)
	m := c.save("K7Q4M2X", "Morning")
	s := c.unlocked(c.options())
	if err := s.WriteNote(t.Context(), s.NewNote("K7Q4M2X", notes.OnPiece, m.ID, "Spoke of the lighthouse keeper.")); err != nil {
		t.Fatal(err)
	}
	hits, err := s.SearchNotes("keeper")
	if err != nil || len(hits) != 1 || hits[0].Note.Target != m.ID {
		t.Fatalf("search notes: %+v, %v", hits, err)
	}
}
