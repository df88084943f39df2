package audio

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func sine(freq, amp float64, n int) []int16 {
	pcm := make([]int16, n)
	for i := range pcm {
		pcm[i] = int16(math.Round(amp * 32767 * math.Sin(2*math.Pi*freq*float64(i)/SampleRate)))
	}
	return pcm
}

func TestMeasureLevel(t *testing.T) {
	l := MeasureLevel(sine(1000, 0.5, SampleRate))
	if math.Abs(l.Peak-(-6.02)) > 0.05 || math.Abs(l.RMS-(-9.03)) > 0.05 {
		t.Fatalf("half-scale sine: %+v, want peak -6.02, RMS -9.03", l)
	}
	if l := MeasureLevel(make([]int16, 100)); l.Peak != SilenceDBFS || l.RMS != SilenceDBFS {
		t.Fatalf("silence: %+v", l)
	}
	if l := MeasureLevel([]int16{math.MinInt16}); l.Peak != 0 {
		t.Fatalf("full scale negative: %+v", l)
	}
}

func TestNormalisePeakToMinusOne(t *testing.T) {
	quiet := sine(440, 0.1, SampleRate)
	out, gain := Normalise(quiet, NormaliseDBFS)
	if l := MeasureLevel(out); math.Abs(l.Peak-NormaliseDBFS) > 0.01 {
		t.Fatalf("peak after normalise %.3f dBFS, want -1", l.Peak)
	}
	if math.Abs(gain-19) > 0.05 { // 0.1 → 0.891: +19 dB
		t.Fatalf("gain %.2f dB, want 19", gain)
	}
	if MeasureLevel(quiet).Peak > -19 {
		t.Fatal("Normalise changed its input")
	}
	// Shape is kept: every sample scaled by the same factor.
	f := float64(out[12]) / float64(quiet[12])
	for i := 1; i < 200; i++ {
		if quiet[i] != 0 && math.Abs(float64(out[i])-f*float64(quiet[i])) > 1 {
			t.Fatalf("sample %d: %d is not %f × %d", i, out[i], f, quiet[i])
		}
	}
	loud := sine(440, 1, 1000)
	out, _ = Normalise(loud, NormaliseDBFS)
	if l := MeasureLevel(out); math.Abs(l.Peak-NormaliseDBFS) > 0.01 {
		t.Fatalf("loud signal peak %.3f, want -1", l.Peak)
	}
	silent, gain := Normalise(make([]int16, 10), NormaliseDBFS)
	if gain != 0 || slices.ContainsFunc(silent, func(s int16) bool { return s != 0 }) {
		t.Fatal("silence was amplified")
	}
}

func TestSuggestTrimAndUndo(t *testing.T) {
	// 1 s silence (with faint room noise), 2 s tone, 1.5 s silence.
	pcm := make([]int16, 0, 9*SampleRate/2)
	noise := func(n int) {
		for i := range n {
			pcm = append(pcm, int16(i%7-3)) // about -80 dBFS
		}
	}
	noise(SampleRate)
	pcm = append(pcm, sine(440, 0.3, 2*SampleRate)...)
	noise(3 * SampleRate / 2)

	e := NewEdit(Clip{Samples: pcm})
	p := Music
	p.TrimPad = 100 * time.Millisecond
	s := e.ApplySuggestion(p)
	pad := durationToSamples(p.TrimPad)
	win := SampleRate / 100
	if abs(s.Start-(SampleRate-pad)) > win || abs(s.End-(3*SampleRate+pad)) > win {
		t.Fatalf("suggested %v, want about [%d, %d)", s, SampleRate-pad, 3*SampleRate+pad)
	}
	if got := e.Result(false, 0).Duration(); got < 2200*time.Millisecond-10*time.Millisecond || got > 2200*time.Millisecond+20*time.Millisecond {
		t.Fatalf("trimmed length %v, want 2.2 s", got)
	}
	if !e.CanUndo() {
		t.Fatal("suggestion cannot be undone")
	}
	e.Undo()
	if e.Span() != (Span{0, len(pcm)}) || len(e.Result(false, 0).Samples) != len(pcm) {
		t.Fatalf("undo left %v", e.Span())
	}
	// Manual trim, then normalised result.
	e.TrimTimes(time.Second, 2*time.Second)
	r := e.Result(true, NormaliseDBFS)
	if r.Duration() != time.Second || math.Abs(MeasureLevel(r.Samples).Peak-NormaliseDBFS) > 0.01 {
		t.Fatalf("trim+normalise: %v, peak %.2f", r.Duration(), MeasureLevel(r.Samples).Peak)
	}
	e.Trim(Span{5, 5}) // empty: ignored
	if e.Span() != (Span{SampleRate, 2 * SampleRate}) {
		t.Fatalf("empty trim changed span to %v", e.Span())
	}
	if all := SuggestTrim(make([]int16, 1000), -50, 0); all != (Span{0, 1000}) {
		t.Fatalf("all-silent suggestion %v", all)
	}
}

func abs(x int) int { return max(x, -x) }

func TestSegmentsRoundTripAndRebuild(t *testing.T) {
	dir := t.TempDir()
	sink := DirSink{Dir: dir}
	want := sine(440, 0.5, 25*SampleRate)
	var idx int
	for off := 0; off < len(want); off += SegmentLength {
		if err := sink.AppendSegment(context.Background(), idx, want[off:min(off+SegmentLength, len(want))]); err != nil {
			t.Fatal(err)
		}
		idx++
	}
	// A torn file (as after a crash mid-write of a foreign tool) is reported, not fatal.
	if err := os.WriteFile(filepath.Join(dir, "seg-000009.aiseg"), []byte("AISG\x01garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	segs, err := sink.ReadSegments()
	if !errors.Is(err, ErrBadSegment) {
		t.Fatalf("damaged segment not reported: %v", err)
	}
	clip, skipped := Rebuild(segs)
	if skipped != 0 || !slices.Equal(clip.Samples, want) {
		t.Fatalf("rebuild: %d samples, skipped %d", len(clip.Samples), skipped)
	}
	// A missing middle segment: keep what is contiguous.
	clip, skipped = Rebuild([]Segment{segs[0], segs[2]})
	if skipped != 1 || len(clip.Samples) != SegmentLength {
		t.Fatalf("gap: %d samples, skipped %d", len(clip.Samples), skipped)
	}
	b := EncodeSegment(3, []int16{1, 2, 3})
	b[len(b)-1] ^= 1
	if _, err := DecodeSegment(b); !errors.Is(err, ErrBadSegment) {
		t.Fatalf("flipped bit not detected: %v", err)
	}
}

func TestResamplerKeepsPitchAndLength(t *testing.T) {
	const inRate = 44100
	in := make([]int16, inRate)
	for i := range in {
		in[i] = int16(10000 * math.Sin(2*math.Pi*440*float64(i)/inRate))
	}
	r := newResampler(inRate)
	var out []int16
	for off := 0; off < len(in); off += 441 { // in device-sized blocks
		out = r.process(out, in[off:min(off+441, len(in))])
	}
	if abs(len(out)-SampleRate) > 2 {
		t.Fatalf("1 s at 44.1 kHz became %d samples", len(out))
	}
	if f := dominantFrequency(out, SampleRate); math.Abs(f-440) > 1 {
		t.Fatalf("pitch %.2f Hz after resampling", f)
	}
}

func TestGainClips(t *testing.T) {
	pcm := []int16{20000, -20000, 100}
	applyGain(pcm, 2)
	if !slices.Equal(pcm, []int16{32767, -32768, 200}) {
		t.Fatalf("gain ×2: %v", pcm)
	}
}
