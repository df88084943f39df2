package displaybench

import (
	"fmt"
	"image"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Mark is how much the app has printed so far: pass it to WaitLine to look
// only at what comes after.
func (a *App) Mark() int { return a.log.Len() }

// WaitLine waits until the app prints, after offset from, a whole line for
// which match holds, and returns it with the offset just past it. ok is
// false when within passed or the app exited first (the caller says what
// it expected).
func (a *App) WaitLine(from int, within time.Duration, match func(line string) bool) (line string, next int, ok bool) {
	deadline := time.Now().Add(within)
	for {
		out := a.log.String()
		for from < len(out) {
			nl := strings.IndexByte(out[from:], '\n')
			if nl < 0 {
				break
			}
			l := out[from : from+nl]
			from += nl + 1
			if match(l) {
				return l, from, true
			}
		}
		select {
		case <-a.done:
			return "", from, false
		default:
		}
		if time.Now().After(deadline) {
			return "", from, false
		}
		time.Sleep(20 * time.Millisecond) // polling another process's output
	}
}

// WindowGeometry is window's position and size on the screen, as X has it.
func (a *App) WindowGeometry(t testing.TB, window string) image.Rectangle {
	t.Helper()
	vals := shellVars(a.Xdotool(t, "getwindowgeometry", "--shell", window))
	x, y, w, h := vals["X"], vals["Y"], vals["WIDTH"], vals["HEIGHT"]
	return image.Rect(x, y, x+w, y+h)
}

// ScreenSize is the size of the display's screen.
func (a *App) ScreenSize(t testing.TB) image.Point {
	t.Helper()
	f := strings.Fields(a.Xdotool(t, "getdisplaygeometry"))
	if len(f) != 2 {
		t.Fatalf("testbench: xdotool getdisplaygeometry said %q", f)
	}
	w, _ := strconv.Atoi(f[0])
	h, _ := strconv.Atoi(f[1])
	return image.Pt(w, h)
}

// LongPress holds the mouse's first button at p (window coordinates) for
// hold, as a finger resting on the screen would.
func (a *App) LongPress(t testing.TB, window string, p image.Point, hold time.Duration) {
	t.Helper()
	a.Xdotool(t, "mousemove", "--window", window, fmt.Sprint(p.X), fmt.Sprint(p.Y), "mousedown", "1")
	time.Sleep(hold) // the gesture is defined by its duration
	a.Xdotool(t, "mouseup", "1")
}

// X runs an X client (e.g. xdotool, import, xwininfo) on the app's display
// and returns its output, or the error with the output.
func (a *App) X(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+a.Display)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %v: %w: %s", name, args, err, out)
	}
	return string(out), nil
}

func shellVars(out string) map[string]int {
	vals := map[string]int{}
	for _, l := range strings.Split(out, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(l), "=")
		if !ok {
			continue
		}
		if n, err := strconv.Atoi(v); err == nil {
			vals[k] = n
		}
	}
	return vals
}

// Kill ends the app now (SIGKILL to its process group) and waits for it;
// the test's cleanup then has nothing left to do.
func (a *App) Kill() {
	syscall.Kill(-a.cmd.Process.Pid, syscall.SIGKILL)
	<-a.done
}
