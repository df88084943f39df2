package piece

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/afterimage-clinic/afterimage/internal/strictjson"
)

// SchemaVersion is the manifest schema this package writes. It reads every
// schema from MinSchemaVersion on.
//
// Schema 2 adds the body map (Manifest.BodyMap); every other field is as in
// schema 1. Each schema is a superset of the one before, so the migration
// is that a schema 1 manifest decodes to the same value it always did and
// keeps its schema number: it re-encodes to exactly its own bytes, and its
// signature (over SignedBytes, the re-encoded manifest) still verifies. A
// field newer than a manifest's schema is refused.
const SchemaVersion = 2

// MinSchemaVersion is the oldest manifest schema this package reads.
const MinSchemaVersion = 1

// MaxManifestSize bounds an encoded manifest; Decode refuses anything larger.
const MaxManifestSize = 1 << 20

// Kind says what sort of thing a piece is.
type Kind string

// The kinds of piece.
const (
	Drawing Kind = "drawing"
	Music   Kind = "music"
	Voice   Kind = "voice"
	// Writing is a page of text (narrative practice): its original blob is
	// the text, UTF-8, at most MaxWritingBytes.
	Writing Kind = "writing"
)

// MaxWritingBytes bounds a written piece's text (its original blob). The
// kiosk stops taking letters there; a gallery treats a larger blob, or one
// that is not UTF-8, as damaged.
const MaxWritingBytes = 32 << 10

// Blob roles.
const (
	RoleOriginal  = "original"   // the drawing's PNG, the recording's audio, the written text
	RoleThumbnail = "thumbnail"  // small preview image
	RoleWaveform  = "waveform"   // waveform image of a recording
	RolePeaks     = "peaks"      // waveform peak data
	RoleStrokes   = "strokes"    // a drawing's stroke log, for replay
	RoleVoiceNote = "voice-note" // a spoken note about the piece
	// RolePerformance is a music pad piece's performance log: the pads as
	// they were played, for the gallery to show in time with the sound.
	RolePerformance = "performance"
	// RoleSegment is one finished part of a recording in progress, checkpointed
	// in a draft. The segments of a piece, in blob order, make up the
	// recording; a piece that still has segments was finished from a draft
	// without its audio being re-encoded (it is then Unfinished).
	RoleSegment = "segment"
)

// Mood is a check-in or check-out on two 1..9 scales. A zero field means the
// patient did not answer that scale.
type Mood struct {
	Pleasantness int `json:"pleasantness"`
	Energy       int `json:"energy"`
}

// EmotionTag is a word the patient chose, with an optional intensity.
type EmotionTag struct {
	Word      string `json:"word"`
	Intensity int    `json:"intensity,omitempty"` // 1..5, 0 = not given
}

// Emotions is what the patient said about a piece's feeling: the quadrant
// and position they tapped on the valence × energy grid, and words.
type Emotions struct {
	Quadrant string       `json:"quadrant,omitempty"` // e.g. "pleasant-high"
	X        float64      `json:"x"`                  // 0..1
	Y        float64      `json:"y"`                  // 0..1
	Words    []EmotionTag `json:"words,omitempty"`
}

// Blob describes one stored part of a piece.
type Blob struct {
	// Name is opaque ("b1", "s0001"): it becomes part of an object key
	// (see ObjectKey) and must never carry patient data.
	Name      string `json:"name"`
	Role      string `json:"role"`
	MediaType string `json:"mediaType"`
	// Size and SHA256 (lower-case hex) describe the plaintext.
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// SealedSize and SealedSHA256 describe the age-encrypted bytes actually
	// stored and uploaded.
	SealedSize   int64  `json:"sealedSize"`
	SealedSHA256 string `json:"sealedSha256"`
}

