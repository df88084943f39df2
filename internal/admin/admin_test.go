package admin

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/staffpin"
)

func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	code = Run(args, strings.NewReader(stdin), &out, &errw)
	return code, out.String(), errw.String()
}

func setNow(t *testing.T, at time.Time) {
	old := now
	now = func() time.Time { return at }
	t.Cleanup(func() { now = old })
}

func lines(s string) []string { return strings.Fields(s) }

func TestVersionAndUsage(t *testing.T) {
	if c, out, _ := run(t, "", "version"); c != 0 || !strings.HasPrefix(out, "afterimage ") {
		t.Fatalf("version: %d %q", c, out)
	}
	if c, _, errs := run(t, ""); c != 2 || !strings.Contains(errs, "usage:") {
		t.Fatalf("no args: %d %q", c, errs)
	}
	if c, _, errs := run(t, "", "frobnicate"); c != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Fatalf("unknown: %d %q", c, errs)
	}
}

func TestCodeNewWithoutRegistry(t *testing.T) {
	c, out, _ := run(t, "", "code", "new", "--count", "5")
	if c != 0 {
		t.Fatalf("exit %d", c)
	}
	got := lines(out)
	if len(got) != 5 {
		t.Fatalf("got %d codes, want 5: %q", len(got), out)
	}
	for _, s := range got {
		code, err := patientcode.Parse(s)
		if err != nil || code.String() != s {
			t.Errorf("printed %q: %v", s, err)
		}
	}
}

func TestCodeNewRegistryAndCheck(t *testing.T) {
	setNow(t, time.Date(2026, 3, 1, 12, 0, 0, 0, time.Local))
	reg := filepath.Join(t.TempDir(), "codes.txt")
	c, out, errs := run(t, "", "code", "new", "--count", "3", "--expires", "2026-06-30", "--registry", reg)
	if c != 0 {
		t.Fatalf("exit %d: %s", c, errs)
	}
	first := lines(out)
	c, out, errs = run(t, "", "code", "new", "--registry", reg)
	if c != 0 || !strings.Contains(errs, "now holds 4") {
		t.Fatalf("second batch: exit %d: %s", c, errs)
	}
	forever := lines(out)[0]

	data, err := os.ReadFile(reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(first, forever) {
		code, _ := patientcode.Parse(s)
		if bytes.Contains(data, []byte(code)) || bytes.Contains(data, []byte(s)) || strings.Contains(errs, s) {
			t.Fatal("a code appears in the registry or on stderr")
		}
	}
	r, err := patientcode.Load(reg)
	if err != nil {
		t.Fatal(err)
	}
	july := time.Date(2026, 7, 1, 9, 0, 0, 0, time.Local)
	for _, s := range first {
		code, _ := patientcode.Parse(s)
		if r.Check(code, july) != patientcode.Expired || r.Check(code, now()) != patientcode.OK {
			t.Errorf("code from the expiring batch: %v in July, %v now", r.Check(code, july), r.Check(code, now()))
		}
	}
	fc, _ := patientcode.Parse(forever)
	if r.Check(fc, july) != patientcode.OK {
		t.Error("code without expiry expired")
	}

	// code check reads the same registry.
	if c, out, _ := run(t, "", "code", "check", "--registry", reg, strings.ToLower(first[0])); c != 0 || strings.TrimSpace(out) != "issued and valid" {
		t.Errorf("check issued: %d %q", c, out)
	}
	setNow(t, july)
	if c, out, _ := run(t, "", "code", "check", "--registry", reg, first[0]); c != 1 || strings.TrimSpace(out) != "expired" {
		t.Errorf("check expired: %d %q", c, out)
	}
	other, _ := patientcode.New()
	if c, out, _ := run(t, "", "code", "check", "--registry", reg, other.String()); c != 1 || strings.TrimSpace(out) != "unknown" {
		t.Errorf("check unknown: %d %q", c, out)
	}
	typo := []byte(first[0])
	typo[0], typo[1] = typo[1], typo[0]
	if typo[0] == typo[1] {
		typo[0] = map[bool]byte{true: 'B', false: 'A'}[typo[0] == 'A'] // any other symbol
	}
	if c, _, errs := run(t, "", "code", "check", string(typo)); c != 1 || !strings.Contains(errs, "typo") {
		t.Errorf("check typo: %d %q", c, errs)
	}
}

func TestCodeNewRejects(t *testing.T) {
	setNow(t, time.Date(2026, 3, 1, 12, 0, 0, 0, time.Local))
	reg := filepath.Join(t.TempDir(), "codes.txt")
	cases := [][]string{
		{"code", "new", "--count", "0"},
		{"code", "new", "--count", "100000"},
		{"code", "new", "--expires", "2026-12-31"}, // no registry
		{"code", "new", "--expires", "31/12/2026", "--registry", reg},
		{"code", "new", "--expires", "2026-02-28", "--registry", reg}, // past
		{"code", "new", "extra"},
		{"code", "new", "--bogus"},
		{"code"},
		{"code", "list"},
	}
	for _, args := range cases {
		if c, out, _ := run(t, "", args...); c != 2 || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want 2 and nothing printed", args, c, out)
		}
	}
	if _, err := os.Stat(reg); err == nil {
		t.Error("a refused command wrote the registry")
	}
	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte("not a registry\n"), 0o644)
	if c, out, errs := run(t, "", "code", "new", "--registry", bad); c != 1 || out != "" || !strings.Contains(errs, "not a patient code registry") {
		t.Errorf("damaged registry: %d %q %q", c, out, errs)
	}
}

