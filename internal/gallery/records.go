package gallery

import (
	"context"
	"errors"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/notes"
	"github.com/afterimage-clinic/afterimage/internal/patientname"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// clinicRecords is where a gallery keeps what the clinic writes (notes,
// display names): sealed to the clinic, create-only in the bucket.
type clinicRecords struct {
	remote remote.Remote
	sealer *seal.Sealer
	opener *seal.Opener
}

// ErrNoRecords: this gallery was opened without a place for the clinic's
// records.
var ErrNoRecords = errors.New("gallery: notes and names are not available")

// pullRecords brings the notes and display names written by every gallery
// into the index; it returns the patients whose notes or names changed.
func (s *Session) pullRecords(ctx context.Context, o *Opened) []string {
	r := o.records
	if o.Index == nil || r.remote == nil {
		return nil
	}
	var changed []string
	known := func(has func(piece.ID) (bool, error)) func(piece.ID) bool {
		return func(id piece.ID) bool { ok, err := has(id); return ok || err != nil }
	}
	ps, err := notes.Pull(ctx, r.remote, r.opener, known(o.Index.HasNote), func(n notes.Note) error {
		changed = append(changed, n.Patient)
		return o.Index.AddNote(n)
	})
	if err != nil {
		s.log.Warn("gallery: notes not pulled; will try again", "err", err)
	}
	ns, err := patientname.Pull(ctx, r.remote, r.opener, known(o.Index.HasName), func(n patientname.Name) error {
		changed = append(changed, n.Patient)
		return o.Index.AddName(n)
	})
	if err != nil {
		s.log.Warn("gallery: display names not pulled; will try again", "err", err)
	}
	for _, p := range append(ps, ns...) {
		s.log.Warn("gallery: not a record the clinic can read", "key", p.Key, "reason", p.Reason)
	}
	return changed
}

// WriteNote stores a note (a new one, or an edit of one) in the bucket and
// the index, and audits it. Slow: not on the UI goroutine.
func (s *Session) WriteNote(ctx context.Context, n notes.Note) error {
	o, _, err := s.current()
	if err != nil {
		return err
	}
	if o.records.remote == nil || o.Index == nil {
		return ErrNoRecords
	}
	target := ""
	if n.On == notes.OnPiece {
		target = string(n.Target)
	}
	if err := s.record(o, audit.NoteWritten, n.Patient, piece.ID(target)); err != nil {
		return err
	}
	if err := notes.Write(ctx, o.records.remote, o.records.sealer, n); err != nil {
		return err
	}
	return o.Index.AddNote(n)
}

// NewNote starts a note by this gallery's clinician.
func (s *Session) NewNote(patient, on string, target piece.ID, text string) notes.Note {
	return notes.New(patient, on, target, s.clinician(), text, time.Now())
}

// Notes are the notes on a piece or a visit as they stand.
func (s *Session) Notes(on string, target piece.ID) ([]notes.Note, error) {
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	return ix.Notes(on, target)
}

// SetDisplayName gives patient a clinic-side display name ("" clears it)
// for every gallery of the clinic. Slow: not on the UI goroutine.
func (s *Session) SetDisplayName(ctx context.Context, patient, name string) error {
	o, _, err := s.current()
	if err != nil {
		return err
	}
	if o.records.remote == nil || o.Index == nil {
		return ErrNoRecords
	}
	n := patientname.New(patient, name, s.clinician(), time.Now())
	if err := patientname.Write(ctx, o.records.remote, o.records.sealer, n); err != nil {
		return err
	}
	return o.Index.AddName(n)
}

// EditNote starts a new version of n with text by this gallery's
// clinician; WriteNote stores it (n's versions stay).
func (s *Session) EditNote(n notes.Note, text string) notes.Note {
	return n.Edit(s.clinician(), text, time.Now())
}
