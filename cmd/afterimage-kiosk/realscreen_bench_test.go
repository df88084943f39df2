package main

import (
	"image"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// The real-screen benchmarks run the kiosk binary full screen on a private
// 1920×1080 Xvfb (Mesa llvmpipe, software GL) and time what a patient
// waits for, from the X server taking a faked input event (XTEST, through
// a small X client of the benchmark's own) to the changed pixels being in
// the X framebuffer (GetImage polled every millisecond on a small region).
// Each reports its p50 and p95 in milliseconds; ns/op is meaningless here.

const benchW, benchH = 1920, 1080

// BenchmarkRealScreenStroke times input → stroke pixels: with the finger
// down on the canvas, each motion event to the stroke's new end showing
// (a 12×12 px square around the new point changed), over ≥ 100 events.
func BenchmarkRealScreenStroke(b *testing.B) {
	bin := testbench.BuildCommand(b, "./cmd/afterimage-kiosk")
	s := startReal(b, bin, benchW, benchH, kioskConfig{})
	s.toChoose()
	s.studioTile(0, "Draw")
	c := s.canvasRect()
	x := testbench.DialX(b, s.app.Display)
	b.ResetTimer()
	var ds []time.Duration
	missed := 0
	for i := 0; i < b.N; i++ {
		for row := 0; row < 4; row++ {
			y := c.Min.Y + c.Dy()*(2+row*2)/11 + 8*i
			p := image.Pt(c.Min.X+c.Dx()/12, y)
			must(b, x.Move(p))
			must(b, x.Press(true))
			for p.X+30 < c.Max.X-c.Dx()/12 {
				p.X += 30
				r := image.Rect(p.X-6, p.Y-6, p.X+6, p.Y+6)
				before, err := x.Pixels(r)
				must(b, err)
				t0 := time.Now()
				must(b, x.Move(p))
				d, ok, err := x.WaitChange(r, before, t0, 500*time.Millisecond)
				must(b, err)
				if !ok {
					missed++
					continue
				}
				ds = append(ds, d)
			}
			must(b, x.Press(false))
		}
	}
	b.StopTimer()
	report(b, ds, missed)
}

// BenchmarkRealScreenChange times a tap → the next screen's pixels: Begin
// (Welcome → patient code) and Back (patient code → Welcome), alternately,
// from the button's release to a 400×300 px area in the middle of the
// screen changing; 100 screen changes.
func BenchmarkRealScreenChange(b *testing.B) {
	bin := testbench.BuildCommand(b, "./cmd/afterimage-kiosk")
	s := startReal(b, bin, benchW, benchH, kioskConfig{})
	s.expect("welcome", "starting the kiosk")
	begin := testbench.Center(s.largest(theme.Sage, "Begin"))
	s.tap(s.largest(theme.Sage, "Begin"), "Begin", "patient-code")
	back := testbench.Center(s.backButton())
	s.tap(s.backButton(), "Back", "welcome")
	x := testbench.DialX(b, s.app.Display)
	mid := image.Rect(benchW/2-200, benchH/2-150, benchW/2+200, benchH/2+150)
	tap := func(p image.Point, next string) time.Duration {
		before, err := x.Pixels(mid)
		must(b, err)
		must(b, x.Move(p))
		must(b, x.Press(true))
		t0 := time.Now()
		must(b, x.Press(false))
		d, ok, err := x.WaitChange(mid, before, t0, 5*time.Second)
		must(b, err)
		if !ok {
			b.Fatalf("no change on screen within 5 s of tapping %v", p)
		}
		// The kiosk says it showed the next screen, and it finished
		// drawing, before the next tap.
		_, n, ok := s.app.WaitLine(s.mark, 10*time.Second, func(l string) bool { return strings.Contains(l, "screen="+next) })
		if !ok {
			b.Fatalf("the kiosk did not show %s after the tap", next)
		}
		s.mark = n
		must(b, x.WaitStill(mid, 100*time.Millisecond, 10*time.Second))
		return d
	}
	b.ResetTimer()
	var ds []time.Duration
	for i := 0; i < b.N; i++ {
		for range 50 {
			ds = append(ds, tap(begin, "patient-code"), tap(back, "welcome"))
		}
	}
	b.StopTimer()
	report(b, ds, 0)
}

// BenchmarkRealScreenColdStart times the kiosk's start, from launching the
// binary (already built and in the page cache) to its first frame in the
// framebuffer (the middle of the screen no longer black): 5 starts.
func BenchmarkRealScreenColdStart(b *testing.B) {
	bin := testbench.BuildCommand(b, "./cmd/afterimage-kiosk")
	display := testbench.PrivateDisplay(b, benchW, benchH)
	x := testbench.DialX(b, display)
	mid := image.Rect(benchW/2-32, benchH/2-32, benchW/2+32, benchH/2+32)
	black, err := x.Pixels(mid)
	must(b, err)
	b.ResetTimer()
	var ds []time.Duration
	for i := 0; i < b.N; i++ {
		for range 5 {
			t0 := time.Now()
			app, _ := startWithConfig(b, bin, display, kioskConfig{})
			d, ok, err := x.WaitChange(mid, black, t0, 60*time.Second)
			must(b, err)
			if !ok {
				b.Fatalf("no first frame within 60 s:\n%s", app.Output())
			}
			ds = append(ds, d)
			app.Kill()
			// The next start begins on a black screen again.
			for {
				now, err := x.Pixels(mid)
				must(b, err)
				if string(now) == string(black) {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
	}
	b.StopTimer()
	report(b, ds, 0)
}

func report(b *testing.B, ds []time.Duration, missed int) {
	b.Helper()
	if len(ds) == 0 {
		b.Fatalf("nothing measured (%d events missed)", missed)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	q := func(p float64) float64 { return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000 }
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.95), "p95-ms")
	b.ReportMetric(float64(len(ds)), "events")
	if missed > 0 {
		b.ReportMetric(float64(missed), "missed")
	}
	b.Logf("%d events: p50 %.1f ms, p95 %.1f ms, max %.1f ms, %d missed (no change within the limit)",
		len(ds), q(0.5), q(0.95), q(1), missed)
}

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
