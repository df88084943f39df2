package checkpoint

import (
	"context"
	"time"
)

// DefaultEvery is the period a Flusher made with a period ≤ 0 flushes at.
const DefaultEvery = 5 * time.Second

// Flusher calls flush every period until Stop or the context given to
// Start ends. A flush that fails is reported to failed (unless the
// Flusher is stopping) and is not retried before the next tick.
type Flusher struct {
	every  time.Duration
	flush  func(context.Context) error
	failed func(error)

	cancel context.CancelFunc
	done   chan struct{}
}

// New returns a Flusher that calls flush every period (≤ 0 means
// DefaultEvery) once started, and failed with the error of a flush that
// failed while not stopping; failed may be nil.
func New(every time.Duration, flush func(context.Context) error, failed func(error)) *Flusher {
	if every <= 0 {
		every = DefaultEvery
	}
	return &Flusher{every: every, flush: flush, failed: failed}
}

// Start begins flushing until Stop or ctx ends. Call it once, before Stop
// can be called.
func (f *Flusher) Start(ctx context.Context) {
	ctx, f.cancel = context.WithCancel(ctx)
	f.done = make(chan struct{})
	go func() {
		defer close(f.done)
		t := time.NewTicker(f.every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := f.flush(ctx); err != nil && ctx.Err() == nil && f.failed != nil {
					f.failed(err)
				}
			}
		}
	}()
}

// Stop ends flushing and waits for a flush in progress (its context is
// cancelled). A Flusher never started stops at once.
func (f *Flusher) Stop() {
	if f.cancel == nil {
		return
	}
	f.cancel()
	<-f.done
}
