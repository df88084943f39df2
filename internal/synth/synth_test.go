package synth

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench/audiobench"
)

func TestTuning(t *testing.T) {
	for _, c := range []struct {
		mood Mood
		pad  int
		hz   float64
	}{
		{Bright, 0, 130.81}, {Bright, 2, 164.81}, {Bright, 5, 261.63}, {Bright, 14, 880},
		{Tender, 0, 110}, {Tender, 1, 130.81}, {Tender, 10, 440},
		{Floating, 0, 146.83}, {Floating, 5, 293.66},
	} {
		hz, err := Frequency(c.mood, c.pad)
		if err != nil || math.Abs(hz-c.hz) > 0.01 {
			t.Errorf("Frequency(%s, %d) = %.2f, %v; want %.2f", c.mood, c.pad, hz, err, c.hz)
		}
	}
	if _, err := Frequency("sad", 0); err == nil {
		t.Error("an unknown mood was tuned")
	}
	if _, err := Frequency(Bright, Pads); err == nil {
		t.Error("a pad past the grid was tuned")
	}
	if DroneHz(Floating) != 146.83237874157/2 && math.Abs(DroneHz(Floating)-73.42) > 0.01 {
		t.Errorf("floating drone at %.2f Hz", DroneHz(Floating))
	}
	if DroneHz(Bright) != 0 {
		t.Error("bright has a drone")
	}
}

// TestEveryChordIsConsonant checks the promise behind the pads: no two pads
// of a mood are a semitone or a tritone apart (mod the octave).
func TestEveryChordIsConsonant(t *testing.T) {
	for _, m := range Moods {
		for a := range Pads {
			for b := a + 1; b < Pads; b++ {
				fa, _ := Frequency(m, a)
				fb, _ := Frequency(m, b)
				semis := int(math.Round(12*math.Log2(fb/fa))) % 12
				if semis == 1 || semis == 11 || semis == 6 {
					t.Errorf("%s: pads %d and %d are %d semitones apart", m, a, b, semis)
				}
			}
		}
	}
}

// phrase plays pads one at a time, each held for hold and spaced by gap.
func phrase(m Mood, tb Timbre, pads []int, hold, gap time.Duration) *Performance {
	p := &Performance{Mood: m, Timbre: tb}
	for i, pad := range pads {
		at := time.Duration(i) * gap
		p.Events = append(p.Events, Press(at, pad), Release(at+hold, pad))
	}
	slices.SortStableFunc(p.Events, func(a, b Event) int { return int(a.At - b.At) })
	return p
}

