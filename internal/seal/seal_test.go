package seal

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

func TestSealOpenBothKeyTypes(t *testing.T) {
	for _, kt := range []KeyType{Hybrid, X25519} {
		id, r, err := GenerateIdentity(kt)
		if err != nil {
			t.Fatal(err)
		}
		s, err := NewSealer(r)
		if err != nil {
			t.Fatal(err)
		}
		o, err := NewOpener(id)
		if err != nil {
			t.Fatal(err)
		}
		plain := make([]byte, 300_000) // several 64 KiB chunks
		rand.Read(plain)
		sealed, err := s.SealBytes(plain)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(sealed, plain[:64]) {
			t.Fatalf("%s: plaintext visible in sealed bytes", kt)
		}
		got, err := o.OpenBytes(sealed)
		if err != nil {
			t.Fatalf("%s: %v", kt, err)
		}
		if !bytes.Equal(got, plain) {
			t.Fatalf("%s: round trip differs", kt)
		}
	}
}

func TestFailClosed(t *testing.T) {
	if _, err := NewSealer(); !errors.Is(err, ErrNoRecipients) {
		t.Fatalf("NewSealer(): %v", err)
	}
	if _, err := NewSealer(nil, nil); !errors.Is(err, ErrNoRecipients) {
		t.Fatalf("NewSealer(nil): %v", err)
	}
	var zero *Sealer
	var buf bytes.Buffer
	if _, err := zero.Seal(&buf); !errors.Is(err, ErrNoRecipients) {
		t.Fatalf("nil Sealer: %v", err)
	}
	if _, err := (&Sealer{}).SealBytes([]byte("secret")); !errors.Is(err, ErrNoRecipients) {
		t.Fatalf("empty Sealer: %v", err)
	}
	if buf.Len() != 0 {
		t.Fatal("something was written")
	}
	if _, err := ParseRecipients(strings.NewReader("# only a comment\n\n")); !errors.Is(err, ErrNoRecipients) {
		t.Fatalf("empty recipients file: %v", err)
	}
	if _, err := NewOpener(); !errors.Is(err, ErrNoIdentities) {
		t.Fatalf("NewOpener(): %v", err)
	}
}

func TestMixedRecipientsRefused(t *testing.T) {
	_, pq, _ := GenerateIdentity(Hybrid)
	_, classic, _ := GenerateIdentity(X25519)
	if _, err := NewSealer(pq, classic); err == nil {
		t.Fatal("mixing post-quantum and classic recipients accepted")
	}
	file := pq.(*age.HybridRecipient).String() + "\n" + classic.(*age.X25519Recipient).String() + "\n"
	if _, err := ParseRecipients(strings.NewReader(file)); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("mixed recipients file: %v", err)
	}
}

