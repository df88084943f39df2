package displaybench

import (
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
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
	if !benchenv.Active() {
		t.Skipf("needs a private Xvfb of %dx%d: run `make test` (it starts the test bench)", width, height)
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("testbench: %s is missing under make test (%v): make deps-test installs it", tool, err)
		}
	}
	cmd, display, done, err := benchenv.StartXvfb(filepath.Join(t.TempDir(), "xvfb.log"), width, height)
	if err != nil {
		t.Fatalf("testbench: %v", err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	})
	return display
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
