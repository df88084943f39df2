package musicpad

import (
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/synth"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// BenchmarkTapToSound times a press to its first sample at the device, on
// the output stream's own clock: from the stream time when Press is called
// to the DAC time PortAudio stamps on the buffer holding the note's first
// sample. It is the session's output path (engine and audio.Live, buffers
// of audio.LiveFrames), through ALSA into the bench's PulseAudio null sink;
// what the sink adds after its DAC time is PulseAudio's own estimate.
func BenchmarkTapToSound(b *testing.B) {
	testbench.Audio(b)
	e, err := synth.New(synth.Bright, synth.Pluck)
	if err != nil {
		b.Fatal(err)
	}
	// The callback finds each press's first sample: pressed counts the
	// presses made, heard the ones whose sound was found.
	var pressed, buffers atomic.Int64
	heard := int64(0) // the callback's own
	onset := make(chan time.Duration, 1)
	live, err := audio.StartLive(func(out []float32, dac time.Duration) {
		buffers.Add(1)
		want := pressed.Load()
		e.Process(out)
		if heard == want {
			return
		}
		for i, v := range out {
			if v != 0 {
				heard = want
				onset <- dac + time.Duration(i)*time.Second/audio.SampleRate
				return
			}
		}
	}, audio.LiveOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer live.Close()
	// The stream starts with PulseAudio filling its buffer: the taps begin
	// once a second of buffers has gone by.
	for buffers.Load() < audio.SampleRate/audio.LiveFrames {
		<-time.After(10 * time.Millisecond) // polling the callback's count
	}
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		// Each tap starts from silence: the last note has rung out (a
		// plucked note released at once is silent within 0.35 s).
		for range 25 {
			<-time.After(20 * time.Millisecond) // paces the taps
		}
		pad := i % synth.Pads
		t0 := live.Now()
		pressed.Add(1)
		e.Press(pad)
		lat = append(lat, <-onset-t0)
		e.Release(pad)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2])/1e6, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100])/1e6, "p95-ms")
	b.ReportMetric(float64(lat[len(lat)-1])/1e6, "max-ms")
	b.ReportMetric(float64(live.Latency())/1e6, "reported-ms")
	b.ReportMetric(audio.LiveFrames, "frames")
}