// Manifest is everything known about a piece (schema version: Schema).
type Manifest struct {
	Schema       int       `json:"schema"`
	ID           ID        `json:"id"`
	Kind         Kind      `json:"kind"`
	Started      time.Time `json:"started"`
	Finished     time.Time `json:"finished"` // zero while unfinished
	KioskID      string    `json:"kioskId"`
	PatientCode  string    `json:"patientCode"`
	VisitID      string    `json:"visitId,omitempty"`
	PromptID     string    `json:"promptId,omitempty"`
	Title        string    `json:"title,omitempty"`
	Reflection   string    `json:"reflection,omitempty"`
	Emotions     *Emotions `json:"emotions,omitempty"`
	MoodCheckIn  *Mood     `json:"moodCheckIn,omitempty"`
	MoodCheckOut *Mood     `json:"moodCheckOut,omitempty"`
	// BodyMap is where the patient feels the piece (schema 2); nil when
	// they skipped it.
	BodyMap *BodyMap `json:"bodyMap,omitempty"`
	// Unfinished marks a piece saved from a draft (idle reset, crash) rather
	// than finished by the patient.
	Unfinished bool `json:"unfinished,omitempty"`
	// Development marks a piece made in development mode, sealed to a
	// development identity. It is never patient data.
	Development bool   `json:"development,omitempty"`
	Blobs       []Blob `json:"blobs"`
	AppVersion  string `json:"appVersion,omitempty"`
	// Signature is the making kiosk's Ed25519 signature over SignedBytes
	// (the manifest without this field, which lists every sealed blob's
	// size and SHA-256). See internal/provenance and docs/SYNC.md.
	Signature *Signature `json:"signature,omitempty"`
}

// Signature is a kiosk's signature of a manifest.
type Signature struct {
	// Key is the kiosk's Ed25519 public key, standard base64 (32 bytes).
	Key string `json:"key"`
	// Value is the Ed25519 signature of SignedBytes, standard base64 (64 bytes).
	Value string `json:"value"`
}

// signaturePrefix separates manifest signatures from any other use of a
// kiosk's key.
const signaturePrefix = "afterimage manifest signature v1\n"

// SignedBytes is what a kiosk signs: a fixed prefix, then the manifest's
// encoding (Encode) without its signature.
func (m *Manifest) SignedBytes() ([]byte, error) {
	c := *m
	c.Signature = nil
	data, err := c.Encode()
	if err != nil {
		return nil, err
	}
	return append([]byte(signaturePrefix), data...), nil
}

// New returns a manifest for a new piece of the given kind, with a fresh ID.
func New(kind Kind, kioskID, patientCode string, started time.Time) *Manifest {
	return &Manifest{
		Schema:      SchemaVersion,
		ID:          NewID(),
		Kind:        kind,
		Started:     started,
		KioskID:     kioskID,
		PatientCode: patientCode,
	}
}

// Blob returns the blob with the given name, or nil.
func (m *Manifest) Blob(name string) *Blob {
	for i := range m.Blobs {
		if m.Blobs[i].Name == name {
			return &m.Blobs[i]
		}
	}
	return nil
}

// Clone returns a deep copy of m.
func (m *Manifest) Clone() *Manifest {
	c := *m
	if m.Emotions != nil {
		e := *m.Emotions
		e.Words = append([]EmotionTag(nil), m.Emotions.Words...)
		c.Emotions = &e
	}
	if m.MoodCheckIn != nil {
		v := *m.MoodCheckIn
		c.MoodCheckIn = &v
	}
	if m.MoodCheckOut != nil {
		v := *m.MoodCheckOut
		c.MoodCheckOut = &v
	}
	c.BodyMap = m.BodyMap.clone()
	c.Blobs = append([]Blob(nil), m.Blobs...)
	if m.Signature != nil {
		v := *m.Signature
		c.Signature = &v
	}
	return &c
}

// Limits on free text, in characters.
const (
	MaxTitle      = 200
	MaxReflection = 20000
	MaxWord       = 64
	MaxWords      = 32
	MaxBlobs      = 10000
)

