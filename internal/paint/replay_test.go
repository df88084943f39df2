package paint

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

// randomSession performs n random actions — strokes with every brush,
// fills, undos, redos and clears — on p, as a patient might.
func randomSession(p *Painter, rnd *rand.Rand, n int) {
	var t time.Duration
	w, h := float64(p.c.w), float64(p.c.h)
	for range n {
		t += time.Duration(rnd.IntN(400)) * time.Millisecond
		switch k := rnd.IntN(20); {
		case k < 13:
			p.SetBrush(Brush{
				Kind:    Kinds[rnd.IntN(len(Kinds))],
				Color:   Palette[rnd.IntN(len(Palette))],
				Size:    MinSize + rnd.Float64()*60,
				Opacity: rnd.Float64() * 1.2,
			})
			x, y := rnd.Float64()*w, rnd.Float64()*h
			for i, np := 0, 1+rnd.IntN(30); i < np; i++ {
				if i == 0 {
					p.BeginStroke(x, y, t)
				} else {
					p.StrokeTo(x, y, t)
				}
				x += rnd.NormFloat64() * 12
				y += rnd.NormFloat64() * 12
				t += time.Duration(rnd.IntN(20000)) * time.Microsecond
			}
			if rnd.IntN(10) > 0 {
				p.EndStroke() // else the next action ends it
			}
		case k < 15:
			p.SetBrush(Brush{Kind: Soft, Color: Palette[rnd.IntN(len(Palette))], Opacity: rnd.Float64()})
			p.FillTolerance = uint8(rnd.IntN(80))
			p.Fill(rnd.IntN(p.c.w+10)-5, rnd.IntN(p.c.h+10)-5, t)
		case k < 18:
			p.Undo(t)
		case k < 20:
			if rnd.IntN(6) == 0 {
				p.Clear(t)
			} else {
				p.Redo(t)
			}
		}
	}
	p.EndStroke()
}

func TestReplayReproducesLiveImage(t *testing.T) {
	n := 40
	if testing.Short() || raceBuild {
		n = 12
	}
	painted := 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		rnd := rand.New(rand.NewPCG(seed, 99))
		live := New(Options{Width: 200 + rnd.IntN(200), Height: 100 + rnd.IntN(200), Seed: seed})
		randomSession(live, rnd, 5+rnd.IntN(60))
		data := live.Log().Snapshot()

		replayed, err := Replay(data)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		a, b := live.Canvas().Snapshot(), replayed.Canvas().Snapshot()
		if !bytes.Equal(a.Pix, New(Options{Width: a.Rect.Dx(), Height: a.Rect.Dy()}).Canvas().Snapshot().Pix) {
			painted++
		}
		if !bytes.Equal(a.Pix, b.Pix) {
			t.Fatalf("seed %d: replayed image differs from the live one", seed)
		}
		// the replay logs the same actions, byte for byte
		if again := replayed.Log().Snapshot(); !bytes.Equal(again, data) {
			t.Fatalf("seed %d: the replay's own log differs from the original", seed)
		}
		// undo state replays too
		if live.UndoSteps() != replayed.UndoSteps() || live.CanRedo() != replayed.CanRedo() {
			t.Fatalf("seed %d: undo state %d/%v, replayed %d/%v", seed,
				live.UndoSteps(), live.CanRedo(), replayed.UndoSteps(), replayed.CanRedo())
		}
	}
	if painted < n/2 {
		t.Errorf("only %d of %d random sessions left paint on the canvas: the test is too weak", painted, n)
	}
}

