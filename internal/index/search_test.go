package index

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

func TestSearchRankingAndHighlight(t *testing.T) {
	ix, _ := openNew(t)
	inTitle := manifest("P1", "v1", piece.Drawing, base, "Ocean breathing", "Blue and slow.")
	inBoth := manifest("P1", "v1", piece.Drawing, base.Add(time.Minute), "The ocean", "The ocean came back, ocean again.")
	inReflection := manifest("P2", "v2", piece.Music, base.Add(time.Hour), "Untitled",
		"A long afternoon of small things, and then at the very end of it all I thought about the ocean for a moment before the day went on and on.")
	accent := manifest("P2", "v2", piece.Voice, base.Add(2*time.Hour), "Café", "Naïve, résumé")
	accent.Emotions = &piece.Emotions{Quadrant: "unpleasant-high", Words: []piece.EmotionTag{{Word: "restless", Intensity: 2}}}
	other := manifest("P3", "v3", piece.Drawing, base.Add(3*time.Hour), "Forest", "No water here.")
	hidden := manifest("P3", "v3", piece.Drawing, base.Add(4*time.Hour), "Ocean ocean ocean", "ocean")
	if err := ix.AddPieces(slices.Values([]Entry{
		verified(inTitle), verified(inBoth), verified(inReflection), verified(accent), verified(other),
		{Manifest: hidden, Provenance: OriginNotVerified},
	})); err != nil {
		t.Fatal(err)
	}

	hits, err := ix.Search("ocean", Filter{})
	if err != nil {
		t.Fatal(err)
	}
	// Best first: title and reflection, then title, then a single mention in
	// a long reflection. The unverified piece is never found.
	if got := hitIDs(hits); !slices.Equal(got, []piece.ID{inBoth.ID, inTitle.ID, inReflection.ID}) {
		t.Fatalf("ranking: got %v, want inBoth, inTitle, inReflection", got)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i-1].Rank > hits[i].Rank {
			t.Fatalf("ranks not ascending: %v then %v", hits[i-1].Rank, hits[i].Rank)
		}
	}
	if want := []Segment{{"The ", false}, {"ocean", true}}; !slices.Equal(hits[0].Title, want) {
		t.Fatalf("title highlight %+v, want %+v", hits[0].Title, want)
	}
	if want := []Segment{{"Ocean", true}, {" breathing", false}}; !slices.Equal(hits[1].Title, want) {
		t.Fatalf("title highlight %+v, want %+v", hits[1].Title, want)
	}
	var matched []string
	for _, s := range hits[0].Reflection {
		if s.Match {
			matched = append(matched, s.Text)
		}
	}
	if !slices.Equal(matched, []string{"ocean", "ocean"}) {
		t.Fatalf("reflection highlight %+v", hits[0].Reflection)
	}
	snip := joinSegments(hits[2].Reflection)
	if !strings.Contains(snip, "ocean") || !strings.Contains(snip, "…") || len(snip) >= len(inReflection.Reflection) {
		t.Fatalf("reflection snippet %q: want a cut around the match", snip)
	}

	// Prefix while typing, case and accents folded.
	for typed, want := range map[string][]piece.ID{
		"oce":        {inBoth.ID, inTitle.ID, inReflection.ID},
		"oce ":       nil, // a finished word is a whole word
		"cafe":       {accent.ID},
		"RESUME":     {accent.ID},
		"ocean blue": {inTitle.ID},
		"   ":        nil,
	} {
		hits, err := ix.Search(typed, Filter{})
		if err != nil {
			t.Fatalf("Search(%q): %v", typed, err)
		}
		if got := hitIDs(hits); !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %v, want %v", typed, got, want)
		}
	}

	// Filters: kind, word, quadrant, dates, patient.
	for name, c := range map[string]struct {
		f    Filter
		want []piece.ID
	}{
		"kind":     {Filter{Kinds: []piece.Kind{piece.Music}}, []piece.ID{inReflection.ID}},
		"kinds":    {Filter{Kinds: []piece.Kind{piece.Music, piece.Drawing}}, []piece.ID{inBoth.ID, inTitle.ID, inReflection.ID}},
		"patient":  {Filter{Patient: "P2"}, []piece.ID{inReflection.ID}},
		"from":     {Filter{From: base.Add(time.Minute)}, []piece.ID{inBoth.ID, inReflection.ID}},
		"to":       {Filter{To: base.Add(time.Minute)}, []piece.ID{inTitle.ID}},
		"limit":    {Filter{Limit: 1}, []piece.ID{inBoth.ID}},
		"word":     {Filter{Word: "restless"}, nil},
		"quadrant": {Filter{Quadrant: "unpleasant-high"}, nil},
	} {
		hits, err := ix.Search("ocean", c.f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := hitIDs(hits); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", name, got, c.want)
		}
	}
	if hits, _ := ix.Search("cafe", Filter{Word: "restless", Quadrant: "unpleasant-high"}); len(hits) != 1 {
		t.Errorf("word and quadrant filter: %v", hitIDs(hits))
	}
	// The same filters list pieces without a query, newest first.
	ps, err := ix.Pieces(Filter{Kinds: []piece.Kind{piece.Drawing}})
	if err != nil {
		t.Fatal(err)
	}
	if got := pieceIDs(ps); !slices.Equal(got, []piece.ID{other.ID, inBoth.ID, inTitle.ID}) {
		t.Errorf("Pieces(drawings) = %v", got)
	}
	if ps, _ := ix.Pieces(Filter{Word: "restless"}); len(ps) != 1 || ps[0].Words[0] != (Word{"restless", "unpleasant-high", 2}) {
		t.Errorf("Pieces(word) = %+v", ps)
	}
}

