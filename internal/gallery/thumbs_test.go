package gallery

import (
	"image"
	"image/color"
	"testing"
)

// TestFitThumbnail: a thumbnail is scaled down to the card's box keeping
// its proportions, never up, and comes out as RGBA with its colours.
func TestFitThumbnail(t *testing.T) {
	src := image.NewYCbCr(image.Rect(0, 0, 320, 240), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = 200
	}
	for i := range src.Cb {
		src.Cb[i], src.Cr[i] = 128, 128
	}
	for _, c := range []struct {
		w, h, wantW, wantH int
	}{
		{204, 140, 187, 140}, // the card at scale 1: height bound
		{160, 400, 160, 120}, // width bound
		{640, 480, 320, 240}, // a larger box: never scaled up
	} {
		img := fitThumbnail(src, c.w, c.h)
		rgba, ok := img.(*image.RGBA)
		if !ok {
			t.Fatalf("box %d×%d: a %T, not RGBA", c.w, c.h, img)
		}
		if b := rgba.Bounds(); b.Dx() != c.wantW || b.Dy() != c.wantH {
			t.Fatalf("box %d×%d: %v, want %d×%d", c.w, c.h, b, c.wantW, c.wantH)
		}
		want := color.RGBAModel.Convert(src.At(5, 5)).(color.RGBA)
		if got := rgba.RGBAAt(rgba.Bounds().Dx()/2, rgba.Bounds().Dy()/2); got != want {
			t.Fatalf("box %d×%d: middle %v, want %v", c.w, c.h, got, want)
		}
	}
	if img := fitThumbnail(src, 0, 0); img != image.Image(src) {
		t.Fatal("no box: the thumbnail was changed")
	}
}
