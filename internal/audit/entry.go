package audit

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/strictjson"
)

// Action is what was done.
type Action string

// The actions the gallery records.
const (
	Unlock        Action = "unlock"
	PatientOpened Action = "patient-opened"
	PieceViewed   Action = "piece-viewed"
	PiecePlayed   Action = "piece-played"
	NoteWritten   Action = "note-written"
	ReportMade    Action = "report-made"
	ExportMade    Action = "export-made"
	Consent       Action = "consent-recorded"
)

var actions = map[Action]bool{
	Unlock: true, PatientOpened: true, PieceViewed: true, PiecePlayed: true,
	NoteWritten: true, ReportMade: true, ExportMade: true, Consent: true,
}

// Entry is one line of the log.
type Entry struct {
	Seq     uint64    `json:"seq"`
	Time    time.Time `json:"time"`
	Install string    `json:"install"`
	// Key is the install's public key, "ed25519:<base64>", in the first
	// entry only: every later entry must be signed by it.
	Key     string `json:"key,omitempty"`
	Actor   string `json:"actor"`
	Action  Action `json:"action"`
	Patient string `json:"patient,omitempty"`
	Piece   string `json:"piece,omitempty"`
	// Prev is the hex SHA-256 of the previous entry's line ("" for the
	// first).
	Prev string `json:"prev"`
	// Sig is the base64 Ed25519 signature of the entry's line with Sig
	// empty.
	Sig string `json:"sig"`
}

// Event is what a caller records; the log adds sequence, time, install,
// chain and signature.
type Event struct {
	Actor   string
	Action  Action
	Patient string // a patient code, or ""
	Piece   string // a piece id, or ""
}

// signedBytes is what the signature covers.
func (e Entry) signedBytes() []byte {
	e.Sig = ""
	b, err := json.Marshal(e)
	if err != nil {
		panic(fmt.Sprintf("audit: marshal entry: %v", err)) // only strings, numbers and a time
	}
	return append([]byte(domain), b...)
}

// domain separates audit signatures from every other use of the key.
const domain = "afterimage audit entry v1\x00"

// line is the entry as stored: one line of JSON.
func (e Entry) line() []byte {
	b, err := json.Marshal(e)
	if err != nil {
		panic(fmt.Sprintf("audit: marshal entry: %v", err))
	}
	return b
}

// Hash is the hex SHA-256 of the entry's line: the next entry's Prev.
func (e Entry) Hash() string {
	sum := sha256.Sum256(e.line())
	return hex.EncodeToString(sum[:])
}

// Signer signs entries: the install's key (provenance.Signer).
type Signer interface {
	SignBytes(msg []byte) []byte
	PublicKey() string // "ed25519:<base64>"
}

func (e *Entry) sign(s Signer) {
	e.Sig = base64.StdEncoding.EncodeToString(s.SignBytes(e.signedBytes()))
}

// verify checks e's signature against key, "ed25519:<base64>".
func (e Entry) verify(key string) bool {
	sig, err := base64.StdEncoding.DecodeString(e.Sig)
	return err == nil && provenance.VerifyBytes(key, e.signedBytes(), sig) == nil
}

// maxLine bounds one stored entry.
const maxLine = 4096

// parseEntry reads one stored line, strictly: unknown fields, a missing
// action or an overlong line are errors.
func parseEntry(line []byte) (Entry, error) {
	var e Entry
	if len(line) > maxLine {
		return e, fmt.Errorf("an entry of %d bytes (at most %d)", len(line), maxLine)
	}
	if err := strictjson.Decode(line, &e); err != nil {
		return e, fmt.Errorf("not an audit entry: %w", err)
	}
	if !actions[e.Action] {
		return e, fmt.Errorf("unknown action %q", e.Action)
	}
	if e.Seq == 0 {
		return e, fmt.Errorf("sequence number 0")
	}
	return e, nil
}
