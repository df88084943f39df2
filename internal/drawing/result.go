package drawing

import (
	"fmt"
	"image"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// Media types of a drawing's blobs.
const (
	MediaTypePNG     = media.PNGMediaType
	MediaTypeJPEG    = media.JPEGMediaType
	MediaTypeStrokes = "application/vnd.afterimage.strokes"
)

// Blob names of a drawing, fixed so that each draft checkpoint replaces the
// previous one's stroke log.
const (
	BlobOriginal  = "b1"
	BlobThumbnail = "b2"
	BlobStrokes   = "b3"
)

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
	wg.Go(func() { thumb, errT = media.ThumbnailJPEG(r.Image) })
	wg.Go(func() { pngB, errP = media.EncodePNG(r.Image) })
	wg.Wait()
	if errP != nil {
		return nil, fmt.Errorf("drawing: encode png: %w", errP)
	}
	if errT != nil {
		return nil, fmt.Errorf("drawing: encode thumbnail: %w", errT)
	}
	return &Encoded{PNG: pngB, Thumbnail: thumb, Strokes: r.Strokes}, nil
}
