package emotion

import (
	"image"
	"testing"
)

// ink counts pixels drawn in the top (rays) band and measures where the
// mouth's lowest drawn pixel sits, to check that the pictures vary the way
// the scale says.
func TestFigureVariesWithLevel(t *testing.T) {
	const size = 200
	opaque := func(img *image.RGBA, r image.Rectangle) int {
		n := 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if img.RGBAAt(x, y).A > 0x80 {
					n++
				}
			}
		}
		return n
	}
	// Energy: more ink outside the head (rays) as the level rises.
	prev := -1
	for l := MoodMin; l <= MoodMax; l++ {
		img, err := Figure(Energy, l, size)
		if err != nil {
			t.Fatal(err)
		}
		ring := opaque(img, img.Bounds()) - opaque(img, image.Rect(38, 38, 162, 162))
		if ring < prev || (l > MoodMin && ring == prev) {
			t.Errorf("energy %d: %d ray pixels, want more than %d", l, ring, prev)
		}
		prev = ring
	}
	// Pleasantness: the mouth's centre moves down relative to its corners
	// from frown to smile.
	centreRow := func(img *image.RGBA) int {
		for y := size - 1; y >= 0; y-- {
			if c := img.RGBAAt(size/2, y); c.A > 0x80 && c.R < 0x80 && y > size/2+5 && y < size/2+48 {
				return y
			}
		}
		return -1
	}
	frown, _ := Figure(Pleasantness, MoodMin, size)
	smile, _ := Figure(Pleasantness, MoodMax, size)
	if f, s := centreRow(frown), centreRow(smile); f < 0 || s < 0 || s <= f {
		t.Errorf("mouth centre row frown=%d smile=%d, want smile lower", f, s)
	}
	for _, bad := range []int{0, 10} {
		if _, err := Figure(Energy, bad, size); err == nil {
			t.Errorf("level %d accepted", bad)
		}
	}
	if _, err := Figure(Energy, 5, 4); err == nil {
		t.Error("size 4 accepted")
	}
}

func BenchmarkFigure(b *testing.B) {
	for b.Loop() {
		if _, err := Figure(Energy, MoodMax, 160); err != nil {
			b.Fatal(err)
		}
	}
}
