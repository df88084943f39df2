package drawing

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/checkpoint"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// Drafter checkpoints an unfinished drawing. The kiosk implements it with
// spool.SaveDraft and the piece's manifest (marked unfinished); blobs hold
// the stroke log (BlobStrokes), from which the drawing can be rebuilt.
type Drafter interface {
	SaveDraft(ctx context.Context, blobs []spool.BlobSource) error
}

// DraftBlobs is what a draft checkpoint holds: the stroke log.
func DraftBlobs(strokes []byte) []spool.BlobSource {
	return []spool.BlobSource{spool.Bytes(BlobStrokes, piece.RoleStrokes, MediaTypeStrokes, strokes)}
}

// DefaultAutosaveEvery is how often a drawing in progress is checkpointed.
const DefaultAutosaveEvery = checkpoint.DefaultEvery

// Autosaver checkpoints a stroke log whenever it has changed, every few
// seconds, on its own goroutine. Failures are logged (without content) and
// retried at the next tick; the previous checkpoint stands meanwhile.
type Autosaver struct {
	log  *paint.Log
	d    Drafter
	loop *checkpoint.Flusher
	// Saved, if set before Start, receives the log generation of every
	// checkpoint written (it is not blocked on: a full channel misses one).
	Saved chan uint64

	mu      sync.Mutex
	lastGen uint64
	saved   bool
}

// NewAutosaver returns an autosaver for log; every ≤ 0 means
// DefaultAutosaveEvery.
func NewAutosaver(log *paint.Log, d Drafter, every time.Duration) *Autosaver {
	a := &Autosaver{log: log, d: d}
	a.loop = checkpoint.New(every, a.Flush, func(err error) {
		slog.Warn("drawing: autosave failed; will retry", "err", err)
	})
	return a
}

// Start begins checkpointing until Stop or ctx ends.
func (a *Autosaver) Start(ctx context.Context) { a.loop.Start(ctx) }

// Stop ends checkpointing and waits for a checkpoint in progress.
func (a *Autosaver) Stop() { a.loop.Stop() }

// Flush writes a checkpoint now if the log changed since the last one.
func (a *Autosaver) Flush(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	gen := a.log.Generation()
	if a.saved && gen == a.lastGen {
		return nil
	}
	if gen == 0 {
		return nil // nothing drawn yet: no draft
	}
	if err := a.d.SaveDraft(ctx, DraftBlobs(a.log.Snapshot())); err != nil {
		return err
	}
	a.lastGen, a.saved = gen, true
	if a.Saved != nil {
		select {
		case a.Saved <- gen:
		default:
		}
	}
	return nil
}
