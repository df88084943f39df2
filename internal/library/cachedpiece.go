package library

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// ErrNotCached is returned by CachedPiece for a piece that was never handed
// over (its sealed manifest is not in the cache).
var ErrNotCached = errors.New("library: piece not in the cache")

// CachedPiece returns one piece handed over earlier, read back from its
// sealed manifest in the encrypted cache and checked as Cached checks it
// (it opens, it is the piece and kiosk asked for, its origin is verified
// again), so the gallery can browse from its index and open a piece's blobs
// only when it shows them. It does not wait for a running pull: the
// manifest lands in the cache last, whole.
func (l *Library) CachedPiece(kiosk string, id piece.ID) (*Piece, error) {
	if !piece.ValidKioskID(kiosk) || id.Validate() != nil {
		return nil, fmt.Errorf("library: read cached piece: not a kiosk and piece id")
	}
	sealed, err := os.ReadFile(l.cachePath(kiosk, string(id), manifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("library: read cached piece %s: %w", id, ErrNotCached)
	}
	if err != nil {
		return nil, fmt.Errorf("library: read cached piece %s: %w", id, err)
	}
	if int64(len(sealed)) > maxSealedManifest {
		return nil, fmt.Errorf("library: read cached piece %s: cached manifest is damaged (too large)", id)
	}
	m, f := l.decodeManifest(sealed, kiosk, string(id))
	if f != nil {
		return nil, fmt.Errorf("library: read cached piece %s: cached manifest is damaged: %s", id, f.reason)
	}
	p := &Piece{Kiosk: kiosk, Manifest: m, lib: l}
	l.checkCachedOrigin(p)
	clean(m)
	return p, nil
}
