package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/ncruces/go-sqlite3"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// Provenance says whether a piece is known to come from a trusted kiosk.
type Provenance string

// Provenance states.
const (
	// Verified: a trusted kiosk signed the manifest and its blobs' hashes.
	Verified Provenance = "verified"
	// OriginNotVerified: no trusted kiosk's signature (unknown key, wrong
	// key, none). Such pieces are never counted for or shown in a patient's
	// timeline; see Unverified.
	OriginNotVerified Provenance = "origin-not-verified"
	// Tampered: the piece was verified, then its objects were overwritten
	// in the bucket; the first version is kept and shown marked.
	Tampered Provenance = "tampered"
)

func (p Provenance) valid() bool {
	return p == Verified || p == OriginNotVerified || p == Tampered
}

// Entry is one pulled manifest to index, with what the pull found out about
// its origin. A zero Provenance means OriginNotVerified (fail closed).
type Entry struct {
	Manifest         *piece.Manifest
	Provenance       Provenance
	ProvenanceDetail string // e.g. "signed by an unknown key"; no patient data
	// Body is a written piece's text (read from its original blob by the
	// caller), searchable like the title and reflection; "" for others.
	Body string
}

// batchSize bounds how many pieces go into one transaction.
const batchSize = 1000

// AddPiece indexes one manifest, replacing what the index held for the same
// piece id (its damage record, kept by piece id, stays).
func (ix *Index) AddPiece(e Entry) error {
	return ix.AddPieces(func(yield func(Entry) bool) { yield(e) })
}

// AddPieces indexes manifests in transactions of up to 1,000 pieces. A
// manifest that fails piece validation is refused with an error naming the
// piece id and field; the pieces of earlier batches stay indexed.
func (ix *Index) AddPieces(entries iter.Seq[Entry]) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	_, err := ix.addPieces(entries)
	return err
}

