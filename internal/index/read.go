package index

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ncruces/go-sqlite3"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// Word is an emotion word a patient chose for a piece.
type Word struct {
	Word      string
	Quadrant  string // the quadrant the patient tapped for the piece
	Intensity int    // 1..5, 0 = not given
}

// Piece is an indexed piece: what the gallery lists and shows without
// opening the piece's blobs.
type Piece struct {
	ID          piece.ID
	Kiosk       string
	Kind        piece.Kind
	Created     time.Time // the manifest's Started
	Finished    time.Time // zero when unfinished
	Patient     string
	Visit       string // visit id, or "day-YYYY-MM-DD" for a piece without one
	Prompt      string
	Title       string
	Reflection  string
	Quadrant    string
	Words       []Word
	CheckIn     *piece.Mood
	CheckOut    *piece.Mood
	Unfinished  bool
	Development bool
	Schema      int
	Provenance  Provenance
	// ProvenanceDetail says why a piece is not verified or is tampered.
	ProvenanceDetail string
	// Damage is why the piece is damaged; "" when it is not.
	Damage       string
	DamagedSince time.Time
	// BodyMap is where the patient felt the piece (manifest schema 2); nil
	// when they did not say.
	BodyMap *piece.BodyMap
}

// Visit is one visit of a patient: its span, the moods at check-in and
// check-out, and (in Timeline) its pieces, newest first.
type Visit struct {
	Patient  string
	ID       string
	Started  time.Time
	Ended    time.Time
	CheckIn  *piece.Mood // nil: not known
	CheckOut *piece.Mood
	Pieces   []Piece
}

// Patient is a patient as the patients list shows it.
type Patient struct {
	Code        string
	DisplayName string
	LastVisit   time.Time // the newest piece's start
	Pieces      int
}

// PatientFilter narrows Patients. The zero value lists every patient with
// pieces.
type PatientFilter struct {
	// Text matches the start of the code (case-insensitively) or any part
	// of the display name.
	Text  string
	Limit int // 0: all
}

// Filter narrows Pieces, Unverified and Search. Zero fields do not filter.
type Filter struct {
	Patient  string
	Kinds    []piece.Kind
	Word     string    // an emotion word, as stored (the English word)
	Quadrant string    // e.g. "pleasant-high"
	From     time.Time // created at or after
	To       time.Time // created before
	Limit    int       // 0: DefaultLimit
}

// DefaultLimit is how many pieces a listing or search returns when the
// filter does not say.
const DefaultLimit = 500

// maxLimit bounds any listing.
const maxLimit = 100000

// Segment is a run of text, which matched the search or not.
type Segment struct {
	Text  string
	Match bool
}

// Hit is a piece found by Search, with the title highlighted and a snippet
// of the reflection around the matches.
type Hit struct {
	Piece
	Title      []Segment
	Reflection []Segment // a snippet; "…" marks cut text
	Rank       float64   // bm25: lower is better
	// Body is a snippet of a written piece's text; empty for other kinds.
	Body []Segment
}

const pieceCols = `p.rowid, p.id, p.kiosk, p.kind, p.created, p.finished, p.patient, p.visit, p.prompt,
	p.title, p.reflection, p.quadrant, p.in_pleasant, p.in_energy, p.out_pleasant, p.out_energy,
	p.unfinished, p.development, p.schema, p.provenance, p.provenance_detail, d.reason, d.first_seen, p.body_map`

const nPieceCols = 24

func scanPiece(s *sqlite3.Stmt) (int64, Piece) {
	p := Piece{
		ID:               piece.ID(s.ColumnText(1)),
		Kiosk:            s.ColumnText(2),
		Kind:             piece.Kind(s.ColumnText(3)),
		Created:          fromMS(s.ColumnInt64(4)),
		Finished:         fromMS(s.ColumnInt64(5)),
		Patient:          s.ColumnText(6),
		Visit:            s.ColumnText(7),
		Prompt:           s.ColumnText(8),
		Title:            s.ColumnText(9),
		Reflection:       s.ColumnText(10),
		Quadrant:         s.ColumnText(11),
		CheckIn:          scanMood(s, 12),
		CheckOut:         scanMood(s, 14),
		Unfinished:       s.ColumnBool(16),
		Development:      s.ColumnBool(17),
		Schema:           s.ColumnInt(18),
		Provenance:       Provenance(s.ColumnText(19)),
		ProvenanceDetail: s.ColumnText(20),
		Damage:           s.ColumnText(21),
		DamagedSince:     fromMS(s.ColumnInt64(22)),
		BodyMap:          scanBodyMap(s.ColumnText(23)),
	}
	return s.ColumnInt64(0), p
}

