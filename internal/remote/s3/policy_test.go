package s3_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/remotetest"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// KioskUser creates, with the mc binary, a MinIO user named kiosk (the
// kiosk id is its access key) under the documented kiosk policy
// (docs/minio-kiosk-policy.json, bucket name substituted) and returns its
// secret key.
func kioskUser(t *testing.T, env testbench.S3Env, kiosk string) string {
	t.Helper()
	mc := testbench.Tool(t, "mc")
	policy, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "minio-kiosk-policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	polFile := filepath.Join(dir, "policy.json")
	if err := os.WriteFile(polFile, bytes.ReplaceAll(policy, []byte("arn:aws:s3:::afterimage/"), []byte("arn:aws:s3:::"+env.Bucket+"/")), 0o600); err != nil {
		t.Fatal(err)
	}
	secret := randHex(16)
	polName := "kiosk-" + env.Bucket
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(mc, args...)
		cmd.Env = append(os.Environ(), "MC_CONFIG_DIR="+filepath.Join(dir, "mc"),
			"MC_HOST_bench=http://"+env.AccessKey+":"+env.SecretKey+"@"+env.Endpoint)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("mc %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("admin", "user", "add", "bench", kiosk, secret)
	run("admin", "policy", "create", "bench", polName, polFile)
	run("admin", "policy", "attach", "bench", polName, "--user", kiosk)
	t.Cleanup(func() {
		run("admin", "user", "remove", "bench", kiosk)
		run("admin", "policy", "remove", "bench", polName)
	})
	return secret
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// A kiosk's key may create objects under v1/pieces/<its id>/ and do nothing
// else: no get, stat, list or delete, no writing for another kiosk. Create-
// only puts still answer ErrExists (412) for its own objects.
func TestKioskPolicyIsPutOnly(t *testing.T) {
	env := testbench.S3(t)
	kiosk := "kiosk-" + randHex(4)
	secret := kioskUser(t, env, kiosk)
	k, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: kiosk, SecretKey: secret})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: env.AccessKey, SecretKey: env.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	own := remote.BlobKey(kiosk, "0190c0de-0000-7000-8000-000000000001", "b1")
	b := remotetest.RandomBlob(64 << 10)

	info, err := k.Put(ctx, own, bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum)
	if err != nil {
		t.Fatalf("kiosk put under its own prefix: %v", err)
	}
	if info.SHA256 != b.Sum || info.Size != int64(len(b.Data)) {
		t.Errorf("put receipt %+v does not confirm the checksum", info)
	}
	if _, err := k.Put(ctx, own, bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum); !remote.IsExists(err) {
		t.Errorf("kiosk re-put of its own object: %v, want ErrExists", err)
	}
	other := remote.BlobKey("kiosk-other", "0190c0de-0000-7000-8000-000000000001", "b1")
	if _, err := k.Put(ctx, other, bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum); !remote.IsPermission(err) {
		t.Errorf("kiosk put under another kiosk's prefix: %v, want ErrPermission", err)
	}
	if _, err := k.Put(ctx, "v1/notes/c/n.age", bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum); !remote.IsPermission(err) {
		t.Errorf("kiosk put outside v1/pieces: %v, want ErrPermission", err)
	}
	if _, err := k.Get(ctx, own); !remote.IsPermission(err) {
		t.Errorf("kiosk get: %v, want ErrPermission", err)
	}
	if _, err := k.Stat(ctx, own); !remote.IsPermission(err) {
		t.Errorf("kiosk stat: %v, want ErrPermission", err)
	}
	if err := k.List(ctx, remote.KioskPrefix(kiosk), "", func(remote.Info) error { return nil }); !remote.IsPermission(err) {
		t.Errorf("kiosk list: %v, want ErrPermission", err)
	}
	if err := k.Delete(ctx, own); !remote.IsPermission(err) {
		t.Errorf("kiosk delete: %v, want ErrPermission", err)
	}
	if got := remotetest.Read(t, admin, own); !bytes.Equal(got, b.Data) {
		t.Errorf("object changed")
	}
	if keys := remotetest.Keys(t, admin, ""); len(keys) != 1 || keys[0] != own {
		t.Errorf("bucket holds %v, want only %s", keys, own)
	}
}
