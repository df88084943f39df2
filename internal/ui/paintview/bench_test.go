package paintview

import (
	"math"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/paint"
)

// BenchmarkInputToCanvas feeds the widget a 120 events/s drag (a fast,
// curving stroke, 12 px per event on screen at 1920×1080 shown 1:1) and
// measures each event from Dragged to the dirty tiles refreshed, reporting
// p50 and p99. The GPU texture upload (64 KiB per dirty tile) happens in
// the real driver's paint pass and is not part of this figure.
func BenchmarkInputToCanvas(b *testing.B) {
	for _, size := range []float64{paint.SizeMedium, paint.SizeExtraLarge} {
		b.Run(map[float64]string{paint.SizeMedium: "medium", paint.SizeExtraLarge: "xl"}[size], func(b *testing.B) {
			test.NewTempApp(b)
			p := paint.New(paint.Options{Seed: 1})
			p.SetBrush(paint.Brush{Kind: paint.Ink, Color: paint.Palette[16], Size: size, Opacity: 1})
			var now time.Duration
			c := NewCanvas(p, func() time.Duration { return now })
			w := test.NewTempWindow(b, c)
			w.SetPadded(false)
			w.Resize(fyne.NewSize(1920, 1080))
			var lat []time.Duration
			i := 0
			pos := fyne.NewPos(200, 540)
			for b.Loop() {
				a := float64(i) * 0.05
				d := fyne.NewDelta(float32(12*math.Cos(a)), float32(12*math.Sin(a)))
				pos = pos.Add(fyne.NewPos(d.DX, d.DY))
				now += time.Second / 120
				start := time.Now()
				c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos}, Dragged: d})
				lat = append(lat, time.Since(start))
				i++
				if i%240 == 0 { // a new stroke every two seconds
					c.DragEnd()
				}
			}
			c.DragEnd()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}

// BenchmarkDirtyTileRefresh is the per-tile cost of FlushDirty on the UI
// goroutine as the Fyne test driver runs it: taking the dirty list and
// calling Refresh on that tile's canvas.Image. The test driver's Refresh
// uploads nothing, so this is the bookkeeping only; the real driver frees
// the tile's texture and re-uploads it (TexImage2D, 64 KiB) in its next
// frame, which BenchmarkScreenInputToPixel measures end to end.
func BenchmarkDirtyTileRefresh(b *testing.B) {
	test.NewTempApp(b)
	p := paint.New(paint.Options{Seed: 1})
	c := NewCanvas(p, nil)
	w := test.NewTempWindow(b, c)
	w.Resize(fyne.NewSize(960, 540))
	pc := p.Canvas()
	n := pc.NumTiles()
	for i := 0; b.Loop(); i++ {
		pc.MarkDirty(i % n)
		c.FlushDirty()
	}
}
