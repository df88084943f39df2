package kiosk

import (
	"context"
	"fmt"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// visitRecordTimeout bounds writing one visit record.
const visitRecordTimeout = time.Minute

// VisitEnded writes the sealed visit record of v (the machine's OnVisitEnd
// hands it over): its times, check-in and check-out moods and the pieces
// saved during it. The record is saved in the spool as a piece of kind
// piece.Visit (signed like every manifest when the spool has a signer) and
// queued for upload; the writing runs on a goroutine of its own. A visit
// with no pieces, no moods and no quiet space (the patient typed a code
// and left) writes no record: there is nothing to keep.
func (p *Pieces) VisitEnded(v Visit) {
	if v.ID == "" || (len(v.Pieces) == 0 && v.CheckIn == nil && v.CheckOut == nil && v.QuietSpaces == 0) {
		return
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), visitRecordTimeout)
		defer cancel()
		id, err := p.WriteVisitRecord(ctx, v)
		if err != nil {
			p.log.Error("kiosk: the visit record could not be saved; the visit's pieces are saved", "visit", v.ID, "err", err)
			return
		}
		p.log.Info("kiosk: visit record saved", "visit", v.ID, "record", id, "pieces", len(v.Pieces))
	}()
}

// WriteVisitRecord saves v's visit record now and kicks the outbox; it
// returns the record's piece ID. Blocking: call it off the UI goroutine.
func (p *Pieces) WriteVisitRecord(ctx context.Context, v Visit) (piece.ID, error) {
	ended := v.Ended
	if ended.IsZero() {
		ended = p.cfg.Clock.Now()
	}
	r := &piece.VisitRecord{
		Schema:      piece.VisitSchemaVersion,
		VisitID:     v.ID,
		KioskID:     p.cfg.KioskID,
		PatientCode: string(v.PatientCode),
		Started:     v.Started,
		Ended:       ended,
		CheckedOut:  v.CheckedOut,
		CheckIn:     copyMood(v.CheckIn),
		CheckOut:    copyMood(v.CheckOut),
		Pieces:      once(v.Pieces), // a piece saved twice in a race is listed once
		QuietSpaces: v.QuietSpaces,
	}
	data, err := r.Encode()
	if err != nil {
		return "", fmt.Errorf("kiosk: visit record %s: %w", v.ID, err)
	}
	m := piece.VisitManifest(r)
	if err := p.cfg.Spool.Save(ctx, m, []spool.BlobSource{spool.Bytes("", piece.RoleVisit, piece.VisitMediaType, data)}); err != nil {
		return "", fmt.Errorf("kiosk: visit record %s: %w", v.ID, err)
	}
	p.kick()
	return m.ID, nil
}

// once returns ids in order without repeats.
func once(ids []piece.ID) []piece.ID {
	out := make([]piece.ID, 0, len(ids))
	seen := make(map[piece.ID]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
