package gallery

import (
	"errors"
	"fmt"
	"image"
	"io"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// MaxStrokesBytes bounds a stroke log read for replay.
const MaxStrokesBytes = 64 << 20

// ErrNoStrokes: the piece stores no stroke log to replay.
var ErrNoStrokes = errors.New("gallery: the piece has no stroke log")

// Strokes reads a drawing's stroke log from the encrypted cache, verified
// against its manifest and bounded. Slow: never on the UI goroutine.
func (s *Session) Strokes(p index.Piece) ([]byte, error) {
	_, lp, err := s.cachedPiece(p, ErrNoStrokes)
	if err != nil {
		return nil, err
	}
	return readRole(lp, piece.RoleStrokes, MaxStrokesBytes, ErrNoStrokes)
}

// readRole reads the blob of role from a cached piece, refusing one larger
// than limit; none is an error when the piece holds no such blob.
func readRole(lp *library.Piece, role string, limit int64, none error) ([]byte, error) {
	for _, b := range lp.Manifest.Blobs {
		if b.Role != role {
			continue
		}
		if b.Size > limit {
			return nil, fmt.Errorf("gallery: piece %s: %s of %d bytes is too large", lp.Manifest.ID, role, b.Size)
		}
		rc, err := lp.OpenBlob(b.Name)
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(io.LimitReader(rc, limit+1))
	}
	return nil, none
}

// Replay plays a drawing's stroke log back with the engine that painted
// it (internal/paint), which is deterministic: the last frame is the
// stored drawing, pixel for pixel. A Replay belongs to one goroutine.
type Replay struct {
	rec *paint.Recording
	pl  *paint.Player
	at  time.Duration
}

// NewReplay decodes a stroke log (hostile input: paint.DecodeLog bounds
// it). Slow for long logs: not on the UI goroutine.
func NewReplay(strokes []byte) (*Replay, error) {
	rec, err := paint.DecodeLog(strokes)
	if err != nil {
		return nil, fmt.Errorf("gallery: replay: %w", err)
	}
	return &Replay{rec: rec, pl: paint.NewPlayerFor(rec)}, nil
}

// Duration is the time from the first to the last action.
func (r *Replay) Duration() time.Duration { return r.rec.Duration() }

// Position is how far the replay is.
func (r *Replay) Position() time.Duration { return r.at }

// Done reports whether every action has been replayed.
func (r *Replay) Done() bool { return r.pl.Done() }

// Size is the drawing's size in pixels.
func (r *Replay) Size() image.Point { return image.Pt(r.rec.Width, r.rec.Height) }

// AdvanceTo replays up to t after the start. Going back starts again from
// the blank canvas (as long as replaying up to t takes).
func (r *Replay) AdvanceTo(t time.Duration) {
	if t < r.at {
		r.pl = paint.NewPlayerFor(r.rec)
	}
	r.at = t
	r.pl.AdvanceTo(t)
}

// Frame copies the canvas as it stands into dst (a new image when dst is
// nil or of another size) and returns it.
func (r *Replay) Frame(dst *image.RGBA) *image.RGBA {
	c := r.pl.Canvas()
	if dst == nil || dst.Rect != c.Bounds() {
		dst = image.NewRGBA(c.Bounds())
	}
	c.CopyTo(dst)
	return dst
}
