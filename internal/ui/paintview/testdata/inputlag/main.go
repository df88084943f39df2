// Command inputlag measures input → pixels on an X display: with the
// mouse button already held down over a drawing canvas, it moves the
// pointer (XWarpPointer, which X delivers as real motion) in 12 px steps
// at most 120 times a second, and after each move reads the screen around
// the new segment (XGetImage) until a pixel there changes. It prints each
// latency in microseconds, one per line, and "timeout" for a move whose
// pixels did not show within a second. Test support for
// BenchmarkScreenInputToPixel; it lives under testdata so that ./...
// skips it.
//
// Usage: inputlag -x0 X -y0 Y -w WIDTH -n MOVES -r RADIUS (screen pixels)
package main

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <X11/Xutil.h>
static unsigned long pixelAt(XImage *im, int x, int y) { return XGetPixel(im, x, y); }
static Window rootOf(Display *d) { return DefaultRootWindow(d); }
static void destroyImage(XImage *im) { XDestroyImage(im); }
*/
import "C"

import (
	"flag"
	"fmt"
	"image"
	"os"
	"time"
)

func main() {
	x0 := flag.Int("x0", 200, "start x (where the button went down)")
	y0 := flag.Int("y0", 200, "start y")
	width := flag.Int("w", 1500, "row length before the path turns")
	n := flag.Int("n", 200, "moves")
	r := flag.Int("r", 20, "brush radius on screen, px")
	flag.Parse()

	d := C.XOpenDisplay(nil)
	if d == nil {
		fmt.Fprintln(os.Stderr, "inputlag: cannot open the display")
		os.Exit(1)
	}
	root := C.rootOf(d)
	scrW, scrH := int(C.XDisplayWidth(d, 0)), int(C.XDisplayHeight(d, 0))
	screen := image.Rect(0, 0, scrW, scrH)

	grab := func(b image.Rectangle) []uint64 {
		im := C.XGetImage(d, C.Drawable(root), C.int(b.Min.X), C.int(b.Min.Y), C.uint(b.Dx()), C.uint(b.Dy()), C.AllPlanes, C.ZPixmap)
		if im == nil {
			fmt.Fprintln(os.Stderr, "inputlag: XGetImage failed")
			os.Exit(1)
		}
		defer C.destroyImage(im)
		px := make([]uint64, 0, b.Dx()*b.Dy())
		for y := 0; y < b.Dy(); y++ {
			for x := 0; x < b.Dx(); x++ {
				px = append(px, uint64(C.pixelAt(im, C.int(x), C.int(y))))
			}
		}
		return px
	}

	// a boustrophedon: rows of 12 px steps, 3 radii apart
	pts := []image.Point{{*x0, *y0}}
	x, y, dir := *x0, *y0, 1
	for len(pts) <= *n {
		if nx := x + 12*dir; nx < *x0 || nx > *x0+*width {
			y += 3 * *r
			dir = -dir
		} else {
			x = nx
		}
		pts = append(pts, image.Pt(x, y))
	}

	last := time.Now()
	for i := 1; i <= *n; i++ {
		// the new segment is drawn between the smoothed previous point
		// and the new one: watch both moves' span, widened by the brush
		from := pts[max(i-2, 0)]
		box := image.Rectangle{Min: from, Max: from}.Union(image.Rectangle{Min: pts[i], Max: pts[i]}).
			Inset(-*r - 2).Intersect(screen)
		before := grab(box)
		if wait := 8*time.Millisecond - time.Since(last); wait > 0 {
			time.Sleep(wait) // pace the "finger" at 120 moves/s at most
		}
		start := time.Now()
		last = start
		C.XWarpPointer(d, C.None, root, 0, 0, 0, 0, C.int(pts[i].X), C.int(pts[i].Y))
		C.XFlush(d)
		for {
			now := grab(box)
			changed := false
			for j := range now {
				if now[j] != before[j] {
					changed = true
					break
				}
			}
			if changed {
				fmt.Println(time.Since(start).Microseconds())
				break
			}
			if time.Since(start) > time.Second {
				fmt.Println("timeout")
				break
			}
		}
	}
	C.XCloseDisplay(d)
}