func TestPinHash(t *testing.T) {
	c, out, errs := run(t, "135790\n", "pin", "hash")
	if c != 0 {
		t.Fatalf("exit %d: %s", c, errs)
	}
	enc := strings.TrimSpace(out)
	if ok, err := staffpin.Verify(enc, "135790"); !ok || err != nil {
		t.Fatalf("printed hash %q does not verify: %v", enc, err)
	}
	if strings.Contains(out+errs, "135790") {
		t.Fatal("the PIN was echoed")
	}
	for _, in := range []string{"", "\n", "12\n", "12ab56\n"} {
		if c, out, _ := run(t, in, "pin", "hash"); c != 1 || out != "" {
			t.Errorf("PIN %q: exit %d, stdout %q", in, c, out)
		}
	}
	if c, _, _ := run(t, "1234\n", "pin"); c != 2 {
		t.Errorf("pin without hash: exit %d", c)
	}
}

func TestIndexRebuild(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "index.db")
	if c, _, errs := run(t, "", "index", "rebuild", "--index", path); c != 1 || !strings.Contains(errs, "there is no index") {
		t.Fatalf("rebuild of a missing index: %d %q", c, errs)
	}
	if err := os.WriteFile(path, []byte("an index"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, out, errs := run(t, "", "index", "rebuild", "--index", path)
	if c != 0 || !strings.Contains(out, "will be rebuilt") {
		t.Fatalf("index rebuild: %d %q %q", c, out, errs)
	}
	if _, err := os.Stat(path + ".rebuild"); err != nil {
		t.Fatalf("no rebuild marker: %v", err)
	}
	t.Setenv("AFTERIMAGE_CONFIG", "")
	t.Setenv("AFTERIMAGE_DATA_DIR", dir)
	if err := os.MkdirAll(filepath.Join(dir, "gallery"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "gallery", "index.db"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if c, out, errs := run(t, "", "index", "rebuild"); c != 0 || !strings.Contains(out, filepath.Join(dir, "gallery", "index.db")) {
		t.Fatalf("index rebuild (default path): %d %q %q", c, out, errs)
	}
	if c, _, errs := run(t, "", "index", "frob"); c != 2 || !strings.Contains(errs, "index rebuild") {
		t.Fatalf("index frob: %d %q", c, errs)
	}
}
