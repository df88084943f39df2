package gallery

import (
	"bytes"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	xdraw "golang.org/x/image/draw"
)

// TestFitThumbnail: a thumbnail is scaled down to the card's box keeping
// its proportions, never up; a JPEG's YCbCr stays YCbCr (4:2:0 when
// scaled), anything else comes out RGBA; the colours survive.
func TestFitThumbnail(t *testing.T) {
	ycc := image.NewYCbCr(image.Rect(0, 0, 320, 240), image.YCbCrSubsampleRatio444)
	for i := range ycc.Y {
		ycc.Y[i], ycc.Cb[i], ycc.Cr[i] = 120, 90, 170
	}
	nrgba := image.NewNRGBA(image.Rect(0, 0, 320, 240))
	for i := 0; i < len(nrgba.Pix); i += 4 {
		copy(nrgba.Pix[i:], []uint8{200, 40, 90, 255})
	}
	for _, src := range []image.Image{ycc, nrgba} {
		for _, c := range []struct {
			w, h, wantW, wantH int
		}{
			{204, 140, 187, 140}, // the card at scale 1: height bound
			{160, 400, 160, 120}, // width bound
			{640, 480, 320, 240}, // a larger box: never scaled up
		} {
			img := fitThumbnail(src, c.w, c.h)
			switch img.(type) {
			case *image.YCbCr:
				if src != ycc {
					t.Fatalf("box %d×%d: an RGB image became YCbCr", c.w, c.h)
				}
			case *image.RGBA:
				if src == ycc {
					t.Fatalf("box %d×%d: a YCbCr image became RGBA", c.w, c.h)
				}
			default:
				t.Fatalf("box %d×%d: a %T", c.w, c.h, img)
			}
			if b := img.Bounds(); b.Dx() != c.wantW || b.Dy() != c.wantH {
				t.Fatalf("box %d×%d: %v, want %d×%d", c.w, c.h, b, c.wantW, c.wantH)
			}
			want := color.RGBAModel.Convert(src.At(5, 5)).(color.RGBA)
			got := color.RGBAModel.Convert(img.At(img.Bounds().Dx()/2, img.Bounds().Dy()/2)).(color.RGBA)
			if got != want {
				t.Fatalf("box %d×%d: middle %v, want %v", c.w, c.h, got, want)
			}
		}
		if img := fitThumbnail(src, 0, 0); img != src {
			t.Fatal("no box: the thumbnail was changed")
		}
	}
}

// TestScalePlane: the hand-written plane scaler gives exactly what
// x/image/draw's ApproxBiLinear gives on an image.Gray (the thumbnails
// look as before), on noise, shrinking and at odd sizes.

// TestScalePlane: the hand-written plane scaler gives exactly what
// x/image/draw's ApproxBiLinear gives on an image.Gray (the thumbnails
// look as before), on noise, shrinking and at odd sizes.
func TestScalePlane(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ sw, sh, dw, dh int }{
		{320, 240, 187, 140}, {160, 120, 94, 70}, {17, 9, 5, 3}, {3, 3, 3, 3}, {640, 400, 204, 128}, {1, 1, 1, 1},
	} {
		src := image.NewGray(image.Rect(0, 0, c.sw+3, c.sh)) // a stride wider than the plane
		for i := range src.Pix {
			src.Pix[i] = uint8(rng.IntN(256))
		}
		want := image.NewGray(image.Rect(0, 0, c.dw, c.dh))
		view := src.SubImage(image.Rect(0, 0, c.sw, c.sh)).(*image.Gray)
		xdraw.ApproxBiLinear.Scale(want, want.Rect, view, view.Rect, xdraw.Src, nil)
		got := image.NewGray(image.Rect(0, 0, c.dw, c.dh))
		scalePlane(got.Pix, got.Stride, c.dw, c.dh, src.Pix, src.Stride, c.sw, c.sh)
		if !bytes.Equal(got.Pix, want.Pix) {
			t.Fatalf("%d×%d → %d×%d: differs from ApproxBiLinear", c.sw, c.sh, c.dw, c.dh)
		}
	}
}

func BenchmarkFitThumbnail(b *testing.B) {
	src := image.NewYCbCr(image.Rect(0, 0, 320, 240), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = uint8(i)
	}
	for b.Loop() {
		fitThumbnail(src, 204, 140)
	}
}
