package index

import (
	"strconv"

	"github.com/afterimage-clinic/afterimage/internal/notes"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// AddNote keeps one version of a note (a version already kept is left as
// it is: versions never change).
func (ix *Index) AddNote(n notes.Note) error {
	if err := n.Validate(); err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.conn == nil {
		return ErrClosed
	}
	s, err := ix.stmt(`INSERT INTO notes (id, thread, supersedes, patient, on_kind, target, author, written, text)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING`)
	if err != nil {
		return ix.wrap("add note", err)
	}
	s.BindText(1, string(n.ID))
	s.BindText(2, string(n.Thread))
	s.BindText(3, string(n.Supersedes))
	s.BindText(4, n.Patient)
	s.BindText(5, n.On)
	s.BindText(6, string(n.Target))
	s.BindText(7, CleanText(n.Author))
	s.BindInt64(8, ms(n.Written))
	s.BindText(9, CleanText(n.Text))
	return ix.wrap("add note", s.Exec())
}

// HasNote reports whether the index keeps the version id.
func (ix *Index) HasNote(id piece.ID) (bool, error) {
	return ix.exists("has note", `SELECT 1 FROM notes WHERE id = ?1`, id)
}

// exists runs q, a query of one row or none for an id, and reports
// whether it found the row.
func (ix *Index) exists(op, q string, id piece.ID) (bool, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.conn == nil {
		return false, ErrClosed
	}
	s, err := ix.stmt(q)
	if err != nil {
		return false, ix.wrap(op, err)
	}
	s.BindText(1, string(id))
	has := s.Step()
	return has, ix.wrap(op, s.Err())
}

const noteCols = `n.id, n.thread, n.supersedes, n.patient, n.on_kind, n.target, n.author, n.written, n.text`

// current picks each thread's newest version (the latest written; the
// larger id between versions written in the same millisecond).
const current = `NOT EXISTS (SELECT 1 FROM notes m WHERE m.thread = n.thread AND
	(m.written > n.written OR (m.written = n.written AND m.id > n.id)))`

// Notes are the notes on one piece or visit as they stand (each thread's
// newest version), oldest thread first.
func (ix *Index) Notes(on string, target piece.ID) ([]notes.Note, error) {
	return ix.queryNotes("notes", `SELECT `+noteCols+` FROM notes n
		WHERE n.on_kind = ?1 AND n.target = ?2 AND `+current+` ORDER BY n.thread`, on, string(target))
}

// NoteHistory is every version of a thread, oldest first: nothing a
// therapist wrote is ever lost by an edit.
func (ix *Index) NoteHistory(thread piece.ID) ([]notes.Note, error) {
	return ix.queryNotes("note history", `SELECT `+noteCols+` FROM notes n
		WHERE n.thread = ?1 ORDER BY n.written, n.id`, string(thread))
}

// NoteHit is a note found by SearchNotes, with its text's matches marked.
type NoteHit struct {
	Note notes.Note
	Text []Segment
}

// SearchNotes finds the notes as they stand whose text matches what was
// typed (see MatchQuery), best match first.
func (ix *Index) SearchNotes(typed string, limit int) ([]NoteHit, error) {
	match := MatchQuery(typed)
	if match == "" {
		return nil, nil
	}
	if limit <= 0 || limit > maxLimit {
		limit = DefaultLimit
	}
	var hits []NoteHit
	ns, err := ix.queryNotesWith("search notes", `SELECT `+noteCols+`, highlight(notes_fts, 0, char(2), char(3))
		FROM notes_fts JOIN notes n ON n.rowid = notes_fts.rowid
		WHERE notes_fts MATCH ?1 AND `+current+` ORDER BY notes_fts.rank LIMIT `+strconv.Itoa(limit),
		func(marked string) { hits = append(hits, NoteHit{Text: segments(marked)}) }, match)
	if err != nil {
		return nil, err
	}
	for i := range hits {
		hits[i].Note = ns[i]
	}
	return hits, nil
}

func (ix *Index) queryNotes(op, q string, args ...string) ([]notes.Note, error) {
	return ix.queryNotesWith(op, q, nil, args...)
}

func (ix *Index) queryNotesWith(op, q string, extra func(string), args ...string) ([]notes.Note, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.conn == nil {
		return nil, ErrClosed
	}
	s, err := ix.stmt(q)
	if err != nil {
		return nil, ix.wrap(op, err)
	}
	for i, a := range args {
		s.BindText(i+1, a)
	}
	var out []notes.Note
	for s.Step() {
		out = append(out, notes.Note{
			Schema: notes.Schema, ID: piece.ID(s.ColumnText(0)), Thread: piece.ID(s.ColumnText(1)),
			Supersedes: piece.ID(s.ColumnText(2)), Patient: s.ColumnText(3), On: s.ColumnText(4),
			Target: piece.ID(s.ColumnText(5)), Author: s.ColumnText(6), Written: fromMS(s.ColumnInt64(7)),
			Text: s.ColumnText(8),
		})
		if extra != nil {
			extra(s.ColumnText(9))
		}
	}
	return out, ix.wrap(op, s.Err())
}
