package kiosk

import (
	"path/filepath"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// recoverySpool is a development spool in a fresh folder, with the opener
// of what it seals.
func recoverySpool(t *testing.T) (*spool.Spool, *seal.Opener) {
	t.Helper()
	dir := t.TempDir()
	s, o, err := seal.NewDevSealer(dir)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := spool.Open(filepath.Join(dir, "spool"), s)
	if err != nil {
		t.Fatal(err)
	}
	return sp, o
}
