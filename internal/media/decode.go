package media

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // pieces' thumbnails
	_ "image/png"  // drawings, thumbnails, waveforms
	"io"
)

// Pixel budgets for DecodeImage: a thumbnail or waveform, and a full drawing.
const (
	ThumbnailPixels = 1 << 20  // 1 megapixel (stored thumbnails are 320×240)
	DrawingPixels   = 16 << 20 // 16 megapixels (4096×4096)
)

// ErrImageTooLarge: an image declares more pixels than the caller allows.
var ErrImageTooLarge = errors.New("media: image too large")

// DecodeImage decodes a PNG or JPEG that came out of a piece (or anywhere
// else not trusted), after checking the size its header declares against
// maxPixels: a small file declaring a huge canvas (a decode bomb) fails with
// ErrImageTooLarge before any pixel memory is allocated. It is slow work:
// never call it on the UI goroutine.
func DecodeImage(data []byte, maxPixels int64) (image.Image, string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, "", fmt.Errorf("media: decode image: %w", err)
	}
	if err := checkPixels(cfg, maxPixels); err != nil {
		return nil, format, err
	}
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, format, fmt.Errorf("media: decode %s: %w", format, err)
	}
	return img, format, nil
}

// DecodeImageReader is DecodeImage for a stream of at most maxBytes bytes.
func DecodeImageReader(r io.Reader, maxBytes, maxPixels int64) (image.Image, string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("media: read image: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, "", fmt.Errorf("%w: more than %d bytes", ErrImageTooLarge, maxBytes)
	}
	return DecodeImage(data, maxPixels)
}

func checkPixels(cfg image.Config, maxPixels int64) error {
	w, h := int64(cfg.Width), int64(cfg.Height)
	if w <= 0 || h <= 0 {
		return fmt.Errorf("media: decode image: %d×%d pixels", w, h)
	}
	if w > maxPixels || h > maxPixels || w*h > maxPixels {
		return fmt.Errorf("%w: %d×%d pixels, at most %d allowed", ErrImageTooLarge, w, h, maxPixels)
	}
	return nil
}
