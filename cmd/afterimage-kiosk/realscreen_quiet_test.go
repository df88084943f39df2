package main

import (
	"image"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// quietButton finds "Quiet space" on Welcome or Choose: the calm (mist)
// button in the middle of the screen, above the bottom bar.
func (s *screenRun) quietButton() image.Rectangle {
	s.t.Helper()
	var best image.Rectangle
	for _, r := range s.regions(theme.Mist) {
		c := testbench.Center(r)
		if r.Max.Y < s.size.Y*3/4 && c.X > s.size.X/3 && c.X < s.size.X*2/3 && r.Dx() > best.Dx() {
			best = r
		}
	}
	if best.Empty() {
		s.fail("no Quiet space button in the middle of the screen")
	}
	return best
}

// enterQuiet opens the quiet space from the screen showing and chooses the
// i-th length (0: 1 minute, 1: 3, 2: 5), the breathing guide and the soft
// sound on; it returns once the kiosk says the space is shown.
func (s *screenRun) enterQuiet(i int) {
	s.t.Helper()
	s.tap(s.quietButton(), "Quiet space", "quiet-choose")
	lengths := byX(s.regions(theme.Sage))
	if len(lengths) != 3 {
		s.fail("expected the three lengths, found %d sage areas", len(lengths))
	}
	s.click(lengths[i])
	// The space never stops moving: wait for its line, not for a still
	// picture.
	_, next, ok := s.app.WaitLine(s.mark, 20*time.Second, func(l string) bool {
		m := screenLine.FindStringSubmatch(l)
		return m != nil && m[1] == "quiet"
	})
	if !ok {
		s.fail("choosing a length did not show the quiet space")
	}
	s.mark, s.cur = next, "quiet"
}

// sceneShows waits until the scene has risen from the paper (its fade in)
// and is moving: the middle of the screen is no longer paper and changes
// from one frame to the next.
func (s *screenRun) sceneShows(x *testbench.XClient) {
	s.t.Helper()
	// The top of the sky, under the development banner: far from the
	// paper once the fade in is done.
	sky := image.Rect(s.size.X/4, s.size.Y/10, s.size.X*3/4, s.size.Y/10+8)
	deadline := time.Now().Add(20 * time.Second)
	for {
		pix, err := x.Pixels(sky)
		if err != nil {
			s.fail("read the screen: %v", err)
		}
		if distance(bgrxImage(pix, sky), theme.Paper) > 400 {
			break
		}
		if time.Now().After(deadline) {
			s.fail("the quiet space's scene did not rise from the paper within 20 s")
		}
		time.Sleep(50 * time.Millisecond) // polling the X server
	}
	mid := image.Rect(s.size.X/2-120, s.size.Y*3/10, s.size.X/2+120, s.size.Y/2)
	before, err := x.Pixels(mid)
	if err != nil {
		s.fail("read the screen: %v", err)
	}
	if _, ok, err := x.WaitChange(mid, before, time.Now(), 5*time.Second); err != nil || !ok {
		s.fail("the quiet space's scene is not moving (the breathing circle, the motes): %v", err)
	}
	s.snap("quiet-space")
}

// distance is how far img's mean colour is from c: the sum of the three
// channels' differences, 0..765.
func distance(img image.Image, c color.Color) int {
	var sum [3]int
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			sum[0], sum[1], sum[2] = sum[0]+int(r>>8), sum[1]+int(g>>8), sum[2]+int(bl>>8)
		}
	}
	n := max(1, b.Dx()*b.Dy())
	cr, cg, cb, _ := c.RGBA()
	abs := func(v int) int { return max(v, -v) }
	return abs(sum[0]/n-int(cr>>8)) + abs(sum[1]/n-int(cg>>8)) + abs(sum[2]/n-int(cb>>8))
}

// realQuiet (issue 17): the quiet space on the real binary runs for its
// minute, returns to Choose, where the patient was; no idle warning comes
// while it runs (idle time 30 s), and after it ends the warning and the
// reset come as usual (countdown 10 s); then, from Welcome, a tap anywhere
// leaves it, back to Welcome. About 125 s: a minute of quiet, then the
// idle time and the countdown.
func realQuiet(t *testing.T, bin string, w, h int) {
	testbench.Audio(t) // it plays into the bench's sink: hold it, or another package's listening test hears this
	s := startReal(t, bin, w, h, kioskConfig{idle: 0.5, countdown: 10})
	s.toChoose()
	x := testbench.DialX(t, s.app.Display)
	s.enterQuiet(0)
	shown := time.Now()
	s.sceneShows(x)
	// The next screen must be Choose, a minute after the space opened;
	// an idle warning would show up here first.
	line, next, ok := s.app.WaitLine(s.mark, 90*time.Second, screenLine.MatchString)
	if !ok {
		s.fail("the quiet space was still showing 90 s after it opened for 1 minute")
	}
	took := time.Since(shown)
	if got := screenLine.FindStringSubmatch(line)[1]; got != "choose" {
		s.fail("after the quiet space the kiosk showed %q, want choose (where the patient was)", got)
	}
	if took < 58*time.Second || took > 68*time.Second {
		s.fail("the 1-minute quiet space ended after %v", took.Round(100*time.Millisecond))
	}
	t.Logf("the 1-minute quiet space returned to choose after %v", took.Round(100*time.Millisecond))
	s.mark, s.cur = next, "choose"
	s.settle("after-quiet")
	// Idle as usual from its end: the warning after 30 s, the reset 10 s
	// later.
	ended := time.Now()
	if _, next, ok := s.app.WaitLine(s.mark, 45*time.Second, func(l string) bool { return strings.Contains(l, "screen=idle-warning") }); ok {
		s.mark, s.cur = next, "idle-warning"
	} else {
		s.fail("no idle warning within 45 s after the quiet space ended (idle time 30 s)")
	}
	if d := time.Since(ended); d < 25*time.Second {
		s.fail("the idle warning came %v after the quiet space ended, before the idle time", d.Round(100*time.Millisecond))
	}
	s.expect("welcome", "the idle countdown")
	// From Welcome, a tap anywhere on the scene leaves it, gently (a 2 s
	// fade), back to Welcome.
	s.enterQuiet(1)
	s.sceneShows(x)
	s.click(image.Rect(w/5, h*2/3, w/5+4, h*2/3+4))
	tapped := time.Now()
	s.expect("welcome", "tapping the quiet space")
	if d := time.Since(tapped); d > 10*time.Second {
		s.fail("a tap left the quiet space only after %v", d.Round(100*time.Millisecond))
	}
}
