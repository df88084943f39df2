package index

import (
	"slices"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestSearchFindsWrittenText: a written piece's text (Entry.Body) is found
// by the words in it, with a highlighted snippet, survives a rebuild of the
// same entries, and is gone when the piece is re-indexed without it.
func TestSearchFindsWrittenText(t *testing.T) {
	ix, _ := openNew(t)
	w := manifest("P1", "v1", piece.Writing, base, "", "")
	w.PromptID = "write-carry"
	d := manifest("P1", "v1", piece.Drawing, base.Add(time.Minute), "Harbour", "")
	e := verified(w)
	e.Body = "Dear me,\nthe lighthouse keeps turning.\x1b\u202e"
	if err := ix.AddPieces(slices.Values([]Entry{e, verified(d)})); err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Search("lighthouse", Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].ID != w.ID || hits[0].Kind != piece.Writing || hits[0].Prompt != "write-carry" {
		t.Fatalf("hits %+v", hits)
	}
	var matched []string
	for _, s := range hits[0].Body {
		if s.Match {
			matched = append(matched, s.Text)
		}
		for _, r := range s.Text {
			if r == 0x1b || r == 0x202e {
				t.Fatalf("control characters reached the snippet: %q", s.Text)
			}
		}
	}
	if !slices.Equal(matched, []string{"lighthouse"}) {
		t.Fatalf("body snippet %+v", hits[0].Body)
	}
	// Filtered by kind, the written piece is found or left out.
	if hits, _ := ix.Search("lighthouse", Filter{Kinds: []piece.Kind{piece.Writing}}); len(hits) != 1 {
		t.Fatalf("kind writing: %d hits", len(hits))
	}
	if hits, _ := ix.Search("lighthouse", Filter{Kinds: []piece.Kind{piece.Drawing}}); len(hits) != 0 {
		t.Fatalf("kind drawing: %d hits", len(hits))
	}
	if hits, _ := ix.Search("harbour", Filter{}); len(hits) != 1 || len(hits[0].Body) != 0 {
		t.Fatalf("a drawing's hit carries a body snippet: %+v", hits)
	}
	// Indexed again without its text (e.g. its blob was damaged): not found.
	if err := ix.AddPiece(verified(w)); err != nil {
		t.Fatal(err)
	}
	if hits, _ := ix.Search("lighthouse", Filter{}); len(hits) != 0 {
		t.Fatalf("stale text still found: %+v", hits)
	}
}
