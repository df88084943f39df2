package s3bench

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// MinIO is a private MinIO server owned by one test, for fault tests that
// kill and restart it. It listens on loopback only.
type MinIO struct {
	Endpoint  string // host:port
	AccessKey string
	SecretKey string
	DataDir   string

	t       testing.TB
	bin     string
	console string
	cmd     *exec.Cmd
	done    chan struct{}
}

// StartMinIO starts a private MinIO server with a temp data dir; it is
// stopped when the test ends.
func StartMinIO(t testing.TB) *MinIO {
	t.Helper()
	m := &MinIO{
		t:         t,
		bin:       benchenv.Tool(t, "minio"),
		Endpoint:  benchenv.FreeAddr(t),
		console:   benchenv.FreeAddr(t),
		AccessKey: "bench-" + randomHex(4),
		SecretKey: randomHex(16),
		DataDir:   t.TempDir(),
	}
	t.Cleanup(m.Kill)
	m.Start()
	return m
}

// Start (re)starts the server on the same address and data dir and waits
// until it is ready.
func (m *MinIO) Start() {
	m.t.Helper()
	if m.cmd != nil {
		m.t.Fatalf("testbench: minio already running")
	}
	cmd := exec.Command(m.bin, "server", "--quiet", "--address", m.Endpoint,
		"--console-address", m.console, m.DataDir)
	cmd.Env = append(os.Environ(),
		"MINIO_ROOT_USER="+m.AccessKey, "MINIO_ROOT_PASSWORD="+m.SecretKey,
		"MINIO_BROWSER=off", "MINIO_UPDATE=off", "MINIO_CI_CD=1")
	logf, err := os.OpenFile(filepath.Join(m.t.TempDir(), "minio.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		m.t.Fatalf("testbench: minio log: %v", err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = benchenv.ChildAttr()
	if err := cmd.Start(); err != nil {
		logf.Close()
		m.t.Fatalf("testbench: start minio: %v", err)
	}
	m.cmd, m.done = cmd, make(chan struct{})
	go func(done chan struct{}) { cmd.Wait(); logf.Close(); close(done) }(m.done)
	if err := benchenv.WaitHTTP("http://"+m.Endpoint+"/minio/health/ready", 60*time.Second, m.done); err != nil {
		m.Kill()
		m.t.Fatalf("testbench: minio on %s: %v (log in %s)", m.Endpoint, err, logf.Name())
	}
}

// Kill stops the server with SIGKILL, as a power cut would, and waits for it.
func (m *MinIO) Kill() {
	if m.cmd == nil {
		return
	}
	syscall.Kill(-m.cmd.Process.Pid, syscall.SIGKILL)
	<-m.done
	m.cmd = nil
}
