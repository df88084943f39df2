package patientcode

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/kdf"
)

// Status is what a Registry knows about a code.
type Status int

// The answers of Registry.Check.
const (
	Unknown Status = iota // the clinic never issued this code (or it is not a code)
	OK                    // issued and not expired
	Expired               // issued, but its expiry date has passed
)

func (s Status) String() string {
	switch s {
	case OK:
		return "ok"
	case Expired:
		return "expired"
	}
	return "unknown"
}

// KDF are the argon2id parameters a registry hashes its codes with (the one
// type in internal/kdf). They are stored in the file; a file may ask for no
// more than kdf's limits, so a damaged or hostile one cannot make a kiosk
// allocate without bound.
type KDF = kdf.Params

// DefaultKDF are the costs new registries are made with (kdf.Code).
var DefaultKDF = kdf.Code

const (
	saltLen     = 16
	hashLen     = 32
	maxFileSize = 16 << 20
	header      = "afterimage-patient-codes 1"
	dateLayout  = "2006-01-02"
)

// Registry is the set of issued codes with their expiry dates. It holds only
// the codes' hashes: it can answer whether a code was issued, but it cannot
// list codes. A Registry is not safe for concurrent change; Check may be
// called concurrently once it is loaded.
type Registry struct {
	kdf     KDF
	salt    []byte
	entries map[[hashLen]byte]string // hash → expiry date (YYYY-MM-DD) or ""
}

// NewRegistry returns an empty registry with a fresh random salt.
func NewRegistry(costs KDF) (*Registry, error) {
	if err := costs.Validate(); err != nil {
		return nil, fmt.Errorf("patientcode: new registry: %w", err)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("patientcode: new registry: %w", err)
	}
	return &Registry{kdf: costs, salt: salt, entries: map[[hashLen]byte]string{}}, nil
}

func (r *Registry) hash(c Code) [hashLen]byte {
	var h [hashLen]byte
	copy(h[:], r.kdf.Key([]byte(c), r.salt, hashLen))
	return h
}

// Costs are the argon2id costs the registry hashes codes with (what one
// Check costs).
func (r *Registry) Costs() KDF { return r.kdf }

// Len returns the number of codes in the registry.
func (r *Registry) Len() int { return len(r.entries) }

// Add records c as issued, valid through the date of expires (in expires'
// location); a zero expires never expires. Adding a code again replaces its
// expiry.
func (r *Registry) Add(c Code, expires time.Time) error {
	if !c.Valid() {
		return fmt.Errorf("patientcode: registry add: %w", ErrCheck)
	}
	date := ""
	if !expires.IsZero() {
		date = expires.Format(dateLayout)
	}
	r.entries[r.hash(c)] = date
	return nil
}

// Has reports whether c was issued, expired or not.
func (r *Registry) Has(c Code) bool {
	if !c.Valid() {
		return false
	}
	_, ok := r.entries[r.hash(c)]
	return ok
}

// Check says whether c was issued and, if so, whether it has expired at now:
// a code is valid through its expiry date, judged in now's location.
func (r *Registry) Check(c Code, now time.Time) Status {
	if !c.Valid() {
		return Unknown
	}
	h := r.hash(c)
	found, date := false, ""
	// Walk every entry with a constant-time compare, so the time taken does
	// not say how close a guess came.
	for k, d := range r.entries {
		if subtle.ConstantTimeCompare(k[:], h[:]) == 1 {
			found, date = true, d
		}
	}
	switch {
	case !found:
		return Unknown
	case date != "" && now.Format(dateLayout) > date:
		return Expired
	}
	return OK
}

// WriteTo writes the registry in its text form: a header, the KDF line with
// the salt, then one line per code: its hash and expiry date ("-" for none),
// sorted by hash.
func (r *Registry) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n# Hashes of issued patient codes with their expiry dates. The codes cannot be read back.\n", header)
	fmt.Fprintf(&b, "argon2id m=%d t=%d p=%d salt=%s\n", r.kdf.Memory, r.kdf.Time, r.kdf.Threads,
		base64.RawStdEncoding.EncodeToString(r.salt))
	keys := make([][hashLen]byte, 0, len(r.entries))
	for k := range r.entries {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i][:], keys[j][:]) < 0 })
	for _, k := range keys {
		d := r.entries[k]
		if d == "" {
			d = "-"
		}
		fmt.Fprintf(&b, "%s %s\n", base64.RawStdEncoding.EncodeToString(k[:]), d)
	}
	n, err := w.Write(b.Bytes())
	if err != nil {
		return int64(n), fmt.Errorf("patientcode: write registry: %w", err)
	}
	return int64(n), nil
}

