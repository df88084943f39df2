package index

import (
	"strconv"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// Problem is one of the pull's problem records: what is wrong with a piece
// (or, with Piece "", with a kiosk's keys) and when to look at it again.
// The library keeps them here when the index is its store; Rebuild clears
// them (the next pull finds them again). Reason never holds patient data.
type Problem struct {
	Kiosk string
	Piece string // "" for a kiosk's junk
	// Class keeps records of one piece apart (a tampered flag from its
	// damage); "" is the default class.
	Class     string
	Kind      string
	Reason    string
	Since     time.Time
	Attempts  int
	NextCheck time.Time
}

// RecordProblem stores a problem record, replacing the one with the same
// Kiosk, Piece and Class.
func (ix *Index) RecordProblem(p Problem) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`INSERT INTO problems (kiosk, piece, class, kind, reason, since, attempts, next_check)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kiosk, piece, class) DO UPDATE SET kind = excluded.kind, reason = excluded.reason,
			since = excluded.since, attempts = excluded.attempts, next_check = excluded.next_check`)
	if err != nil {
		return ix.wrap("record problem", err)
	}
	s.BindText(1, p.Kiosk)
	s.BindText(2, p.Piece)
	s.BindText(3, p.Class)
	s.BindText(4, p.Kind)
	s.BindText(5, CleanText(p.Reason))
	s.BindInt64(6, ms(p.Since))
	s.BindInt(7, p.Attempts)
	s.BindInt64(8, ms(p.NextCheck))
	return ix.wrap("record problem", s.Exec())
}

// ResolveProblem forgets a problem record. It is not an error if there was
// none.
func (ix *Index) ResolveProblem(kiosk, pieceID, class string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`DELETE FROM problems WHERE kiosk = ? AND piece = ? AND class = ?`)
	if err != nil {
		return ix.wrap("resolve problem", err)
	}
	s.BindText(1, kiosk)
	s.BindText(2, pieceID)
	s.BindText(3, class)
	return ix.wrap("resolve problem", s.Exec())
}

// Problems returns every problem record, oldest first.
func (ix *Index) Problems() ([]Problem, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`SELECT kiosk, piece, class, kind, reason, since, attempts, next_check
		FROM problems ORDER BY since, kiosk, piece, class`)
	if err != nil {
		return nil, ix.wrap("list problems", err)
	}
	var out []Problem
	for s.Step() {
		out = append(out, Problem{
			Kiosk: s.ColumnText(0), Piece: s.ColumnText(1), Class: s.ColumnText(2),
			Kind: s.ColumnText(3), Reason: s.ColumnText(4), Since: fromMS(s.ColumnInt64(5)),
			Attempts: s.ColumnInt(6), NextCheck: fromMS(s.ColumnInt64(7)),
		})
	}
	return out, ix.wrap("list problems", s.Err())
}

// metaLastFull is the meta key of the last complete full listing's time.
const metaLastFull = "last_full"

// Cursors returns every kiosk's pull cursor and when the last complete
// full listing ended (zero: never, or not since the index was rebuilt).
func (ix *Index) Cursors() (map[string]string, time.Time, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`SELECT kiosk, after FROM cursors`)
	if err != nil {
		return nil, time.Time{}, ix.wrap("read cursors", err)
	}
	out := map[string]string{}
	for s.Step() {
		out[s.ColumnText(0)] = s.ColumnText(1)
	}
	if err := s.Err(); err != nil {
		return nil, time.Time{}, ix.wrap("read cursors", err)
	}
	m, err := ix.stmt(`SELECT value FROM meta WHERE key = ?`)
	if err != nil {
		return nil, time.Time{}, ix.wrap("read cursors", err)
	}
	m.BindText(1, metaLastFull)
	var last time.Time
	if m.Step() {
		if v, err := strconv.ParseInt(m.ColumnText(0), 10, 64); err == nil {
			last = fromMS(v)
		}
	}
	return out, last, ix.wrap("read cursors", m.Reset())
}

// SetCursors replaces every kiosk's pull cursor (a kiosk absent has none)
// and the last full listing's time, in one transaction.
func (ix *Index) SetCursors(cursors map[string]string, lastFull time.Time) (err error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.conn == nil {
		return ErrClosed
	}
	tx, err := ix.conn.BeginImmediate()
	if err != nil {
		return ix.wrap("set cursors", err)
	}
	defer tx.End(&err)
	if err := ix.conn.Exec(`DELETE FROM cursors`); err != nil {
		return ix.wrap("set cursors", err)
	}
	s, err := ix.stmt(`INSERT INTO cursors (kiosk, after, updated) VALUES (?, ?, ?)`)
	if err != nil {
		return ix.wrap("set cursors", err)
	}
	now := ms(ix.now())
	for k, after := range cursors {
		s.Reset()
		s.BindText(1, k)
		s.BindText(2, after)
		s.BindInt64(3, now)
		if err := s.Exec(); err != nil {
			return ix.wrap("set cursors", err)
		}
	}
	m, err := ix.stmt(`INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
	if err != nil {
		return ix.wrap("set cursors", err)
	}
	m.BindText(1, metaLastFull)
	m.BindText(2, strconv.FormatInt(ms(lastFull), 10))
	return ix.wrap("set cursors", m.Exec())
}

// PieceIDs returns the id of every indexed piece, whatever its provenance.
func (ix *Index) PieceIDs() (map[piece.ID]struct{}, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`SELECT id FROM pieces`)
	if err != nil {
		return nil, ix.wrap("list piece ids", err)
	}
	out := map[piece.ID]struct{}{}
	for s.Step() {
		out[piece.ID(s.ColumnText(0))] = struct{}{}
	}
	if err := s.Err(); err != nil {
		return nil, ix.wrap("list piece ids", err)
	}
	return out, nil
}

// Count returns how many pieces are indexed, whatever their provenance.
func (ix *Index) Count() (int, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`SELECT count(*) FROM pieces`)
	if err != nil {
		return 0, ix.wrap("count pieces", err)
	}
	n := 0
	if s.Step() {
		n = s.ColumnInt(0)
	}
	return n, ix.wrap("count pieces", s.Reset())
}
