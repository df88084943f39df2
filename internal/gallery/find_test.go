package gallery

import (
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// clock is a settable time for the index.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// indexedSession is an unlocked session over an index holding ms (no
// library: nothing pulled), on the index clock c.
func indexedSession(t *testing.T, c *clock, ms ...*piece.Manifest) *Session {
	t.Helper()
	id, _, err := seal.GenerateIdentity(seal.X25519)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := index.KeyMaterial(id)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "index.db")
	opts := Options{
		Unlock: func(string) ([]age.Identity, error) { return []age.Identity{id}, nil },
		Open: func([]age.Identity, func(int, int)) (*Opened, error) {
			ix, _, err := index.Open(path, secret, &index.Options{Now: c.now})
			if err != nil {
				return nil, err
			}
			var es []index.Entry
			for _, m := range ms {
				es = append(es, index.Entry{Manifest: m, Provenance: index.Verified})
			}
			return &Opened{Index: ix}, ix.AddPieces(slices.Values(es))
		},
		PullEvery: time.Hour,
	}
	var ev events
	ev.hook(&opts)
	s := New(opts)
	s.Unlock("")
	ev.waitState(t, Unlocked)
	t.Cleanup(func() { s.Lock(); <-s.Closed() })
	return s
}

func made(code, visit string, kind piece.Kind, at time.Time, title, quadrant string, words ...string) *piece.Manifest {
	m := piece.New(kind, "lounge-1", code, at)
	m.VisitID, m.Title, m.Finished = visit, title, at.Add(10*time.Minute)
	m.Reflection = "the sea " + title
	if quadrant != "" {
		m.Emotions = &piece.Emotions{Quadrant: quadrant, X: 0.5, Y: 0.5}
		for _, w := range words {
			m.Emotions.Words = append(m.Emotions.Words, piece.EmotionTag{Word: w, Intensity: 2})
		}
	}
	return m
}

func titles[T interface{ ~[]index.Visit | ~[]index.Hit }](got T) []string {
	var out []string
	switch v := any(got).(type) {
	case []index.Visit:
		for _, vis := range v {
			for _, p := range vis.Pieces {
				out = append(out, p.Title)
			}
		}
	case []index.Hit:
		for _, h := range v {
			out = append(out, h.Piece.Title)
		}
	}
	slices.Sort(out)
	return out
}

// TestFindNarrowsTimelineAndSearch: the filter bar's Find narrows a
// patient's visits and the full-text search alike (kind, word, quadrant,
// dates, new since the last follow-up), combined; opening a patient moves
// what is new only from the next day on.
func TestFindNarrowsTimelineAndSearch(t *testing.T) {
	day1 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local)
	c := &clock{t: day1.Add(8 * time.Hour)}
	s := indexedSession(t, c,
		made("K7Q4M2X", "v1", piece.Drawing, day1, "Harbour", "pleasant-low", "calm", "safe"),
		made("K7Q4M2X", "v1", piece.Music, day1.Add(time.Hour), "Tide", "pleasant-low", "calm"),
		made("K7Q4M2X", "v2", piece.Voice, day1.Add(5*24*time.Hour), "Storm", "unpleasant-high", "angry"),
		made("K7Q4M2X", "v2", piece.Drawing, day1.Add(5*24*time.Hour+time.Hour), "Shore", "unpleasant-high", "angry", "calm"),
		made("VAFQM2E", "w1", piece.Drawing, day1.Add(5*24*time.Hour), "Sea wall", "pleasant-low", "calm"),
	)
	// The first follow-up, on day1: everything is new; opening changes
	// nothing today.
	visits, err := s.Timeline("K7Q4M2X")
	if err != nil {
		t.Fatal(err)
	}
	if got := WordsOf(visits); !slices.Equal(got, []string{"calm", "angry", "safe"}) {
		t.Errorf("WordsOf %v, want calm, angry, safe (most used first)", got)
	}
	since, err := s.NewSince("K7Q4M2X")
	if err != nil || !since.IsZero() {
		t.Fatalf("NewSince on the first follow-up: %v, %v; want zero", since, err)
	}
	firstOpened := c.now()

	// The next follow-up, a week later.
	c.set(day1.Add(7 * 24 * time.Hour))
	counts, err := s.NewCounts()
	if err != nil {
		t.Fatal(err)
	}
	// K7Q: opened on day1 at 17:00, after Harbour and Tide (made on day1):
	// Storm and Shore are new. VAF was never opened: all of it.
	if counts["K7Q4M2X"] != 2 || counts["VAFQM2E"] != 1 {
		t.Errorf("new counts %v, want K7Q4M2X 2, VAFQM2E 1", counts)
	}
	s.Lock() // a new unlock opens the patient anew
	<-s.Closed()
	s.Unlock("")
	for deadline := time.Now().Add(30 * time.Second); s.State() != Unlocked; {
		if time.Now().After(deadline) {
			t.Fatal("not unlocked again within 30 s")
		}
		time.Sleep(5 * time.Millisecond) // polling the state
	}
	if visits, err = s.Timeline("K7Q4M2X"); err != nil {
		t.Fatal(err)
	}
	if since, err = s.NewSince("K7Q4M2X"); err != nil || !since.Equal(firstOpened) {
		t.Fatalf("NewSince after today's opening: %v, %v; want the opening of day1 %v", since, err, firstOpened)
	}

	cases := []struct {
		name   string
		f      Find
		visits []string
		search []string // searching "sea"
	}{
		{"all", Find{}, []string{"Harbour", "Shore", "Storm", "Tide"}, []string{"Harbour", "Sea wall", "Shore", "Storm", "Tide"}},
		{"drawings", Find{Kinds: []piece.Kind{piece.Drawing}}, []string{"Harbour", "Shore"}, []string{"Harbour", "Sea wall", "Shore"}},
		{"calm", Find{Word: "calm"}, []string{"Harbour", "Shore", "Tide"}, []string{"Harbour", "Sea wall", "Shore", "Tide"}},
		{"unpleasant, energetic", Find{Quadrant: "unpleasant-high"}, []string{"Shore", "Storm"}, []string{"Shore", "Storm"}},
		{"day1 only", Find{From: day1, To: day1.Add(24 * time.Hour)}, []string{"Harbour", "Tide"}, []string{"Harbour", "Tide"}},
		{"new", Find{New: true}, []string{"Shore", "Storm"}, []string{"Sea wall", "Shore", "Storm"}},
		{"new calm drawings", Find{New: true, Word: "calm", Kinds: []piece.Kind{piece.Drawing}}, []string{"Shore"}, []string{"Sea wall", "Shore"}},
	}
	for _, tc := range cases {
		got := tc.f.Visits(visits, since)
		if !slices.Equal(titles(got), tc.visits) {
			t.Errorf("%s: the timeline keeps %v, want %v", tc.name, titles(got), tc.visits)
		}
		hits, err := s.SearchFind("sea", tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(titles(hits), tc.search) {
			t.Errorf("%s: search finds %v, want %v", tc.name, titles(hits), tc.search)
		}
		if tc.f.Narrows() == (tc.name == "all") {
			t.Errorf("%s: Narrows %v", tc.name, tc.f.Narrows())
		}
	}
	if got := (Find{Quadrant: "unpleasant-high"}).Visits(visits, since); len(got) != 1 || got[0].ID != "v2" || len(visits[0].Pieces)+len(visits[1].Pieces) != 4 {
		t.Errorf("a filtered timeline keeps visits %v and must leave the original whole", got)
	}
}
