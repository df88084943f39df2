package media

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"sync"

	"github.com/disintegration/imaging"
)

// Media types of a drawing's images.
const (
	// JPEGMediaType is the media type of ThumbnailJPEG's output.
	JPEGMediaType = "image/jpeg"
)

// ThumbnailWidth is the width of a drawing's thumbnail in pixels.
const ThumbnailWidth = 512

// encoderPool reuses png.Encoder buffers between saves.
type encoderPool struct{ p sync.Pool }

func (e *encoderPool) Get() *png.EncoderBuffer  { b, _ := e.p.Get().(*png.EncoderBuffer); return b }
func (e *encoderPool) Put(b *png.EncoderBuffer) { e.p.Put(b) }

var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &encoderPool{}}

// EncodePNG encodes img as PNG at best speed (a 1080p canvas is mostly
// flat paper, which compresses well even so).
func EncodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := pngEncoder.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Thumbnail scales img to ThumbnailWidth pixels wide (keeping its aspect).
// An *image.RGBA at least twice as wide is first halved by averaging 2×2
// blocks (a quarter of the pixels for imaging to convert and filter), then
// imaging's box filter, which averages every source pixel, does the rest.
func Thumbnail(img image.Image) *image.NRGBA {
	for {
		rgba, ok := img.(*image.RGBA)
		if !ok || rgba.Rect.Dx() < 2*ThumbnailWidth {
			break
		}
		img = halve(rgba)
	}
	return imaging.Resize(img, ThumbnailWidth, 0, imaging.Box)
}

// halve averages 2×2 blocks of src (premultiplied averaging is exact for
// the opaque canvas and correct for any alpha).
func halve(src *image.RGBA) *image.RGBA {
	w, h := src.Rect.Dx()/2, src.Rect.Dy()/2
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		r0 := src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+2*y):]
		r1 := src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+2*y+1):]
		d := dst.Pix[y*dst.Stride : y*dst.Stride+w*4]
		for x := 0; x < w*4; x += 4 {
			s := 2 * x
			for c := 0; c < 4; c++ {
				d[x+c] = uint8((uint32(r0[s+c]) + uint32(r0[s+4+c]) + uint32(r1[s+c]) + uint32(r1[s+4+c]) + 2) >> 2)
			}
		}
	}
	return dst
}

// ThumbnailJPEG is Thumbnail encoded as JPEG at quality 85.
func ThumbnailJPEG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, Thumbnail(img), &jpeg.Options{Quality: 85}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
