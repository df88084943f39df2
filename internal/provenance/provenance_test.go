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
