package quiet

import (
	"image"
	"math"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench/audiobench"
)

func TestLengths(t *testing.T) {
	for _, d := range []time.Duration{time.Minute, 3 * time.Minute, 5 * time.Minute} {
		if !ValidLength(d) {
			t.Errorf("%v is not offered", d)
		}
	}
	for _, d := range []time.Duration{0, 30 * time.Second, 2 * time.Minute, time.Hour} {
		if ValidLength(d) {
			t.Errorf("%v is offered", d)
		}
	}
}

// TestBreathRhythm: in for 4 s (the circle filling), out for 6 s (it
// emptying), again every 10 s.
func TestBreathRhythm(t *testing.T) {
	for _, c := range []struct {
		at       time.Duration
		in       bool
		fullness float64
	}{
		{0, true, 0}, {2 * time.Second, true, 0.5}, {4 * time.Second, false, 1},
		{7 * time.Second, false, 0.5}, {10 * time.Second, true, 0}, {94 * time.Second, false, 1},
	} {
		b := BreathAt(c.at)
		if b.In != c.in || math.Abs(b.Fullness-c.fullness) > 1e-9 {
			t.Errorf("at %v: in %v fullness %.3f, want in %v fullness %.3f", c.at, b.In, b.Fullness, c.in, c.fullness)
		}
	}
	prev := BreathAt(0)
	for at := 100 * time.Millisecond; at < 2*BreathCycle; at += 100 * time.Millisecond {
		b := BreathAt(at)
		if b.In && prev.In && b.Fullness < prev.Fullness || !b.In && !prev.In && b.Fullness > prev.Fullness {
			t.Fatalf("at %v the circle moves against the breath: %.3f after %.3f", at, b.Fullness, prev.Fullness)
		}
		if d := math.Abs(b.Fullness - prev.Fullness); d > 0.04 {
			t.Fatalf("at %v the circle jumps by %.3f in 100 ms", at, d)
		}
		prev = b
	}
}

// TestSessionRunsItsTime: a session is over at its length; a tap ends it
// gently, FadeOut later; the scene fades in at the start and out at the
// end.
func TestSessionRunsItsTime(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	s := Start(Options{Length: time.Minute}, t0)
	if s.Over(t0.Add(59 * time.Second)) {
		t.Error("over before its minute")
	}
	if !s.Over(t0.Add(time.Minute)) {
		t.Error("not over at its minute")
	}
	for _, c := range []struct {
		at   time.Duration
		fade float64
	}{{0, 1}, {FadeIn / 2, 0.5}, {FadeIn, 0}, {30 * time.Second, 0}, {time.Minute - FadeOut/2, 0.5}, {time.Minute, 1}} {
		if got := s.Fade(t0.Add(c.at)); math.Abs(got-c.fade) > 1e-9 {
			t.Errorf("fade at %v: %.3f, want %.3f", c.at, got, c.fade)
		}
	}
	s.Leave(t0.Add(20 * time.Second))
	s.Leave(t0.Add(21 * time.Second)) // a second tap changes nothing
	if want := t0.Add(20*time.Second + FadeOut); !s.Ends().Equal(want) {
		t.Errorf("after a tap at 20 s it ends at %v, want %v", s.Ends().Sub(t0), want.Sub(t0))
	}
	if s.Over(t0.Add(21*time.Second)) || !s.Over(t0.Add(20*time.Second+FadeOut)) {
		t.Error("the tap's gentle end is not FadeOut long")
	}
	// A tap in the last moments does not make it longer.
	late := Start(Options{Length: time.Minute}, t0)
	late.Leave(t0.Add(59 * time.Second))
	if !late.Ends().Equal(t0.Add(time.Minute)) {
		t.Errorf("a late tap moved the end to %v", late.Ends().Sub(t0))
	}
}

// TestSceneIsSlowAndDeterministic: the same time gives the same scene; the
// light changes, but by at most one step of colour in SkyChanges; motes
// drift smoothly and stay near the frame.
func TestSceneIsSlowAndDeterministic(t *testing.T) {
	if SceneAt(42*time.Second) != SceneAt(42*time.Second) {
		t.Fatal("the same time gave two scenes")
	}
	first, later := SceneAt(0), SceneAt(LightCycle/3)
	if first.Sky == later.Sky || first.Glow == later.Glow {
		t.Error("the light does not change over a third of its cycle")
	}
	if a, b := SceneAt(0), SceneAt(LightCycle); a.Sky != b.Sky || a.Glow != b.Glow || a.SunY != b.SunY {
		t.Error("the light does not return after its cycle")
	}
	step := func(a, b uint8) int { return int(max(a, b) - min(a, b)) }
	for at := time.Duration(0); at < LightCycle; at += SkyChanges {
		a, b := SceneAt(at), SceneAt(at+SkyChanges)
		for _, p := range [][2][3]uint8{
			{{a.Sky.R, a.Sky.G, a.Sky.B}, {b.Sky.R, b.Sky.G, b.Sky.B}},
			{{a.Glow.R, a.Glow.G, a.Glow.B}, {b.Glow.R, b.Glow.G, b.Glow.B}},
		} {
			for k := range 3 {
				if d := step(p[0][k], p[1][k]); d > 2 {
					t.Fatalf("at %v the light jumps by %d in %v", at, d, SkyChanges)
				}
			}
		}
		for i := range a.Motes {
			m, n := a.Motes[i], b.Motes[i]
			if m.X < -0.06 || m.X > 1.06 || m.Y < 0 || m.Y > 1 || m.Alpha <= 0 || m.Alpha > 1 {
				t.Fatalf("at %v mote %d is at %+v", at, i, m)
			}
			if n.X > m.X && n.X-m.X > 0.01 {
				t.Fatalf("at %v mote %d rushes: %.4f → %.4f in %v", at, i, m.X, n.X, SkyChanges)
			}
		}
	}
	moved := false
	for i := range first.Motes {
		moved = moved || SceneAt(10 * time.Second).Motes[i].X != first.Motes[i].X
	}
	if !moved {
		t.Error("the motes do not drift")
	}
}

