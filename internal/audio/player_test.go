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
	// Keep the loud part of what was heard. Its span can hold gaps where
	// a loaded machine let the sink run dry (ALSA underruns), so the sound
	// heard is counted in 10 ms windows, not as the span's length.
	s := SuggestTrim(got.Samples, -20, 0)
	heard := got.Samples[s.Start:s.End]
	if d := loudDuration(heard); d < 1600*time.Millisecond || d > 2000*time.Millisecond {
		t.Errorf("heard %v of sound, want the 1.8 s after the seek point", d)
	}
	if f := dominantFrequency(heard, SampleRate); math.Abs(f-440) > 5 {
		t.Errorf("heard %.1f Hz, want 440", f)
	}
}

// TestPlayOnlyRange checks what a trimmed clip hands the device: only the
// kept part, then silence and the end; playing again starts at its start.
func TestPlayOnlyRange(t *testing.T) {
	samples := make([]int16, SampleRate) // 1 s: sample i has value i % 30000
	for i := range samples {
		samples[i] = int16(i % 30000)
	}
	p := NewPlayer(Clip{Samples: samples}, PlayerOptions{})
	p.PlayOnly(250*time.Millisecond, 500*time.Millisecond)
	if at := p.pos.Load(); at != 0 {
		t.Fatalf("PlayOnly moved the position to %d", at)
	}
	p.pos.Store(p.lo.Load()) // what Play does outside the part
	out := make([]int16, SampleRate/10)
	var got []int16
	for {
		ended := p.fill(out)
		got = append(got, out...)
		if ended {
			break
		}
	}
	lo, hi := SampleRate/4, SampleRate/2
	for i, v := range got {
		want := int16(0)
		if i < hi-lo {
			want = samples[lo+i]
		}
		if v != want {
			t.Fatalf("sample %d: got %d, want %d", i, v, want)
		}
	}
	if len(got) < hi-lo {
		t.Fatalf("only %d samples played, want %d", len(got), hi-lo)
	}
	if p.Position() != 500*time.Millisecond {
		t.Fatalf("position %v after the part, want 500ms", p.Position())
	}
	// An inverted range plays nothing; the clip's end clamps.
	p.PlayOnly(800*time.Millisecond, 100*time.Millisecond)
	if p.lo.Load() != p.hi.Load() {
		t.Fatalf("inverted range gave [%d, %d)", p.lo.Load(), p.hi.Load())
	}
	p.PlayOnly(0, 5*time.Second)
	if p.hi.Load() != int64(len(samples)) {
		t.Fatalf("end not clamped: %d", p.hi.Load())
	}
}

// loudDuration is how much of pcm is sound: the 10 ms windows whose peak
// is within 20 dB of the loudest sample.
func loudDuration(pcm []int16) time.Duration {
	peak := 0
	for _, v := range pcm {
		peak = max(peak, abs(int(v)))
	}
	const window = SampleRate / 100
	loud := 0
	for i := 0; i+window <= len(pcm); i += window {
		p := 0
		for _, v := range pcm[i : i+window] {
			p = max(p, abs(int(v)))
		}
		if p*10 >= peak {
			loud += window
		}
	}
	return samplesToDuration(loud)
}
