package index

import (
	"time"
)

// reviewsSQL keeps when this gallery opened each patient. It is created on
// first use (not among tablesSQL's), so Rebuild keeps it and older index
// files need no new schema version; an index moved aside as damaged
// starts without it (every piece is then new again).
const reviewsSQL = `CREATE TABLE IF NOT EXISTS reviews (
	patient TEXT PRIMARY KEY,
	opened  INTEGER NOT NULL, -- the last opening
	before  INTEGER NOT NULL  -- the last opening on a day before opened's (0: none)
) WITHOUT ROWID`

// ensureReviews creates the reviews table if needed. The caller holds
// ix.mu.
func (ix *Index) ensureReviews() error {
	if ix.reviews {
		return nil
	}
	if ix.conn == nil {
		return ErrClosed
	}
	if err := ix.conn.Exec(reviewsSQL); err != nil {
		return err
	}
	ix.reviews = true
	return nil
}

// startOfDay is the local midnight that starts t's day.
func startOfDay(t time.Time) time.Time {
	t = t.In(time.Local)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.Local)
}

// MarkOpened records that the gallery opened patient now (the index's
// clock). A later opening on the same day keeps the last opening of an
// earlier day, from which NewSince counts.
func (ix *Index) MarkOpened(patient string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.ensureReviews(); err != nil {
		return ix.wrap("mark opened", err)
	}
	now := ix.now()
	s, err := ix.stmt(`INSERT INTO reviews (patient, opened, before) VALUES (?1, ?2, 0)
		ON CONFLICT (patient) DO UPDATE SET
			before = CASE WHEN opened < ?3 THEN opened ELSE before END,
			opened = max(opened, excluded.opened)`)
	if err != nil {
		return ix.wrap("mark opened", err)
	}
	s.BindText(1, patient)
	s.BindInt64(2, now.UnixMilli())
	s.BindInt64(3, startOfDay(now).UnixMilli())
	return ix.wrap("mark opened", s.Exec())
}

// NewSince is when the patient's pieces start to be new: the last time
// this gallery opened the patient before today (local time). Opening the
// patient today does not move it, so pieces stay new through the whole
// follow-up visit, however often the patient is opened during it. It is
// zero when the gallery never opened the patient before today: every
// piece is new.
func (ix *Index) NewSince(patient string) (time.Time, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.ensureReviews(); err != nil {
		return time.Time{}, ix.wrap("new since", err)
	}
	s, err := ix.stmt(`SELECT CASE WHEN opened < ?2 THEN opened ELSE before END FROM reviews WHERE patient = ?1`)
	if err != nil {
		return time.Time{}, ix.wrap("new since", err)
	}
	s.BindText(1, patient)
	s.BindInt64(2, startOfDay(ix.now()).UnixMilli())
	var since time.Time
	if s.Step() {
		since = fromMS(s.ColumnInt64(0))
	}
	return since, ix.wrap("new since", s.Err())
}

// NewCounts counts, for each patient with new pieces, the pieces of
// verified origin (and tampered ones, as Pieces lists them) made after
// the patient's NewSince.
func (ix *Index) NewCounts() (map[string]int, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.ensureReviews(); err != nil {
		return nil, ix.wrap("count new pieces", err)
	}
	// Per patient, a count over the range of pieces_patient after the
	// patient's NewSince: only the new pieces are read, not every piece.
	s, err := ix.stmt(`SELECT pa.code, (SELECT count(*) FROM pieces p
			WHERE p.patient = pa.code AND p.counts = 1 AND p.created > coalesce(
				(SELECT CASE WHEN r.opened < ?1 THEN r.opened ELSE r.before END FROM reviews r WHERE r.patient = pa.code), -1))
		FROM patients pa WHERE pa.pieces > 0`)
	if err != nil {
		return nil, ix.wrap("count new pieces", err)
	}
	s.BindInt64(1, startOfDay(ix.now()).UnixMilli())
	out := map[string]int{}
	for s.Step() {
		if n := s.ColumnInt(1); n > 0 {
			out[s.ColumnText(0)] = n
		}
	}
	return out, ix.wrap("count new pieces", s.Err())
}
