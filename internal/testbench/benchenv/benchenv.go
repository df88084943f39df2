package benchenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// Environment variables exported by the bench runner.
const (
	EnvActive    = "AFTERIMAGE_TESTBENCH"
	EnvS3        = "AFTERIMAGE_S3_ENDPOINT"
	EnvS3Access  = "AFTERIMAGE_S3_ACCESS_KEY"
	EnvS3Secret  = "AFTERIMAGE_S3_SECRET_KEY"
	EnvTools     = "AFTERIMAGE_TOOLS"
	EnvLocks     = "AFTERIMAGE_BENCH_LOCKS"
	EnvPIDs      = "AFTERIMAGE_BENCH_PIDS"
	EnvPulseSink = "PULSE_SINK"
)

// Active reports whether the test runs under `make test`'s bench.
func Active() bool { return os.Getenv(EnvActive) == "1" }

// Require fails the test (under the bench) or skips it (outside it) when
// any of envs is unset; service names what is missing, for the message.
func Require(t testing.TB, service string, envs ...string) {
	t.Helper()
	for _, e := range envs {
		if os.Getenv(e) != "" {
			continue
		}
		if Active() {
			t.Fatalf("testbench: %s is missing under make test (%s unset): the bench runner did not start it", service, e)
		}
		t.Skipf("needs %s: run `make test` (it starts the test bench)", service)
	}
}

// Tool returns the absolute path of a tool built into .tools/bin by make test
// (e.g. "minio", "mc").
func Tool(t testing.TB, name string) string {
	t.Helper()
	Require(t, "the bench's tools folder", EnvTools)
	p := filepath.Join(os.Getenv(EnvTools), name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("testbench: tool %s: %v (make test builds it into .tools/bin)", name, err)
	}
	return p
}

// Program returns the path of a system program the bench installs (make
// test's apt packages: flac, sox, xdotool …). Outside the bench a missing
// program skips the test; under it, the test fails: a check that quietly
// skips on the bench does not exist.
func Program(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if Active() {
		t.Fatalf("testbench: %s is not installed, though make test installs it: %v", name, err)
	}
	t.Skipf("needs %s: run `make test` (it installs it)", name)
	return ""
}

// Lock takes an exclusive, cross-process lock named name for the rest of
// the test, so that test binaries running in parallel take turns on a shared
// service (the audio sink, the display).
func Lock(t testing.TB, name string) {
	t.Helper()
	dir := os.Getenv(EnvLocks)
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := os.OpenFile(filepath.Join(dir, "afterimage-bench-"+name+".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatalf("testbench: lock %s: %v", name, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("testbench: lock %s: %v", name, err)
	}
	t.Cleanup(func() { f.Close() }) // closing releases the lock
}
