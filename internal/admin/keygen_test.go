package admin

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/seal"
)

func cheapKeygen(t *testing.T) {
	old := keygenWorkFactor
	keygenWorkFactor = 10
	t.Cleanup(func() { keygenWorkFactor = old })
}

func TestKeygenWritesAProtectedHybridIdentity(t *testing.T) {
	cheapKeygen(t)
	path := filepath.Join(t.TempDir(), "clinic.age")
	const pass = "correct horse battery"
	c, out, errs := run(t, pass+"\n"+pass+"\n", "keygen", "--out", path)
	if c != 0 {
		t.Fatalf("keygen: %d %s", c, errs)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("identity file: %v mode %v", err, st.Mode())
	}
	var rcpt, fp string
	for _, l := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(l, "recipient:"); ok {
			rcpt = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(l, "fingerprint:"); ok {
			fp = strings.TrimSpace(v)
		}
	}
	if !strings.HasPrefix(rcpt, "age1pq1") || fp != Fingerprint(rcpt) || len(fp) != 24 {
		t.Fatalf("printed recipient %q fingerprint %q", rcpt, fp)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "AGE-SECRET-KEY") {
		t.Fatal("the identity file holds the secret key in the clear")
	}
	f, _ := os.Open(path)
	defer f.Close()
	ids, err := seal.ReadIdentityFile(f, func() (string, error) { return pass, nil })
	if err != nil || len(ids) != 1 {
		t.Fatalf("read back: %v", err)
	}
	r, err := seal.RecipientOf(ids[0])
	if err != nil || fmt.Sprint(r) != rcpt {
		t.Fatalf("the file's identity has recipient %v (%v), keygen printed %s", r, err, rcpt)
	}
}

func TestKeygenRefuses(t *testing.T) {
	cheapKeygen(t)
	dir := t.TempDir()
	existing := filepath.Join(dir, "clinic.age")
	os.WriteFile(existing, []byte("the only key"), 0o600)
	const pass = "correct horse battery"
	for name, tc := range map[string]struct {
		stdin, out, want string
	}{
		"exists":    {pass + "\n" + pass + "\n", existing, "never overwrites"},
		"short":     {"short\nshort\n", filepath.Join(dir, "a.age"), "at least 12"},
		"differ":    {pass + "\n" + pass + "x\n", filepath.Join(dir, "b.age"), "differ"},
		"no stdin":  {"", filepath.Join(dir, "c.age"), "nothing on stdin"},
		"no repeat": {pass + "\n", filepath.Join(dir, "d.age"), "nothing on stdin"},
	} {
		c, _, errs := run(t, tc.stdin, "keygen", "--out", tc.out)
		if c != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d, %q; want 1 and %q", name, c, errs, tc.want)
		}
		if tc.out != existing {
			if _, err := os.Stat(tc.out); err == nil {
				t.Errorf("%s: a file was written", name)
			}
		}
	}
	if data, _ := os.ReadFile(existing); string(data) != "the only key" {
		t.Fatal("the existing identity was changed")
	}
	if c, _, _ := run(t, "", "keygen"); c != 2 {
		t.Fatalf("keygen without --out: exit %d, want 2", c)
	}
}