func TestRenderPlaysTheNotes(t *testing.T) {
	pads := []int{0, 3, 7, 9, 12, 14}
	const gap = 600 * time.Millisecond
	for _, m := range []Mood{Bright, Tender} {
		for _, tb := range Timbres {
			t.Run(string(m)+"/"+string(tb), func(t *testing.T) {
				p := phrase(m, tb, pads, 500*time.Millisecond, gap)
				pcm, err := Render(context.Background(), p)
				if err != nil {
					t.Fatal(err)
				}
				x := audiobench.Floats(pcm)
				for i, pad := range pads {
					want, _ := Frequency(m, pad)
					want *= shapes[tb].octave
					// The note's middle: past the attack, before the next note.
					from := toSamples(time.Duration(i)*gap + 200*time.Millisecond)
					win := x[from : from+toSamples(300*time.Millisecond)]
					got := audiobench.DominantFrequency(win, Rate, want*0.9, want*1.1, 1)
					if math.Abs(got-want)/want > 0.01 {
						t.Errorf("note %d (pad %d): heard %.2f Hz, want %.2f Hz ±1%%", i, pad, got, want)
					}
					// And it is the note heard, not a quiet partial under a
					// louder wrong one.
					wide := audiobench.DominantFrequency(win, Rate, 50, 2000, 5)
					if math.Abs(wide-want) > 8 {
						t.Errorf("note %d (pad %d): loudest sound at %.1f Hz, want %.1f Hz", i, pad, wide, want)
					}
				}
				if peak := slices.Max(pcm); peak < 3000 {
					t.Errorf("peak %d: the phrase is nearly silent", peak)
				}
			})
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	p := phrase(Floating, Warm, []int{1, 4, 4, 8, 13, 2}, 700*time.Millisecond, 250*time.Millisecond)
	a, err := Render(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Render(context.Background(), p)
	if !slices.Equal(a, b) {
		t.Fatal("the same events rendered to different samples")
	}
	p.Events[len(p.Events)-1].At += time.Millisecond
	c, _ := Render(context.Background(), p)
	if slices.Equal(a, c) {
		t.Fatal("moving an event by 1 ms changed nothing")
	}
}

func TestChordsStayInRange(t *testing.T) {
	// Every pad at once, twice over (stealing voices), loudest timbre.
	p := &Performance{Mood: Floating, Timbre: Warm}
	for round := range 2 {
		for pad := range Pads {
			p.Events = append(p.Events, Press(time.Duration(round)*time.Second, pad))
		}
	}
	p.Events = append(p.Events, Release(3*time.Second, 0))
	pcm, err := Render(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	// The render ends when the tail is done: held pads are cut at four
	// seconds past the last event.
	if got, limit := len(pcm), int(toSamples(7*time.Second)); got > limit {
		t.Errorf("rendered %d samples, more than the %d the tail allows", got, limit)
	}
	var clipped int
	for _, s := range pcm {
		if s == math.MaxInt16 || s == math.MinInt16 {
			clipped++
		}
	}
	if clipped > 0 {
		t.Errorf("%d samples at full scale: the soft clip let them through", clipped)
	}
}

func TestRenderEndsWhenTheNotesHaveRungOut(t *testing.T) {
	p := phrase(Bright, Pluck, []int{5}, 100*time.Millisecond, time.Second)
	pcm, err := Render(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	got := time.Duration(len(pcm)) * time.Second / Rate
	if got < 400*time.Millisecond || got > 2*time.Second {
		t.Errorf("a plucked note of 100 ms rendered %v of sound", got)
	}
	last := audiobench.Floats(pcm[len(pcm)-Rate/100:])
	if rms := audiobench.RMS(last); rms > 0.001 {
		t.Errorf("the last 10 ms are at %.4f RMS: cut off, not rung out", rms)
	}
}

func TestRenderCancels(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Render(ctx, phrase(Bright, Bell, []int{1}, time.Second, time.Second)); err == nil {
		t.Fatal("a cancelled render finished")
	}
}

func TestLiveEngineMatchesPresses(t *testing.T) {
	e, err := New(Tender, Bell)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, 256)
	e.Process(out)
	if audiobench.RMS(out) != 0 {
		t.Fatal("sound before any press")
	}
	e.Press(10)
	var heard []float32
	for range 40 {
		e.Process(out)
		heard = append(heard, out...)
	}
	if got := audiobench.DominantFrequency(heard[2000:], Rate, 400, 480, 1); math.Abs(got-440) > 4.4 {
		t.Errorf("pressed pad 10 (A4) and heard %.1f Hz", got)
	}
	e.Press(-1)
	e.Press(Pads)
	if e.Dropped() != 0 {
		t.Error("pads outside the grid were queued")
	}
}

func TestQueueOverflowDropsInsteadOfBlocking(t *testing.T) {
	e, _ := New(Bright, Pluck)
	for range queueLen + 10 {
		e.Press(3)
	}
	if e.Dropped() != 10 {
		t.Fatalf("dropped %d presses, want 10", e.Dropped())
	}
	e.Process(make([]float32, 64))
	e.Press(4)
	if e.Dropped() != 10 {
		t.Fatal("a press after the callback drained the queue was dropped")
	}
}

// TestChangesTakeEffectOnTheNextNote plays pad 5 in bright, then retunes
// to tender and changes the timbre to the low one: the second press sounds
// tender's pad 5 an octave down, and the first note is not retuned.
func TestChangesTakeEffectOnTheNextNote(t *testing.T) {
	p := &Performance{Mood: Bright, Timbre: Warm, Events: []Event{
		Press(0, 5), Release(600*time.Millisecond, 5),
		{At: 700 * time.Millisecond, Action: SetMood, Value: 1},
		{At: 700 * time.Millisecond, Action: SetTimbre, Value: 3},
		Press(800*time.Millisecond, 5), Release(1500*time.Millisecond, 5),
	}}
	pcm, err := Render(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	x := audiobench.Floats(pcm)
	first := x[toSamples(250*time.Millisecond):toSamples(550*time.Millisecond)]
	if got := audiobench.DominantFrequency(first, Rate, 50, 2000, 5); math.Abs(got-261.63) > 2.6 {
		t.Errorf("first note at %.1f Hz, want bright's C4", got)
	}
	second := x[toSamples(1200*time.Millisecond):toSamples(1500*time.Millisecond)]
	if got := audiobench.DominantFrequency(second, Rate, 50, 2000, 5); math.Abs(got-110) > 1.1 {
		t.Errorf("second note at %.1f Hz, want tender's A3 an octave down (110 Hz)", got)
	}
}

func TestHeld(t *testing.T) {
	p := &Performance{Mood: Bright, Timbre: Bell, Events: []Event{
		Press(0, 1), Press(100*time.Millisecond, 4), {At: 150 * time.Millisecond, Action: SetTimbre, Value: 2},
		Release(200*time.Millisecond, 1), Release(300*time.Millisecond, 4),
	}}
	for _, c := range []struct {
		at   time.Duration
		want uint32
	}{{0, 1 << 1}, {150 * time.Millisecond, 1<<1 | 1<<4}, {250 * time.Millisecond, 1 << 4}, {time.Second, 0}} {
		if got := p.Held(c.at); got != c.want {
			t.Errorf("Held(%v) = %b, want %b", c.at, got, c.want)
		}
	}
}

// TestATapSoundsItsNote: a press let go at once (a quick tap) still
// sounds its note: the swell completes before the note fades.
func TestATapSoundsItsNote(t *testing.T) {
	for _, tb := range Timbres {
		p := &Performance{Mood: Bright, Timbre: tb, Events: []Event{Press(0, 7), Release(0, 7)}}
		pcm, err := Render(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if peak := slices.Max(pcm); peak < 2000 {
			t.Errorf("%s: a tap peaks at %d, nearly silent", tb, peak)
		}
	}
}