func hitIDs(hs []Hit) []piece.ID {
	var ids []piece.ID
	for _, h := range hs {
		ids = append(ids, h.ID)
	}
	return ids
}

func joinSegments(ss []Segment) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.Text)
	}
	return b.String()
}

// hostile are things people type (or paste) that are FTS5 syntax.
var hostile = []string{
	`"`, `""`, `"ocean`, `ocean"`, `'`, `*`, `ocean*`, `*ocean`, `^ocean`, `-ocean`, `+`, `(`, `)`, `(ocean`,
	`AND`, `OR`, `NOT`, `ocean AND`, `OR ocean`, `NOT ocean`, `ocean NOT`, `NEAR(ocean river)`, `NEAR(`, `NEAR/3`,
	`title:ocean`, `{title reflection}:ocean`, `-title:ocean`, `rank:ocean`, `pieces_fts:x`, `:`, `{`, `}`, `[`, `]`,
	`ocean;DROP TABLE pieces;--`, `'; DELETE FROM pieces; --`, `%`, `_`, `\`, `\"`, "\x00", "oce\x00an", "\u202eocean",
	"\ufffd", "\xff\xfe", "o\u0301", "\u0301", "🌊", "海", "ocean " + strings.Repeat("x", 5000),
	strings.Repeat("a ", 2000), strings.Repeat(`"(`, 500), strings.Repeat("é", 700),
}

func TestSearchHostileQueries(t *testing.T) {
	ix := searchFixture(t)
	for _, q := range hostile {
		if _, err := ix.Search(q, Filter{}); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	// Operators typed are words, not syntax.
	if hits, err := ix.Search("ocean OR nothing", Filter{}); err != nil || len(hits) != 0 {
		t.Errorf(`"ocean OR nothing" should need all three words: %d hits, %v`, len(hits), err)
	}
	if hits, err := ix.Search(`title:ocean`, Filter{}); err != nil || len(hits) != 0 {
		t.Errorf(`"title:ocean" should need the word "title": %d hits, %v`, len(hits), err)
	}
	if hits, err := ix.Search(`"ocean`, Filter{}); err != nil || len(hits) == 0 {
		t.Errorf(`a stray quote should still find ocean: %d hits, %v`, len(hits), err)
	}
}

var (
	fixtureOnce sync.Once
	fixture     *Index
	fixtureErr  error
)

// searchFixture is one small index shared by the hostile-query test and the
// fuzzer (opened once per process).
func searchFixture(t testing.TB) *Index {
	t.Helper()
	fixtureOnce.Do(func() {
		dir, err := tempDirForProcess()
		if err != nil {
			fixtureErr = err
			return
		}
		a, _ := secrets(t)
		fixture, _, fixtureErr = Open(filepath.Join(dir, "fixture.db"), a, nil)
		if fixtureErr != nil {
			return
		}
		fixtureErr = fixture.AddPieces(entries(synthetic(200, 5, 1)))
		if fixtureErr == nil {
			fixtureErr = fixture.AddPiece(verified(manifest("P9", "v9", piece.Drawing, base, "ocean", "the ocean")))
		}
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixture
}

func FuzzSearchQuery(f *testing.F) {
	for _, q := range hostile {
		f.Add(q)
	}
	ix := searchFixture(f)
	f.Fuzz(func(t *testing.T, typed string) {
		m := MatchQuery(typed)
		if !utf8.ValidString(m) {
			t.Fatalf("MatchQuery(%q) = %q: not UTF-8", typed, m)
		}
		if strings.Count(m, `"`)%2 != 0 || len(m) > 4*maxQueryInput {
			t.Fatalf("MatchQuery(%q) = %q", typed, m)
		}
		if _, err := ix.Search(typed, Filter{}); err != nil {
			t.Fatalf("Search(%q) (match %q): %v", typed, m, err)
		}
	})
}

func TestMatchQuery(t *testing.T) {
	long := strings.Repeat("x", maxQueryInput-1) + "é" // é straddles the cut
	for typed, want := range map[string]string{
		"ocean":                             `"ocean"*`,
		"ocean ":                            `"ocean"`,
		`river "bank`:                       `"river" "bank"*`,
		"NOT a OR b":                        `"NOT" "a" "OR" "b"*`,
		"title:x":                           `"title" "x"*`,
		"\xff\xfeocean":                     `"ocean"*`,
		"café au\u00a0lait ":                `"café" "au" "lait"`,
		"":                                  "",
		"!!! ???":                           "",
		long:                                `"` + strings.Repeat("x", maxQueryTermRune) + `"*`,
		"\xffa" + strings.Repeat(" b", 600): `"a" "b" "b" "b" "b" "b" "b" "b" "b" "b" "b" "b" "b" "b" "b" "b"`,
	} {
		if got := MatchQuery(typed); got != want {
			t.Errorf("MatchQuery(%.40q) = %.80q, want %.80q", typed, got, want)
		}
	}
}
