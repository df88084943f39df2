package library

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
)

// TestCachedPiece: a piece handed over is read back by kiosk and id with
// its blobs; one never pulled is ErrNotCached; names that are not a kiosk
// and piece id never reach the file system; a cached manifest that no
// longer opens is an error, not a piece.
func TestCachedPiece(t *testing.T) {
	r, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	e := k.save(t, "Lighthouse")
	k.upload(t, e, true)
	libDir := t.TempDir()
	l := openLib(t, libDir, r, o, func(op *Options) { op.Trust = trusting(t, k) })
	pull(t, l)

	p, err := l.CachedPiece("lounge-1", e.ID)
	if err != nil || p.Manifest.Title != "Lighthouse" || !p.Verified {
		t.Fatalf("cached piece: %+v, %v", p, err)
	}
	if data, err := p.ReadBlob(p.Manifest.Blobs[1].Name); err != nil || len(data) == 0 {
		t.Fatalf("its blob: %d bytes, %v", len(data), err)
	}
	other := piece.New(piece.Drawing, "lounge-1", "K7Q4M2X", e.Created)
	if _, err := l.CachedPiece("lounge-1", other.ID); !errors.Is(err, ErrNotCached) {
		t.Fatalf("a piece never pulled: %v", err)
	}
	for _, bad := range [][2]string{{"..", string(e.ID)}, {"lounge-1", "../../x"}, {"lounge-1/../lounge-1", string(e.ID)}} {
		if _, err := l.CachedPiece(bad[0], piece.ID(bad[1])); err == nil {
			t.Fatalf("CachedPiece(%q, %q) answered", bad[0], bad[1])
		}
	}
	path := filepath.Join(libDir, "cache", "lounge-1", string(e.ID), manifestName+".age")
	if err := os.WriteFile(path, []byte("not age"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := l.CachedPiece("lounge-1", e.ID); err == nil {
		t.Fatal("a damaged cached manifest gave a piece")
	}
}
