package benchenv

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BuildCommand builds the main package pkg (e.g. "./cmd/afterimage-kiosk",
// relative to the module root) and returns the binary's path.
func BuildCommand(t testing.TB, pkg string) string {
	t.Helper()
	root := ModuleRoot(t)
	out := filepath.Join(t.TempDir(), filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("testbench: go build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// ModuleRoot is the folder holding go.mod.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Fatalf("testbench: go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}
