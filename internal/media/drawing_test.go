package media

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

// drawingLike is a 1080p canvas of paper with a few hundred coloured
// strokes' worth of blobs, for the image benchmarks.
func drawingLike() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	paper := color.RGBA{0xfa, 0xf7, 0xf0, 0xff}
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = paper.R, paper.G, paper.B, paper.A
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		cx, cy, r := rng.IntN(1920), rng.IntN(1080), 4+rng.IntN(30)
		c := color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}
		for y := max(cy-r, 0); y < min(cy+r, 1080); y++ {
			for x := max(cx-r, 0); x < min(cx+r, 1920); x++ {
				if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r {
					img.SetRGBA(x, y, c)
				}
			}
		}
	}
	return img
}

func BenchmarkThumbnail(b *testing.B) {
	img := drawingLike()
	b.Run("resize", func(b *testing.B) {
		for b.Loop() {
			Thumbnail(img)
		}
	})
	b.Run("resize+jpeg", func(b *testing.B) {
		for b.Loop() {
			if _, err := ThumbnailJPEG(img); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEncodePNG(b *testing.B) {
	img := drawingLike()
	for b.Loop() {
		if _, err := EncodePNG(img); err != nil {
			b.Fatal(err)
		}
	}
}

func TestThumbnailAveragesColour(t *testing.T) {
	// a fine black/white checkerboard must come out mid-grey, not aliased
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	for y := 0; y < 1080; y++ {
		for x := 0; x < 1920; x++ {
			v := uint8(0)
			if (x+y)%2 == 0 {
				v = 255
			}
			o := img.PixOffset(x, y)
			img.Pix[o], img.Pix[o+1], img.Pix[o+2], img.Pix[o+3] = v, v, v, 255
		}
	}
	th := Thumbnail(img)
	if th.Bounds().Dx() != 512 || th.Bounds().Dy() != 288 {
		t.Fatalf("thumbnail is %v", th.Bounds())
	}
	for _, pt := range []image.Point{{0, 0}, {255, 143}, {511, 287}} {
		if c := th.NRGBAAt(pt.X, pt.Y); c.R < 120 || c.R > 135 || c.A != 255 {
			t.Errorf("thumbnail at %v = %v, want mid grey", pt, c)
		}
	}
}
