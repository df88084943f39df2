package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIManPageRenders renders the page with man(1), as lintian does,
// from a help text with everything roff would misread: a leading dot,
// backslashes, dashes, a tab, characters beyond ASCII.
func TestCLIManPageRenders(t *testing.T) {
	help := "usage: afterimage COMMAND\n\ncommands:\n  keygen --out FILE   make the clinic identity (age1…)\n" +
		".hidden line that starts with a dot\n  path C:\\clinic\\keys\tand a tab\n'quoted start\n"
	page := cliManPage(help, "0.1.0+5.gabc1234", "2026-12-01")
	path := filepath.Join(t.TempDir(), "afterimage.1")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", path)
	cmd.Env = append(os.Environ(), "MANWIDTH=100", "LC_ALL=C.UTF-8")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("man: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("man warns:\n%s", stderr.String())
	}
	text := string(stripOverstrike(out))
	for _, want := range []string{
		"keygen --out FILE   make the clinic identity (age1…)",
		".hidden line that starts with a dot",
		`path C:\clinic\keys`,
		"'quoted start",
		"EXIT STATUS",
		"afterimage 0.1.0+5.gabc1234",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the rendered page lacks %q:\n%s", want, text)
		}
	}
}

// stripOverstrike removes the bold and underline overstrikes of -Tutf8
// output (x\bx, _\bx).
func stripOverstrike(b []byte) []byte {
	r := []rune(string(b))
	var out []rune
	for i := 0; i < len(r); i++ {
		if i+2 < len(r) && r[i+1] == '\b' {
			continue
		}
		if r[i] == '\b' {
			continue
		}
		out = append(out, r[i])
	}
	return []byte(string(out))
}

func FuzzRoffLine(f *testing.F) {
	for _, s := range []string{".TH x", `a\b`, "x-y", "é…", "'q", "\x00\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := roffLine(s)
		if strings.ContainsAny(l, "\n\r") {
			t.Fatalf("roffLine(%q) = %q: spans lines", s, l)
		}
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			t.Fatalf("roffLine(%q) = %q: starts a request", s, l)
		}
		for _, r := range l {
			if r > 0x7e || (r < 0x20 && r != '\t') {
				t.Fatalf("roffLine(%q) = %q: holds %q", s, l, r)
			}
		}
	})
}
