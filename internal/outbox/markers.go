package outbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// An "uploaded" marker is an empty file <StateDir>/uploaded/<piece-id> whose
// modification time is when the piece was verified in the bucket. It keeps
// an uploaded piece that is retained locally from being uploaded again, and
// covers a crash between verification and removal from the spool.

func markerDir(stateDir string) string { return filepath.Join(stateDir, "uploaded") }

func (o *Outbox) markerPath(id piece.ID) string {
	return filepath.Join(markerDir(o.opts.StateDir), string(id))
}

func (o *Outbox) mark(id piece.ID, at time.Time) error {
	p := o.markerPath(id)
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY, 0o600)
	if err == nil {
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = os.Chtimes(p, at, at)
	}
	if err == nil {
		err = atomicfile.SyncDir(filepath.Dir(p))
	}
	if err != nil {
		return fmt.Errorf("outbox: mark %s uploaded: %w", id, err)
	}
	return nil
}

func (o *Outbox) unmark(id piece.ID) {
	if err := os.Remove(o.markerPath(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		o.log.Warn("remove uploaded marker", "piece", string(id), "err", err)
	}
}

// expireMarkers removes retained pieces whose retention has passed and
// markers of pieces no longer in the spool, and returns the pieces of
// pending that were already uploaded.
func (o *Outbox) expireMarkers(pending []Piece) (map[piece.ID]bool, error) {
	entries, err := os.ReadDir(markerDir(o.opts.StateDir))
	if err != nil {
		return nil, fmt.Errorf("outbox: read markers: %w", err)
	}
	inSpool := make(map[piece.ID]bool, len(pending))
	for _, p := range pending {
		inSpool[p.ID] = true
	}
	now := o.opts.Clock.Now()
	uploaded := map[piece.ID]bool{}
	for _, e := range entries {
		id := piece.ID(e.Name())
		if id.Validate() != nil {
			continue
		}
		if !inSpool[id] {
			o.unmark(id)
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		if now.Sub(fi.ModTime()) >= o.opts.Retention {
			if err := o.opts.Source.Remove(id); err != nil {
				o.log.Warn("remove uploaded piece from spool", "piece", string(id), "err", err)
				uploaded[id] = true
				continue
			}
			o.unmark(id)
		}
		uploaded[id] = true // retained or just removed: not to upload
	}
	return uploaded, nil
}
