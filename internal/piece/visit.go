package piece

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/strictjson"
)

// Visit is the kind of a visit record's carrier: a manifest of kind Visit
// holds one blob, of role RoleVisit, the sealed VisitRecord of one patient's
// visit to a kiosk. It is stored, signed and synced like any piece (see
// docs/SYNC.md); the gallery never shows it as a piece.
const Visit Kind = "visit"

// RoleVisit is the role of the blob holding a VisitRecord.
const RoleVisit = "visit"

// VisitMediaType is the media type of an encoded VisitRecord.
const VisitMediaType = "application/vnd.afterimage.visit+json"

// VisitSchemaVersion is the visit record schema this package writes. It
// reads every schema from MinVisitSchemaVersion on; schema 2 added
// QuietSpaces (a gallery older than it records such a record as damaged).
const VisitSchemaVersion = 2

// MinVisitSchemaVersion is the oldest visit record schema this package reads.
const MinVisitSchemaVersion = 1

// Limits of a visit record.
const (
	MaxVisitRecordSize = 64 << 10 // encoded bytes
	MaxVisitPieces     = 1000
)

// VisitRecord is what a kiosk records of one visit: who (the patient code),
// when, the moods said at check-in and check-out, and the pieces saved
// during it. It is health data: only ever stored sealed.
type VisitRecord struct {
	Schema      int       `json:"schema"`
	VisitID     string    `json:"visitId"`
	KioskID     string    `json:"kioskId"`
	PatientCode string    `json:"patientCode"`
	Started     time.Time `json:"started"`
	Ended       time.Time `json:"ended"`
	// CheckedOut: the patient reached check-out (a nil CheckOut then means
	// they skipped the question); false: the visit ended by an idle reset
	// or a staff exit.
	CheckedOut bool  `json:"checkedOut"`
	CheckIn    *Mood `json:"checkIn,omitempty"`
	CheckOut   *Mood `json:"checkOut,omitempty"`
	Pieces     []ID  `json:"pieces"`
	// QuietSpaces is how many times the patient used the quiet space
	// during the visit (nothing else of it is kept); omitted when none.
	// Visit schema 2.
	QuietSpaces int `json:"quietSpaces,omitempty"`
}

// Validate checks every field and returns a *ValidationError naming the
// first that is wrong (never quoting the patient code).
func (r *VisitRecord) Validate() error {
	if r == nil {
		return bad("visit", "missing")
	}
	if r.Schema < MinVisitSchemaVersion || r.Schema > VisitSchemaVersion {
		return bad("schema", "is %d, this version reads visit schemas %d to %d", r.Schema, MinVisitSchemaVersion, VisitSchemaVersion)
	}
	if r.QuietSpaces != 0 && r.Schema < 2 {
		return bad("quietSpaces", "needs visit schema 2")
	}
	if !tokenRE.MatchString(r.VisitID) {
		return bad("visitId", "must be 1-64 characters of letters, digits, '.', '_', '-'")
	}
	if !ValidKioskID(r.KioskID) {
		return bad("kioskId", "must be 1-64 characters of letters, digits, '.', '_', '-'")
	}
	if err := text("patientCode", r.PatientCode, 64); err != nil {
		return err
	}
	if r.PatientCode == "" {
		return bad("patientCode", "missing")
	}
	if r.Started.IsZero() {
		return bad("started", "missing")
	}
	if r.Ended.IsZero() || r.Ended.Before(r.Started) {
		return bad("ended", "missing or before started")
	}
	if err := r.CheckIn.validate("checkIn"); err != nil {
		return err
	}
	if err := r.CheckOut.validate("checkOut"); err != nil {
		return err
	}
	if r.CheckOut != nil && !r.CheckedOut {
		return bad("checkOut", "given although the visit did not check out")
	}
	if r.QuietSpaces < 0 || r.QuietSpaces > MaxVisitPieces {
		return bad("quietSpaces", "must be 0 to %d", MaxVisitPieces)
	}
	if len(r.Pieces) > MaxVisitPieces {
		return bad("pieces", "more than %d pieces", MaxVisitPieces)
	}
	seen := make(map[ID]bool, len(r.Pieces))
	for i, id := range r.Pieces {
		if err := id.Validate(); err != nil {
			return bad(fmt.Sprintf("pieces[%d]", i), "%v", err)
		}
		if seen[id] {
			return bad(fmt.Sprintf("pieces[%d]", i), "listed twice")
		}
		seen[id] = true
	}
	return nil
}

// Encode validates r and returns its JSON encoding.
func (r *VisitRecord) Encode() ([]byte, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	out := *r
	if out.Pieces == nil {
		out.Pieces = []ID{}
	}
	b, err := json.Marshal(&out)
	if err != nil {
		return nil, fmt.Errorf("piece: encode visit record: %w", err)
	}
	if len(b) > MaxVisitRecordSize {
		return nil, fmt.Errorf("piece: encode visit record: %d bytes, at most %d allowed", len(b), MaxVisitRecordSize)
	}
	return b, nil
}

// DecodeVisitRecord parses and validates an encoded visit record. Like
// Decode it rejects unknown fields, trailing data, documents over
// MaxVisitRecordSize and invalid values.
func DecodeVisitRecord(data []byte) (*VisitRecord, error) {
	if len(data) > MaxVisitRecordSize {
		return nil, fmt.Errorf("piece: decode visit record: %d bytes, at most %d allowed", len(data), MaxVisitRecordSize)
	}
	var r VisitRecord
	if err := strictjson.Decode(data, &r); err != nil {
		return nil, fmt.Errorf("piece: decode visit record: %w", err)
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

// VisitManifest returns the manifest that carries r (its blob, of role
// RoleVisit, is added when the record is saved): a fresh ID, so that it
// sorts after the visit's pieces, and the record's kiosk, patient code,
// visit and times.
func VisitManifest(r *VisitRecord) *Manifest {
	m := New(Visit, r.KioskID, r.PatientCode, r.Started)
	m.VisitID = r.VisitID
	m.Finished = r.Ended
	return m
}
