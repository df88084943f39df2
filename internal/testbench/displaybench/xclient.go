package displaybench

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"log"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"
)

// XClient is a small X client of the test's own on a display: it fakes
// input through XTEST and reads the framebuffer with GetImage, for timing
// input → pixels without a screenshot tool in between.
type XClient struct {
	conn *xgb.Conn
	root xproto.Window
}

// DialX connects to display (e.g. ":71"); the connection is closed when
// the test ends.
func DialX(t testing.TB, display string) *XClient {
	t.Helper()
	xgb.Logger = log.New(io.Discard, "", 0) // it warns of a missing ~/.Xauthority, which Xvfb does not need
	conn, err := xgb.NewConnDisplay(display)
	if err != nil {
		t.Fatalf("testbench: connect to X display %s: %v", display, err)
	}
	t.Cleanup(conn.Close)
	if err := xtest.Init(conn); err != nil {
		t.Fatalf("testbench: X display %s has no XTEST: %v", display, err)
	}
	return &XClient{conn: conn, root: xproto.Setup(conn).DefaultScreen(conn).Root}
}

// Pixels reads r of the screen (root window coordinates) as the server
// holds it: 4 bytes a pixel (B, G, R, unused) at 24-bit depth.
func (c *XClient) Pixels(r image.Rectangle) ([]byte, error) {
	reply, err := xproto.GetImage(c.conn, xproto.ImageFormatZPixmap, xproto.Drawable(c.root),
		int16(r.Min.X), int16(r.Min.Y), uint16(r.Dx()), uint16(r.Dy()), 0xffffffff).Reply()
	if err != nil {
		return nil, fmt.Errorf("get image %v: %w", r, err)
	}
	return reply.Data, nil
}

// Move moves the pointer to p (screen coordinates); with a button held,
// that is a drag. It returns once the server has taken the event.
func (c *XClient) Move(p image.Point) error {
	return xtest.FakeInputChecked(c.conn, xproto.MotionNotify, 0, 0, c.root, int16(p.X), int16(p.Y), 0).Check()
}

// Press presses (down) or releases the first mouse button where the pointer is.
func (c *XClient) Press(down bool) error {
	typ := byte(xproto.ButtonRelease)
	if down {
		typ = xproto.ButtonPress
	}
	return xtest.FakeInputChecked(c.conn, typ, 1, 0, c.root, 0, 0, 0).Check()
}

// WaitChange polls r until its pixels differ from before, and returns how
// long that took from since (to within a millisecond); ok is false when within passed first.
func (c *XClient) WaitChange(r image.Rectangle, before []byte, since time.Time, within time.Duration) (d time.Duration, ok bool, err error) {
	for {
		now, err := c.Pixels(r)
		if err != nil {
			return 0, false, err
		}
		if !bytes.Equal(now, before) {
			return time.Since(since), true, nil
		}
		if time.Since(since) > within {
			return time.Since(since), false, nil
		}
		// A millisecond between looks: the measure's resolution, and the
		// app being measured keeps the CPU it renders with.
		time.Sleep(time.Millisecond)
	}
}

// WaitStill waits until r has not changed for quiet (a screen finished
// drawing), or within passed.
func (c *XClient) WaitStill(r image.Rectangle, quiet, within time.Duration) error {
	deadline := time.Now().Add(within)
	last, err := c.Pixels(r)
	if err != nil {
		return err
	}
	since := time.Now()
	for time.Since(since) < quiet {
		if time.Now().After(deadline) {
			return fmt.Errorf("%v still changing after %v", r, within)
		}
		time.Sleep(5 * time.Millisecond)
		now, err := c.Pixels(r)
		if err != nil {
			return err
		}
		if !bytes.Equal(now, last) {
			last, since = now, time.Now()
		}
	}
	return nil
}
