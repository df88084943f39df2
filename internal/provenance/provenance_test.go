package provenance

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

func manifest() *piece.Manifest {
	m := piece.New(piece.Drawing, "lounge-1", "K7Q4M2X", time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	m.Finished = m.Started.Add(time.Minute)
	m.Title = "sea"
	m.Blobs = []piece.Blob{{Name: "b1", Role: piece.RoleOriginal, MediaType: "image/png", Size: 10,
		SHA256: strings.Repeat("a", 64), SealedSize: 300, SealedSHA256: strings.Repeat("b", 64)}}
	return m
}

func TestSignVerify(t *testing.T) {
	s, _ := NewSigner()
	other, _ := NewSigner()
	trust := NewTrust()
	if err := trust.Add("lounge-1", s.PublicKey()); err != nil {
		t.Fatal(err)
	}
	m := manifest()
	if err := trust.Verify(m); !errors.Is(err, ErrUnsigned) {
		t.Fatalf("unsigned: %v", err)
	}
	if err := s.Sign(m); err != nil {
		t.Fatal(err)
	}
	// The signature survives encoding and decoding.
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := piece.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := trust.Verify(back); err != nil {
		t.Fatalf("signed: %v", err)
	}
	for name, change := range map[string]func(*piece.Manifest){
		"title":         func(m *piece.Manifest) { m.Title = "lake" },
		"patient code":  func(m *piece.Manifest) { m.PatientCode = "AAAAAAV" },
		"sealed hash":   func(m *piece.Manifest) { m.Blobs[0].SealedSHA256 = strings.Repeat("c", 64) },
		"sealed size":   func(m *piece.Manifest) { m.Blobs[0].SealedSize++ },
		"blob dropped":  func(m *piece.Manifest) { m.Blobs = nil },
		"other kiosk's": func(m *piece.Manifest) { m.KioskID = "lounge-2" },
	} {
		c := back.Clone()
		change(c)
		if err := trust.Verify(c); err == nil {
			t.Errorf("%s changed: verified", name)
		}
	}
	w := manifest()
	other.Sign(w)
	if err := trust.Verify(w); !errors.Is(err, ErrWrongKey) {
		t.Errorf("another key: %v", err)
	}
	u := manifest()
	u.KioskID = "lounge-9"
	s.Sign(u)
	if err := trust.Verify(u); !errors.Is(err, ErrUnknownKiosk) {
		t.Errorf("unknown kiosk: %v", err)
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", DevKeyFile)
	s, err := LoadOrCreateSigner(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", fi.Mode().Perm(), err)
	}
	again, err := LoadOrCreateSigner(path)
	if err != nil || again.PublicKey() != s.PublicKey() {
		t.Fatalf("reloaded key differs: %v", err)
	}
	os.Chmod(path, 0o644)
	if _, err := LoadSigner(path); err == nil || !strings.Contains(err.Error(), "0600") {
		t.Fatalf("a world-readable key loaded: %v", err)
	}
	if _, err := ParsePublicKey("ed25519:AAAA"); err == nil {
		t.Fatal("short key parsed")
	}
	if k, err := ParsePublicKey(s.PublicKey()); err != nil || FormatPublicKey(k) != s.PublicKey() {
		t.Fatalf("round trip: %v", err)
	}
}

// TestRevoke: a revoked kiosk's piece is trusted only when the storage
// received it before the revocation (rounded down to the second); without
// an upload time it is not; other kiosks are not touched; the earlier of
// two revocations holds.
func TestRevoke(t *testing.T) {
	s, _ := NewSigner()
	o, _ := NewSigner()
	trust := NewTrust()
	trust.Add("lounge-1", s.PublicKey())
	trust.Add("lounge-2", o.PublicKey())
	at := time.Date(2026, 11, 30, 18, 0, 0, 700e6, time.UTC)
	if err := trust.Revoke("lounge-1", at); err != nil {
		t.Fatal(err)
	}
	if err := trust.Revoke("lounge-1", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, ok := trust.Revoked("lounge-1"); !ok || !got.Equal(at.Truncate(time.Second)) {
		t.Fatalf("revoked at %v %v; want %v", got, ok, at.Truncate(time.Second))
	}
	m := manifest()
	s.Sign(m)
	for _, c := range []struct {
		uploaded time.Time
		want     error
	}{
		{at.Add(-2 * time.Second), nil},
		{at.Truncate(time.Second).Add(-time.Millisecond), nil},
		{at.Truncate(time.Second), ErrRevoked},
		{at.Add(-300 * time.Millisecond), ErrRevoked}, // the same second
		{at.Add(30 * time.Minute), ErrRevoked},
		{time.Time{}, ErrRevoked},
	} {
		if err := trust.VerifyUploaded(m, c.uploaded); !errors.Is(err, c.want) && err != c.want {
			t.Errorf("uploaded %v: %v, want %v", c.uploaded, err, c.want)
		}
	}
	if err := trust.Verify(m); !errors.Is(err, ErrRevoked) {
		t.Errorf("Verify of a revoked kiosk's piece: %v", err)
	}
	other := manifest()
	other.KioskID = "lounge-2"
	o.Sign(other)
	if err := trust.VerifyUploaded(other, at.Add(time.Hour)); err != nil {
		t.Errorf("another kiosk's piece: %v", err)
	}
	// A forged signature stays a bad signature, revoked or not.
	bad := m.Clone()
	bad.Title = "changed"
	if err := trust.VerifyUploaded(bad, at.Add(-time.Hour)); !errors.Is(err, ErrBadSignature) {
		t.Errorf("changed piece: %v", err)
	}
	if err := trust.Revoke("Not A Kiosk", at); err == nil {
		t.Error("revoked a malformed kiosk id")
	}
}
