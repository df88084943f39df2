package displaybench

import (
	"io"
	"log"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/damage"
	"github.com/jezek/xgb/xproto"
)

// FrameGap is how close together damage events belong to one frame: a
// frame may reach the window as several rectangles.
const FrameGap = 2 * time.Millisecond

// Frames times the frames an app presents in one window, through XDamage
// on an X connection of its own: each frame the app presents (Mesa's
// software GL puts the finished frame into the window) damages the
// window, so the arrival times of the damage events are the times frames
// reached the X server.
type Frames struct {
	mu     sync.Mutex
	events []time.Time // arrival of each damage event while recording
	record bool
}

// WatchFrames subscribes to damage on window (its decimal X id, as
// App.WaitWindow gives it) of display; the connection is closed when the
// test ends. It records nothing until Start.
func WatchFrames(tb testing.TB, display, window string) *Frames {
	tb.Helper()
	xgb.Logger = log.New(io.Discard, "", 0) // it warns of a missing ~/.Xauthority, which Xvfb does not need
	conn, err := xgb.NewConnDisplay(display)
	if err != nil {
		tb.Fatalf("connect to X display %s: %v", display, err)
	}
	tb.Cleanup(conn.Close)
	if err := damage.Init(conn); err != nil {
		tb.Fatalf("XDamage: %v", err)
	}
	if _, err := damage.QueryVersion(conn, 1, 1).Reply(); err != nil {
		tb.Fatalf("XDamage version: %v", err)
	}
	id, err := strconv.ParseUint(window, 10, 32)
	if err != nil {
		tb.Fatalf("window id %q: %v", window, err)
	}
	did, err := damage.NewDamageId(conn)
	if err != nil {
		tb.Fatal(err)
	}
	if err := damage.CreateChecked(conn, did, xproto.Drawable(id), damage.ReportLevelRawRectangles).Check(); err != nil {
		tb.Fatalf("XDamage on the window: %v", err)
	}
	f := &Frames{}
	go func() {
		for {
			ev, err := conn.WaitForEvent()
			if ev == nil && err == nil {
				return // closed
			}
			if _, ok := ev.(damage.NotifyEvent); ok {
				now := time.Now()
				f.mu.Lock()
				if f.record {
					f.events = append(f.events, now)
				}
				f.mu.Unlock()
			}
		}
	}()
	return f
}

// Start starts recording presented frames afresh.
func (f *Frames) Start() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events, f.record = nil, true
}

// Stop stops recording and returns the frames' arrival times (see
// GroupFrames) and the number of damage events they came as.
func (f *Frames) Stop() (frames []time.Time, events int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record = false
	return GroupFrames(f.events), len(f.events)
}

// GroupFrames turns damage events' arrival times (in order) into one time
// per frame: an event at most FrameGap after the one before it belongs to
// the same frame, and a frame is in when its last rectangle is.
func GroupFrames(events []time.Time) []time.Time {
	var out []time.Time
	for _, t := range events {
		if len(out) == 0 || t.Sub(out[len(out)-1]) > FrameGap {
			out = append(out, t)
		} else {
			out[len(out)-1] = t
		}
	}
	return out
}
