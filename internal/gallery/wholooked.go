package gallery

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/index"
)

// MaxLooks bounds how many entries PatientAudit returns (the newest).
const MaxLooks = 1000

// PatientAudit is "who looked": the audit entries that name patient, from
// every gallery's chain in the bucket and this gallery's entries not yet
// stored there, newest first (at most MaxLooks). It reads every audit
// object in the bucket and does not verify the chains (`afterimage audit
// verify` does): slow, not on the UI goroutine.
func (s *Session) PatientAudit(ctx context.Context, patient string) ([]audit.Entry, error) {
	o, _, err := s.current()
	if err != nil {
		return nil, err
	}
	if o.Audit == nil || o.records.remote == nil {
		return nil, ErrNoRecords
	}
	// Storing what waits first lets the clinic's other galleries see it
	// too; offline, the entries still waiting are added below.
	flushAudit(o, 5*time.Second, s.log)
	all, err := audit.Entries(ctx, o.records.remote, o.records.opener)
	if err != nil {
		return nil, fmt.Errorf("gallery: who looked: %w", err)
	}
	type at struct {
		install string
		seq     uint64
	}
	seen := map[at]bool{}
	var out []audit.Entry
	add := func(e audit.Entry) {
		k := at{e.Install, e.Seq}
		if e.Patient != patient || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, e)
	}
	for _, e := range all {
		add(e)
	}
	for _, e := range o.Audit.Unsent() {
		add(e)
	}
	slices.SortStableFunc(out, func(a, b audit.Entry) int { return b.Time.Compare(a.Time) })
	if len(out) > MaxLooks {
		out = out[:MaxLooks]
	}
	return out, nil
}

// NoteSearchLimit is how many notes SearchNotes returns.
const NoteSearchLimit = 100

// SearchNotes finds the therapists' notes (as they stand) whose text
// matches what was typed, best first, with the matches marked.
func (s *Session) SearchNotes(typed string) ([]index.NoteHit, error) {
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	return ix.SearchNotes(typed, NoteSearchLimit)
}
