package notes

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/strictjson"
)

// Schema is the version of the stored note.
const Schema = 1

// What a note is about.
const (
	OnPiece = "piece"
	OnVisit = "visit"
)

// Limits on what is stored (and on what is read back).
const (
	MaxText   = 20000 // characters
	MaxAuthor = 120
	MaxStored = 256 << 10 // bytes of one sealed note
)

// Note is one version of a therapist's note.
type Note struct {
	Schema int `json:"schema"`
	// ID is this version's UUIDv7; Thread the first version's (equal to
	// ID for a new note); Supersedes the version this one edits.
	ID         piece.ID  `json:"id"`
	Thread     piece.ID  `json:"thread"`
	Supersedes piece.ID  `json:"supersedes,omitempty"`
	Patient    string    `json:"patient"`
	On         string    `json:"on"`     // OnPiece or OnVisit
	Target     piece.ID  `json:"target"` // the piece's or the visit's id
	Author     string    `json:"author"`
	Written    time.Time `json:"written"`
	Text       string    `json:"text"`
}

// New starts a note by author on target of patient.
func New(patient, on string, target piece.ID, author, text string, now time.Time) Note {
	id := piece.NewID()
	return Note{Schema: Schema, ID: id, Thread: id, Patient: patient, On: on, Target: target,
		Author: author, Written: now.UTC().Truncate(time.Millisecond), Text: text}
}

// Edit is a new version of n with text, superseding n.
func (n Note) Edit(author, text string, now time.Time) Note {
	e := n
	e.ID, e.Supersedes, e.Author, e.Text = piece.NewID(), n.ID, author, text
	e.Written = now.UTC().Truncate(time.Millisecond)
	return e
}

// Validate checks a note as written or as read from storage.
func (n Note) Validate() error {
	switch {
	case n.Schema != Schema:
		return fmt.Errorf("note: schema %d, want %d", n.Schema, Schema)
	case n.ID.Validate() != nil, n.Thread.Validate() != nil, n.Target.Validate() != nil:
		return errors.New("note: an id is not a UUIDv7")
	case n.Supersedes != "" && n.Supersedes.Validate() != nil:
		return errors.New("note: supersedes is not a UUIDv7")
	case (n.Supersedes == "") != (n.Thread == n.ID):
		return errors.New("note: a first version is its own thread, an edit supersedes another")
	case n.On != OnPiece && n.On != OnVisit:
		return fmt.Errorf("note: on %q, want piece or visit", n.On)
	case !validCode(n.Patient):
		return errors.New("note: the patient code is not one")
	case n.Author == "" || utf8.RuneCountInString(n.Author) > MaxAuthor:
		return fmt.Errorf("note: the author must be 1 to %d characters", MaxAuthor)
	case n.Text == "" || utf8.RuneCountInString(n.Text) > MaxText:
		return fmt.Errorf("note: the text must be 1 to %d characters", MaxText)
	case !utf8.ValidString(n.Text) || !utf8.ValidString(n.Author):
		return errors.New("note: not UTF-8")
	case n.Written.IsZero():
		return errors.New("note: no time")
	}
	return nil
}

// validCode accepts a patient code as the index keeps it: 7 symbols of
// Crockford's base32 (upper case, no dash).
func validCode(c string) bool {
	if len(c) != 7 {
		return false
	}
	for _, r := range c {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') || r == 'I' || r == 'L' || r == 'O' || r == 'U' {
			return false
		}
	}
	return true
}

// Parse reads a stored note strictly and validates it.
func Parse(data []byte) (Note, error) {
	var n Note
	if err := strictjson.Decode(data, &n); err != nil {
		return Note{}, fmt.Errorf("note: %w", err)
	}
	if err := n.Validate(); err != nil {
		return Note{}, err
	}
	return n, nil
}