func TestPlayerAdvancesInTime(t *testing.T) {
	p := New(Options{Width: 320, Height: 200, Seed: 3})
	end := wave(p, 100, 30, 0)
	p.SetBrush(Brush{Kind: Soft, Color: Palette[10], Opacity: 1})
	p.Fill(5, 5, end+time.Second)
	data := p.Log().Snapshot()

	pl, err := NewPlayer(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pl.Duration(), end+time.Second; got != want {
		t.Errorf("Duration = %v, want %v", got, want)
	}
	blank := pl.Canvas().Snapshot()
	if pl.AdvanceTo(end / 2) {
		t.Fatal("replay says done half way")
	}
	half := pl.Canvas().Snapshot()
	if bytes.Equal(half.Pix, blank.Pix) {
		t.Error("nothing painted half way through the stroke")
	}
	if pl.AdvanceTo(end + time.Second - time.Microsecond) {
		t.Fatal("replay done before the fill")
	}
	if got := pl.Canvas().RGBAAt(5, 5); got == Palette[10] {
		t.Error("the fill was replayed early")
	}
	if !pl.AdvanceTo(end + time.Second) {
		t.Fatal("replay not done at its duration")
	}
	if !bytes.Equal(pl.Canvas().Snapshot().Pix, p.Canvas().Snapshot().Pix) {
		t.Error("final replayed frame differs from the live image")
	}
	if len(pl.Canvas().TakeDirty(nil)) == 0 {
		t.Error("replay marked no tiles dirty")
	}
}

func TestUndoRedoRestoreExactly(t *testing.T) {
	p := New(Options{Width: 400, Height: 300, Seed: 5})
	var states [][]byte
	states = append(states, p.Canvas().Snapshot().Pix)
	rnd := rand.New(rand.NewPCG(5, 5))
	for i := range 8 {
		p.SetBrush(Brush{Kind: Kinds[i%len(Kinds)], Color: Palette[i], Size: 30, Opacity: 0.8})
		p.BeginStroke(rnd.Float64()*400, rnd.Float64()*300, time.Duration(i)*time.Second)
		p.StrokeTo(rnd.Float64()*400, rnd.Float64()*300, time.Duration(i)*time.Second+50*time.Millisecond)
		p.EndStroke()
		states = append(states, p.Canvas().Snapshot().Pix)
	}
	p.Clear(10 * time.Second)
	for i := len(states) - 1; i >= 0; i-- {
		if !p.Undo(0) {
			t.Fatalf("undo %d refused", i)
		}
		if !bytes.Equal(p.Canvas().Snapshot().Pix, states[i]) {
			t.Fatalf("after undo to step %d the image differs", i)
		}
	}
	if p.Undo(0) || p.CanUndo() {
		t.Fatal("undo past the start")
	}
	for i := 1; i < len(states); i++ {
		p.Redo(0)
		if !bytes.Equal(p.Canvas().Snapshot().Pix, states[i]) {
			t.Fatalf("after redo to step %d the image differs", i)
		}
	}
	// a new stroke forgets the redo steps
	p.Undo(0)
	p.BeginStroke(10, 10, 11*time.Second)
	p.EndStroke()
	if p.CanRedo() {
		t.Error("redo still possible after a new stroke")
	}
}

func TestHistoryKeepsAtLeastMinStepsWithinBudget(t *testing.T) {
	p := New(Options{Width: 512, Height: 256, Seed: 9, History: HistoryLimits{MinSteps: 5, MaxBytes: 1 << 20}})
	for i := range 20 {
		p.Clear(time.Duration(i) * time.Second) // no change after the first: no step
		p.SetBrush(Brush{Kind: Marker, Color: Palette[i%24], Size: 200, Opacity: 1})
		p.BeginStroke(0, float64(i*12%256), time.Duration(i)*time.Second)
		p.StrokeTo(512, float64((i*37)%256), time.Duration(i)*time.Second+time.Millisecond)
		p.EndStroke()
	}
	if got := p.UndoSteps(); got < 5 {
		t.Errorf("only %d undo steps kept, want at least 5", got)
	}
	if got := p.HistoryBytes(); got > 1<<20 && p.UndoSteps() > 5 {
		t.Errorf("history holds %d bytes in %d steps, over its 1 MiB budget", got, p.UndoSteps())
	}
	for p.Undo(0) {
	}
	// the oldest kept step undone: not the blank canvas, as older steps were forgotten
	if p.UndoSteps() != 0 {
		t.Error("undo stopped early")
	}
}

func TestDecodeLogRejectsDamage(t *testing.T) {
	p := New(Options{Width: 320, Height: 200, Seed: 3})
	wave(p, 100, 30, 0)
	p.Undo(time.Second)
	data := p.Log().Snapshot()
	if _, err := DecodeLog(data); err != nil {
		t.Fatalf("valid log: %v", err)
	}
	for n := 0; n < len(data); n++ {
		if _, err := DecodeLog(data[:n]); !errors.Is(err, ErrBadLog) {
			t.Fatalf("truncated to %d bytes: err = %v, want ErrBadLog", n, err)
		}
	}
	for i := range data {
		bad := bytes.Clone(data)
		bad[i] ^= 0x20
		if _, err := DecodeLog(bad); !errors.Is(err, ErrBadLog) {
			t.Fatalf("byte %d flipped: err = %v, want ErrBadLog", i, err)
		}
	}
	if _, err := DecodeLog(append(bytes.Clone(data), 0)); !errors.Is(err, ErrBadLog) {
		t.Fatalf("trailing byte accepted: %v", err)
	}
	if _, err := Replay([]byte("PNG\x00")); !errors.Is(err, ErrBadLog) {
		t.Fatalf("Replay of garbage: %v", err)
	}
}

func FuzzDecodeLog(f *testing.F) {
	p := New(Options{Width: 64, Height: 48, Seed: 3})
	p.SetBrush(Brush{Kind: Airbrush, Color: Palette[3], Size: 9, Opacity: 0.5})
	p.BeginStroke(3, 4, 0)
	p.StrokeTo(30, 40, time.Millisecond)
	p.EndStroke()
	p.Fill(1, 1, time.Second)
	p.Undo(2 * time.Second)
	p.Redo(3 * time.Second)
	p.Clear(4 * time.Second)
	f.Add(p.Log().Snapshot())
	f.Add(New(Options{Width: 8, Height: 8, Seed: 1}).Log().Snapshot())
	f.Add([]byte("AIST\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := DecodeLog(data)
		if err != nil {
			if !errors.Is(err, ErrBadLog) {
				t.Fatalf("error does not wrap ErrBadLog: %v", err)
			}
			return
		}
		if rec.Width*rec.Height > 256*256 {
			return // a valid but large canvas: too slow to replay here
		}
		// anything that decodes must replay without panicking
		pl := NewPlayerFor(rec)
		pl.AdvanceTo(pl.Duration())
		if !pl.Done() {
			t.Fatal("replay not done at its duration")
		}
	})
}

// A replay bounded by the live painter's history limits ends on the live
// canvas, even when the live painter dropped old steps.
func TestLimitedReplayReproducesLiveImage(t *testing.T) {
	lim := HistoryLimits{MinSteps: 2, MaxBytes: 1}
	for seed := uint64(1); seed <= 6; seed++ {
		rnd := rand.New(rand.NewPCG(seed, 7))
		live := New(Options{Width: 160, Height: 120, Seed: seed, History: lim})
		randomSession(live, rnd, 80)
		rec, err := DecodeLog(live.Log().Snapshot())
		if err != nil {
			t.Fatal(err)
		}
		pl := NewPlayerLimited(rec, lim)
		if !pl.AdvanceTo(rec.Duration()) {
			t.Fatalf("seed %d: the replay did not end", seed)
		}
		if !bytes.Equal(live.Canvas().Snapshot().Pix, pl.Canvas().Snapshot().Pix) {
			t.Fatalf("seed %d: the limited replay differs from the live canvas", seed)
		}
		if live.UndoSteps() != pl.Painter().UndoSteps() {
			t.Fatalf("seed %d: %d undo steps live, %d replayed", seed, live.UndoSteps(), pl.Painter().UndoSteps())
		}
	}
}
