package musicpad

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/synth"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/testbench/audiobench"
)

// TestPadsAreHeardInOrder plays a phrase on the pads through the bench's
// PulseAudio null sink while a recorder listens to its monitor, and finds
// the phrase's notes in what was heard, in the order they were played.
func TestPadsAreHeardInOrder(t *testing.T) {
	testbench.Audio(t)
	// The output opens first: opening it can stall the sink's monitor for
	// a moment, and the recorder must hear the whole phrase.
	s, err := Start(Options{Mood: synth.Bright, Timbre: synth.Pluck})
	if err != nil {
		t.Fatal(err)
	}
	if s.Silent() != nil {
		s.Stop()
		t.Fatalf("the bench's speaker is missing: %v", s.Silent())
	}
	listening := make(chan struct{})
	var once sync.Once
	rec := audio.NewRecorder(audio.RecorderOptions{Preset: audio.Music,
		OnLevel: func(audio.Level) { once.Do(func() { close(listening) }) }})
	if err := rec.Start(context.Background()); err != nil {
		s.Stop()
		t.Fatal(err)
	}
	select {
	case <-listening:
	case <-time.After(10 * time.Second):
		s.Stop()
		rec.Stop()
		t.Fatal("the recorder heard nothing for 10 s")
	}
	t.Logf("output latency PortAudio reports: %v", s.Latency())
	phrase := []int{7, 3, 9, 1, 12}
	// The phrase is played in real time, as a patient would: the waits
	// pace the input, they synchronise nothing.
	for _, pad := range phrase {
		s.Press(pad)
		<-time.After(250 * time.Millisecond)
		s.Release(pad)
		<-time.After(150 * time.Millisecond)
	}
	<-time.After(500 * time.Millisecond)
	perf := s.Stop()
	clip, err := rec.Stop()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(perf.Events); got != 2*len(phrase) {
		t.Errorf("%d events written down, want %d", got, 2*len(phrase))
	}
	heard := notesHeard(clip.Samples, synth.Bright)
	t.Logf("heard pads %v", heard)
	if !isSubsequence(phrase, heard) || len(heard) > len(phrase)+2 {
		t.Fatalf("heard pads %v, want the phrase %v in order", heard, phrase)
	}
}

// notesHeard names the pad loudest in each 40 ms window of pcm that is
// louder than -40 dBFS, keeps the ones that last two windows or more and
// collapses repeats.
func notesHeard(pcm []int16, m synth.Mood) []int {
	const win = audio.SampleRate / 25
	var raw []int
	x := make([]float32, win)
	for off := 0; off+win <= len(pcm); off += win {
		for i := range x {
			x[i] = float32(pcm[off+i]) / 32768
		}
		if audiobench.DB(audiobench.RMS(x)) < -40 {
			raw = append(raw, -1)
			continue
		}
		best, bestP := -1, 0.0
		for pad := range synth.Pads {
			hz, _ := synth.Frequency(m, pad)
			if p := audiobench.Power(x, audio.SampleRate, hz); p > bestP {
				best, bestP = pad, p
			}
		}
		raw = append(raw, best)
	}
	var notes []int
	for i := 0; i < len(raw); {
		j := i
		for j < len(raw) && raw[j] == raw[i] {
			j++
		}
		if raw[i] >= 0 && j-i >= 2 && (len(notes) == 0 || notes[len(notes)-1] != raw[i]) {
			notes = append(notes, raw[i])
		}
		i = j
	}
	return notes
}

func isSubsequence(want, got []int) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want) && slices.Contains(got, want[0])
}
