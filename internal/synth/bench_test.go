package synth

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// BenchmarkSixteenVoices times one second of sound from 16 held notes of
// the richest timbre, made in 256-sample blocks as the audio callback makes
// it. core-% is that time as a share of the second it plays for.
func BenchmarkSixteenVoices(b *testing.B) {
	for _, tb := range []Timbre{Warm, Pluck} {
		b.Run(string(tb), func(b *testing.B) {
			e, _ := New(Floating, tb)
			for pad := range MaxVoices {
				e.Press(pad % Pads)
			}
			// Held notes that decay by themselves are pressed again, so
			// all sixteen voices sound through every iteration.
			out := make([]float32, 256)
			b.ResetTimer()
			for b.Loop() {
				for range Rate / len(out) {
					e.Process(out)
				}
				b.StopTimer()
				for pad := range MaxVoices {
					e.Press(pad % Pads)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e7, "core-%")
		})
	}
}

// BenchmarkRenderThreeMinutesToFLAC times what saving a pad piece does
// with its sound: rendering a 3-minute performance (a note every 150 ms,
// chords of two) and encoding it to FLAC.
func BenchmarkRenderThreeMinutesToFLAC(b *testing.B) {
	p := &Performance{Mood: Tender, Timbre: Bell}
	for at := time.Duration(0); at < 3*time.Minute; at += 150 * time.Millisecond {
		pad := int(at/(150*time.Millisecond)) * 7 % Pads
		p.Events = append(p.Events,
			Press(at, pad), Press(at, (pad+2)%Pads),
			Release(at+100*time.Millisecond, pad), Release(at+100*time.Millisecond, (pad+2)%Pads))
	}
	cpu0 := benchenv.CPUTime()
	for b.Loop() {
		pcm, err := Render(context.Background(), p)
		if err != nil {
			b.Fatal(err)
		}
		var out bytes.Buffer
		if err := media.EncodeFLAC(&out, pcm, Rate); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((benchenv.CPUTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkSoxSixteenTones is the reference beside it: sox making three
// minutes of sixteen mixed sine tones at 48 kHz straight to FLAC (no
// envelopes, no events: less work than the pads' render).
func BenchmarkSoxSixteenTones(b *testing.B) {
	sox, err := exec.LookPath("sox")
	if err != nil {
		b.Skip("sox is not installed (make deps-test installs it)")
	}
	args := []string{"-n", "-r", "48000", "-c", "1", "-b", "16", filepath.Join(b.TempDir(), "tones.flac"), "synth", "180"}
	for i := range 16 {
		hz, _ := Frequency(Bright, i%Pads)
		args = append(args, "sine", fmt.Sprintf("%.2f", hz))
	}
	args = append(args, "channels", "1", "gain", "-n", "-3")
	for b.Loop() {
		if out, err := exec.Command(sox, args...).CombinedOutput(); err != nil {
			b.Fatalf("sox: %v: %s", err, out)
		}
	}
}
