package gallery

import (
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/notes"
)

// TestNotesAndNamesReachTheOtherGallery: two clinicians' galleries on one
// bucket. A display name and a note written in one are in the other after
// its next pull; an edit made there supersedes the note in the first.
func TestNotesAndNamesReachTheOtherGallery(t *testing.T) {
	c := newClinic(t)
	m := c.save("K7Q4M2X", "Morning")
	open := func(data, clinician string) (*Session, *events) {
		opts := c.options()
		opts.Clinician, opts.PullEvery = clinician, 20*time.Millisecond
		opts.Open = func(ids []age.Identity, progress func(done, total int)) (*Opened, error) {
			return OpenStore(data, c.rem, ids, library.Options{Logger: c.discard, Trust: c.trust, Progress: progress})
		}
		var ev events
		ev.hook(&opts)
		s := New(opts)
		s.Unlock("right")
		ev.waitState(t, Unlocked)
		<-ev.pieces
		t.Cleanup(func() { s.Lock(); <-s.Closed() })
		return s, &ev
	}
	a, _ := open(c.data, "Dr. Inés Rivera")
	b, bev := open(t.TempDir(), "Dr. Sam Okafor")

	if err := a.SetDisplayName(t.Context(), "K7Q4M2X", "Zoë A."); err != nil {
		t.Fatal(err)
	}
	first := a.NewNote("K7Q4M2X", notes.OnPiece, m.ID, "Drew the sea again; calmer lines.")
	if err := a.WriteNote(t.Context(), first); err != nil {
		t.Fatal(err)
	}
	waitFor(t, bev, func() bool {
		ps, _ := b.Patients("Zoë")
		ns, _ := b.Notes(notes.OnPiece, m.ID)
		return len(ps) == 1 && ps[0].DisplayName == "Zoë A." && len(ns) == 1 && ns[0].Author == "Dr. Inés Rivera"
	})
	edit := first.Edit("Dr. Sam Okafor", "Drew the sea again; calmer lines, and a boat.", time.Now())
	if err := b.WriteNote(t.Context(), edit); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		ns, _ := a.Notes(notes.OnPiece, m.ID)
		if len(ns) == 1 && strings.Contains(ns[0].Text, "boat") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first gallery's notes after the edit: %+v", ns)
		}
		time.Sleep(20 * time.Millisecond) // polling the other gallery's pull
	}
}

// waitFor waits until ok, looking again after each pull's news.
func waitFor(t *testing.T, ev *events, ok func() bool) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for !ok() {
		select {
		case <-ev.pieces:
		case <-deadline:
			t.Fatal("not there after 30 s of pulls")
		}
	}
}
