package remotetest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// KioskUser creates, with the mc binary, a MinIO user named kiosk (the
// kiosk id is its access key) under the documented kiosk policy
// (docs/minio-kiosk-policy.json, bucket name substituted) and returns its
// secret key.
func KioskUser(t testing.TB, env s3bench.S3Env, kiosk string) string {
	t.Helper()
	mc := benchenv.Tool(t, "mc")
	policy, err := os.ReadFile(PolicyFile(t))
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

// PolicyFile is the path of docs/minio-kiosk-policy.json in this repository.
func PolicyFile(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("remotetest: cannot locate the repository")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "docs", "minio-kiosk-policy.json")
}
