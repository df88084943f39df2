package provenance

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// DevKeyFile is the signing key's name in a development kiosk's data folder.
const DevKeyFile = "kiosk-signing.key"

const pemType = "PRIVATE KEY" // PKCS #8

// Signer signs manifests with a kiosk's key.
type Signer struct {
	key ed25519.PrivateKey
}

// Errors from Verify. Their text names no patient data.
var (
	ErrUnsigned     = errors.New("origin not verified: the piece is not signed")
	ErrUnknownKiosk = errors.New("origin not verified: the kiosk is not one of the clinic's trusted kiosks")
	ErrWrongKey     = errors.New("origin not verified: signed with a key the clinic does not trust for this kiosk")
	ErrBadSignature = errors.New("origin not verified: the signature does not match the piece")
	ErrRevoked      = errors.New("origin not verified: the kiosk was revoked (lost or stolen) before the storage received this piece")
)

// NewSigner generates a new key (for tests and provisioning).
func NewSigner() (*Signer, error) {
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("provenance: new key: %w", err)
	}
	return &Signer{key: k}, nil
}

// WriteKey writes s's private key to path (mode 0600), never replacing a
// file that exists.
func (s *Signer) WriteKey(path string) error {
	der, err := x509.MarshalPKCS8PrivateKey(s.key)
	if err != nil {
		return fmt.Errorf("provenance: write key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("provenance: write key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("provenance: write key: %w", err)
	}
	if err := pem.Encode(f, &pem.Block{Type: pemType, Bytes: der}); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("provenance: write key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("provenance: write key: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("provenance: write key: %w", err)
	}
	// The key's name must survive a power cut too, or the kiosk signs with
	// a new key after it.
	if err := atomicfile.SyncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("provenance: write key: %w", err)
	}
	return nil
}

// LoadSigner reads a kiosk's signing key. The file must not be readable
// by group or others.
func LoadSigner(path string) (*Signer, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("provenance: signing key: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("provenance: signing key %s is readable by others (mode %v): make it 0600", path, fi.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("provenance: signing key: %w", err)
	}
	b, _ := pem.Decode(data)
	if b == nil || b.Type != pemType {
		return nil, fmt.Errorf("provenance: signing key %s is not a PEM private key", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return nil, fmt.Errorf("provenance: signing key %s: %w", path, err)
	}
	ek, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("provenance: signing key %s is not an Ed25519 key", path)
	}
	return &Signer{key: ek}, nil
}

// LoadOrCreateSigner loads the key at path, creating it first if it does
// not exist (development kiosks, at first start).
func LoadOrCreateSigner(path string) (*Signer, error) {
	s, err := LoadSigner(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return s, err
	}
	s, err = NewSigner()
	if err != nil {
		return nil, err
	}
	if err := s.WriteKey(path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	return LoadSigner(path) // whoever created it first wins
}

// PublicKey is the signer's public key, "ed25519:<base64>".
func (s *Signer) PublicKey() string {
	return FormatPublicKey(s.key.Public().(ed25519.PublicKey))
}

// FormatPublicKey writes a public key as "ed25519:<base64>".
func FormatPublicKey(k ed25519.PublicKey) string {
	return "ed25519:" + base64.StdEncoding.EncodeToString(k)
}

// ParsePublicKey reads "ed25519:<base64>".
func ParsePublicKey(text string) (ed25519.PublicKey, error) {
	b64, ok := strings.CutPrefix(strings.TrimSpace(text), "ed25519:")
	if !ok {
		return nil, fmt.Errorf("provenance: public key %q must start with \"ed25519:\"", text)
	}
	k, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(k) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("provenance: public key %q is not 32 bytes of base64", text)
	}
	return ed25519.PublicKey(k), nil
}

// Sign sets m.Signature to s's signature of m.SignedBytes().
func (s *Signer) Sign(m *piece.Manifest) error {
	msg, err := m.SignedBytes()
	if err != nil {
		return fmt.Errorf("provenance: sign %s: %w", m.ID, err)
	}
	m.Signature = &piece.Signature{
		Key:   base64.StdEncoding.EncodeToString(s.key.Public().(ed25519.PublicKey)),
		Value: base64.StdEncoding.EncodeToString(ed25519.Sign(s.key, msg)),
	}
	return nil
}

