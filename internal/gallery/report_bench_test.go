package gallery

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/notes"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// BenchmarkReport100 times the follow-up report of a patient with 100
// drawings over 10 visits, each with a 320×180 JPEG thumbnail (noisy, so
// of a real thumbnail's size), a title, emotion words, a reflection and a
// therapist's note: WriteReportFile from the index and the encrypted
// cache to a PDF file in a folder on the local disk (fonts embedded),
// as the gallery's report dialog makes it. The pieces are uploaded
// through the kiosk's outbox and pulled once before timing.
//
// peak-heap-MB is the highest Go heap (objects live or not yet swept)
// sampled every millisecond while the report is written, less the heap
// before it: what the report adds. cpu-s/op is the process's CPU time
// during the report (its pull loop included). rss-peak-MB is the process's VmHWM at
// the end (set-up included): a ceiling.
func BenchmarkReport100(b *testing.B) {
	c := newClinic(b)
	rng := rand.New(rand.NewPCG(1, 2))
	var ids []piece.ID
	thumbBytes := 0
	start := time.Now().Add(-100 * 24 * time.Hour)
	for v := range 10 {
		visit := string(piece.NewID())
		for i := range 10 {
			m := piece.New(piece.Drawing, "lounge-1", "K7Q4M2X", start.Add(time.Duration(v)*7*24*time.Hour+time.Duration(i)*10*time.Minute))
			m.VisitID = visit
			m.Title = fmt.Sprintf("Visit %d, piece %d — Θάλασσα at dusk", v+1, i+1)
			m.Reflection = "It felt like coming home, the sea was calm and the light was warm. Ça m'a rappelé l'été."
			m.Finished = m.Started.Add(5 * time.Minute)
			m.Emotions = &piece.Emotions{Quadrant: "pleasant-low", X: 0.6, Y: 0.3, Words: []piece.EmotionTag{{Word: "calm", Intensity: 4}, {Word: "tender", Intensity: 2}}}
			m.MoodCheckIn, m.MoodCheckOut = &piece.Mood{Pleasantness: 3, Energy: 6}, &piece.Mood{Pleasantness: 6, Energy: 4}
			thumb := noisyThumb(b, rng)
			thumbBytes += len(thumb)
			if err := c.sp.Save(context.Background(), m, []spool.BlobSource{
				spool.Bytes("", piece.RoleOriginal, "image/png", []byte("png")),
				spool.Bytes("", piece.RoleThumbnail, "image/jpeg", thumb),
			}); err != nil {
				b.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	s := c.unlocked(c.options())
	for _, id := range ids {
		if err := s.WriteNote(ctx, s.NewNote("K7Q4M2X", notes.OnPiece, id, "Calmer lines than in October; talked about her brother.")); err != nil {
			b.Fatal(err)
		}
	}
	folder := b.TempDir()
	req := ReportRequest{Clinic: "Harbour Clinic", Patient: "K7Q4M2X", From: start.Add(-time.Hour), To: time.Now()}
	var peak, pdfMB float64
	var cpu time.Duration
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		base := heapBytes()
		var high atomic.Uint64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			t := time.NewTicker(time.Millisecond)
			defer t.Stop()
			for {
				high.Store(max(high.Load(), heapBytes()))
				select {
				case <-stop:
					return
				case <-t.C:
				}
			}
		}()
		b.StartTimer()
		cpu0 := benchenv.CPUTime()
		path, err := s.WriteReportFile(ctx, folder, req)
		cpu += benchenv.CPUTime() - cpu0
		b.StopTimer()
		close(stop)
		<-sampled
		if err != nil {
			b.Fatal(err)
		}
		st, err := os.Stat(path)
		if err != nil || st.Size() < 1<<20 {
			b.Fatalf("report %v, %v", st, err)
		}
		pdfMB = float64(st.Size()) / (1 << 20)
		os.Remove(path)
		peak = max(peak, float64(high.Load()-min(high.Load(), base))/(1<<20))
		b.StartTimer()
	}
	b.ReportMetric(peak, "peak-heap-MB")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(rssPeakMB(), "rss-peak-MB")
	b.ReportMetric(pdfMB, "pdf-MB")
	b.ReportMetric(float64(thumbBytes)/100/1024, "thumb-KB")
}

// noisyThumb is a 320×180 JPEG of a gradient with noise (about the size
// of a real drawing's thumbnail).
func noisyThumb(b *testing.B, rng *rand.Rand) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 320, 180))
	for y := range 180 {
		for x := range 320 {
			n := uint8(rng.IntN(40))
			img.Set(x, y, color.RGBA{R: uint8(x*200/320) + n, G: uint8(y*200/180) + n, B: 120 + n, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// heapBytes is the Go heap's objects, live or not yet swept.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// rssPeakMB is the process's peak resident set (VmHWM), in MiB.
func rssPeakMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	var kb float64
	for _, line := range bytes.Split(data, []byte("\n")) {
		if _, err := fmt.Sscanf(string(line), "VmHWM: %f kB", &kb); err == nil {
			return kb / 1024
		}
	}
	return 0
}