func scanMood(s *sqlite3.Stmt, at int) *piece.Mood {
	if s.ColumnType(at) == sqlite3.NULL && s.ColumnType(at+1) == sqlite3.NULL {
		return nil
	}
	return &piece.Mood{Pleasantness: s.ColumnInt(at), Energy: s.ColumnInt(at + 1)}
}

// fillWords loads the emotion words of pieces (rows[i] is pieces[i]'s rowid).
func (ix *Index) fillWords(rows []int64, pieces []Piece) error {
	if len(rows) == 0 {
		return nil
	}
	at := make(map[int64]int, len(rows))
	var b strings.Builder
	b.WriteByte('[')
	for i, r := range rows {
		at[r] = i
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(r, 10))
	}
	b.WriteByte(']')
	s, err := ix.stmt(`SELECT piece, word, quadrant, intensity FROM words
		WHERE piece IN (SELECT value FROM json_each(?)) ORDER BY piece, pos`)
	if err != nil {
		return err
	}
	s.BindText(1, b.String())
	for s.Step() {
		i, ok := at[s.ColumnInt64(0)]
		if !ok {
			continue
		}
		pieces[i].Words = append(pieces[i].Words, Word{Word: s.ColumnText(1), Quadrant: s.ColumnText(2), Intensity: s.ColumnInt(3)})
	}
	return s.Err()
}

// Piece returns one indexed piece, whatever its provenance.
func (ix *Index) Piece(id piece.ID) (Piece, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`SELECT ` + pieceCols + ` FROM pieces p LEFT JOIN damage d ON d.piece = p.id WHERE p.id = ?`)
	if err != nil {
		return Piece{}, ix.wrap("read piece", err)
	}
	s.BindText(1, string(id))
	if !s.Step() {
		if err := s.Err(); err != nil {
			return Piece{}, ix.wrap("read piece", err)
		}
		return Piece{}, fmt.Errorf("index: read piece %s: %w", id, ErrNotFound)
	}
	row, p := scanPiece(s)
	s.Reset()
	ps := []Piece{p}
	if err := ix.fillWords([]int64{row}, ps); err != nil {
		return Piece{}, ix.wrap("read piece", err)
	}
	return ps[0], nil
}

// Patients lists patients with at least one piece of verified origin,
// most recent last visit first.
func (ix *Index) Patients(f PatientFilter) ([]Patient, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	q := `SELECT code, display_name, last_visit, pieces FROM patients WHERE pieces > 0`
	var args []string
	if t := strings.TrimSpace(f.Text); t != "" {
		q += ` AND (code LIKE ?1 || '%' ESCAPE '\' OR display_name LIKE '%' || ?1 || '%' ESCAPE '\')`
		args = append(args, likeEscape(t))
	}
	q += ` ORDER BY last_visit DESC, code`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(min(f.Limit, maxLimit))
	}
	s, err := ix.stmt(q)
	if err != nil {
		return nil, ix.wrap("list patients", err)
	}
	for i, a := range args {
		s.BindText(i+1, a)
	}
	var out []Patient
	for s.Step() {
		out = append(out, Patient{
			Code: s.ColumnText(0), DisplayName: s.ColumnText(1),
			LastVisit: fromMS(s.ColumnInt64(2)), Pieces: s.ColumnInt(3),
		})
	}
	return out, ix.wrap("list patients", s.Err())
}

