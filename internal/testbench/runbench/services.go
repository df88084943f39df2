package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// bench is the set of services one run owns.
type bench struct {
	log   *slog.Logger
	tools string
	dir   string // private temp folder: data, sockets, logs, locks
	procs []*service

	minioAddr, minioUser, minioPass string
	pulseSocket, asoundrc           string
	display                         string
}

type service struct {
	name string
	cmd  *exec.Cmd
	done <-chan struct{} // closed when the process has exited
}

const sinkName = "afterimage_bench"

func newBench(tools string, log *slog.Logger) (*bench, error) {
	abs, err := filepath.Abs(tools)
	if err != nil {
		return nil, fmt.Errorf("tools folder: %w", err)
	}
	dir, err := os.MkdirTemp("", "afterimage-bench-")
	if err != nil {
		return nil, fmt.Errorf("temp folder: %w", err)
	}
	return &bench{log: log, tools: abs, dir: dir}, nil
}

// env is what the command under test is given.
func (b *bench) env() []string {
	pids := make([]string, 0, len(b.procs))
	for _, p := range b.procs {
		pids = append(pids, p.name+"="+strconv.Itoa(p.cmd.Process.Pid))
	}
	return []string{
		"AFTERIMAGE_TESTBENCH=1",
		"AFTERIMAGE_TOOLS=" + b.tools,
		"AFTERIMAGE_BENCH_LOCKS=" + b.dir,
		"AFTERIMAGE_BENCH_PIDS=" + strings.Join(pids, " "),
		"AFTERIMAGE_S3_ENDPOINT=" + b.minioAddr,
		"AFTERIMAGE_S3_ACCESS_KEY=" + b.minioUser,
		"AFTERIMAGE_S3_SECRET_KEY=" + b.minioPass,
		"PULSE_SERVER=unix:" + b.pulseSocket,
		"PULSE_SINK=" + sinkName,
		"PULSE_SOURCE=" + sinkName + ".monitor",
		"ALSA_CONFIG_PATH=" + b.asoundrc,
		"DISPLAY=" + b.display,
		"LANG=en_US.UTF-8",
	}
}

// spawn starts a service in its own process group, killed by the kernel if
// this runner dies, logging to a file in the bench folder.
func (b *bench) spawn(name string, env []string, argv ...string) (*service, error) {
	logf, err := os.Create(filepath.Join(b.dir, name+".log"))
	if err != nil {
		return nil, fmt.Errorf("%s: log: %w", name, err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("%s: start %s: %w", name, argv[0], err)
	}
	done := make(chan struct{})
	s := &service{name: name, cmd: cmd, done: done}
	go func() { cmd.Wait(); logf.Close(); close(done) }()
	b.procs = append(b.procs, s)
	return s, nil
}

// stop ends every service (TERM, then KILL) and removes the bench folder.
func (b *bench) stop() {
	for i := len(b.procs) - 1; i >= 0; i-- {
		s := b.procs[i]
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
			<-s.done
		}
	}
	b.procs = nil
	os.RemoveAll(b.dir)
}

func (b *bench) tail(name string) string {
	data, _ := os.ReadFile(filepath.Join(b.dir, name+".log"))
	if len(data) > 2000 {
		data = data[len(data)-2000:]
	}
	return string(data)
}

func (b *bench) startMinIO() error {
	bin := filepath.Join(b.tools, "minio")
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("minio: %w (make test builds it into %s)", err, b.tools)
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	console, err := freeAddr()
	if err != nil {
		return err
	}
	b.minioAddr, b.minioUser, b.minioPass = addr, "bench-"+randHex(4), randHex(16)
	data := filepath.Join(b.dir, "minio-data")
	if err := os.Mkdir(data, 0o700); err != nil {
		return fmt.Errorf("minio: %w", err)
	}
	s, err := b.spawn("minio", []string{
		"MINIO_ROOT_USER=" + b.minioUser, "MINIO_ROOT_PASSWORD=" + b.minioPass,
		"MINIO_BROWSER=off", "MINIO_UPDATE=off", "MINIO_CI_CD=1",
	}, bin, "server", "--quiet", "--address", addr, "--console-address", console, data)
	if err != nil {
		return err
	}
	return b.waitFor("minio", s, 60*time.Second, func() bool {
		resp, err := http.Get("http://" + addr + "/minio/health/ready")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

func (b *bench) startPulse() error {
	pdir := filepath.Join(b.dir, "pulse")
	for _, d := range []string{pdir, filepath.Join(pdir, "home"), filepath.Join(pdir, "runtime")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("pulseaudio: %w", err)
		}
	}
	b.pulseSocket = filepath.Join(pdir, "native")
	b.asoundrc = filepath.Join(pdir, "asoundrc")
	asound := "pcm.!default { type pulse }\nctl.!default { type pulse }\n"
	if err := os.WriteFile(b.asoundrc, []byte(asound), 0o600); err != nil {
		return fmt.Errorf("pulseaudio: asoundrc: %w", err)
	}
	env := []string{"HOME=" + filepath.Join(pdir, "home"), "XDG_RUNTIME_DIR=" + filepath.Join(pdir, "runtime")}
	s, err := b.spawn("pulseaudio", env, "pulseaudio", "-n", "--daemonize=no",
		"--exit-idle-time=-1", "--disallow-exit", "--use-pid-file=no", "--log-target=stderr",
		"--load=module-native-protocol-unix socket="+b.pulseSocket+" auth-anonymous=1",
		"--load=module-null-sink sink_name="+sinkName+" rate=48000 channels=1",
		"--load=module-always-sink")
	if err != nil {
		return err
	}
	return b.waitFor("pulseaudio", s, 30*time.Second, func() bool {
		cmd := exec.Command("pactl", "info")
		cmd.Env = append(os.Environ(), "PULSE_SERVER=unix:"+b.pulseSocket)
		return cmd.Run() == nil
	})
}

func (b *bench) startXvfb() error {
	cmd, display, done, err := benchenv.StartXvfb(filepath.Join(b.dir, "xvfb.log"), 1920, 1080)
	if err != nil {
		return err
	}
	b.procs = append(b.procs, &service{name: "xvfb", cmd: cmd, done: done})
	b.display = display
	return nil
}

// waitFor polls ready until it holds, the service exits, or within passes.
func (b *bench) waitFor(name string, s *service, within time.Duration, ready func() bool) error {
	deadline := time.Now().Add(within)
	for !ready() {
		select {
		case <-s.done:
			return fmt.Errorf("%s exited while starting: %s", name, b.tail(name))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready within %v: %s", name, within, b.tail(name))
		}
	}
	return nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