// TestPaintSky: the top of the sky is the scene's sky colour, the sun's
// glow is brighter than the sky beside it, and the picture is opaque.
func TestPaintSky(t *testing.T) {
	s := SceneAt(LightCycle / 2) // the sun at its highest
	img := NewSky()
	PaintSky(img, s)
	top := img.RGBAAt(2, 0)
	if d := int(top.R) - int(s.Sky.R); d < -8 || d > 8 {
		t.Errorf("the top of the sky is %v, want about %v", top, s.Sky)
	}
	lum := func(x, y int) int { c := img.RGBAAt(x, y); return int(c.R) + int(c.G) + int(c.B) }
	sun := image.Pt(int(s.SunX*float64(SkySize.X)), int(s.SunY*float64(SkySize.Y)))
	if lum(sun.X, sun.Y) <= lum(2, sun.Y)+30 {
		t.Errorf("the sun's glow (%d) is not brighter than the sky beside it (%d)", lum(sun.X, sun.Y), lum(2, sun.Y))
	}
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] != 0xff {
			t.Fatal("the sky is not opaque")
		}
	}
}

// TestBedIsSoftAndFades: the bed rises from silence, stays soft, sounds
// its low A, and after Stop falls silent within its ramp.
func TestBedIsSoftAndFades(t *testing.T) {
	const rate = 48000
	b := NewBed(rate, true)
	buf := make([]float32, 2*rate)
	b.Fill(buf[:480])
	if audiobench.RMS(buf[:480]) > 0.002 {
		t.Errorf("the first 10 ms are loud (RMS %.4f): the bed must rise gently", audiobench.RMS(buf[:480]))
	}
	b.Fill(buf[:3*rate/2]) // past the rise
	buf = buf[:rate]
	b.Fill(buf)
	for i, v := range buf {
		if v > BedLevel || v < -BedLevel {
			t.Fatalf("sample %d is %.3f, over the bed's level %.2f", i, v, BedLevel)
		}
	}
	if r := audiobench.RMS(buf); r < 0.02 {
		t.Errorf("the bed is nearly silent (RMS %.4f)", r)
	}
	if f := audiobench.DominantFrequency(buf, rate, 60, 400, 1); math.Abs(f-110) > 2 && math.Abs(f-164.8) > 2 && math.Abs(f-220) > 2 {
		t.Errorf("the loudest pitch is %.1f Hz, want one of the chord's", f)
	}
	b.Stop()
	b.Fill(buf[:cap(buf)][:rate*3/2+rate/100]) // its ramp, and 10 ms
	select {
	case <-b.Faded():
	default:
		t.Fatal("not faded 1.51 s after Stop")
	}
	b.Fill(buf[:4800])
	if r := audiobench.RMS(buf[:4800]); r != 0 {
		t.Errorf("after fading the bed still sounds (RMS %.5f)", r)
	}
}

func BenchmarkPaintSky(b *testing.B) {
	img := NewSky()
	for i := 0; b.Loop(); i++ {
		PaintSky(img, SceneAt(time.Duration(i)*SkyChanges))
	}
}

func BenchmarkBed(b *testing.B) {
	bed := NewBed(48000, true)
	buf := make([]float32, 256)
	for b.Loop() {
		bed.Fill(buf)
	}
}

// TestMotesMoveLittlePerStep: between two frames (Step apart) no mote
// moves by more than two pixels of a 1920×1080 screen, so drawing at that
// rate looks as continuous as drawing more often.
func TestMotesMoveLittlePerStep(t *testing.T) {
	worst := 0.0
	for at := time.Duration(0); at < LightCycle; at += Step {
		a, b := SceneAt(at), SceneAt(at+Step)
		for i := range a.Motes {
			dx, dy := (b.Motes[i].X-a.Motes[i].X)*1920, (b.Motes[i].Y-a.Motes[i].Y)*1080
			if d := math.Hypot(dx, dy); d < 100 { // not wrapping round the frame
				worst = max(worst, d)
			}
		}
	}
	if worst > 2 {
		t.Errorf("a mote moves %.2f px in one step of %v", worst, Step)
	}
}
