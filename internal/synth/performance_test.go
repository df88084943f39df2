package synth

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPerformanceRoundTrip(t *testing.T) {
	p := phrase(Tender, Pluck, []int{0, 14, 7}, 120*time.Millisecond, 333*time.Millisecond)
	data, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var q Performance
	if err := q.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if q.Mood != p.Mood || q.Timbre != p.Timbre || !slices.Equal(q.Events, p.Events) {
		t.Fatalf("round trip changed the performance:\n%+v\n%+v", p, q)
	}
}

func TestPerformanceRefusesBadLogs(t *testing.T) {
	for name, doc := range map[string]string{
		"version":      `{"version":2,"mood":"bright","timbre":"bell","events":[]}`,
		"mood":         `{"version":1,"mood":"angry","timbre":"bell","events":[]}`,
		"timbre":       `{"version":1,"mood":"bright","timbre":"kazoo","events":[]}`,
		"pad":          `{"version":1,"mood":"bright","timbre":"bell","events":[[0,1,15]]}`,
		"negative pad": `{"version":1,"mood":"bright","timbre":"bell","events":[[0,1,-1]]}`,
		"action":       `{"version":1,"mood":"bright","timbre":"bell","events":[[0,4,1]]}`,
		"mood index":   `{"version":1,"mood":"bright","timbre":"bell","events":[[0,2,3]]}`,
		"timbre index": `{"version":1,"mood":"bright","timbre":"bell","events":[[0,3,4]]}`,
		"backwards":    `{"version":1,"mood":"bright","timbre":"bell","events":[[10,1,1],[5,1,0]]}`,
		"too long":     `{"version":1,"mood":"bright","timbre":"bell","events":[[600001,1,1]]}`,
		"negative":     `{"version":1,"mood":"bright","timbre":"bell","events":[[-1,1,1]]}`,
		"unknown":      `{"version":1,"mood":"bright","timbre":"bell","events":[],"x":1}`,
		"trailing":     `{"version":1,"mood":"bright","timbre":"bell","events":[]} {}`,
		"huge":         `{"version":1,"mood":"bright","timbre":"bell","events":[` + strings.Repeat(`[0,1,1],`, MaxEncoded/8) + `[0,1,1]]}`,
	} {
		var p Performance
		if err := p.UnmarshalBinary([]byte(doc)); err == nil {
			t.Errorf("%s: accepted %.80q", name, doc)
		}
	}
}

func FuzzPerformance(f *testing.F) {
	for _, p := range []*Performance{
		phrase(Bright, Bell, []int{0, 1}, 10*time.Millisecond, 20*time.Millisecond),
		{Mood: Floating, Timbre: Low},
	} {
		data, _ := p.MarshalBinary()
		f.Add(data)
	}
	f.Add([]byte(`{"version":1,"mood":"bright","timbre":"bell","events":[[0,1,1],[0,1,0]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Performance
		if p.UnmarshalBinary(data) != nil {
			return
		}
		again, err := p.MarshalBinary()
		if err != nil {
			t.Fatalf("a decoded performance does not encode: %v", err)
		}
		var q Performance
		if err := q.UnmarshalBinary(again); err != nil || !slices.Equal(p.Events, q.Events) {
			t.Fatalf("re-decoding changed the performance: %v", err)
		}
	})
}