func TestWrongIdentity(t *testing.T) {
	_, r, _ := GenerateIdentity(Hybrid)
	other, _, _ := GenerateIdentity(Hybrid)
	s, _ := NewSealer(r)
	o, _ := NewOpener(other)
	sealed, err := s.SealBytes([]byte("reflection text"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = o.OpenBytes(sealed)
	if !errors.Is(err, ErrWrongIdentity) {
		t.Fatalf("want ErrWrongIdentity, got %v", err)
	}
	if !strings.Contains(err.Error(), "wrong key file") {
		t.Fatalf("unclear message: %v", err)
	}
	if _, err := o.OpenBytes([]byte("hello, I am not sealed")); !errors.Is(err, ErrNotSealed) {
		t.Fatalf("plain input: %v", err)
	}
}

func TestDamageDetected(t *testing.T) {
	id, r, _ := GenerateIdentity(X25519)
	s, _ := NewSealer(r)
	o, _ := NewOpener(id)
	plain := make([]byte, 200_000)
	sealed, _ := s.SealBytes(plain)
	flipped := bytes.Clone(sealed)
	flipped[len(flipped)/2] ^= 1
	if _, err := o.OpenBytes(flipped); !errors.Is(err, ErrDamaged) {
		t.Fatalf("bit flip: %v", err)
	}
	if _, err := o.OpenBytes(sealed[:len(sealed)-100]); !errors.Is(err, ErrDamaged) {
		t.Fatalf("truncated: %v", err)
	}
	if _, err := o.OpenBytes(sealed[:150]); err == nil {
		t.Fatal("header-only file opened")
	}
}

func TestParseRecipients(t *testing.T) {
	idPQ, pq, _ := GenerateIdentity(Hybrid)
	_, pq2, _ := GenerateIdentity(Hybrid)
	file := "# clinic keys\r\n" + pq.(*age.HybridRecipient).String() + "\r\n\r\n  " + pq2.(*age.HybridRecipient).String() + "  \n"
	rs, err := ParseRecipients(strings.NewReader(file))
	if err != nil || len(rs) != 2 {
		t.Fatalf("got %d recipients, %v", len(rs), err)
	}
	secret := idPQ.(*age.HybridIdentity).String()
	bad := map[string]string{
		"private key": "# keys\n" + secret + "\n",
		"garbage":     "hello\n",
		"ssh":         "ssh-ed25519 AAAA\n",
		"damaged":     pq.(*age.HybridRecipient).String()[:100] + "\n",
		"binary":      "\xff\xfe\n",
	}
	for name, f := range bad {
		_, err := ParseRecipients(strings.NewReader(f))
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(err.Error(), secret[20:40]) {
			t.Errorf("%s: error echoes key material: %v", name, err)
		}
	}
	_, err = ParseRecipients(strings.NewReader(bad["private key"]))
	if !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "private key") {
		t.Errorf("private key error unclear: %v", err)
	}
}

func TestIdentityFilePassphrase(t *testing.T) {
	id, r, _ := GenerateIdentity(Hybrid)
	var file bytes.Buffer
	if err := WriteIdentityFile(&file, []age.Identity{id}, "correct horse", &IdentityFileOptions{WorkFactor: 10}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(file.String(), "-----BEGIN AGE ENCRYPTED FILE-----") {
		t.Fatalf("not armored: %.40q", file.String())
	}
	if strings.Contains(file.String(), "AGE-SECRET-KEY") {
		t.Fatal("identity file holds the key in clear")
	}
	pass := func(p string) func() (string, error) { return func() (string, error) { return p, nil } }
	ids, err := ReadIdentityFile(bytes.NewReader(file.Bytes()), pass("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := NewSealer(r)
	o, _ := NewOpener(ids...)
	sealed, _ := s.SealBytes([]byte("x"))
	if got, err := o.OpenBytes(sealed); err != nil || string(got) != "x" {
		t.Fatalf("identity from file does not open: %v", err)
	}
	if _, err := ReadIdentityFile(bytes.NewReader(file.Bytes()), pass("wrong")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if _, err := ReadIdentityFile(bytes.NewReader(file.Bytes()), nil); err == nil || !strings.Contains(err.Error(), "passphrase") {
		t.Fatalf("no passphrase: %v", err)
	}
	if err := WriteIdentityFile(io.Discard, []age.Identity{id}, "", nil); err == nil {
		t.Fatal("empty passphrase accepted")
	}
	// Plain identity files (development) need no passphrase.
	plain, _ := FormatIdentities(id)
	if _, err := ReadIdentityFile(bytes.NewReader(plain), nil); err != nil {
		t.Fatal(err)
	}
}

func TestDevIdentity(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	id1, r1, err := DevIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, DevIdentityFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
	id2, r2, err := DevIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	if id1.(*age.HybridIdentity).String() != id2.(*age.HybridIdentity).String() || r1.(*age.HybridRecipient).String() != r2.(*age.HybridRecipient).String() {
		t.Fatal("second call generated a new identity")
	}
	s, o, err := NewDevSealer(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Development() {
		t.Fatal("dev sealer not marked development")
	}
	sealed, _ := s.SealBytes([]byte("dev"))
	if _, err := o.OpenBytes(sealed); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, DevIdentityFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := DevIdentity(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable identity accepted: %v", err)
	}
}

func FuzzParseRecipients(f *testing.F) {
	_, pq, _ := GenerateIdentity(Hybrid)
	_, cl, _ := GenerateIdentity(X25519)
	f.Add([]byte(pq.(*age.HybridRecipient).String() + "\n"))
	f.Add([]byte("# c\r\n" + cl.(*age.X25519Recipient).String() + "\r\n"))
	f.Add([]byte("AGE-SECRET-KEY-1QQQQ\n"))
	f.Add([]byte("age1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := ParseRecipients(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(rs) == 0 {
			t.Fatal("no error and no recipients")
		}
		if _, err := NewSealer(rs...); err != nil {
			t.Fatalf("parsed recipients do not seal: %v", err)
		}
	})
}

func FuzzReadIdentityFile(f *testing.F) {
	id, _, _ := GenerateIdentity(X25519)
	plain, _ := FormatIdentities(id)
	f.Add(plain)
	var prot bytes.Buffer
	WriteIdentityFile(&prot, []age.Identity{id}, "pw", &IdentityFileOptions{WorkFactor: 2})
	f.Add(prot.Bytes())
	f.Add([]byte("age-encryption.org/v1\n-> scrypt AAAA 2\n"))
	f.Add([]byte("-----BEGIN AGE ENCRYPTED FILE-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ids, err := ReadIdentityFile(bytes.NewReader(data), func() (string, error) { return "pw", nil })
		if err == nil && len(ids) == 0 {
			t.Fatal("no error and no identities")
		}
	})
}