// Save writes the registry to path atomically (atomicfile): a crash leaves
// the old registry or the new one.
func (r *Registry) Save(path string) error {
	var b bytes.Buffer
	if _, err := r.WriteTo(&b); err != nil {
		return err
	}
	if err := atomicfile.Write(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("patientcode: save registry: %w", err)
	}
	return nil
}

// Load reads a registry file written by Save.
func Load(path string) (*Registry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("patientcode: load registry: %w", err)
	}
	defer f.Close()
	r, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("patientcode: load registry %s: %w", path, err)
	}
	return r, nil
}

// ErrFormat is wrapped by every error about a registry file's contents.
var ErrFormat = errors.New("not a patient code registry")

// Read parses a registry in the form WriteTo writes. Blank lines and lines
// starting with # are ignored. Errors name the line, never a code.
func Read(rd io.Reader) (*Registry, error) {
	data, err := io.ReadAll(io.LimitReader(rd, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("patientcode: read registry: %w", err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("patientcode: read registry: %w: larger than %d bytes", ErrFormat, maxFileSize)
	}
	bad := func(line int, format string, args ...any) error {
		return fmt.Errorf("patientcode: read registry: %w: line %d: %s", ErrFormat, line, fmt.Sprintf(format, args...))
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 4096), 4096)
	var r *Registry
	sawHeader := false
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		switch {
		case !sawHeader:
			if text != header {
				return nil, bad(line, "want the header %q", header)
			}
			sawHeader = true
		case r == nil:
			costs, salt, err := parseKDF(text)
			if err != nil {
				return nil, bad(line, "%v", err)
			}
			r = &Registry{kdf: costs, salt: salt, entries: map[[hashLen]byte]string{}}
		default:
			f := strings.Fields(text)
			if len(f) != 2 {
				return nil, bad(line, "want a hash and an expiry date")
			}
			h, err := base64.RawStdEncoding.Strict().DecodeString(f[0])
			if err != nil || len(h) != hashLen {
				return nil, bad(line, "hash is not %d bytes of unpadded base64", hashLen)
			}
			date := f[1]
			if date == "-" {
				date = ""
			} else if t, err := time.Parse(dateLayout, date); err != nil || t.Format(dateLayout) != date {
				return nil, bad(line, "expiry is not a date like 2026-12-31 or -")
			}
			var k [hashLen]byte
			copy(k[:], h)
			if _, dup := r.entries[k]; dup {
				return nil, bad(line, "the same code twice")
			}
			r.entries[k] = date
		}
	}
	if err := sc.Err(); err != nil {
		return nil, bad(line+1, "%v", err)
	}
	if r == nil {
		return nil, fmt.Errorf("patientcode: read registry: %w: no header and argon2id line", ErrFormat)
	}
	return r, nil
}

func parseKDF(text string) (KDF, []byte, error) {
	f := strings.Fields(text)
	if len(f) != 5 || f[0] != "argon2id" {
		return KDF{}, nil, errors.New("want: argon2id m=KiB t=N p=N salt=BASE64")
	}
	num := func(field, key string, limit uint64) (uint64, error) {
		v, ok := strings.CutPrefix(field, key+"=")
		if !ok {
			return 0, fmt.Errorf("want %s=", key)
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n > limit {
			return 0, fmt.Errorf("%s is not a number up to %d", key, limit)
		}
		return n, nil
	}
	m, err := num(f[1], "m", kdf.MaxMemory)
	if err != nil {
		return KDF{}, nil, err
	}
	t, err := num(f[2], "t", kdf.MaxTime)
	if err != nil {
		return KDF{}, nil, err
	}
	p, err := num(f[3], "p", kdf.MaxThreads)
	if err != nil {
		return KDF{}, nil, err
	}
	costs := KDF{Memory: uint32(m), Time: uint32(t), Threads: uint8(p)}
	if err := costs.Validate(); err != nil {
		return KDF{}, nil, err
	}
	s, ok := strings.CutPrefix(f[4], "salt=")
	if !ok {
		return KDF{}, nil, errors.New("want salt=")
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(s)
	if err != nil || len(salt) < saltLen || len(salt) > 64 {
		return KDF{}, nil, fmt.Errorf("salt is not %d..64 bytes of unpadded base64", saltLen)
	}
	return costs, salt, nil
}
