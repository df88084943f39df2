package displaybench

import (
	"image"
	"image/color"
	"testing"
)

// Regions finds the areas of at least 40×30 px filled with c (within a
// small tolerance), sampled every 4 px.
func Regions(img image.Image, c color.Color) []image.Rectangle {
	const step = 4
	b := img.Bounds()
	w, h := b.Dx()/step, b.Dy()/step
	hit := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			hit[y*w+x] = near(img.At(b.Min.X+x*step, b.Min.Y+y*step), c)
		}
	}
	seen := make([]bool, w*h)
	var out []image.Rectangle
	for i := range hit {
		if !hit[i] || seen[i] {
			continue
		}
		r := image.Rectangle{Min: image.Pt(i%w, i/w), Max: image.Pt(i%w+1, i/w+1)}
		stack := []int{i}
		seen[i] = true
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := j%w, j/w
			r = r.Union(image.Rect(x, y, x+1, y+1))
			for _, k := range []int{j - 1, j + 1, j - w, j + w} {
				if k >= 0 && k < len(hit) && hit[k] && !seen[k] && (k/w == y || k%w == x) {
					seen[k] = true
					stack = append(stack, k)
				}
			}
		}
		r = image.Rect(r.Min.X*step, r.Min.Y*step, r.Max.X*step, r.Max.Y*step).Add(b.Min)
		if r.Dx() >= 40 && r.Dy() >= 30 {
			out = append(out, r)
		}
	}
	return out
}

// Largest is the biggest of rs; the test fails when there is none (what names it).
func Largest(t testing.TB, rs []image.Rectangle, what string) image.Rectangle {
	t.Helper()
	var best image.Rectangle
	for _, r := range rs {
		if r.Dx()*r.Dy() > best.Dx()*best.Dy() {
			best = r
		}
	}
	if best.Empty() {
		t.Fatalf("%s is not on screen", what)
	}
	return best
}

// Center is the middle of r.
func Center(r image.Rectangle) image.Point { return image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2) }

// Same reports whether two screenshots are alike (every other pixel compared).
func Same(a, b image.Image) bool { return SameOutside(a, b, image.Rectangle{}) }

// SameOutside reports whether two screenshots are alike everywhere but in
// skip (every other pixel compared): a tapped button's hover or press
// shading is not a new screen.
func SameOutside(a, b image.Image, skip image.Rectangle) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	bd := a.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 2 {
		for x := bd.Min.X; x < bd.Max.X; x += 2 {
			if image.Pt(x, y).In(skip) {
				continue
			}
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// Still reports whether b is a with at most a text cursor's worth of change:
// at most stillPixels differing samples (of every second pixel in each
// direction). A focused entry's cursor blinks, so two screenshots of a
// settled screen with a text field can differ by that much and no more.
func Still(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	const stillPixels = 150 // a 3×60 px cursor at 1920×1080 is 45 samples
	bd, n := a.Bounds(), 0
	for y := bd.Min.Y; y < bd.Max.Y; y += 2 {
		for x := bd.Min.X; x < bd.Max.X; x += 2 {
			if a.At(x, y) != b.At(x, y) {
				if n++; n > stillPixels {
					return false
				}
			}
		}
	}
	return true
}

// Share is the fraction of img's pixels within a small tolerance of c.
func Share(img image.Image, c color.Color) float64 {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			if near(img.At(x, y), c) {
				n++
			}
		}
	}
	return float64(n) / float64((b.Dx()/2)*(b.Dy()/2))
}

func near(a, b color.Color) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { v := int(x>>8) - int(y>>8); return v >= -3 && v <= 3 }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}