var (
	tokenRE     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	blobNameRE  = regexp.MustCompile(`^[a-z][a-z0-9]{0,15}$`)
	mediaTypeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.+-]{0,63}/[a-z0-9][a-z0-9.+-]{0,63}$`)
	quadrantRE  = regexp.MustCompile(`^[a-z][a-z-]{0,31}$`)
	hexSHA256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// ValidBlobName reports whether name may be used as a blob name: 1..16
// lower-case letters and digits, starting with a letter, and not "manifest".
func ValidBlobName(name string) bool {
	return blobNameRE.MatchString(name) && name != "manifest"
}

// ValidKioskID reports whether s may be used as a kiosk id (it becomes part
// of object keys): 1..64 of A-Z a-z 0-9 . _ - starting with a letter or digit.
func ValidKioskID(s string) bool { return tokenRE.MatchString(s) }

// ValidationError says which field of a manifest is wrong.
type ValidationError struct {
	Field  string // JSON path, e.g. "blobs[1].sha256"
	Reason string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("piece: manifest field %s: %s", e.Field, e.Reason)
}

func bad(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Validate checks every field and returns a *ValidationError naming the first
// field that is wrong. The error never quotes free text (title, reflection,
// patient code, words), so it is safe to log.
func (m *Manifest) Validate() error {
	if m == nil {
		return bad("manifest", "missing")
	}
	if m.Schema < MinSchemaVersion || m.Schema > SchemaVersion {
		return bad("schema", "is %d, this version reads schemas %d to %d", m.Schema, MinSchemaVersion, SchemaVersion)
	}
	if err := m.ID.Validate(); err != nil {
		return bad("id", "%v", err)
	}
	switch m.Kind {
	case Drawing, Music, Voice:
	case Writing:
		if m.Schema < 2 {
			return bad("kind", "writing needs manifest schema 2")
		}
	case Visit:
		for i, b := range m.Blobs {
			if b.Role != RoleVisit {
				return bad(fmt.Sprintf("blobs[%d].role", i), "a visit record holds only its record")
			}
		}
	default:
		return bad("kind", "must be drawing, music, voice, writing or visit")
	}
	if m.Started.IsZero() {
		return bad("started", "missing")
	}
	if !m.Finished.IsZero() && m.Finished.Before(m.Started) {
		return bad("finished", "is before started")
	}
	if m.Finished.IsZero() && !m.Unfinished {
		return bad("finished", "missing (a piece without a finish time must be marked unfinished)")
	}
	if !ValidKioskID(m.KioskID) {
		return bad("kioskId", "must be 1-64 characters of letters, digits, '.', '_', '-'")
	}
	if err := text("patientCode", m.PatientCode, 64); err != nil {
		return err
	}
	if m.PatientCode == "" {
		return bad("patientCode", "missing")
	}
	if m.VisitID != "" && !tokenRE.MatchString(m.VisitID) {
		return bad("visitId", "must be 1-64 characters of letters, digits, '.', '_', '-'")
	}
	if m.PromptID != "" && !tokenRE.MatchString(m.PromptID) {
		return bad("promptId", "must be 1-64 characters of letters, digits, '.', '_', '-'")
	}
	if err := text("title", m.Title, MaxTitle); err != nil {
		return err
	}
	if err := text("reflection", m.Reflection, MaxReflection); err != nil {
		return err
	}
	if err := m.Emotions.validate(); err != nil {
		return err
	}
	if err := m.MoodCheckIn.validate("moodCheckIn"); err != nil {
		return err
	}
	if err := m.MoodCheckOut.validate("moodCheckOut"); err != nil {
		return err
	}
	if m.BodyMap != nil && m.Schema < 2 {
		return bad("bodyMap", "needs manifest schema 2")
	}
	if err := m.BodyMap.validate(); err != nil {
		return err
	}
	if len(m.Blobs) > MaxBlobs {
		return bad("blobs", "more than %d blobs", MaxBlobs)
	}
	seen := make(map[string]bool, len(m.Blobs))
	for i, b := range m.Blobs {
		if err := b.validate(fmt.Sprintf("blobs[%d]", i)); err != nil {
			return err
		}
		if seen[b.Name] {
			return bad(fmt.Sprintf("blobs[%d].name", i), "%q is used twice", b.Name)
		}
		seen[b.Name] = true
	}
	if len(m.AppVersion) > 64 || !utf8.ValidString(m.AppVersion) {
		return bad("appVersion", "must be at most 64 bytes of UTF-8")
	}
	if sig := m.Signature; sig != nil {
		if k, err := base64.StdEncoding.DecodeString(sig.Key); err != nil || len(k) != 32 {
			return bad("signature.key", "must be a base64 Ed25519 public key (32 bytes)")
		}
		if v, err := base64.StdEncoding.DecodeString(sig.Value); err != nil || len(v) != 64 {
			return bad("signature.value", "must be a base64 Ed25519 signature (64 bytes)")
		}
	}
	return nil
}

func text(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return bad(field, "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return bad(field, "is %d characters long, at most %d allowed", n, max)
	}
	return nil
}

func (e *Emotions) validate() error {
	if e == nil {
		return nil
	}
	if e.Quadrant != "" && !quadrantRE.MatchString(e.Quadrant) {
		return bad("emotions.quadrant", "must be lower-case words joined by '-', e.g. pleasant-high")
	}
	if !(e.X >= 0 && e.X <= 1) {
		return bad("emotions.x", "must be between 0 and 1")
	}
	if !(e.Y >= 0 && e.Y <= 1) {
		return bad("emotions.y", "must be between 0 and 1")
	}
	if len(e.Words) > MaxWords {
		return bad("emotions.words", "more than %d words", MaxWords)
	}
	for i, w := range e.Words {
		f := fmt.Sprintf("emotions.words[%d]", i)
		if w.Word == "" {
			return bad(f+".word", "missing")
		}
		if err := text(f+".word", w.Word, MaxWord); err != nil {
			return err
		}
		if w.Intensity < 0 || w.Intensity > 5 {
			return bad(f+".intensity", "must be 1..5, or 0 when not given")
		}
	}
	return nil
}

func (m *Mood) validate(field string) error {
	if m == nil {
		return nil
	}
	if m.Pleasantness < 0 || m.Pleasantness > 9 {
		return bad(field+".pleasantness", "must be 1..9, or 0 when not given")
	}
	if m.Energy < 0 || m.Energy > 9 {
		return bad(field+".energy", "must be 1..9, or 0 when not given")
	}
	return nil
}

// ValidRole reports whether role is one of the blob roles above.
func ValidRole(role string) bool {
	switch role {
	case RoleOriginal, RoleThumbnail, RoleWaveform, RolePeaks, RoleStrokes, RoleVoiceNote, RoleSegment, RoleVisit, RolePerformance:
		return true
	}
	return false
}

func (b Blob) validate(f string) error {
	if !ValidBlobName(b.Name) {
		return bad(f+".name", "must be 1-16 lower-case letters and digits starting with a letter, not \"manifest\"")
	}
	if !ValidRole(b.Role) {
		return bad(f+".role", "unknown role %q", b.Role)
	}
	if !mediaTypeRE.MatchString(b.MediaType) {
		return bad(f+".mediaType", "must be a lower-case media type such as image/png")
	}
	if b.Size < 0 {
		return bad(f+".size", "is negative")
	}
	if !hexSHA256RE.MatchString(b.SHA256) {
		return bad(f+".sha256", "must be 64 lower-case hex digits")
	}
	if b.SealedSize <= b.Size {
		return bad(f+".sealedSize", "must be larger than size (sealing adds a header)")
	}
	if !hexSHA256RE.MatchString(b.SealedSHA256) {
		return bad(f+".sealedSha256", "must be 64 lower-case hex digits")
	}
	return nil
}

// Encode validates m and returns its JSON encoding.
func (m *Manifest) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	out := *m
	if out.Blobs == nil {
		out.Blobs = []Blob{}
	}
	b, err := json.Marshal(&out)
	if err != nil {
		return nil, fmt.Errorf("piece: encode manifest %s: %w", m.ID, err)
	}
	return b, nil
}

// Decode parses and validates an encoded manifest. It rejects unknown fields,
// trailing data, documents over MaxManifestSize and invalid values.
func Decode(data []byte) (*Manifest, error) {
	if len(data) > MaxManifestSize {
		return nil, fmt.Errorf("piece: decode manifest: %d bytes, at most %d allowed", len(data), MaxManifestSize)
	}
	var m Manifest
	if err := strictjson.Decode(data, &m); err != nil {
		return nil, fmt.Errorf("piece: decode manifest: %w", err)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// ObjectKey returns the storage key of a piece's blob (or of its manifest,
// name "manifest") under the bucket layout v1:
// v1/pieces/<kiosk-id>/<piece-id>/<name>.age.
func ObjectKey(kioskID string, id ID, name string) string {
	return "v1/pieces/" + kioskID + "/" + string(id) + "/" + name + ".age"
}
