package library

import (
	"fmt"
	"os"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// Visit is a kiosk's sealed record of one patient's visit: its times, the
// moods said at check-in and check-out, and the pieces saved during it. It
// travels as a piece of kind piece.Visit (see docs/SYNC.md) and is checked
// like one (sizes, hashes, origin), then its record is decoded strictly and
// must agree with its signed manifest. Visits are handed over apart from
// pieces (Pull.Visits): the gallery never shows one as a piece.
type Visit struct {
	Kiosk  string
	Record *piece.VisitRecord
	// Verified and OriginProblem as for a Piece: moods from a visit whose
	// origin is not verified are never joined to verified pieces.
	Verified      bool
	OriginProblem string
}

// maxSealedVisit bounds a visit record's sealed blob (age's header and
// per-chunk overhead on the largest record).
const maxSealedVisit = piece.MaxVisitRecordSize + 64<<10

// checkVisitManifest checks, before anything is downloaded, that a visit's
// manifest holds exactly one record of a size a record may have.
func checkVisitManifest(m *piece.Manifest) *failure {
	if m.Kind != piece.Visit {
		return nil
	}
	if len(m.Blobs) != 1 || m.Blobs[0].Role != piece.RoleVisit || m.Blobs[0].MediaType != piece.VisitMediaType {
		return damaged("visit record: the manifest must hold exactly one record")
	}
	if b := m.Blobs[0]; b.Size > piece.MaxVisitRecordSize || b.SealedSize > maxSealedVisit {
		return damaged("visit record: %d bytes, at most %d allowed", b.Size, piece.MaxVisitRecordSize)
	}
	if m.VisitID == "" || m.Finished.IsZero() {
		return damaged("visit record: the manifest names no visit or end")
	}
	return nil
}

// readVisitRecord decrypts and decodes the record in the sealed file path
// (already checked against b) and checks that it agrees with m.
func readVisitRecord(o *seal.Opener, m *piece.Manifest, path string) (*piece.VisitRecord, *failure) {
	if f := checkVisitManifest(m); f != nil {
		return nil, f
	}
	sealed, err := os.ReadFile(path)
	if err != nil {
		return nil, &failure{kind: KindUnreadable, reason: fmt.Sprintf("cannot read the gallery's cache: %v", err)}
	}
	if int64(len(sealed)) != m.Blobs[0].SealedSize {
		return nil, damaged("visit record does not match its manifest")
	}
	plain, err := o.OpenBytes(sealed)
	if err != nil {
		return nil, damaged("visit record cannot be opened: %v", err)
	}
	return decodeVisitRecord(plain, m)
}

// decodeVisitRecord decodes a visit record's plaintext strictly and checks
// that it agrees with its carrier m: same visit, kiosk, patient code and
// times. The record's patient code comes back in canonical form.
func decodeVisitRecord(plain []byte, m *piece.Manifest) (*piece.VisitRecord, *failure) {
	r, err := piece.DecodeVisitRecord(plain)
	if err != nil {
		return nil, damaged("visit record is invalid: %v", err)
	}
	code, err := patientcode.Parse(r.PatientCode)
	if err != nil {
		return nil, damaged("visit record's patient code is not valid: %v", err)
	}
	mcode, err := patientcode.Parse(m.PatientCode)
	if err != nil || code != mcode || r.VisitID != m.VisitID || r.KioskID != m.KioskID ||
		!r.Started.Equal(m.Started) || !r.Ended.Equal(m.Finished) {
		return nil, damaged("visit record does not agree with its signed manifest")
	}
	r.PatientCode = string(code)
	return r, nil
}

// handOverVisit hands a fetched visit over (apart from pieces: the index
// and the gallery's piece lists never see it), or records its problem.
func (l *Library) handOverVisit(j job, p *Piece, out *Pull, now time.Time) {
	v, f := l.visitOf(p)
	if f != nil {
		l.record(out, Damaged{Kiosk: j.kiosk, Piece: j.id, Kind: f.kind, Reason: f.reason}, now)
		return
	}
	if !v.Verified {
		l.log.Warn("origin not verified", "kiosk", j.kiosk, "visit record", j.id, "reason", v.OriginProblem)
	}
	out.Visits = append(out.Visits, v)
}

// visitOf reads the visit record of a piece of kind piece.Visit from the
// cache (fetch checked it before it got there).
func (l *Library) visitOf(p *Piece) (*Visit, *failure) {
	path := l.cachePath(p.Kiosk, string(p.Manifest.ID), "")
	if len(p.Manifest.Blobs) == 1 {
		path = l.cachePath(p.Kiosk, string(p.Manifest.ID), p.Manifest.Blobs[0].Name)
	}
	r, f := readVisitRecord(l.opener, p.Manifest, path)
	if f != nil {
		return nil, f
	}
	return &Visit{Kiosk: p.Kiosk, Record: r, Verified: p.Verified, OriginProblem: p.OriginProblem}, nil
}

// Moods returns the check-in and check-out moods of the visit p was made
// in: from its visit record in visits (same kiosk, visit and patient code;
// a verified piece takes them only from a verified record), else from p's
// own manifest (pieces saved before moods moved to the visit record carry
// them). found reports whether either source had the visit's moods.
func Moods(visits []*Visit, p *Piece) (checkIn, checkOut *piece.Mood, found bool) {
	m := p.Manifest
	for _, v := range visits {
		r := v.Record
		if v.Kiosk == p.Kiosk && m.VisitID != "" && r.VisitID == m.VisitID && r.PatientCode == m.PatientCode &&
			(v.Verified || !p.Verified) {
			return r.CheckIn, r.CheckOut, true
		}
	}
	if m.MoodCheckIn != nil || m.MoodCheckOut != nil {
		return m.MoodCheckIn, m.MoodCheckOut, true
	}
	return nil, nil, false
}

// Visits returns every visit record handed over so far, from the encrypted
// cache (as Cached does for pieces).
func (l *Library) Visits() ([]*Visit, error) {
	c, err := l.Cached()
	if err != nil {
		return nil, err
	}
	return c.Visits, nil
}
