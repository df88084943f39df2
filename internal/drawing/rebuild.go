package drawing

import (
	"fmt"

	"github.com/afterimage-clinic/afterimage/internal/paint"
)

// Rebuild replays a stroke log (a draft's checkpoint, recovered after a
// crash) and encodes what a finished drawing has: the PNG, the thumbnail and
// the log itself. It takes as long as the replay and Encode: call it off the
// UI goroutine.
func Rebuild(strokes []byte) (*Encoded, error) {
	p, err := paint.Replay(strokes)
	if err != nil {
		return nil, fmt.Errorf("drawing: rebuild: %w", err)
	}
	r := Result{Image: p.Canvas().Snapshot(), Strokes: strokes, Actions: p.Log().Len()}
	enc, err := r.Encode()
	if err != nil {
		return nil, fmt.Errorf("drawing: rebuild: %w", err)
	}
	return enc, nil
}
