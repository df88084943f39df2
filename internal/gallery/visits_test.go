package gallery

import (
	"context"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// TestTimelineTakesMoodsFromVisitRecords: kiosks record moods in a visit
// record, not in the pieces; the patient view's timeline shows them, both
// when the record arrives in a pull and from the cache at the next unlock.
func TestTimelineTakesMoodsFromVisitRecords(t *testing.T) {
	c := newClinic(t)
	m := c.saveIn("K7Q4M2X", "Morning", string(piece.NewID()))
	start := m.Started.UTC().Truncate(time.Second)
	r := &piece.VisitRecord{Schema: piece.VisitSchemaVersion, VisitID: m.VisitID, KioskID: "lounge-1", PatientCode: "K7Q4M2X",
		Started: start, Ended: start.Add(20 * time.Minute), CheckedOut: true,
		CheckIn: &piece.Mood{Pleasantness: 2, Energy: 8}, CheckOut: &piece.Mood{Pleasantness: 7, Energy: 3}, Pieces: []piece.ID{m.ID}}
	data, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.sp.Save(context.Background(), piece.VisitManifest(r), []spool.BlobSource{spool.Bytes("", piece.RoleVisit, piece.VisitMediaType, data)}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		opts := c.options()
		var ev events
		ev.hook(&opts)
		s := New(opts)
		s.Unlock("right")
		ev.waitState(t, Unlocked)
		if round == 0 {
			<-ev.pieces
		}
		visits, err := s.Timeline("K7Q4M2X")
		if err != nil || len(visits) != 1 {
			t.Fatalf("round %d: timeline %+v, %v", round, visits, err)
		}
		v := visits[0]
		if v.CheckIn == nil || v.CheckOut == nil || *v.CheckIn != *r.CheckIn || *v.CheckOut != *r.CheckOut {
			t.Fatalf("round %d: the visit's moods are %+v → %+v, want the record's %+v → %+v", round, v.CheckIn, v.CheckOut, r.CheckIn, r.CheckOut)
		}
		s.Lock()
		<-s.Closed()
	}
}
