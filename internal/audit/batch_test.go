package audit

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// TestAppendAllChainsLikeAppend: entries appended in one step chain with
// those before and after, survive a restart and verify; a batch with an
// unknown action records nothing.
func TestAppendAllChainsLikeAppend(t *testing.T) {
	b := newBench(t, 3, 10)
	var evs []Event
	for i := range 50 {
		evs = append(evs, Event{Actor: "Dr. Rivera", Action: Consent, Patient: "K7Q4M2X", Piece: fmt.Sprintf("piece-%d", i)})
	}
	if err := b.log.AppendAll(append(slices.Clone(evs), Event{Actor: "x", Action: "wrong"})); err == nil {
		t.Fatal("a batch with an unknown action was recorded")
	}
	if names, _ := filepath.Glob(filepath.Join(b.log.dir, "pending", "*")); len(names) != 0 || b.log.Pending() != 0 {
		t.Fatalf("a refused batch left %v pending (%d in memory)", names, b.log.Pending())
	}
	if err := b.log.AppendAll(evs); err != nil {
		t.Fatal(err)
	}
	l, err := Open(Options{Dir: b.log.dir, Signer: b.signer, Sealer: b.sealer, Opener: b.opener, Remote: b.remote})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.pending) != 50 || l.head.Seq != 53 {
		t.Fatalf("after a restart: %d pending, head %d; want 50, 53", len(l.pending), l.head.Seq)
	}
	if err := l.Append(Event{Actor: "Dr. Rivera", Action: ExportMade, Patient: "K7Q4M2X"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	b.log = l
	if c := b.verify(t); !c.OK() || c.Entries != 54 {
		t.Fatalf("chain: %d entries, breaks %v; want 54, none", c.Entries, c.Breaks)
	}
}
