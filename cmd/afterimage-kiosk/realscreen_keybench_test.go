package main

import (
	"fmt"
	"image"
	"image/color"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// inkOnPage is the box around the dark letters on the writing page (the
// largest area of the page's paper), on the last screenshot; the text
// cursor, lighter and green, is not in it.
func (s *screenRun) inkOnPage() image.Rectangle {
	s.t.Helper()
	page := s.largest(color.NRGBA{R: 0xff, G: 0xfd, B: 0xf8, A: 0xff}, "the page")
	var box image.Rectangle
	for y := page.Min.Y; y < page.Max.Y; y++ {
		for x := page.Min.X; x < page.Max.X; x++ {
			r, g, b, _ := s.shot.At(x, y).RGBA()
			if r>>8 < 90 && g>>8 < 90 && b>>8 < 90 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if box.Empty() {
		s.fail("no letters on the page")
	}
	return box
}

// BenchmarkRealScreenKeyTap times an on-screen key tap → its letter on the
// page (issue 17: under 50 ms through the real driver): in the writing
// studio, the "m" key and then ⌫, alternately, from the tap's release (the
// key types on release) to the pixels just right of the text cursor
// changing (the letter drawn there, or taken away); 50 taps a round. Two
// screens: the kiosk's 1280×800 touch screen and a 1920×1080 one (Mesa's
// software rasteriser's cost grows with the pixels it fills).
func BenchmarkRealScreenKeyTap(b *testing.B) {
	bin := testbench.BuildCommand(b, "./cmd/afterimage-kiosk")
	for _, size := range []image.Point{{1280, 800}, {benchW, benchH}} {
		b.Run(fmt.Sprintf("%dx%d", size.X, size.Y), func(b *testing.B) { benchKeyTap(b, bin, size) })
	}
}

func benchKeyTap(b *testing.B, bin string, size image.Point) {
	s := startReal(b, bin, size.X, size.Y, kioskConfig{})
	s.toChoose()
	s.writeTile()
	keys := s.screenKeys()
	s.tapKeys(keys, "i")
	ink := s.inkOnPage()
	// Right of the "i" and its cursor, a letter's width: where the next
	// letter shows. The cursor's own blink is outside it.
	area := image.Rect(ink.Max.X+10, ink.Min.Y, ink.Max.X+40, ink.Max.Y)
	x := testbench.DialX(b, s.app.Display)
	tap := func(k image.Rectangle) time.Duration {
		before, err := x.Pixels(area)
		must(b, err)
		must(b, x.Move(testbench.Center(k)))
		must(b, x.Press(true))
		t0 := time.Now()
		must(b, x.Press(false))
		d, ok, err := x.WaitChange(area, before, t0, 5*time.Second)
		must(b, err)
		if !ok {
			b.Fatalf("no letter on the page within 5 s of tapping the key at %v", k)
		}
		// Drawn whole before the next tap (the cursor stays lit while
		// typing: it blinks only after 300 ms without a key).
		must(b, x.WaitStill(area, 60*time.Millisecond, 5*time.Second))
		return d
	}
	tap(keys["m"]) // the first letter after a pause: not counted
	tap(keys["⌫"])
	b.ResetTimer()
	var ds []time.Duration
	for i := 0; i < b.N; i++ {
		for range 25 {
			ds = append(ds, tap(keys["m"]), tap(keys["⌫"]))
		}
	}
	b.StopTimer()
	report(b, ds, 0)
}
