package gallery

import (
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// TestEveryLookIsAudited: unlocking, opening a patient (once, however
// often a pull refreshes the view) and viewing a piece are in the audit
// log, with the clinician and ids only, stored in the bucket at lock, and
// the chain verifies.
func TestEveryLookIsAudited(t *testing.T) {
	c := newClinic(t)
	m := c.save("K7Q4M2X", "Morning")
	opts := c.options()
	opts.Clinician = "Dr. Inés Rivera"
	var ev events
	ev.hook(&opts)
	s := New(opts)
	s.Unlock("right")
	ev.waitState(t, Unlocked)
	<-ev.pieces
	for range 2 {
		if _, err := s.Timeline("K7Q4M2X"); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The clinic's stand-in "PNG" does not decode: the look is audited
	// before the picture is read, so it counts all the same.
	s.Original(p)
	if err := s.Played(p); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	<-s.Closed()

	opener, err := seal.NewOpener(c.id)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := audit.Entries(t.Context(), c.rem, opener)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if e.Actor != "Dr. Inés Rivera" {
			t.Errorf("entry %d by %q", e.Seq, e.Actor)
		}
		got = append(got, string(e.Action)+" "+e.Patient+" "+e.Piece)
	}
	want := []string{"unlock  ", "patient-opened K7Q4M2X ", "piece-viewed K7Q4M2X " + string(m.ID), "piece-played K7Q4M2X " + string(m.ID)}
	if len(got) != len(want) {
		t.Fatalf("audit entries %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("audit entries %q, want %q", got, want)
		}
	}
	dir := audit.DefaultDir(c.data)
	head, err := audit.ReadHead(dir)
	if err != nil {
		t.Fatal(err)
	}
	chains, err := audit.Verify(t.Context(), c.rem, opener, map[string]audit.Head{audit.InstallOf(dir): head})
	if err != nil || len(chains) != 1 || !chains[0].OK() {
		t.Fatalf("the gallery's chain: %+v, %v", chains, err)
	}
}
