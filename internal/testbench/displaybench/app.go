package displaybench

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/png" // screenshots are PNG
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// App is a real binary running on the bench's display.
type App struct {
	Display string
	cmd     *exec.Cmd
	done    chan struct{}
	log     *syncBuffer
}

// StartApp runs bin with args on the bench's display (taken exclusively for
// the test) and extra environment; it is killed when the test ends.
func StartApp(t testing.TB, bin string, env []string, args ...string) *App {
	t.Helper()
	return StartAppOn(t, Display(t), bin, env, args...)
}

// StartAppOn runs bin with args on display (e.g. a PrivateDisplay) and extra
// environment; it is killed when the test ends.
func StartAppOn(t testing.TB, display, bin string, env []string, args ...string) *App {
	t.Helper()
	a := &App{Display: display, log: new(syncBuffer), done: make(chan struct{})}
	a.cmd = exec.Command(bin, args...)
	a.cmd.Env = append(os.Environ(), append([]string{"DISPLAY=" + a.Display, "LANG=en_US.UTF-8"}, env...)...)
	a.cmd.Stdout, a.cmd.Stderr = a.log, a.log
	a.cmd.SysProcAttr = benchenv.ChildAttr()
	if err := a.cmd.Start(); err != nil {
		t.Fatalf("testbench: start %s: %v", bin, err)
	}
	go func() { a.cmd.Wait(); close(a.done) }()
	t.Cleanup(func() {
		syscall.Kill(-a.cmd.Process.Pid, syscall.SIGKILL)
		<-a.done
		if t.Failed() {
			t.Logf("output of %s:\n%s", filepath.Base(bin), a.log.String())
		}
	})
	return a
}

// Exited is closed when the app's process ends.
func (a *App) Exited() <-chan struct{} { return a.done }

// Output is what the app printed so far (stdout and stderr together).
func (a *App) Output() string { return a.log.String() }

// WaitWindow waits until a window whose title contains name is mapped and
// returns its X window id.
func (a *App) WaitWindow(t testing.TB, name string, within time.Duration) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	for {
		cmd := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", name)
		cmd.Env = append(os.Environ(), "DISPLAY="+a.Display)
		if out, err := cmd.Output(); err == nil && len(bytes.TrimSpace(out)) > 0 {
			return strings.Fields(string(out))[0]
		}
		select {
		case <-a.done:
			t.Fatalf("testbench: app exited before showing %q:\n%s", name, a.log.String())
		case <-ctx.Done():
			t.Fatalf("testbench: no window %q within %v", name, within)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Screenshot captures window (an X window id, or "root" for the whole
// screen) with ImageMagick's import, saves it at path and returns it.
func (a *App) Screenshot(t testing.TB, window, path string) image.Image {
	t.Helper()
	cmd := exec.Command("import", "-window", window, path)
	cmd.Env = append(os.Environ(), "DISPLAY="+a.Display)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("testbench: screenshot: %v\n%s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("testbench: screenshot: %v", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("testbench: screenshot %s: %v", path, err)
	}
	return img
}

// Xdotool runs xdotool with args on the app's display.
func (a *App) Xdotool(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+a.Display)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("testbench: xdotool %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// ScreenshotDir is where smoke tests keep their screenshots: the folder
// named by AFTERIMAGE_SCREENSHOTS (make screenshots sets docs/screenshots),
// or a temp folder of the test.
func ScreenshotDir(t testing.TB) string {
	if d := os.Getenv("AFTERIMAGE_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatalf("testbench: %v", err)
		}
		return d
	}
	return t.TempDir()
}

// Settled waits until window shows something other than before (nil: no
// matter what) that has stopped changing (but for a blinking text cursor,
// see Still) and satisfies drawn, and returns it; a non-empty path keeps
// that screenshot.
func (a *App) Settled(t testing.TB, window string, before image.Image, path string, drawn func(image.Image) bool) image.Image {
	t.Helper()
	keep := path
	if keep == "" {
		keep = filepath.Join(t.TempDir(), "shot.png")
	}
	deadline := time.Now().Add(30 * time.Second)
	var last image.Image
	for {
		img := a.Screenshot(t, window, keep)
		if (before == nil || !Same(img, before)) && last != nil && Still(img, last) && drawn(img) {
			return img
		}
		if time.Now().After(deadline) {
			t.Fatalf("testbench: the window did not settle on a new picture within 30s; last in %s", keep)
		}
		last = img
		time.Sleep(150 * time.Millisecond) // polling an external process
	}
}

// Click clicks the middle of r, in window coordinates.
func (a *App) Click(t testing.TB, window string, r image.Rectangle) {
	t.Helper()
	c := Center(r)
	a.Xdotool(t, "mousemove", "--window", window, fmt.Sprint(c.X), fmt.Sprint(c.Y), "click", "1")
}
