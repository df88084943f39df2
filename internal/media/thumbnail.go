package media

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	"github.com/disintegration/imaging"
)

// Thumbnail sizes used for stored pieces.
const (
	ThumbnailWidth  = 320
	ThumbnailHeight = 240
)

// Thumbnail scales img to fit within width × height, keeping its aspect
// ratio (never enlarging), with a Lanczos filter.
func Thumbnail(img image.Image, width, height int) *image.NRGBA {
	b := img.Bounds()
	if b.Dx() <= width && b.Dy() <= height {
		return imaging.Clone(img)
	}
	return imaging.Fit(img, width, height, imaging.Lanczos)
}

// ThumbnailPNG is the stored thumbnail of a drawing, PNG-encoded.
func ThumbnailPNG(img image.Image) ([]byte, error) {
	return EncodePNG(Thumbnail(img, ThumbnailWidth, ThumbnailHeight))
}

// EncodePNG encodes img as PNG with default compression.
func EncodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("media: encode png: %w", err)
	}
	return buf.Bytes(), nil
}
