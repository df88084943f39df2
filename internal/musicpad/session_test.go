package musicpad

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/synth"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func quiet(t *testing.T, clk *fakeClock) *Session {
	t.Helper()
	s, err := Start(Options{Quiet: true, Clock: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(s.Silent(), audio.ErrNoSpeaker) {
		t.Fatalf("a quiet session says %v", s.Silent())
	}
	return s
}

func TestThePerformanceIsWrittenDownAsPlayed(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	s := quiet(t, clk)
	s.SetMood(synth.Tender) // before the first note: the performance's start
	clk.add(5 * time.Second)
	s.Release(3) // never pressed: not written down
	s.Press(3)
	clk.add(250 * time.Millisecond)
	s.Press(7)
	if got := s.Held(); got != 1<<3|1<<7 {
		t.Fatalf("held %b", got)
	}
	clk.add(100 * time.Millisecond)
	s.SetTimbre(synth.Pluck)
	s.Release(3)
	s.Press(99) // off the grid
	clk.add(400 * time.Millisecond)
	perf := s.Stop() // pad 7 is still held: Stop lets it go
	s.Press(1)       // after Stop: nothing
	want := synth.Performance{Mood: synth.Tender, Timbre: synth.Bell, Events: []synth.Event{
		synth.Press(0, 3), synth.Press(250*time.Millisecond, 7),
		{At: 350 * time.Millisecond, Action: synth.SetTimbre, Value: 2},
		synth.Release(350*time.Millisecond, 3), synth.Release(750*time.Millisecond, 7),
	}}
	if perf.Mood != want.Mood || perf.Timbre != want.Timbre || len(perf.Events) != len(want.Events) {
		t.Fatalf("performance %+v\nwant %+v", perf, want)
	}
	for i := range want.Events {
		if perf.Events[i] != want.Events[i] {
			t.Errorf("event %d: %+v, want %+v", i, perf.Events[i], want.Events[i])
		}
	}
	if s.Held() != 0 {
		t.Error("pads still held after Stop")
	}
	if again := s.Stop(); len(again.Events) != len(perf.Events) {
		t.Error("a second Stop changed the performance")
	}
	// Back from tagging: the same performance goes on, half a second after
	// its last event, however long tagging took.
	clk.add(time.Minute)
	s.Resume()
	s.Press(2)
	more := s.Stop()
	if n := len(more.Events); n != len(perf.Events)+2 || more.Events[n-2] != synth.Press(1250*time.Millisecond, 2) {
		t.Errorf("after Resume: %+v", more.Events[len(perf.Events):])
	}
}

func TestAPieceHasALongestLength(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	s := quiet(t, clk)
	s.Press(0)
	clk.add(synth.MaxPerformance + time.Second)
	s.Press(1)
	if !s.Full() || s.Held() != 1 {
		t.Fatalf("full %v, held %b: a press past the longest piece sounded", s.Full(), s.Held())
	}
	perf := s.Stop()
	if err := perf.Validate(); err != nil {
		t.Fatalf("the performance kept is invalid: %v", err)
	}
}

func TestOutputsAreAMusicPiece(t *testing.T) {
	perf := &synth.Performance{Mood: synth.Floating, Timbre: synth.Warm, Events: []synth.Event{
		synth.Press(0, 2), synth.Release(800*time.Millisecond, 2),
	}}
	outs, err := Outputs(context.Background(), perf)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]media.Output{}
	for _, o := range outs {
		roles[o.Role] = o
	}
	for _, r := range []string{piece.RoleOriginal, piece.RoleWaveform, piece.RolePeaks, piece.RolePerformance} {
		if _, ok := roles[r]; !ok {
			t.Errorf("no %s among the outputs", r)
		}
	}
	pcm, rate, err := media.DecodeFLAC(bytes.NewReader(roles[piece.RoleOriginal].Data))
	if err != nil || rate != synth.Rate {
		t.Fatalf("the FLAC: rate %d, %v", rate, err)
	}
	want, _ := synth.Render(context.Background(), perf)
	if !bytes.Equal(int16Bytes(pcm), int16Bytes(want)) {
		t.Error("the FLAC does not hold the rendered performance")
	}
	var back synth.Performance
	if err := back.UnmarshalBinary(roles[piece.RolePerformance].Data); err != nil || len(back.Events) != 2 {
		t.Fatalf("the performance log: %v, %+v", err, back)
	}
}

func int16Bytes(x []int16) []byte {
	b := make([]byte, 2*len(x))
	for i, v := range x {
		b[2*i], b[2*i+1] = byte(v), byte(v>>8)
	}
	return b
}
