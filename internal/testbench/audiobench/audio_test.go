package audiobench

import (
	"math"
	"testing"

	"github.com/gordonklaus/portaudio"
)

// TestPortAudioCapturesSine records one second through PortAudio while a
// 440 Hz sine plays into the bench's null sink, and checks what arrived.
func TestPortAudioCapturesSine(t *testing.T) {
	audio := Audio(t)
	const rate, amp = 48000, 0.5
	if err := portaudio.Initialize(); err != nil {
		t.Fatalf("portaudio: %v", err)
	}
	defer portaudio.Terminate()
	buf := make([]float32, 1024)
	stream, err := portaudio.OpenDefaultStream(1, 0, rate, len(buf), buf)
	if err != nil {
		t.Fatalf("open capture: %v", err)
	}
	defer stream.Close()
	audio.Play(t, Sine(440, amp, rate, 10*rate), rate)
	if err := stream.Start(); err != nil {
		t.Fatalf("start capture: %v", err)
	}
	// Skip the first half second (player start-up, silence), keep one second.
	var got []float32
	for read := 0; len(got) < rate; read += len(buf) {
		if err := stream.Read(); err != nil {
			t.Fatalf("read: %v", err)
		}
		if read >= rate/2 {
			got = append(got, buf...)
		}
	}
	stream.Stop()
	got = got[:rate]
	f := DominantFrequency(got, rate, 100, 2000, 5)
	if math.Abs(f-440) > 5 {
		t.Errorf("dominant frequency %.1f Hz, want 440 ± 5", f)
	}
	wantRMS := amp / math.Sqrt2
	if d := DB(RMS(got) / wantRMS); math.Abs(d) > 1 {
		t.Errorf("RMS %.4f is %.2f dB from the %.4f played, want within 1 dB", RMS(got), d, wantRMS)
	}
	t.Logf("captured %.1f Hz at RMS %.4f (%.2f dB from played)", f, RMS(got), DB(RMS(got)/wantRMS))
}
