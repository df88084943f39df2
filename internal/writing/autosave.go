package writing

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/checkpoint"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// Drafter checkpoints an unfinished page. The kiosk implements it with
// spool.SaveDraft and the piece's manifest; blobs hold the text (BlobText)
// and its picture (BlobThumbnail).
type Drafter interface {
	SaveDraft(ctx context.Context, blobs []spool.BlobSource) error
}

// DefaultAutosaveEvery is how often a page being written is checkpointed.
const DefaultAutosaveEvery = checkpoint.DefaultEvery

// Autosaver checkpoints a page whenever it has changed, every few seconds,
// on its own goroutine, so a crash loses at most the last few seconds of
// typing. Failures are logged (without content) and retried at the next
// tick; the previous checkpoint stands meanwhile.
type Autosaver struct {
	page *Page
	d    Drafter
	loop *checkpoint.Flusher

	mu      sync.Mutex
	lastGen uint64
}

// NewAutosaver returns an autosaver for page; every ≤ 0 means
// DefaultAutosaveEvery.
func NewAutosaver(page *Page, d Drafter, every time.Duration) *Autosaver {
	a := &Autosaver{page: page, d: d}
	a.loop = checkpoint.New(every, a.Flush, func(err error) {
		slog.Warn("writing: autosave failed; will retry", "err", err)
	})
	return a
}

// Start begins checkpointing until Stop or ctx ends.
func (a *Autosaver) Start(ctx context.Context) { a.loop.Start(ctx) }

// Stop ends checkpointing and waits for a checkpoint in progress.
func (a *Autosaver) Stop() { a.loop.Stop() }

// Flush writes a checkpoint now if the page changed since the last one.
// A page never written has no draft.
func (a *Autosaver) Flush(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	gen := a.page.Generation()
	if gen == a.lastGen {
		return nil
	}
	r := a.page.Result()
	// The picture too, so that a page recovered after a crash has its
	// thumbnail; the text alone if the picture cannot be made.
	blobs, err := r.Blobs()
	if err != nil {
		blobs = []spool.BlobSource{TextBlob(r.Text)}
	}
	if err := a.d.SaveDraft(ctx, blobs); err != nil {
		return err
	}
	a.lastGen = gen
	return nil
}
