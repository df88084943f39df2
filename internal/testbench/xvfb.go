package testbench

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// PrivateDisplay starts an Xvfb of the test's own, one screen of width×height
// at 24 bits (Mesa's llvmpipe gives GL on it), and returns its DISPLAY. It
// is killed when the test ends. Unlike Display, nothing is shared, so tests
// at different screen sizes can run side by side.
//
// It needs the bench (make test); there, a missing Xvfb, xdotool or
// ImageMagick import fails the test.
func PrivateDisplay(t testing.TB, width, height int) string {
	t.Helper()
	if !Active() {
		t.Skipf("needs a private Xvfb of %dx%d: run `make test` (it starts the test bench)", width, height)
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("testbench: %s is missing under make test (%v): make deps-test installs it", tool, err)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatalf("testbench: xvfb: %v", err)
	}
	logPath := filepath.Join(t.TempDir(), "xvfb.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatalf("testbench: xvfb: %v", err)
	}
	// -displayfd picks a free display number and writes it to fd 3.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", itoa(width)+"x"+itoa(height)+"x24",
		"-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = ChildAttr()
	if err := cmd.Start(); err != nil {
		w.Close()
		r.Close()
		logf.Close()
		t.Fatalf("testbench: start Xvfb: %v", err)
	}
	w.Close()
	done := make(chan struct{})
	// The pipe stays open while Xvfb runs: it may write the number and the
	// newline separately, and a closed pipe is fatal to it.
	go func() { cmd.Wait(); r.Close(); logf.Close(); close(done) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	})
	num := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		num <- strings.TrimSpace(line)
	}()
	select {
	case d := <-num:
		if d == "" {
			data, _ := os.ReadFile(logPath)
			t.Fatalf("testbench: Xvfb exited without a display:\n%s", data)
		}
		return ":" + d
	case <-time.After(30 * time.Second):
		t.Fatalf("testbench: Xvfb gave no display within 30s (log %s)", logPath)
	}
	return ""
}

// syncBuffer is an app's output, written by the process's copier and read
// by the test at the same time.
type syncBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

func (b *syncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.buf)
}
