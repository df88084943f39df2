package media

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// musicLike is 3 minutes of a sung-melody stand-in: notes with harmonics,
// an envelope, breath noise and pauses, at a moderate level.
func musicLike(seconds int) []int16 {
	rng := rand.New(rand.NewPCG(42, 7))
	n := seconds * 48000
	pcm := make([]int16, n)
	freqs := []float64{220, 247, 262, 294, 330, 349, 392, 440}
	note := 0.0
	var f float64
	for i := range pcm {
		if i%24000 == 0 {
			f = freqs[rng.IntN(len(freqs))]
			note = 0
		}
		note++
		env := math.Min(1, note/2000) * math.Exp(-note/30000)
		ph := 2 * math.Pi * f * float64(i) / 48000
		v := env * (6000*math.Sin(ph) + 2500*math.Sin(2*ph) + 1200*math.Sin(3*ph) + 500*math.Sin(5*ph))
		v += rng.NormFloat64() * 60
		if (i/48000)%15 == 14 {
			v = rng.NormFloat64() * 8 // a pause: room tone
		}
		pcm[i] = int16(v)
	}
	return pcm
}

func BenchmarkEncodeFLAC3Min(b *testing.B) {
	pcm := musicLike(180)
	var buf bytes.Buffer
	b.SetBytes(int64(2 * len(pcm)))
	for b.Loop() {
		buf.Reset()
		if err := EncodeFLAC(&buf, pcm, 48000); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(2*len(pcm))/float64(buf.Len()), "ratio")
}

// BenchmarkReferenceFLAC5 runs the reference encoder (`flac -5`) on the same
// 3 minutes, side by side with BenchmarkEncodeFLAC3Min. It includes process
// start-up and reading/writing tmpfs files, as a user of the tool would.
func BenchmarkReferenceFLAC5(b *testing.B) {
	tool := benchenv.Program(b, "flac")
	pcm := musicLike(180)
	dir := b.TempDir()
	raw := filepath.Join(dir, "in.raw")
	if err := os.WriteFile(raw, pcmBytes(pcm), 0o600); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "out.flac")
	b.SetBytes(int64(2 * len(pcm)))
	for b.Loop() {
		cmd := exec.Command(tool, "-5", "-s", "-f", "--force-raw-format", "--endian=little", "--sign=signed",
			"--channels=1", "--bps=16", "--sample-rate=48000", "-o", out, raw)
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("flac -5: %v\n%s", err, msg)
		}
	}
	st, err := os.Stat(out)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(2*len(pcm))/float64(st.Size()), "ratio")
}

func pcmBytes(pcm []int16) []byte {
	b := make([]byte, 2*len(pcm))
	for i, s := range pcm {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(s))
	}
	return b
}
