package admin

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote/remoteconfig"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// TestProvisionKiosk: on the bench's MinIO, with mc, provision-kiosk
// writes a kiosk config that loads (production refuses only the bench's
// plain http), files only their owner may read, a signing key the
// gallery's config now trusts, and an S3 user that may put under its own
// prefix and nowhere else; a second run for the same name is refused.
func TestProvisionKiosk(t *testing.T) {
	env := s3bench.S3(t)
	mc := benchenv.Tool(t, "mc")
	t.Setenv("PATH", filepath.Dir(mc)+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("MC_CONFIG_DIR", t.TempDir())
	t.Setenv("MC_HOST_bench", "http://"+env.AccessKey+":"+env.SecretKey+"@"+env.Endpoint)
	if err := env.Client.SetBucketVersioning(t.Context(), env.Bucket, minio.BucketVersioningConfiguration{Status: "Enabled"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, rcpt, err := seal.GenerateIdentity(seal.Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	rfile := filepath.Join(dir, "recipients")
	must(t, os.WriteFile(rfile, []byte(fmt.Sprint(rcpt)+"\n"), 0o644))
	gallery := filepath.Join(dir, "gallery.toml")
	must(t, os.WriteFile(gallery, []byte("mode = \"development\"\n"), 0o600))
	b := make([]byte, 4)
	rand.Read(b)
	name := "prov-" + hex.EncodeToString(b)
	out := filepath.Join(dir, "kiosks")
	args := []string{"provision-kiosk", name, "--out", out, "--recipients", rfile, "--s3-url", "http://" + env.Endpoint,
		"--bucket", env.Bucket, "--etc", filepath.Join(out, name), "--gallery-config", gallery, "--mc-alias", "bench"}
	code, stdout, stderr := run(t, "2468\n2468\n", args...)
	if code != 0 {
		t.Fatalf("provision-kiosk: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "keeps versions") || strings.Contains(stdout+stderr, "2468") {
		t.Errorf("provision-kiosk said:\n%s\n%s", stdout, stderr)
	}
	kdir := filepath.Join(out, name)
	for file, want := range map[string]os.FileMode{"s3-secret": 0o600, "kiosk-signing.key": 0o600, "afterimage.toml": 0o640} {
		info, err := os.Stat(filepath.Join(kdir, file))
		if err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: %v, mode %v; want %04o", file, err, info.Mode().Perm(), want)
		}
	}
	cfg, err := config.Load(filepath.Join(kdir, "afterimage.toml"))
	var ps config.Problems
	if cfg == nil || !config.IsProblems(err) {
		t.Fatalf("the kiosk's config: %v", err)
	}
	ps = err.(config.Problems)
	if len(ps) != 1 || ps[0].Field != "remote.url" || !strings.Contains(ps[0].Message, "http") {
		t.Fatalf("the kiosk's config has problems %v; want only the bench's plain http refused", ps)
	}
	if cfg.Kiosk.StaffPINHash == "" || cfg.KioskID != name || cfg.Remote.AccessKey != name {
		t.Fatalf("the kiosk's config: %+v", cfg)
	}
	signer, err := provenance.LoadSigner(cfg.SigningKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	gcfg, err := config.Load(gallery)
	if err != nil || len(gcfg.TrustedKiosks) != 1 || gcfg.TrustedKiosks[0].ID != name || gcfg.TrustedKiosks[0].Key != signer.PublicKey() {
		t.Fatalf("the gallery's config after provisioning: %+v, %v", gcfg.TrustedKiosks, err)
	}
	// The kiosk's credentials reach the bucket, put under their own prefix
	// only.
	r, err := remoteconfig.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := remoteconfig.CheckKiosk(t.Context(), r.(*s3.S3), cfg); err != nil {
		t.Fatalf("the kiosk's S3 user: %v", err)
	}
	data := []byte("sealed bytes")
	if _, err := r.(*s3.S3).Client().PutObject(t.Context(), env.Bucket, "v1/pieces/"+name+"/x/b1.age", bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{}); err != nil {
		t.Fatalf("put under its own prefix: %v", err)
	}
	if _, err := r.(*s3.S3).Client().PutObject(t.Context(), env.Bucket, "v1/pieces/other/x/b1.age", bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{}); err == nil {
		t.Fatal("the kiosk's user put under another kiosk's prefix")
	}
	if code, _, stderr := run(t, "2468\n2468\n", args...); code == 0 || !strings.Contains(stderr, "provisioned once") {
		t.Fatalf("provisioning %s again: exit %d, %q", name, code, stderr)
	}
}

// TestKioskPolicyMatchesTheDocs: the policy provisioning installs is the
// one docs/SYNC.md describes.
func TestKioskPolicyMatchesTheDocs(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "minio-kiosk-policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, assets.KioskPolicy) {
		t.Fatal("assets/s3/kiosk-policy.json and docs/minio-kiosk-policy.json differ")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
