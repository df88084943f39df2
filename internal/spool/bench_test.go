package spool

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

var (
	benchPNGOnce sync.Once
	benchPNG     []byte
	benchThumb   []byte
)

// benchDrawing returns a 1920×1080 PNG of a drawing (120 wandering brush
// strokes on slightly grainy paper, ≈1.5 MB) and a 60 KB thumbnail stand-in,
// made once.
func benchDrawing() ([]byte, []byte) {
	benchPNGOnce.Do(func() {
		img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
		rng := rand.New(rand.NewPCG(7, 7))
		for i := range img.Pix {
			img.Pix[i] = 250
		}
		for range 120 {
			cr, cg, cb := uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256))
			x, y := rng.Float64()*1920, rng.Float64()*1080
			ang := rng.Float64() * 2 * math.Pi
			r := 4 + rng.IntN(30)
			for range 400 {
				ang += (rng.Float64() - 0.5) * 0.3
				x += math.Cos(ang) * 3
				y += math.Sin(ang) * 3
				for dy := -r; dy <= r; dy++ {
					for dx := -r; dx <= r; dx++ {
						px, py := int(x)+dx, int(y)+dy
						if dx*dx+dy*dy > r*r || px < 0 || py < 0 || px >= 1920 || py >= 1080 {
							continue
						}
						o := img.PixOffset(px, py)
						img.Pix[o], img.Pix[o+1], img.Pix[o+2] = cr, cg, cb
					}
				}
			}
		}
		for i := 0; i < len(img.Pix); i += 4 { // paper grain
			n := uint8(rng.IntN(4))
			img.Pix[i] -= n
			img.Pix[i+1] -= n
			img.Pix[i+2] -= n
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			panic(err)
		}
		benchPNG = b.Bytes()
		benchThumb = make([]byte, 60_000)
		for i := range benchThumb {
			benchThumb[i] = byte(rng.IntN(256))
		}
	})
	return benchPNG, benchThumb
}

// BenchmarkSaveDrawing1080p seals and durably writes a 1080p drawing piece:
// ≈1.5 MB PNG, 60 KB thumbnail and manifest, each fsynced, committed by
// rename and directory fsync. PNG encoding is not timed. Target: < 30 ms.
func BenchmarkSaveDrawing1080p(b *testing.B) {
	pngBytes, thumb := benchDrawing()
	s, _ := keys(b)
	sp := mustOpen(b, b.TempDir(), s)
	ctx := context.Background()
	b.SetBytes(int64(len(pngBytes) + len(thumb)))
	b.ReportMetric(float64(len(pngBytes)), "png-bytes")
	b.ResetTimer()
	for b.Loop() {
		m := newManifest(piece.Drawing)
		err := sp.Save(ctx, m, []BlobSource{
			Bytes("", piece.RoleOriginal, "image/png", pngBytes),
			Bytes("", piece.RoleThumbnail, "image/png", thumb),
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := sp.Remove(m.ID); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkAppendDraftSegment checkpoints one 10 s segment of a recording
// (48 kHz mono FLAC, ≈600 KB) into a draft.
func BenchmarkAppendDraftSegment(b *testing.B) {
	s, _ := keys(b)
	sp := mustOpen(b, b.TempDir(), s)
	ctx := context.Background()
	seg := make([]byte, 600_000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range seg {
		seg[i] = byte(rng.Uint32())
	}
	d := newManifest(piece.Music)
	if err := sp.SaveDraft(ctx, d, []BlobSource{Bytes("", piece.RolePeaks, "application/octet-stream", seg[:4000])}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(seg)))
	i := 0
	for b.Loop() {
		i++
		name := "s" + itoa(i)
		if err := sp.AppendDraftSegment(ctx, d.ID, Bytes(name, "", "audio/flac", seg)); err != nil {
			b.Fatal(err)
		}
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	var buf [20]byte
	n := len(buf)
	for {
		n--
		buf[n] = digits[i%10]
		i /= 10
		if i == 0 {
			return string(buf[n:])
		}
	}
}
