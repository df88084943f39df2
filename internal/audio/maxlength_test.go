package audio

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestMaxLengthWarnsThenStops: a recording gets its gentle warning
// WarnBefore ahead of MaxLength, then stops by itself with ErrMaxLength
// and keeps exactly MaxLength of sound.
func TestMaxLengthWarnsThenStops(t *testing.T) {
	startTone(t, 10)
	p := Music
	p.MaxLength, p.WarnBefore = 2*time.Second, time.Second
	warned := make(chan time.Duration, 1)
	stopped := make(chan error, 1)
	rec := NewRecorder(RecorderOptions{
		Preset:    p,
		OnWarning: func(left time.Duration) { warned <- left },
		OnStop:    func(reason error) { stopped <- reason },
	})
	if err := rec.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case left := <-warned:
		if left <= 0 || left > p.WarnBefore {
			t.Errorf("warned with %v left, want at most %v", left, p.WarnBefore)
		}
		if e := rec.Elapsed(); e < p.MaxLength-p.WarnBefore-200*time.Millisecond {
			t.Errorf("warned after %v of recording, want about %v", e, p.MaxLength-p.WarnBefore)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no warning before the maximum length")
	}
	select {
	case reason := <-stopped:
		if !errors.Is(reason, ErrMaxLength) {
			t.Fatalf("stopped because %v, want ErrMaxLength", reason)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the recording did not stop at its maximum length")
	}
	clip, err := rec.Stop()
	if err != nil && !errors.Is(err, ErrMaxLength) {
		t.Fatal(err)
	}
	if d := clip.Duration(); d != p.MaxLength {
		t.Fatalf("kept %v of sound, want exactly the maximum %v", d, p.MaxLength)
	}
}
