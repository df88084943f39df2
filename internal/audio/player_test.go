package audio

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// TestPlayerLoopback plays a clip through the Player into the bench's sink
// while a Recorder listens to it: the sink's monitor is the microphone.
func TestPlayerLoopback(t *testing.T) {
	testbench.Audio(t)
	// 1 s of 880 Hz then 2 s of 440 Hz; seeking past the first second must
	// skip the 880 Hz part.
	clip := Clip{Samples: append(sine(880, 0.5, SampleRate), sine(440, 0.5, 2*SampleRate)...)}
	var rec *Recorder
	finished := make(chan struct{})
	p := NewPlayer(clip, PlayerOptions{OnFinished: func() { close(finished) }})
	p.Seek(1200 * time.Millisecond)
	if got := p.Position(); got != 1200*time.Millisecond {
		t.Fatalf("position after seek %v", got)
	}
	rec = NewRecorder(RecorderOptions{Preset: Music})
	if err := rec.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := p.Play(); err != nil {
		rec.Stop()
		t.Fatal(err)
	}
	select {
	case <-finished:
	case <-time.After(10 * time.Second):
		t.Fatal("playback did not finish")
	}
	got, err := rec.Stop()
	if err != nil {
		t.Fatal(err)
	}
	if p.Playing() || p.Position() != clip.Duration() {
		t.Fatalf("after the end: playing %v at %v", p.Playing(), p.Position())
	}
	// Keep the loud part of what was heard.
	s := SuggestTrim(got.Samples, -20, 0)
	heard := got.Samples[s.Start:s.End]
	if d := samplesToDuration(len(heard)); d < 1600*time.Millisecond || d > 2000*time.Millisecond {
		t.Errorf("heard %v of sound, want the 1.8 s after the seek point", d)
	}
	if f := dominantFrequency(heard, SampleRate); math.Abs(f-440) > 5 {
		t.Errorf("heard %.1f Hz, want 440", f)
	}
}
