package paint

import (
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rssBytes reads the process's resident set size from /proc (0 if unknown).
func rssBytes(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// TestThousandStrokesWithFullHistory paints 1,000 strokes of every brush and
// size on a 1080p canvas keeping every undo step, then checks the history's
// own accounting, the Go heap and the process RSS, and that all 1,000
// steps really undo.
func TestThousandStrokesWithFullHistory(t *testing.T) {
	n := 1000
	if raceBuild || testing.Short() {
		n = 150 // the race detector's shadow memory makes RSS meaningless anyway
	}
	p := New(Options{Seed: 11, History: HistoryLimits{MinSteps: n, MaxBytes: 1 << 40}})
	rnd := rand.New(rand.NewPCG(11, 11))
	sizes := []float64{SizeSmall, SizeMedium, SizeLarge, SizeExtraLarge}
	var tm time.Duration
	for i := range n {
		p.SetBrush(Brush{Kind: Kinds[i%len(Kinds)], Color: Palette[rnd.IntN(24)], Size: sizes[rnd.IntN(4)], Opacity: 0.5 + rnd.Float64()/2})
		x, y := rnd.Float64()*1920, rnd.Float64()*1080
		dx, dy := rnd.NormFloat64()*10, rnd.NormFloat64()*10
		for j, np := 0, 20+rnd.IntN(40); j < np; j++ {
			p.StrokeTo(x, y, tm)
			dx += rnd.NormFloat64() * 2
			dy += rnd.NormFloat64() * 2
			x, y = x+dx, y+dy
			if x < 0 || x > 1920 {
				dx = -dx
			}
			if y < 0 || y > 1080 {
				dy = -dy
			}
			tm += 8 * time.Millisecond
		}
		p.EndStroke()
		tm += 300 * time.Millisecond
	}
	// an eraser stroke over bare paper changes nothing and makes no step
	steps := p.UndoSteps()
	if steps < n*98/100 {
		t.Fatalf("%d undo steps for %d strokes", steps, n)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	hist := p.HistoryBytes()
	rss, hwm := rssBytes("VmRSS"), rssBytes("VmHWM")
	t.Logf("%d strokes: undo history %.1f MiB, Go heap in use %.1f MiB, Go sys %.1f MiB, RSS %.1f MiB (peak %.1f MiB), log %d KiB",
		n, float64(hist)/(1<<20), float64(ms.HeapInuse)/(1<<20), float64(ms.Sys)/(1<<20),
		float64(rss)/(1<<20), float64(hwm)/(1<<20), len(p.Log().Snapshot())>>10)
	const limit = 300 << 20
	if hist > 200<<20 {
		t.Errorf("undo history holds %d MiB for %d strokes, want < 200 MiB", hist>>20, n)
	}
	if !raceBuild {
		if ms.Sys > limit {
			t.Errorf("Go runtime holds %d MiB from the OS, want < 300 MiB", ms.Sys>>20)
		}
		if hwm > limit {
			t.Errorf("peak RSS %d MiB, want < 300 MiB", hwm>>20)
		}
	}
	before := p.Canvas().Snapshot()
	undone := 0
	for p.Undo(tm) {
		undone++
	}
	if undone != steps {
		t.Fatalf("undid %d of %d steps", undone, steps)
	}
	blank := New(Options{}).Canvas().Snapshot()
	if string(p.Canvas().Snapshot().Pix) != string(blank.Pix) {
		t.Error("undoing every stroke did not give the blank canvas back")
	}
	for p.Redo(tm) {
	}
	if string(p.Canvas().Snapshot().Pix) != string(before.Pix) {
		t.Error("redoing every stroke did not give the painting back")
	}
}
