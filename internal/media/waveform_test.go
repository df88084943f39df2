package media

import (
	"bytes"
	"image/png"
	"slices"
	"testing"
)

func TestComputePeaks(t *testing.T) {
	pcm := []int16{1, -5, 3, 9, -2, 0, 7, -8}
	p := ComputePeaks(pcm, 48000, 4)
	if !slices.Equal(p.Min, []int16{-5, 3, -2, -8}) || !slices.Equal(p.Max, []int16{1, 9, 0, 7}) {
		t.Fatalf("peaks = %v / %v", p.Min, p.Max)
	}
	if short := ComputePeaks(pcm[:2], 48000, 1024); len(short.Min) != 2 {
		t.Fatalf("short clip gave %d columns", len(short.Min))
	}
	if empty := ComputePeaks(nil, 48000, 1024); len(empty.Min) != 0 {
		t.Fatalf("empty clip gave %d columns", len(empty.Min))
	}
}

func TestPeaksRoundTrip(t *testing.T) {
	p := ComputePeaks(testSignal(48000, 9), 48000, 1024)
	b, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var q Peaks
	if err := q.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if q.Rate != p.Rate || q.Samples != p.Samples || !slices.Equal(q.Min, p.Min) || !slices.Equal(q.Max, p.Max) {
		t.Fatal("peaks changed in round trip")
	}
	if err := q.UnmarshalBinary(b[:len(b)-1]); err == nil {
		t.Fatal("truncated peaks accepted")
	}
}

func FuzzPeaksUnmarshal(f *testing.F) {
	p := ComputePeaks(testSignal(4800, 1), 48000, 16)
	b, _ := p.MarshalBinary()
	f.Add(b)
	f.Add([]byte("AIPK"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Peaks
		if err := p.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := p.MarshalBinary()
		if err != nil {
			t.Fatalf("accepted peaks do not marshal: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatal("accepted peaks do not round-trip")
		}
	})
}

func TestWaveformPNG(t *testing.T) {
	pcm := make([]int16, 48000)
	for i := 24000; i < 48000; i++ { // silent first half, full-scale second half
		pcm[i] = int16(32767 * (1 - 2*(i%2)))
	}
	b, p, err := WaveformPNG(pcm, 48000)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != WaveformWidth || img.Bounds().Dy() != WaveformHeight || len(p.Min) != WaveformWidth {
		t.Fatalf("size %v, %d columns", img.Bounds(), len(p.Min))
	}
	// Left quarter: only the centre line; right quarter: top to bottom.
	_, _, _, aTop := img.At(100, 5).RGBA()
	_, _, _, aMid := img.At(100, WaveformHeight/2).RGBA()
	_, _, _, aRight := img.At(900, 5).RGBA()
	if aTop != 0 || aMid == 0 || aRight == 0 {
		t.Fatalf("alpha at silent top %d, silent centre %d, loud top %d", aTop, aMid, aRight)
	}
}

func BenchmarkWaveform3Min(b *testing.B) {
	pcm := musicLike(180)
	for b.Loop() {
		if _, _, err := WaveformPNG(pcm, 48000); err != nil {
			b.Fatal(err)
		}
	}
}
