package gallery

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/media"
)

func flacOf(t testing.TB, pcm []int16, rate int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := media.EncodeFLAC(&b, pcm, rate); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDecodeRecording: a kiosk's FLAC decodes to its samples; a header that
// declares more than MaxRecordingLength, another sample rate, or no FLAC at
// all is refused before any sample is decoded.
func TestDecodeRecording(t *testing.T) {
	pcm := make([]int16, audio.SampleRate/2)
	for i := range pcm {
		pcm[i] = int16(i%200*100 - 10000)
	}
	good := flacOf(t, pcm, audio.SampleRate)
	r, err := decodeRecording(good)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Clip.Samples, pcm) || r.Duration() != 500*time.Millisecond {
		t.Fatalf("decoded %d samples (%v), want the %d stored", len(r.Clip.Samples), r.Duration(), len(pcm))
	}

	long := bytes.Clone(good)
	bits := binary.BigEndian.Uint64(long[18:26])
	bits = bits&^(1<<36-1) | uint64(maxRecordingSamples+1)
	binary.BigEndian.PutUint64(long[18:26], bits)
	if _, err := decodeRecording(long); err == nil {
		t.Error("a header declaring more than MaxRecordingLength was decoded")
	}
	if _, err := decodeRecording(flacOf(t, pcm, 44100)); err == nil {
		t.Error("a 44.1 kHz recording was taken for 48 kHz")
	}
	for _, bad := range [][]byte{nil, []byte("fLaC"), []byte("RIFF....WAVEfmt and more bytes here"), good[:len(good)/2]} {
		if _, err := decodeRecording(bad); err == nil {
			t.Errorf("%q... decoded", bad[:min(len(bad), 8)])
		}
	}
}

// FuzzDecodeRecording: hostile bytes never panic, and what decodes stays
// within MaxRecordingLength.
func FuzzDecodeRecording(f *testing.F) {
	f.Add(flacOf(f, make([]int16, 4800), audio.SampleRate))
	f.Add([]byte("fLaC"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := decodeRecording(data)
		if err == nil && int64(len(r.Clip.Samples)) > maxRecordingSamples {
			t.Fatalf("%d samples decoded", len(r.Clip.Samples))
		}
	})
}
