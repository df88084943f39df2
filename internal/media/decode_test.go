package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// pngBomb is a tiny PNG whose header declares w×h pixels.
func pngBomb(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, c.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

func TestDecodeImageRefusesBombs(t *testing.T) {
	bomb := pngBomb(100000, 100000) // 40 GB of RGBA, in ~70 bytes
	if len(bomb) > 120 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	if _, _, err := DecodeImage(bomb, DrawingPixels); !errors.Is(err, ErrImageTooLarge) {
		t.Fatalf("decoding a %d-byte PNG declaring 100000×100000: %v, want ErrImageTooLarge", len(bomb), err)
	}
	if _, _, err := DecodeImage(pngBomb(1<<31-1, 1), DrawingPixels); !errors.Is(err, ErrImageTooLarge) {
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
	f.Add(pngBomb(10, 10))
	f.Add(pngBomb(1<<20, 1<<20))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, _, err := DecodeImage(data, 1<<16)
		if err == nil && int64(img.Bounds().Dx())*int64(img.Bounds().Dy()) > 1<<16 {
			t.Fatalf("decoded %v over budget", img.Bounds())
		}
	})
}
