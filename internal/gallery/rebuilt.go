package gallery

import (
	"context"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/library"
)

// rebuildTimeout bounds rebuilding one recovered piece for the screen.
const rebuildTimeout = 2 * time.Minute

// rebuiltFile is the file with one of roles that the gallery makes from a
// crash-recovered piece's blobs (internal/recovered: the kiosk uploaded
// only segments or a stroke log); ok is false when lp is not such a piece.
// Derived data: never stored.
func rebuiltFile(lp *library.Piece, roles ...string) (data []byte, ok bool, err error) {
	if !lp.NeedsRebuild() {
		return nil, false, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), rebuildTimeout)
	defer cancel()
	r, err := lp.Rebuild(ctx)
	if err != nil {
		return nil, true, err
	}
	for _, role := range roles {
		if out := r.Output(role); out != nil {
			return out.Data, true, nil
		}
	}
	return nil, true, nil
}