func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// Timeline returns a patient's visits, newest first, each with its pieces
// newest first. Only pieces of verified origin (and tampered ones, marked)
// are included; pieces whose origin is not verified are listed apart by
// Unverified. A visit's moods come from its visit record where there is
// one, else from its pieces' manifests (check-in from the earliest piece
// that has one, check-out from the latest).
func (ix *Index) Timeline(patient string) ([]Visit, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`SELECT ` + pieceCols + ` FROM pieces p LEFT JOIN damage d ON d.piece = p.id
		WHERE p.patient = ? AND p.counts ORDER BY p.created DESC, p.id DESC`)
	if err != nil {
		return nil, ix.wrap("timeline", err)
	}
	s.BindText(1, patient)
	pieces, err := ix.piecesOf(s, nil)
	if err != nil {
		return nil, ix.wrap("timeline", err)
	}

	visits := map[string]*Visit{}
	var order []*Visit
	for _, p := range pieces {
		v := visits[p.Visit]
		if v == nil {
			v = &Visit{Patient: patient, ID: p.Visit, Started: p.Created, Ended: p.Created}
			visits[p.Visit] = v
			order = append(order, v)
		}
		v.Pieces = append(v.Pieces, p)
		// Pieces come newest first: the last seen is the earliest.
		if p.Created.Before(v.Started) {
			v.Started = p.Created
		}
		if end := p.Finished; end.After(v.Ended) {
			v.Ended = end
		}
		if p.CheckOut != nil && v.CheckOut == nil {
			v.CheckOut = p.CheckOut
		}
		if p.CheckIn != nil {
			v.CheckIn = p.CheckIn
		}
	}

	rec, err := ix.stmt(`SELECT visit, started, ended, in_pleasant, in_energy, out_pleasant, out_energy
		FROM visits WHERE patient = ?`)
	if err != nil {
		return nil, ix.wrap("timeline", err)
	}
	rec.BindText(1, patient)
	for rec.Step() {
		id := rec.ColumnText(0)
		v := visits[id]
		if v == nil {
			v = &Visit{Patient: patient, ID: id, Started: fromMS(rec.ColumnInt64(1)), Ended: fromMS(rec.ColumnInt64(2))}
			visits[id] = v
			order = append(order, v)
		} else {
			if t := fromMS(rec.ColumnInt64(1)); !t.IsZero() && t.Before(v.Started) {
				v.Started = t
			}
			if t := fromMS(rec.ColumnInt64(2)); t.After(v.Ended) {
				v.Ended = t
			}
		}
		if m := scanMood(rec, 3); m != nil {
			v.CheckIn = m
		}
		if m := scanMood(rec, 5); m != nil {
			v.CheckOut = m
		}
	}
	if err := rec.Err(); err != nil {
		return nil, ix.wrap("timeline", err)
	}
	slices.SortStableFunc(order, func(a, b *Visit) int { return b.Started.Compare(a.Started) })
	out := make([]Visit, len(order))
	for i, v := range order {
		out[i] = *v
	}
	return out, nil
}

// Pieces lists pieces of verified origin (and tampered ones) matching f,
// newest first.
func (ix *Index) Pieces(f Filter) ([]Piece, error) {
	return ix.list("list pieces", f, "p.counts")
}

// Unverified lists pieces whose origin is not verified, matching f, newest
// first: the gallery shows them apart, never in a patient's work.
func (ix *Index) Unverified(f Filter) ([]Piece, error) {
	return ix.list("list unverified pieces", f, "NOT p.counts")
}

func (ix *Index) list(op string, f Filter, where string) ([]Piece, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	cond, args := f.sql()
	q := `SELECT ` + pieceCols + ` FROM pieces p LEFT JOIN damage d ON d.piece = p.id
		WHERE ` + where + cond + ` ORDER BY p.created DESC, p.id DESC LIMIT ` + strconv.Itoa(f.limit())
	s, err := ix.stmt(q)
	if err != nil {
		return nil, ix.wrap(op, err)
	}
	bindAll(s, 1, args)
	out, err := ix.piecesOf(s, nil)
	return out, ix.wrap(op, err)
}

// piecesOf steps s through its rows (pieceCols first) and returns their
// pieces with their words filled in. For columns past pieceCols, extra
// (when not nil) is called on each row.
func (ix *Index) piecesOf(s *sqlite3.Stmt, extra func()) ([]Piece, error) {
	var rows []int64
	var out []Piece
	for s.Step() {
		r, p := scanPiece(s)
		rows = append(rows, r)
		out = append(out, p)
		if extra != nil {
			extra()
		}
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	return out, ix.fillWords(rows, out)
}

// Damaged lists damage records: piece id to reason. Pieces whose manifest
// was damaged have a record but no indexed piece.
func (ix *Index) Damaged() (map[piece.ID]string, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`SELECT piece, reason FROM damage`)
	if err != nil {
		return nil, ix.wrap("list damaged", err)
	}
	out := map[piece.ID]string{}
	for s.Step() {
		out[piece.ID(s.ColumnText(0))] = s.ColumnText(1)
	}
	return out, ix.wrap("list damaged", s.Err())
}

