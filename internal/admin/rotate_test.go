package admin

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// TestRotate: rotate replaces the identity file by one holding a new
// identity first and the old one after it (so a piece sealed to the old
// recipient still opens, and one sealed to the new recipient too), keeps
// the file before beside it, and puts the new recipient in the recipients
// file; a wrong passphrase changes nothing.
func TestRotate(t *testing.T) {
	cheapKeygen(t)
	dir := t.TempDir()
	idPath := filepath.Join(dir, "clinic.age")
	rcptPath := filepath.Join(dir, "recipients")
	const pass, newPass = "correct horse battery", "staple tuning fork"
	code, out, errs := run(t, pass+"\n"+pass+"\n", "keygen", "--out", idPath)
	if code != 0 {
		t.Fatalf("keygen: %d %s", code, errs)
	}
	oldRcpt := printed(out, "recipient:")
	must(t, os.WriteFile(rcptPath, []byte(oldRcpt+"\n"), 0o644))
	oldFile, _ := os.ReadFile(idPath)

	if code, _, errs := run(t, "wrong passphrase!\n"+newPass+"\n"+newPass+"\n", "rotate", "--identity", idPath, "--recipients", rcptPath); code != 1 || !strings.Contains(errs, "wrong passphrase") {
		t.Fatalf("rotate with a wrong passphrase: %d %q", code, errs)
	}
	if now, _ := os.ReadFile(idPath); string(now) != string(oldFile) {
		t.Fatal("a refused rotate changed the identity file")
	}

	code, out, errs = run(t, pass+"\n"+newPass+"\n"+newPass+"\n", "rotate", "--identity", idPath, "--recipients", rcptPath)
	if code != 0 {
		t.Fatalf("rotate: %d\n%s\n%s", code, out, errs)
	}
	newRcpt := printed(out, "recipient:")
	if newRcpt == oldRcpt || !strings.HasPrefix(newRcpt, "age1pq1") || printed(out, "fingerprint:") != Fingerprint(newRcpt) {
		t.Fatalf("rotate printed %q", out)
	}
	if r, _ := os.ReadFile(rcptPath); strings.TrimSpace(string(r)) != newRcpt {
		t.Fatalf("recipients file: %q", r)
	}
	backups, _ := filepath.Glob(idPath + ".before-*")
	if len(backups) != 1 {
		t.Fatalf("backups: %v", backups)
	}
	if b, _ := os.ReadFile(backups[0]); string(b) != string(oldFile) {
		t.Fatal("the kept file is not the identity before")
	}
	st, err := os.Stat(idPath)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("identity file mode: %v %v", st.Mode(), err)
	}
	f, err := os.Open(idPath)
	must(t, err)
	defer f.Close()
	ids, err := seal.ReadIdentityFile(f, func() (string, error) { return newPass, nil })
	if err != nil || len(ids) != 2 {
		t.Fatalf("the new file: %d identities, %v", len(ids), err)
	}
	for i, want := range []string{newRcpt, oldRcpt} {
		r, err := seal.RecipientOf(ids[i])
		if err != nil || fmt.Sprint(r) != want {
			t.Errorf("identity %d has recipient %v, want %s", i, r, want)
		}
	}
	opener, err := seal.NewOpener(ids...)
	must(t, err)
	for _, rc := range []string{oldRcpt, newRcpt} {
		rs, err := seal.ParseRecipients(strings.NewReader(rc))
		must(t, err)
		s, err := seal.NewSealer(rs...)
		must(t, err)
		sealed, err := s.SealBytes([]byte("a piece"))
		must(t, err)
		if plain, err := opener.OpenBytes(sealed); err != nil || string(plain) != "a piece" {
			t.Errorf("a piece sealed to %s…: %v", rc[:12], err)
		}
	}
}

// printed is the value after label on a line of out.
func printed(out, label string) string {
	for _, l := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(l, label); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
