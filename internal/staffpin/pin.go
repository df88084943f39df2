package staffpin

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/afterimage-clinic/afterimage/internal/kdf"
)

// Params are argon2id's costs: the one type in internal/kdf.
type Params = kdf.Params

// DefaultParams are the costs new PIN hashes are made with (kdf.PIN).
var DefaultParams = kdf.PIN

// PIN rules.
const (
	MinLength = 4
	MaxLength = 16
)

const (
	saltLen = 16
	keyLen  = 32
)

// Errors.
var (
	ErrBadPIN     = fmt.Errorf("staffpin: a PIN is %d to %d digits", MinLength, MaxLength)
	ErrBadEncoded = errors.New("staffpin: not an encoded argon2id PIN hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash)")
)

// CheckPIN reports whether pin is acceptable as a staff PIN: MinLength to
// MaxLength ASCII digits.
func CheckPIN(pin string) error {
	if len(pin) < MinLength || len(pin) > MaxLength {
		return ErrBadPIN
	}
	for i := 0; i < len(pin); i++ {
		if pin[i] < '0' || pin[i] > '9' {
			return ErrBadPIN
		}
	}
	return nil
}

// Hash returns pin's argon2id hash with DefaultParams and a fresh salt, encoded
// for the config.
func Hash(pin string) (string, error) { return HashWith(pin, DefaultParams) }

// HashWith is Hash with chosen costs.
func HashWith(pin string, p Params) (string, error) {
	if err := CheckPIN(pin); err != nil {
		return "", err
	}
	if err := p.Validate(); err != nil {
		return "", fmt.Errorf("staffpin: hash: %w", err)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("staffpin: hash: %w", err)
	}
	key := p.Key([]byte(pin), salt, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// Decoded is an encoded hash taken apart.
type Decoded struct {
	Params
	Salt, Key []byte
}

// Decode parses an encoded argon2id hash. It accepts only version 19 and
// costs within kdf's limits, so a bad config cannot make Verify allocate
// without bound.
func Decode(encoded string) (*Decoded, error) {
	parts := strings.Split(encoded, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return nil, ErrBadEncoded
	}
	var d Decoded
	var v [3]uint64
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return nil, ErrBadEncoded
	}
	for i, key := range []string{"m=", "t=", "p="} {
		num, ok := strings.CutPrefix(kv[i], key)
		if !ok || num == "" || (len(num) > 1 && num[0] == '0') {
			return nil, ErrBadEncoded
		}
		n, err := strconv.ParseUint(num, 10, 32)
		if err != nil {
			return nil, ErrBadEncoded
		}
		v[i] = n
	}
	m, t, p := v[0], v[1], v[2]
	if p > kdf.MaxThreads || m > kdf.MaxMemory || t > kdf.MaxTime {
		return nil, ErrBadEncoded
	}
	d.Params = Params{Memory: uint32(m), Time: uint32(t), Threads: uint8(p)}
	if d.Params.Validate() != nil {
		return nil, ErrBadEncoded
	}
	var err error
	if d.Salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil || len(d.Salt) < 8 || len(d.Salt) > 64 {
		return nil, ErrBadEncoded
	}
	if d.Key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil || len(d.Key) < 16 || len(d.Key) > 64 {
		return nil, ErrBadEncoded
	}
	return &d, nil
}

// Verify reports whether pin matches the encoded hash. The error is only for
// a malformed hash (a config problem), never for a wrong PIN.
func Verify(encoded, pin string) (bool, error) {
	d, err := Decode(encoded)
	if err != nil {
		return false, err
	}
	if len(pin) > 4*MaxLength {
		pin = pin[:4*MaxLength] // still hashed, still wrong: no shortcut in timing
	}
	key := d.Params.Key([]byte(pin), d.Salt, uint32(len(d.Key)))
	return subtle.ConstantTimeCompare(key, d.Key) == 1, nil
}