// Search finds pieces of verified origin (and tampered ones) whose title or
// reflection matches what was typed, best match first (bm25, a title match
// weighing more than a reflection match), narrowed by f. Anything typed is
// safe: see MatchQuery. Nothing searchable typed gives no hits.
func (ix *Index) Search(typed string, f Filter) ([]Hit, error) {
	match := MatchQuery(typed)
	if match == "" {
		return nil, nil
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	cond, args := f.sql()
	// FTS5 hands matches over in rank order (its rank column is bm25 with
	// the title weighing 4, set at creation), so the join, the filters and
	// the highlights run only until the limit is reached. It still ranks
	// every match: a word in most of 100,000 pieces costs a few hundred
	// milliseconds. (Matching a patient's pieces one by one instead is
	// slower still: FTS5 reloads each word's list for every piece.)
	from := `FROM pieces_fts JOIN pieces p ON p.rowid = pieces_fts.rowid`
	q := `SELECT ` + pieceCols + `,
			highlight(pieces_fts, 0, char(2), char(3)),
			snippet(pieces_fts, 1, char(2), char(3), '…', 24),
			pieces_fts.rank,
			snippet(pieces_fts, 2, char(2), char(3), '…', 24)
		` + from + ` LEFT JOIN damage d ON d.piece = p.id
		WHERE pieces_fts MATCH ?1 AND p.counts` + cond + `
		ORDER BY pieces_fts.rank LIMIT ` + strconv.Itoa(f.limit())
	s, err := ix.stmt(q)
	if err != nil {
		return nil, ix.wrap("search", err)
	}
	s.BindText(1, match)
	bindAll(s, 2, args)
	var hits []Hit
	pieces, err := ix.piecesOf(s, func() {
		hits = append(hits, Hit{
			Title:      segments(s.ColumnText(nPieceCols)),
			Reflection: segments(s.ColumnText(nPieceCols + 1)),
			Rank:       s.ColumnFloat(nPieceCols + 2),
			Body:       segments(s.ColumnText(nPieceCols + 3)),
		})
	})
	if err != nil {
		return nil, ix.wrap("search", err)
	}
	for i := range hits {
		hits[i].Piece = pieces[i]
	}
	return hits, nil
}

// segments splits text marked with \x02 (start of match) and \x03 (end).
// Stored text never holds either (CleanText drops control characters).
func segments(marked string) []Segment {
	var out []Segment
	match := false
	for marked != "" {
		i := strings.IndexAny(marked, "\x02\x03")
		if i < 0 {
			out = append(out, Segment{Text: marked, Match: match})
			break
		}
		if i > 0 {
			out = append(out, Segment{Text: marked[:i], Match: match})
		}
		match = marked[i] == '\x02'
		marked = marked[i+1:]
	}
	return out
}

func (f Filter) limit() int {
	if f.Limit <= 0 {
		return DefaultLimit
	}
	return min(f.Limit, maxLimit)
}

// sql returns the filter as " AND ..." conditions on pieces p, with their
// arguments in order.
func (f Filter) sql() (string, []any) {
	var b strings.Builder
	var args []any
	if f.Patient != "" {
		b.WriteString(` AND p.patient = ?`)
		args = append(args, f.Patient)
	}
	if len(f.Kinds) > 0 {
		b.WriteString(` AND p.kind IN (`)
		for i, k := range f.Kinds {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('?')
			args = append(args, string(k))
		}
		b.WriteByte(')')
	}
	if f.Word != "" {
		b.WriteString(` AND EXISTS (SELECT 1 FROM words w WHERE w.word = ? AND w.piece = p.rowid)`)
		args = append(args, f.Word)
	}
	if f.Quadrant != "" {
		b.WriteString(` AND p.quadrant = ?`)
		args = append(args, f.Quadrant)
	}
	if !f.From.IsZero() {
		b.WriteString(` AND p.created >= ?`)
		args = append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		b.WriteString(` AND p.created < ?`)
		args = append(args, f.To.UnixMilli())
	}
	return b.String(), args
}

func bindAll(s *sqlite3.Stmt, from int, args []any) {
	for i, a := range args {
		switch v := a.(type) {
		case string:
			s.BindText(from+i, v)
		case int64:
			s.BindInt64(from+i, v)
		}
	}
}

// scanBodyMap reads a body map kept by bodyMapText; anything unreadable
// is no body map.
func scanBodyMap(text string) *piece.BodyMap {
	if text == "" {
		return nil
	}
	var b piece.BodyMap
	if err := json.Unmarshal([]byte(text), &b); err != nil {
		return nil
	}
	return &b
}
