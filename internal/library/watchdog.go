package library

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// errStalled: a remote call made no progress for the library's CallTimeout.
var errStalled = errors.New("the storage stopped answering")

// watchdog gives a remote call a deadline that moves with progress: if kick
// is not called for d, the call's context is cancelled and its body (if
// any) closed, so a stalled read or listing fails instead of hanging.
type watchdog struct {
	d      time.Duration
	cancel context.CancelFunc
	timer  *time.Timer

	mu    sync.Mutex
	fired bool
	body  io.Closer
}

func startWatchdog(ctx context.Context, d time.Duration) (context.Context, *watchdog) {
	ctx, cancel := context.WithCancel(ctx)
	w := &watchdog{d: d, cancel: cancel}
	w.timer = time.AfterFunc(d, w.fire)
	return ctx, w
}

func (w *watchdog) fire() {
	w.mu.Lock()
	w.fired = true
	body := w.body
	w.mu.Unlock()
	w.cancel()
	if body != nil {
		go body.Close() // unblocks readers that ignore their context
	}
}

// kick reports progress.
func (w *watchdog) kick() { w.timer.Reset(w.d) }

// watch closes body too when the watchdog fires.
func (w *watchdog) watch(body io.Closer) {
	w.mu.Lock()
	w.body = body
	fired := w.fired
	w.mu.Unlock()
	if fired {
		go body.Close()
	}
}

// stop ends the watch; err is what the call returned, turned into a
// stall error if the watchdog fired.
func (w *watchdog) stop(err error) error {
	w.timer.Stop()
	w.mu.Lock()
	fired := w.fired
	w.mu.Unlock()
	w.cancel()
	if fired {
		return fmt.Errorf("%w for %v: %v", errStalled, w.d, err)
	}
	return err
}

// read copies r through the watchdog, kicking it on every read that makes
// progress.
type watchedReader struct {
	r io.Reader
	w *watchdog
}

func (wr watchedReader) Read(p []byte) (int, error) {
	n, err := wr.r.Read(p)
	if n > 0 {
		wr.w.kick()
	}
	return n, err
}
