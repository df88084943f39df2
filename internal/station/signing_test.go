package station

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// TestDevelopmentKioskSignsManifests: a development kiosk creates its
// signing key (0600) at first start and signs every manifest it seals; the
// gallery trusting that key verifies them.
func TestDevelopmentKioskSignsManifests(t *testing.T) {
	cfg, st := devStation(t)
	keyPath := filepath.Join(cfg.DataDir, provenance.DevKeyFile)
	info, err := os.Stat(keyPath)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("signing key: %v, mode %v; want a 0600 file", err, info)
	}
	m := piece.New(piece.Drawing, cfg.KioskID, "K7Q4M2X", time.Now())
	m.Finished = time.Now()
	if err := st.Spool.Save(context.Background(), m, []spool.BlobSource{spool.Bytes("", piece.RoleOriginal, "image/png", []byte("png"))}); err != nil {
		t.Fatal(err)
	}
	e, err := st.Spool.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, o, err := seal.NewDevSealer(cfg.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := os.ReadFile(e.Manifest.Path)
	plain, err := o.OpenBytes(sealed)
	if err != nil {
		t.Fatal(err)
	}
	got, err := piece.Decode(plain)
	if err != nil {
		t.Fatal(err)
	}
	s, err := provenance.LoadSigner(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	trust := provenance.NewTrust()
	trust.Add(cfg.KioskID, s.PublicKey())
	if err := trust.Verify(got); err != nil {
		t.Fatalf("the kiosk's own manifest: %v", err)
	}
	// The same key at the next start.
	if _, err := Open(context.Background(), cfg, quiet); err != nil {
		t.Fatal(err)
	}
	if again, _ := provenance.LoadSigner(keyPath); again.PublicKey() != s.PublicKey() {
		t.Fatal("the signing key changed at restart")
	}
}