// Trust is the gallery's list of trusted kiosks and their keys, and of
// the kiosks revoked (lost or stolen) with the time from which their
// pieces are no longer trusted.
type Trust struct {
	keys    map[string][]ed25519.PublicKey
	revoked map[string]time.Time
}

// NewTrust returns an empty list.
func NewTrust() *Trust {
	return &Trust{keys: map[string][]ed25519.PublicKey{}, revoked: map[string]time.Time{}}
}

// Revoke stops trusting kiosk's pieces that the storage received at or
// after after (its server-side upload time, which whoever holds the
// kiosk's key cannot choose, unlike every date in a manifest). after is
// rounded down to the second, as S3 listings may be: a piece uploaded in
// the second of the revocation is not trusted. Revoking a kiosk twice
// keeps the earlier time.
func (t *Trust) Revoke(kiosk string, after time.Time) error {
	if !piece.ValidKioskID(kiosk) {
		return fmt.Errorf("provenance: %q is not a kiosk id", kiosk)
	}
	after = after.Truncate(time.Second)
	if prev, ok := t.revoked[kiosk]; !ok || after.Before(prev) {
		t.revoked[kiosk] = after
	}
	return nil
}

// Revoked returns when kiosk was revoked, if it was.
func (t *Trust) Revoked(kiosk string) (time.Time, bool) {
	at, ok := t.revoked[kiosk]
	return at, ok
}

// Add trusts key ("ed25519:<base64>") for kiosk.
func (t *Trust) Add(kiosk, key string) error {
	if !piece.ValidKioskID(kiosk) {
		return fmt.Errorf("provenance: %q is not a kiosk id", kiosk)
	}
	k, err := ParsePublicKey(key)
	if err != nil {
		return err
	}
	t.keys[kiosk] = append(t.keys[kiosk], k)
	return nil
}

// Len is the number of trusted kiosks.
func (t *Trust) Len() int { return len(t.keys) }

// Verify implements library.Verifier: nil if m is signed by a key trusted
// for m.KioskID, else one of the Err* errors above. It does not know when
// the piece was uploaded, so every piece of a revoked kiosk fails it
// (ErrRevoked); VerifyUploaded judges by the upload time.
func (t *Trust) Verify(m *piece.Manifest) error {
	return t.VerifyUploaded(m, time.Time{})
}

// VerifyUploaded is Verify for a piece the storage received at uploaded
// (the latest server-side time of its objects; zero when unknown): a
// revoked kiosk's piece is trusted only when it was uploaded before the
// revocation.
func (t *Trust) VerifyUploaded(m *piece.Manifest, uploaded time.Time) error {
	if err := t.verifySignature(m); err != nil {
		return err
	}
	if after, ok := t.revoked[m.KioskID]; ok && (uploaded.IsZero() || !uploaded.Before(after)) {
		return ErrRevoked
	}
	return nil
}

func (t *Trust) verifySignature(m *piece.Manifest) error {
	if m.Signature == nil {
		return ErrUnsigned
	}
	keys, ok := t.keys[m.KioskID]
	if !ok {
		return ErrUnknownKiosk
	}
	pub, err := base64.StdEncoding.DecodeString(m.Signature.Key)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return ErrBadSignature
	}
	trusted := false
	for _, k := range keys {
		if k.Equal(ed25519.PublicKey(pub)) {
			trusted = true
		}
	}
	if !trusted {
		return ErrWrongKey
	}
	sig, err := base64.StdEncoding.DecodeString(m.Signature.Value)
	if err != nil {
		return ErrBadSignature
	}
	msg, err := m.SignedBytes()
	if err != nil || !ed25519.Verify(ed25519.PublicKey(pub), msg, sig) {
		return ErrBadSignature
	}
	return nil
}
