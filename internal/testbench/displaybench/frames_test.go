package displaybench

import (
	"slices"
	"testing"
	"time"
)

func TestGroupFramesJoinsEventsCloseTogether(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(us int) time.Time { return t0.Add(time.Duration(us) * time.Microsecond) }
	// A frame of three rectangles (each within 2 ms of the one before),
	// one of one, then one exactly 2 ms after the last: still one frame.
	events := []time.Time{at(0), at(1500), at(3000), at(20000), at(40000), at(42000)}
	got := GroupFrames(events)
	want := []time.Time{at(3000), at(20000), at(42000)}
	if !slices.Equal(got, want) {
		t.Fatalf("GroupFrames = %v; want %v", got, want)
	}
	if GroupFrames(nil) != nil {
		t.Error("no events gave frames")
	}
}