func (ix *Index) addPieces(entries iter.Seq[Entry]) (n int, err error) {
	if ix.conn == nil {
		return 0, ErrClosed
	}
	batch := make([]Entry, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := ix.insertBatch(batch); err != nil {
			return err
		}
		n += len(batch)
		batch = batch[:0]
		return nil
	}
	for e := range entries {
		if err := e.Manifest.Validate(); err != nil {
			id := ""
			if e.Manifest != nil {
				id = string(e.Manifest.ID)
			}
			return n, fmt.Errorf("index: add piece %s: %w", id, err)
		}
		if e.Provenance == "" {
			e.Provenance = OriginNotVerified
		}
		if !e.Provenance.valid() {
			return n, fmt.Errorf("index: add piece %s: unknown provenance %q", e.Manifest.ID, e.Provenance)
		}
		batch = append(batch, e)
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	return n, flush()
}

const (
	sqlDeletePiece = `DELETE FROM pieces WHERE id = ? RETURNING rowid`
	sqlDeleteWords = `DELETE FROM words WHERE piece = ?`
	sqlInsertPiece = `INSERT INTO pieces (id, kiosk, kind, created, finished, patient, visit, prompt,
		title, reflection, quadrant, in_pleasant, in_energy, out_pleasant, out_energy,
		unfinished, development, schema, provenance, provenance_detail, body, body_map)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	sqlInsertWord  = `INSERT INTO words (piece, pos, word, quadrant, intensity) VALUES (?, ?, ?, ?, ?)`
	sqlUpsertVisit = `INSERT INTO visits (patient, visit, started, ended, in_pleasant, in_energy, out_pleasant, out_energy)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
		ON CONFLICT (patient, visit) DO UPDATE SET
			started = min(started, excluded.started),
			ended = max(ended, excluded.ended),
			in_pleasant = coalesce(excluded.in_pleasant, in_pleasant),
			in_energy = coalesce(excluded.in_energy, in_energy),
			out_pleasant = coalesce(excluded.out_pleasant, out_pleasant),
			out_energy = coalesce(excluded.out_energy, out_energy)`
)

func (ix *Index) insertBatch(batch []Entry) (err error) {
	tx, err := ix.conn.BeginImmediate()
	if err != nil {
		return ix.wrap("add pieces", err)
	}
	defer tx.End(&err)
	del, err := ix.stmt(sqlDeletePiece)
	if err != nil {
		return ix.wrap("add pieces", err)
	}
	delWords, err := ix.stmt(sqlDeleteWords)
	if err != nil {
		return ix.wrap("add pieces", err)
	}
	ins, err := ix.stmt(sqlInsertPiece)
	if err != nil {
		return ix.wrap("add pieces", err)
	}
	word, err := ix.stmt(sqlInsertWord)
	if err != nil {
		return ix.wrap("add pieces", err)
	}
	for _, e := range batch {
		if err := ix.insertOne(e, del, delWords, ins, word); err != nil {
			return ix.wrap("add piece "+string(e.Manifest.ID), err)
		}
	}
	return nil
}

func (ix *Index) insertOne(e Entry, del, delWords, ins, word *sqlite3.Stmt) error {
	m := e.Manifest
	del.Reset()
	del.BindText(1, string(m.ID))
	for del.Step() {
		delWords.Reset()
		delWords.BindInt64(1, del.ColumnInt64(0))
		if err := delWords.Exec(); err != nil {
			return err
		}
	}
	if err := del.Err(); err != nil {
		return err
	}

	quadrant := ""
	if m.Emotions != nil {
		quadrant = m.Emotions.Quadrant
	}
	vid := visitKey(m)
	ins.Reset()
	ins.BindText(1, string(m.ID))
	ins.BindText(2, m.KioskID)
	ins.BindText(3, string(m.Kind))
	ins.BindInt64(4, ms(m.Started))
	ins.BindInt64(5, ms(m.Finished))
	ins.BindText(6, m.PatientCode)
	ins.BindText(7, vid)
	ins.BindText(8, m.PromptID)
	ins.BindText(9, CleanText(m.Title))
	ins.BindText(10, CleanText(m.Reflection))
	ins.BindText(11, quadrant)
	bindMood(ins, 12, m.MoodCheckIn)
	bindMood(ins, 14, m.MoodCheckOut)
	ins.BindBool(16, m.Unfinished)
	ins.BindBool(17, m.Development)
	ins.BindInt(18, m.Schema)
	ins.BindText(19, string(e.Provenance))
	ins.BindText(20, CleanText(e.ProvenanceDetail))
	ins.BindText(21, CleanText(e.Body))
	ins.BindText(22, bodyMapText(m.BodyMap))
	if err := ins.Exec(); err != nil {
		return err
	}
	rowid := ix.conn.LastInsertRowID()
	if m.Emotions != nil {
		for i, w := range m.Emotions.Words {
			word.Reset()
			word.BindInt64(1, rowid)
			word.BindInt(2, i)
			word.BindText(3, CleanText(w.Word))
			word.BindText(4, quadrant)
			word.BindInt(5, w.Intensity)
			if err := word.Exec(); err != nil {
				return err
			}
		}
	}
	return nil
}

func bindVisit(s *sqlite3.Stmt, v Visit) error {
	s.Reset()
	s.BindText(1, v.Patient)
	s.BindText(2, v.ID)
	s.BindInt64(3, ms(v.Started))
	s.BindInt64(4, ms(v.Ended))
	bindMood(s, 5, v.CheckIn)
	bindMood(s, 7, v.CheckOut)
	return s.Exec()
}

func bindMood(s *sqlite3.Stmt, at int, m *piece.Mood) {
	if m == nil {
		s.BindNull(at)
		s.BindNull(at + 1)
		return
	}
	s.BindInt(at, m.Pleasantness)
	s.BindInt(at+1, m.Energy)
}

// visitKey returns the visit a piece belongs to: its visit id, or for a
// piece without one a visit per patient and UTC day ("day-2026-12-01").
func visitKey(m *piece.Manifest) string {
	if m.VisitID != "" {
		return m.VisitID
	}
	return "day-" + m.Started.UTC().Format(time.DateOnly)
}

// UpsertVisit records or updates a visit record: its span grows to cover
// Started and Ended, and moods given replace those stored (nil leaves them).
// Pieces do not write visit records: until visits are records of their own
// (issue 12), Timeline takes a visit's moods from its pieces' manifests, and
// a visit record's moods, where given, win.
func (ix *Index) UpsertVisit(v Visit) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if v.Patient == "" || v.ID == "" {
		return errors.New("index: upsert visit: patient and visit id are required")
	}
	s, err := ix.stmt(sqlUpsertVisit)
	if err != nil {
		return ix.wrap("upsert visit", err)
	}
	return ix.wrap("upsert visit", bindVisit(s, v))
}

// SetDisplayName stores the clinic-side display name of a patient ("" to
// clear it). The patient need not have pieces yet.
func (ix *Index) SetDisplayName(code, name string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`INSERT INTO patients (code, display_name) VALUES (?, ?)
		ON CONFLICT (code) DO UPDATE SET display_name = excluded.display_name`)
	if err != nil {
		return ix.wrap("set display name", err)
	}
	s.BindText(1, code)
	s.BindText(2, CleanText(name))
	return ix.wrap("set display name", s.Exec())
}

// MarkDamaged records that a piece is damaged, with a reason that must not
// quote patient data. A piece need not be indexed to be marked (its
// manifest may be what is damaged). The first time seen is kept.
func (ix *Index) MarkDamaged(kiosk string, id piece.ID, reason string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`INSERT INTO damage (piece, kiosk, reason, first_seen, last_checked) VALUES (?1, ?2, ?3, ?4, ?4)
		ON CONFLICT (piece) DO UPDATE SET reason = excluded.reason, last_checked = excluded.last_checked`)
	if err != nil {
		return ix.wrap("mark damaged", err)
	}
	s.BindText(1, string(id))
	s.BindText(2, kiosk)
	s.BindText(3, CleanText(reason))
	s.BindInt64(4, ms(ix.now()))
	return ix.wrap("mark damaged", s.Exec())
}

// ClearDamaged removes a piece's damage record (it was re-checked and found
// whole). It is not an error if there was none.
func (ix *Index) ClearDamaged(id piece.ID) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`DELETE FROM damage WHERE piece = ?`)
	if err != nil {
		return ix.wrap("clear damaged", err)
	}
	s.BindText(1, string(id))
	return ix.wrap("clear damaged", s.Exec())
}

// ErrNotFound is returned for a piece id the index does not hold.
var ErrNotFound = errors.New("index: no such piece")

// SetProvenance changes the provenance of an indexed piece.
func (ix *Index) SetProvenance(id piece.ID, p Provenance, detail string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !p.valid() {
		return fmt.Errorf("index: set provenance of %s: unknown state %q", id, p)
	}
	s, err := ix.stmt(`UPDATE pieces SET provenance = ?, provenance_detail = ? WHERE id = ?`)
	if err != nil {
		return ix.wrap("set provenance", err)
	}
	s.BindText(1, string(p))
	s.BindText(2, CleanText(detail))
	s.BindText(3, string(id))
	if err := s.Exec(); err != nil {
		return ix.wrap("set provenance", err)
	}
	if ix.conn.Changes() == 0 {
		return fmt.Errorf("index: set provenance of %s: %w", id, ErrNotFound)
	}
	return nil
}

// Cursor returns a kiosk's pull cursor ("" if it has none).
func (ix *Index) Cursor(kiosk string) (string, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`SELECT after FROM cursors WHERE kiosk = ?`)
	if err != nil {
		return "", ix.wrap("read cursor", err)
	}
	s.BindText(1, kiosk)
	after := ""
	if s.Step() {
		after = s.ColumnText(0)
	}
	return after, ix.wrap("read cursor", s.Err())
}

// SetCursor stores a kiosk's pull cursor.
func (ix *Index) SetCursor(kiosk, after string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`INSERT INTO cursors (kiosk, after, updated) VALUES (?1, ?2, ?3)
		ON CONFLICT (kiosk) DO UPDATE SET after = excluded.after, updated = excluded.updated`)
	if err != nil {
		return ix.wrap("set cursor", err)
	}
	s.BindText(1, kiosk)
	s.BindText(2, after)
	s.BindInt64(3, ms(ix.now()))
	return ix.wrap("set cursor", s.Exec())
}

// Rebuild empties the index of everything that comes from piece manifests
// (pieces, words, full text, patients' counts) and of damage records,
// problem records, cursors and the last full listing's time, and fills it
// from manifests, the sealed truth read back from the bucket. Clinic-side
// display names and visit records stay (they are not in piece manifests).
// It returns how many pieces it indexed. With the cursors cleared, the next
// pull lists everything.
func (ix *Index) Rebuild(entries iter.Seq[Entry]) (int, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.conn == nil {
		return 0, ErrClosed
	}
	if err := ix.clear(); err != nil {
		return 0, err
	}
	n, err := ix.addPieces(entries)
	if err != nil {
		return n, err
	}
	if err := ix.conn.Exec(`INSERT INTO pieces_fts (pieces_fts) VALUES ('optimize')`); err != nil {
		return n, ix.wrap("rebuild: optimise full-text index", err)
	}
	return n, nil
}

// clear drops and recreates the tables filled from manifests in one
// transaction (faster than deleting 100,000 rows through their triggers),
// keeping display names and visit records.
func (ix *Index) clear() (err error) {
	type name struct{ code, name string }
	var names []name
	s, err := ix.stmt(`SELECT code, display_name FROM patients WHERE display_name <> ''`)
	if err != nil {
		return ix.wrap("rebuild", err)
	}
	for s.Step() {
		names = append(names, name{s.ColumnText(0), s.ColumnText(1)})
	}
	if err := s.Err(); err != nil {
		return ix.wrap("rebuild", err)
	}
	ix.closeStmts()

	tx, err := ix.conn.BeginImmediate()
	if err != nil {
		return ix.wrap("rebuild", err)
	}
	defer tx.End(&err)
	err = ix.conn.Exec(`
		DROP TABLE pieces_fts;
		DROP TABLE words;
		DROP TABLE damage;
		DROP TABLE cursors;
		DROP TABLE problems;
		DROP TABLE pieces;
		DROP TABLE patients;
		DROP TABLE meta;`)
	if err != nil {
		return ix.wrap("rebuild", err)
	}
	if err := ix.createTables(); err != nil {
		return err
	}
	ins, err := ix.stmt(`INSERT INTO patients (code, display_name) VALUES (?, ?)`)
	if err != nil {
		return ix.wrap("rebuild", err)
	}
	for _, n := range names {
		ins.Reset()
		ins.BindText(1, n.code)
		ins.BindText(2, n.name)
		if err := ins.Exec(); err != nil {
			return ix.wrap("rebuild", err)
		}
	}
	return nil
}

// CleanText drops control characters (except tab and newline) and the
// Unicode bidi embedding, override and isolate controls from free text, so
// that nothing stored can reorder or garble what is shown around it, nor
// collide with the markers Search uses for highlights.
func CleanText(s string) string {
	clean := true
	for _, r := range s {
		if dropRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if dropRune(r) {
			return -1
		}
		return r
	}, s)
}

func dropRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// bodyMapText is a piece's body map as the index keeps it (its manifest
// JSON; "" when it has none).
func bodyMapText(b *piece.BodyMap) string {
	if b == nil {
		return ""
	}
	data, err := json.Marshal(b)
	if err != nil {
		return ""
	}
	return string(data)
}
