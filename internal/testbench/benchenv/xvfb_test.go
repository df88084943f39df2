package benchenv

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestStartXvfbGivesADisplayAndStops starts a small Xvfb, finds its socket
// for the display it named, and stops it.
func TestStartXvfbGivesADisplayAndStops(t *testing.T) {
	Program(t, "Xvfb")
	cmd, display, done, err := StartXvfb(filepath.Join(t.TempDir(), "xvfb.log"), 320, 200)
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	num, ok := strings.CutPrefix(display, ":")
	if !ok || num == "" {
		t.Fatalf("display %q; want :N", display)
	}
	if _, err := os.Stat("/tmp/.X11-unix/X" + num); err != nil {
		t.Fatalf("Xvfb named display %s but has no socket for it: %v", display, err)
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	<-done
	stopped = true
}
