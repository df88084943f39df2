package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"io"
	"log"
	"slices"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"

	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// xprobe is the benchmarks' own X client on the gallery's display: it
// fakes input through XTEST (each request checked, so the X server has
// taken the event when it returns), reads framebuffer pixels with
// GetImage, and times the frames the gallery presents in its window
// (frames, through XDamage on a connection of its own).
type xprobe struct {
	conn   *xgb.Conn
	root   xproto.Window
	origin image.Point // the window's top left on the screen
	frames *testbench.Frames
}

func dialProbe(tb testing.TB, display, window string, origin image.Point) *xprobe {
	tb.Helper()
	xgb.Logger = log.New(io.Discard, "", 0)
	conn, err := xgb.NewConnDisplay(display)
	if err != nil {
		tb.Fatalf("connect to X display %s: %v", display, err)
	}
	tb.Cleanup(conn.Close)
	if err := xtest.Init(conn); err != nil {
		tb.Fatalf("XTEST: %v", err)
	}
	return &xprobe{
		conn:   conn,
		root:   xproto.Setup(conn).DefaultScreen(conn).Root,
		origin: origin,
		frames: testbench.WatchFrames(tb, display, window),
	}
}

// move puts the pointer at q (window coordinates).
func (p *xprobe) move(tb testing.TB, q image.Point) {
	tb.Helper()
	q = q.Add(p.origin)
	if err := xtest.FakeInputChecked(p.conn, xproto.MotionNotify, 0, 0, p.root, int16(q.X), int16(q.Y), 0).Check(); err != nil {
		tb.Fatal(err)
	}
}

// click presses and releases button (1 the first, 4 wheel up, 5 wheel
// down) where the pointer is.
func (p *xprobe) click(tb testing.TB, button byte) {
	tb.Helper()
	for _, typ := range []byte{xproto.ButtonPress, xproto.ButtonRelease} {
		if err := xtest.FakeInputChecked(p.conn, typ, button, 0, p.root, 0, 0, 0).Check(); err != nil {
			tb.Fatal(err)
		}
	}
}

// shows reports whether every point (window coordinates) shows c, within
// a tolerance of 8 per channel; points on one row are read in one request.
func (p *xprobe) shows(tb testing.TB, pts []image.Point, c color.Color) bool {
	tb.Helper()
	cr, cg, cb, _ := c.RGBA()
	rows := map[int][]int{}
	for _, q := range pts {
		rows[q.Y] = append(rows[q.Y], q.X)
	}
	for y, xs := range rows {
		lo, hi := slices.Min(xs), slices.Max(xs)
		at := image.Pt(lo, y).Add(p.origin)
		reply, err := xproto.GetImage(p.conn, xproto.ImageFormatZPixmap, xproto.Drawable(p.root),
			int16(at.X), int16(at.Y), uint16(hi-lo+1), 1, 0xffffffff).Reply()
		if err != nil {
			tb.Fatalf("read the screen: %v", err)
		}
		for _, x := range xs {
			px := reply.Data[4*(x-lo):] // B, G, R, unused
			if !close8(px[2], cr) || !close8(px[1], cg) || !close8(px[0], cb) {
				return false
			}
		}
	}
	return true
}

func close8(v byte, c uint32) bool {
	d := int(v) - int(c>>8)
	return d >= -8 && d <= 8
}

// waitShows polls until pts show c (every millisecond) and returns how long
// that took since since; ok is false after within.
func (p *xprobe) waitShows(tb testing.TB, pts []image.Point, c color.Color, since time.Time, within time.Duration) (time.Duration, bool) {
	tb.Helper()
	for {
		if p.shows(tb, pts, c) {
			return time.Since(since), true
		}
		if time.Since(since) > within {
			return time.Since(since), false
		}
		time.Sleep(time.Millisecond) // the measure's resolution; the gallery keeps the CPU
	}
}

// waitStill waits until r (window coordinates) has not changed for quiet.
func (p *xprobe) waitStill(tb testing.TB, r image.Rectangle, quiet, within time.Duration) {
	tb.Helper()
	deadline := time.Now().Add(within)
	last, since := p.read(tb, r), time.Now()
	for time.Since(since) < quiet {
		if time.Now().After(deadline) {
			tb.Fatalf("%v still changing after %v", r, within)
		}
		time.Sleep(10 * time.Millisecond) // polling the screen
		if now := p.read(tb, r); !bytes.Equal(now, last) {
			last, since = now, time.Now()
		}
	}
}

// read is the pixels of r (window coordinates) on the screen now.
func (p *xprobe) read(tb testing.TB, r image.Rectangle) []byte {
	tb.Helper()
	r = r.Add(p.origin)
	reply, err := xproto.GetImage(p.conn, xproto.ImageFormatZPixmap, xproto.Drawable(p.root),
		int16(r.Min.X), int16(r.Min.Y), uint16(r.Dx()), uint16(r.Dy()), 0xffffffff).Reply()
	if err != nil {
		tb.Fatalf("read the screen: %v", err)
	}
	return reply.Data
}

// waitUniform waits until r (window coordinates) is all one colour, for at
// most within; it reports whether it became so.
func (p *xprobe) waitUniform(tb testing.TB, r image.Rectangle, within time.Duration) bool {
	tb.Helper()
	deadline := time.Now().Add(within)
	for !time.Now().After(deadline) {
		px := p.read(tb, r) // 4 bytes a pixel (ZPixmap, depth 24)
		uniform := true
		for i := 4; i+4 <= len(px) && uniform; i += 4 {
			uniform = bytes.Equal(px[i:i+3], px[:3])
		}
		if uniform {
			return true
		}
		time.Sleep(10 * time.Millisecond) // polling the screen
	}
	return false
}

// percentile is the q-quantile (0..1) of ds, nearest rank.
func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fmtMs(ds []time.Duration) string {
	out := ""
	for i, d := range ds {
		if i > 0 {
			out += " "
		}
		out += fmt.Sprintf("%.0f", ms(d))
	}
	return out
}
