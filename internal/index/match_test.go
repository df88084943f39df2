package index

import (
	"slices"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestFilterMatchEqualsSQL: Filter.Match keeps exactly the pieces Pieces
// lists for the same filter, for every kind of narrowing and their
// combinations.
func TestFilterMatchEqualsSQL(t *testing.T) {
	ix, _ := openNew(t)
	ms := synthetic(600, 5, 7)
	if err := ix.AddPieces(entries(ms)); err != nil {
		t.Fatal(err)
	}
	every, err := ix.Pieces(Filter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if len(every) != len(ms) {
		t.Fatalf("%d pieces indexed, want %d", len(every), len(ms))
	}
	mid := every[len(every)/2].Created // a piece exactly on a bound
	filters := []Filter{
		{},
		{Patient: "P00002"},
		{Kinds: []piece.Kind{piece.Music}},
		{Kinds: []piece.Kind{piece.Drawing, piece.Voice}},
		{Word: "calm"},
		{Word: "not a word"},
		{Quadrant: "unpleasant-low"},
		{From: mid},
		{To: mid},
		{From: mid.Add(-30 * 24 * time.Hour), To: mid},
		{Patient: "P00001", Kinds: []piece.Kind{piece.Drawing}, Word: "hopeful", Quadrant: "pleasant-high"},
		{Patient: "P00003", Word: "tired", From: base.Add(14 * 24 * time.Hour)},
	}
	if (Filter{Limit: 5}).Narrows() || !(Filter{To: mid}).Narrows() {
		t.Error("Narrows counts the limit, or not the end date")
	}
	for _, f := range filters {
		f.Limit = 10000
		got, err := ix.Pieces(f)
		if err != nil {
			t.Fatal(err)
		}
		var want []piece.ID
		for _, p := range every {
			if f.Match(p) {
				want = append(want, p.ID)
			}
		}
		ids := make([]piece.ID, len(got))
		for i, p := range got {
			ids[i] = p.ID
		}
		if !slices.Equal(ids, want) {
			t.Errorf("filter %+v: SQL lists %d pieces, Match keeps %d", f, len(ids), len(want))
		}
		if f.Narrows() && f.Word != "not a word" && (len(ids) == 0 || len(ids) == len(every)) {
			t.Errorf("filter %+v keeps %d of %d pieces: the case tests nothing", f, len(ids), len(every))
		}
	}
}
