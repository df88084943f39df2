package admin

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// TestGalleryPolicy: a MinIO user with docs/minio-gallery-policy.json (made
// with mc, as docs/ADMIN.md says) can do what a gallery does (see that the
// bucket keeps versions, list pieces and their versions, read the first
// version, add notes, names and audit entries) and nothing else: it cannot
// write pieces, delete, or touch another bucket.
func TestGalleryPolicy(t *testing.T) {
	env := s3bench.S3(t)
	mc := benchenv.Tool(t, "mc")
	cfgDir := t.TempDir()
	mcRun := func(stdin string, args ...string) {
		t.Helper()
		cmd := exec.Command(mc, args...)
		cmd.Env = append(os.Environ(), "MC_CONFIG_DIR="+cfgDir, "MC_HOST_bench=http://"+env.AccessKey+":"+env.SecretKey+"@"+env.Endpoint)
		cmd.Stdin = strings.NewReader(stdin)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("mc %v: %v\n%s", args, err, out)
		}
	}
	mcRun("", "version", "enable", "bench/"+env.Bucket)
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "minio-gallery-policy.json"))
	must(t, err)
	policy := filepath.Join(t.TempDir(), "gallery-policy.json")
	must(t, os.WriteFile(policy, bytes.ReplaceAll(doc, []byte("arn:aws:s3:::afterimage"), []byte("arn:aws:s3:::"+env.Bucket)), 0o600))
	b := make([]byte, 8)
	rand.Read(b)
	user, secret := "gallery-"+hex.EncodeToString(b[:4]), hex.EncodeToString(b)+"-gallery-secret"
	mcRun(secret+"\n", "admin", "user", "add", "bench", user)
	mcRun("", "admin", "policy", "create", "bench", user+"-policy", policy)
	mcRun("", "admin", "policy", "attach", "bench", user+"-policy", "--user", user)

	// What a kiosk uploaded, and an object in another bucket.
	piece := remote.BlobKey("lounge-1", "0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", "b1")
	rootPut(t, env.Client, env.Bucket, piece, []byte("first"))
	rootPut(t, env.Client, env.Bucket, piece, []byte("written again"))

	g, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: user, SecretKey: secret})
	must(t, err)
	ctx := t.Context()
	if on, err := g.VersioningEnabled(ctx); err != nil || !on {
		t.Errorf("versioning seen by the gallery: %v %v", on, err)
	}
	var first remote.Info
	must(t, g.ListVersions(ctx, remote.PiecesPrefix(), "", func(key string, vs []remote.Info) error {
		if key == piece && len(vs) == 2 {
			first = vs[0]
		}
		return nil
	}))
	if first.VersionID == "" {
		t.Fatal("the gallery does not see the piece's two versions")
	}
	rc, err := g.GetVersion(ctx, piece, first.VersionID)
	must(t, err)
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || string(got) != "first" {
		t.Fatalf("the first version: %q %v", got, err)
	}
	if names, err := g.ListFolders(ctx, remote.PiecesPrefix()); err != nil || len(names) != 1 || names[0] != "lounge-1" {
		t.Errorf("kiosks listed: %v %v", names, err)
	}
	for _, key := range []string{"v1/notes/n1.age", "v1/names/m1.age", "v1/audit/install-1/00000000000000000001-00000000000000000001.age"} {
		if err := galleryPut(g, key); err != nil {
			t.Errorf("the gallery cannot add %s: %v", key, err)
		}
	}
	if err := galleryPut(g, remote.BlobKey("lounge-1", "0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c", "b1")); err == nil {
		t.Error("the gallery's user wrote a piece")
	}
	if err := galleryPut(g, "elsewhere.age"); err == nil {
		t.Error("the gallery's user wrote outside v1/")
	}
	if err := g.Delete(ctx, "v1/notes/n1.age"); err == nil {
		t.Error("the gallery's user deleted a note")
	}
	// MinIO answers ListBuckets with the buckets a user may use: its own.
	other := s3bench.S3(t)
	rootPut(t, other.Client, other.Bucket, piece, []byte("another clinic's"))
	if bs, err := g.Client().ListBuckets(ctx); err == nil {
		for _, bi := range bs {
			if bi.Name != env.Bucket {
				t.Errorf("the gallery's user sees the bucket %s", bi.Name)
			}
		}
	}
	if _, err := g.Client().StatObject(ctx, other.Bucket, piece, minio.StatObjectOptions{}); err == nil {
		t.Error("the gallery's user reads another bucket")
	}
}

func galleryPut(r *s3.S3, key string) error {
	data := []byte("sealed")
	sum := sha256.Sum256(data)
	_, err := r.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), hex.EncodeToString(sum[:]))
	return err
}

func rootPut(t *testing.T, c *minio.Client, bucket, key string, data []byte) {
	t.Helper()
	if _, err := c.PutObject(t.Context(), bucket, key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
}
