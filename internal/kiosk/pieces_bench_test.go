package kiosk

import (
	"log/slog"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// BenchmarkSaveTapToWelcome times, on the product's path (a real spool on
// disk with fsync, sealed to a post-quantum hybrid recipient, manifests
// signed), what the kiosk does between the patient's last tap in tagging
// ("Done": the save tap) and Welcome being ready for the next patient, for
// a 1920×1080 drawing of 150 strokes with a 1-minute voice note:
//
//	Pieces.Tagged (the drawing's PNG, thumbnail and stroke log and the
//	note's FLAC sealed, fsynced and queued) → Machine.Tagged → Finish →
//	CheckedOut (the visit record sealed, signed and saved) → GoodbyeDone →
//	Welcome.
//
// The patient's own time (taps, the Goodbye screen's 20 s) is not in it, nor
// the upload (the outbox runs in the background). Not timed either, and
// reported apart as studio-p95-ms: "I'm finished" in the studio
// (DrawingDone: the 1080p PNG and thumbnail made and checkpointed), which
// happens before tagging. The note's FLAC is encoded when the patient keeps
// it (NoteKept), also before the save tap.
func BenchmarkSaveTapToWelcome(b *testing.B) {
	dir := b.TempDir()
	_, rcpt, err := seal.GenerateIdentity(seal.Hybrid)
	if err != nil {
		b.Fatal(err)
	}
	sealer, err := seal.NewSealer(rcpt)
	if err != nil {
		b.Fatal(err)
	}
	sp, err := spool.Open(filepath.Join(dir, "spool"), sealer)
	if err != nil {
		b.Fatal(err)
	}
	sg, err := provenance.NewSigner()
	if err != nil {
		b.Fatal(err)
	}
	sp.SetSigner(sg)
	quiet := slog.New(slog.DiscardHandler)
	clock := NewManualClock(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	p, err := NewPieces(PiecesConfig{Spool: sp, Outbox: &kicks{}, KioskID: "lounge-1", Clock: clock, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	m, err := New(Config{Saver: p, Clock: clock, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	m.OnVisitEnd(p.VisitEnded)
	m.OnReset(p.Forget)
	note := speech(60)
	code, err := patientcode.New()
	if err != nil {
		b.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	var saves, studios []time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		must(m.Begin())
		must(m.EnterCode(code.String()))
		must(m.CheckedIn(&piece.Mood{Pleasantness: 4, Energy: 6}))
		must(m.Choose(piece.Drawing))
		o, _ := p.Open(m.Visit())
		pt := strokes1080p()
		o.Drawing(func() DrawingResult { return drawing.Capture(pt, "", clock.Now()) }, pt.Log())
		start := time.Now()
		done := make(chan struct{})
		o.DrawingDone(drawing.Capture(pt, "", clock.Now()), func() { close(done) })
		<-done
		studios = append(studios, time.Since(start))
		must(m.StudioDone())
		kept := make(chan bool)
		o.NoteKept(nil, note, func(ok bool) { kept <- ok })
		if !<-kept {
			b.Fatal("the voice note was not kept")
		}

		b.StartTimer()
		start = time.Now()
		saved := make(chan struct{})
		o.Tagged(func(mf *piece.Manifest) { mf.Title = "bench" }, func() { close(saved) })
		<-saved
		must(m.Tagged())
		must(m.Finish())
		must(m.CheckedOut(&piece.Mood{Pleasantness: 6, Energy: 4}))
		p.Wait() // the visit record is on disk
		must(m.GoodbyeDone())
		if m.Screen() != Welcome {
			b.Fatalf("after the save: %s", m.Screen())
		}
		saves = append(saves, time.Since(start))
		b.StopTimer()
		// Empty the spool as the outbox would after uploading.
		entries, err := sp.Pieces()
		must(err)
		for _, e := range entries {
			must(sp.Remove(e.ID))
		}
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(ms(percentile(saves, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(saves, 95)), "p95-ms")
	b.ReportMetric(ms(percentile(studios, 95)), "studio-p95-ms")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// percentile is the q-th percentile (nearest rank) of ds.
func percentile(ds []time.Duration, q int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(float64(q)/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

// strokes1080p paints 150 strokes of 24 points on a 1920×1080 canvas.
func strokes1080p() *paint.Painter {
	pt := paint.New(paint.Options{Width: 1920, Height: 1080, Seed: 7})
	r := rand.New(rand.NewPCG(1, 2))
	at := time.Duration(0)
	for i := range 150 {
		pt.SetBrush(paint.Brush{Kind: paint.Ink, Color: paint.Palette[i%len(paint.Palette)], Size: paint.SizeLarge, Opacity: 1})
		x, y := r.Float64()*1920, r.Float64()*1080
		pt.BeginStroke(x, y, at)
		for range 24 {
			x, y = x+r.Float64()*60-30, y+r.Float64()*60-30
			at += 16 * time.Millisecond
			pt.StrokeTo(x, y, at)
		}
		pt.EndStroke()
	}
	return pt
}

// speech is secs of sound that compresses about as badly as a voice does:
// a wandering tone under noise.
func speech(secs int) audio.Clip {
	r := rand.New(rand.NewPCG(3, 4))
	s := make([]int16, secs*audio.SampleRate)
	for i := range s {
		f := 180 + 60*math.Sin(float64(i)/audio.SampleRate*3)
		s[i] = int16(6000*math.Sin(2*math.Pi*f*float64(i)/audio.SampleRate) + r.NormFloat64()*900)
	}
	return audio.Clip{Samples: s}
}
