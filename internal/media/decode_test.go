package media

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/media/mediatest"
)

func TestDecodeImageRefusesBombs(t *testing.T) {
	bomb := mediatest.PNGBomb(100000, 100000) // 40 GB of RGBA, in ~70 bytes
	if len(bomb) > 120 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	if _, _, err := DecodeImage(bomb, DrawingPixels); !errors.Is(err, ErrImageTooLarge) {
		t.Fatalf("decoding a %d-byte PNG declaring 100000×100000: %v, want ErrImageTooLarge", len(bomb), err)
	}
	if _, _, err := DecodeImage(mediatest.PNGBomb(1<<31-1, 1), DrawingPixels); !errors.Is(err, ErrImageTooLarge) {
		t.Fatalf("a very wide PNG: %v, want ErrImageTooLarge", err)
	}
	img := image.NewNRGBA(image.Rect(0, 0, 320, 240))
	img.Set(3, 4, color.NRGBA{R: 200, A: 255})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	got, format, err := DecodeImage(buf.Bytes(), ThumbnailPixels)
	if err != nil || format != "png" || got.Bounds().Dx() != 320 {
		t.Fatalf("a real thumbnail: %v %q %v", got.Bounds(), format, err)
	}
	if _, _, err := DecodeImage(buf.Bytes(), 320*240-1); !errors.Is(err, ErrImageTooLarge) {
		t.Fatalf("one pixel over budget: %v", err)
	}
	if _, _, err := DecodeImageReader(bytes.NewReader(buf.Bytes()), 10, ThumbnailPixels); !errors.Is(err, ErrImageTooLarge) {
		t.Fatalf("over the byte limit: %v", err)
	}
}

func FuzzDecodeImage(f *testing.F) {
	f.Add(mediatest.PNGBomb(10, 10))
	f.Add(mediatest.PNGBomb(1<<20, 1<<20))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, _, err := DecodeImage(data, 1<<16)
		if err == nil && int64(img.Bounds().Dx())*int64(img.Bounds().Dy()) > 1<<16 {
			t.Fatalf("decoded %v over budget", img.Bounds())
		}
	})
}
