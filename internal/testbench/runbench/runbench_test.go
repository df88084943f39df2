package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// TestStopsEverythingOnInterrupt runs a nested bench, interrupts it the way
// Ctrl-C or a kill -9 would, and checks that no MinIO, PulseAudio or Xvfb of
// it is left running.
func TestStopsEverythingOnInterrupt(t *testing.T) {
	tools := filepath.Dir(benchenv.Tool(t, "minio"))
	bin := filepath.Join(t.TempDir(), "runbench")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build runbench: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "pids")
			cmd := exec.Command(bin, "-tools", tools, "--", "sh", "-c",
				`echo "$AFTERIMAGE_BENCH_PIDS" > `+pidFile+`.tmp && mv `+pidFile+`.tmp `+pidFile+` && exec sleep 600`)
			cmd.Env = os.Environ()
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)

			pids := waitPIDs(t, pidFile, exited)
			if len(pids) != 3 {
				t.Fatalf("bench reported %v, want minio, pulseaudio and xvfb", pids)
			}
			for name, pid := range pids {
				if !alive(pid) {
					t.Fatalf("%s (pid %d) not running while the bench is up", name, pid)
				}
			}
			if sig == syscall.SIGINT {
				// Ctrl-C in a terminal reaches the whole foreground group.
				syscall.Kill(-cmd.Process.Pid, sig)
			} else {
				cmd.Process.Signal(sig)
			}
			select {
			case <-exited:
			case <-time.After(60 * time.Second):
				t.Fatal("bench still running 60s after the signal")
			}
			deadline := time.Now().Add(10 * time.Second)
			for name, pid := range pids {
				for alive(pid) {
					if time.Now().After(deadline) {
						t.Fatalf("%s (pid %d) still running after the bench was stopped by %v", name, pid, sig)
					}
					time.Sleep(20 * time.Millisecond) // waiting on the kernel, not timing
				}
			}
		})
	}
}

func waitPIDs(t *testing.T, file string, exited <-chan error) map[string]int {
	t.Helper()
	deadline := time.After(90 * time.Second)
	for {
		if data, err := os.ReadFile(file); err == nil {
			pids := map[string]int{}
			for _, f := range strings.Fields(string(data)) {
				name, n, _ := strings.Cut(f, "=")
				pid, err := strconv.Atoi(n)
				if err != nil {
					t.Fatalf("bad pid entry %q", f)
				}
				pids[name] = pid
			}
			return pids
		}
		select {
		case err := <-exited:
			t.Fatalf("bench exited before running the command: %v", err)
		case <-deadline:
			t.Fatal("bench did not start within 90s")
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// alive reports whether pid is a live (not zombie) process.
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// Field 3 (after the parenthesised name) is the state; Z is a zombie.
	s := string(stat)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}
