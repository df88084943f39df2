package media

import (
	"bytes"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mewkiz/flac"
	"github.com/mewkiz/flac/frame"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// testSignal is a 440 Hz tone with a little noise and a silent gap: it
// exercises constant, fixed and verbatim-worthy blocks.
func testSignal(n int, seed uint64) []int16 {
	rng := rand.New(rand.NewPCG(seed, 1))
	pcm := make([]int16, n)
	for i := range pcm {
		v := 12000*math.Sin(2*math.Pi*440*float64(i)/48000) + rng.NormFloat64()*200
		if i%48000 > 40000 {
			v = 0
		}
		pcm[i] = int16(v)
	}
	return pcm
}

func TestFLACRoundTrip(t *testing.T) {
	cases := map[string][]int16{
		"empty":   {},
		"one":     {-7},
		"short":   testSignal(100, 1),
		"partial": testSignal(3*4096+17, 2),
		"fullscale": func() []int16 {
			p := make([]int16, 9000)
			for i := range p {
				p[i] = int16(math.MinInt16 + (i%2)*65535)
			}
			return p
		}(),
		"noise": func() []int16 {
			rng := rand.New(rand.NewPCG(3, 3))
			p := make([]int16, 10000)
			for i := range p {
				p[i] = int16(rng.Uint32())
			}
			return p
		}(),
		"long": testSignal(48000*3, 4),
	}
	for name, pcm := range cases {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := EncodeFLAC(&buf, pcm, 48000); err != nil {
				t.Fatal(err)
			}
			got, rate, err := DecodeFLAC(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if rate != 48000 || !slices.Equal(got, pcm) {
				t.Fatalf("round trip: rate %d, %d samples, equal=%v", rate, len(got), slices.Equal(got, pcm))
			}
		})
	}
}

// TestFLACReferenceDecoder checks the stream with the reference `flac` tool:
// its own test mode (CRCs, MD5) and a decode compared sample by sample.
func TestFLACReferenceDecoder(t *testing.T) {
	tool := benchenv.Program(t, "flac")
	pcm := testSignal(48000*5+123, 5)
	dir := t.TempDir()
	in := filepath.Join(dir, "a.flac")
	var buf bytes.Buffer
	if err := EncodeFLAC(&buf, pcm, 48000); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tool, "-t", "-s", in).CombinedOutput(); err != nil {
		t.Fatalf("flac -t: %v\n%s", err, out)
	}
	raw := filepath.Join(dir, "a.raw")
	if out, err := exec.Command(tool, "-d", "-s", "--force-raw-format", "--endian=little", "--sign=signed", "-o", raw, in).CombinedOutput(); err != nil {
		t.Fatalf("flac -d: %v\n%s", err, out)
	}
	b, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 2*len(pcm) {
		t.Fatalf("reference decoder gave %d bytes, want %d", len(b), 2*len(pcm))
	}
	for i, s := range pcm {
		if got := int16(uint16(b[2*i]) | uint16(b[2*i+1])<<8); got != s {
			t.Fatalf("sample %d: reference decoder gave %d, want %d", i, got, s)
		}
	}
}

func TestDecodeFLACRejectsGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("fLaC"), []byte("RIFF....WAVE")} {
		if _, _, err := DecodeFLAC(bytes.NewReader(b)); err == nil {
			t.Errorf("DecodeFLAC(%q) succeeded", b)
		}
	}
}

// TestFLACUsesEachSubframeKind: a tone with silence uses constant subframes
// for the silence and linear prediction for the tone, as an independent
// parser reads the stream.
func TestFLACUsesEachSubframeKind(t *testing.T) {
	pcm := testSignal(48000*2, 6)
	var buf bytes.Buffer
	if err := EncodeFLAC(&buf, pcm, 48000); err != nil {
		t.Fatal(err)
	}
	stream, err := flac.New(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[frame.Pred]int{}
	for {
		f, err := stream.ParseNext()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		kinds[f.Subframes[0].Pred]++
	}
	if kinds[frame.PredFIR] == 0 || kinds[frame.PredConstant] == 0 {
		t.Fatalf("subframe kinds %v: want LPC (FIR) for the tone and CONSTANT for the silence", kinds)
	}
}

// FuzzEncodeFLACRoundTrip: whatever the samples (bytes read as little-endian
// int16, the block split wherever the length falls), the stream decodes to
// exactly them — extreme values must not overflow a predictor.
func FuzzEncodeFLACRoundTrip(f *testing.F) {
	f.Add([]byte{0x00, 0x80, 0xff, 0x7f, 0x00, 0x80, 0xff, 0x7f})
	f.Add(pcmBytes(testSignal(5000, 9)))
	f.Fuzz(func(t *testing.T, data []byte) {
		pcm := make([]int16, len(data)/2)
		for i := range pcm {
			pcm[i] = int16(uint16(data[2*i]) | uint16(data[2*i+1])<<8)
		}
		var buf bytes.Buffer
		if err := EncodeFLAC(&buf, pcm, 48000); err != nil {
			t.Fatal(err)
		}
		got, _, err := DecodeFLAC(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, pcm) {
			t.Fatalf("round trip of %d samples differs", len(pcm))
		}
	})
}
