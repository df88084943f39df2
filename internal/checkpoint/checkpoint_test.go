package checkpoint

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// guard bounds a wait on a condition so that a broken Flusher fails the
// test instead of hanging it; a working one never comes near it.
const guard = 10 * time.Second

func TestFlushesEveryPeriodAndReportsFailures(t *testing.T) {
	flushed := make(chan struct{})
	failures := make(chan error, 8)
	n := 0
	f := New(time.Millisecond, func(ctx context.Context) error {
		n++ // only the loop's goroutine flushes
		if n == 2 {
			return errors.New("disk full")
		}
		select {
		case flushed <- struct{}{}:
		case <-ctx.Done():
		}
		return nil
	}, func(err error) { failures <- err })
	f.Start(context.Background())
	defer f.Stop()
	// Two flushes that succeed on either side of one that fails: the loop
	// keeps going after a failure and the failure is reported.
	for i := 0; i < 2; i++ {
		select {
		case <-flushed:
		case <-time.After(guard):
			t.Fatalf("flush %d did not come within %v at a period of 1 ms", i+1, guard)
		}
	}
	select {
	case err := <-failures:
		if err == nil || err.Error() != "disk full" {
			t.Fatalf("failure reported as %v; want the flush's error", err)
		}
	default:
		t.Fatal("the failed flush was not reported")
	}
}

func TestStopWaitsForAFlushInProgress(t *testing.T) {
	entered := make(chan context.Context, 1)
	release := make(chan struct{})
	var finished atomic.Bool
	f := New(time.Millisecond, func(ctx context.Context) error {
		select {
		case entered <- ctx:
		default: // a later tick; the test waits for the first flush only
		}
		<-release
		finished.Store(true)
		return ctx.Err()
	}, func(err error) { t.Errorf("a flush cancelled by Stop was reported as failed: %v", err) })
	f.Start(context.Background())

	var ctx context.Context
	select {
	case ctx = <-entered:
	case <-time.After(guard):
		t.Fatalf("no flush within %v at a period of 1 ms", guard)
	}
	stopped := make(chan bool) // whether the flush had finished when Stop returned
	go func() {
		f.Stop()
		stopped <- finished.Load()
	}()
	<-ctx.Done() // Stop has cancelled the flush in progress, which is still held
	close(release)
	select {
	case done := <-stopped:
		if !done {
			t.Fatal("Stop returned before the flush in progress finished")
		}
	case <-time.After(guard):
		t.Fatalf("Stop did not return within %v of the flush finishing", guard)
	}
}

func TestStopWithoutStartReturns(t *testing.T) {
	f := New(0, func(context.Context) error {
		t.Error("a Flusher never started flushed")
		return nil
	}, nil)
	if f.every != DefaultEvery {
		t.Errorf("period ≤ 0 gave %v; want DefaultEvery (%v)", f.every, DefaultEvery)
	}
	f.Stop()
}
