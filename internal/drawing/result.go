package drawing

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"sync"
	"time"

	"github.com/disintegration/imaging"

	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// Media types of a drawing's blobs.
const (
	MediaTypePNG     = "image/png"
	MediaTypeJPEG    = "image/jpeg"
	MediaTypeStrokes = "application/vnd.afterimage.strokes"
)

// Blob names of a drawing, fixed so that each draft checkpoint replaces the
// previous one's stroke log.
const (
	BlobOriginal  = "b1"
	BlobThumbnail = "b2"
	BlobStrokes   = "b3"
)

// ThumbnailWidth is the width of a drawing's thumbnail in pixels.
const ThumbnailWidth = 512

// Result is a drawing as it stands when the patient is done (or the visit
// ends): a private copy of the canvas and the encoded stroke log.
type Result struct {
	Image    *image.RGBA
	Strokes  []byte
	PromptID string // the prompt shown, if any
	Started  time.Time
	Finished time.Time
	Actions  int // logged actions; 0 means nothing was drawn
}

// Capture takes a Result from a painter. Call it on the painting goroutine
// (it copies the canvas, about 2 ms at 1080p); encode the result anywhere.
func Capture(p *paint.Painter, promptID string, started time.Time) Result {
	p.EndStroke()
	return Result{
		Image:    p.Canvas().Snapshot(),
		Strokes:  p.Log().Snapshot(),
		PromptID: promptID,
		Started:  started,
		Finished: time.Now(),
		Actions:  p.Log().Len(),
	}
}

// Empty reports whether nothing was drawn.
func (r Result) Empty() bool { return r.Actions == 0 }

// Encoded is a drawing's blobs, ready for the spool.
type Encoded struct {
	PNG, Thumbnail, Strokes []byte
}

// Blobs returns the drawing's spool sources: original PNG, JPEG thumbnail
// and stroke log.
func (e *Encoded) Blobs() []spool.BlobSource {
	return []spool.BlobSource{
		spool.Bytes(BlobOriginal, piece.RoleOriginal, MediaTypePNG, e.PNG),
		spool.Bytes(BlobThumbnail, piece.RoleThumbnail, MediaTypeJPEG, e.Thumbnail),
		spool.Bytes(BlobStrokes, piece.RoleStrokes, MediaTypeStrokes, e.Strokes),
	}
}

// Encode encodes the PNG and the thumbnail. It takes tens of milliseconds:
// call it from a goroutine, never from the UI goroutine.
func (r Result) Encode() (*Encoded, error) {
	if r.Image == nil {
		return nil, fmt.Errorf("drawing: encode: no image")
	}
	var (
		wg    sync.WaitGroup
		thumb []byte
		errT  error
		pngB  []byte
		errP  error
	)
	wg.Go(func() { thumb, errT = ThumbnailJPEG(r.Image) })
	wg.Go(func() { pngB, errP = EncodePNG(r.Image) })
	wg.Wait()
	if errP != nil {
		return nil, fmt.Errorf("drawing: encode png: %w", errP)
	}
	if errT != nil {
		return nil, fmt.Errorf("drawing: encode thumbnail: %w", errT)
	}
	return &Encoded{PNG: pngB, Thumbnail: thumb, Strokes: r.Strokes}, nil
}

// encoders reuses png.Encoder buffers between saves.
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
