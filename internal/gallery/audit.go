package gallery

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// openAudit opens this install's audit log (internal/audit): its key is
// made at the first unlock, its entries sealed to the clinic (the
// recipients of the unlocked identities) and stored in rem. It returns the
// sealer and opener it made, for the clinic's other records (notes,
// names).
func openAudit(dataDir string, rem remote.Remote, ids []age.Identity) (*audit.Log, *seal.Sealer, *seal.Opener, error) {
	dir := audit.DefaultDir(dataDir)
	signer, err := provenance.LoadOrCreateSigner(filepath.Join(dir, "install.key"))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("gallery: audit log: %w", err)
	}
	recipients := make([]age.Recipient, 0, len(ids))
	for _, id := range ids {
		r, err := seal.RecipientOf(id)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("gallery: audit log: %w", err)
		}
		recipients = append(recipients, r)
	}
	sealer, err := seal.NewSealer(recipients...)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("gallery: audit log: %w", err)
	}
	opener, err := seal.NewOpener(ids...)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("gallery: audit log: %w", err)
	}
	l, err := audit.Open(audit.Options{Dir: dir, Signer: signer, Sealer: sealer, Opener: opener, Remote: rem})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("gallery: audit log: %w", err)
	}
	return l, sealer, opener, nil
}

// record writes one audit entry for what the clinician is about to see;
// an entry that cannot be written stops the viewing (fail closed).
func (s *Session) record(o *Opened, action audit.Action, patient string, id piece.ID) error {
	if o.Audit == nil {
		return nil
	}
	if err := o.Audit.Append(audit.Event{Actor: s.clinician(), Action: action, Patient: patient, Piece: string(id)}); err != nil {
		s.log.Error("gallery: the audit log cannot record; not showing", "action", action, "err", err)
		return fmt.Errorf("gallery: %w", err)
	}
	return nil
}

func (s *Session) clinician() string {
	if s.opts.Clinician == "" {
		return "unnamed clinician"
	}
	return s.opts.Clinician
}

// flushAudit stores the entries waiting in the bucket (after each pull and
// at lock); entries that cannot go yet wait on disk, sealed.
func flushAudit(o *Opened, timeout time.Duration, log interface {
	Warn(msg string, args ...any)
}) {
	if o.Audit == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := o.Audit.Flush(ctx); err != nil {
		log.Warn("gallery: audit entries wait on disk for the bucket", "pending", o.Audit.Pending(), "err", err)
	}
}

// Played records that p's sound is about to be played; an error means it
// must not be (fail closed).
func (s *Session) Played(p index.Piece) error {
	o, _, err := s.current()
	if err != nil {
		return err
	}
	return s.record(o, audit.PiecePlayed, p.Patient, p.ID)
}
