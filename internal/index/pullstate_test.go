package index

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestPullState: cursors, the last full listing and problem records are
// kept across a reopen, replaced whole, and cleared by Rebuild.
func TestPullState(t *testing.T) {
	ix, path := openNew(t)
	if c, last, err := ix.Cursors(); err != nil || len(c) != 0 || !last.IsZero() {
		t.Fatalf("cursors of a new index: %v, %v, %v", c, last, err)
	}
	a, b := piece.NewID(), piece.NewID()
	full := base.Add(time.Hour)
	if err := ix.SetCursors(map[string]string{"lounge-1": string(a), "lounge-2": string(b)}, full); err != nil {
		t.Fatal(err)
	}
	// Replaced whole: a kiosk left out has no cursor any more.
	want := map[string]string{"lounge-1": string(b)}
	if err := ix.SetCursors(want, full); err != nil {
		t.Fatal(err)
	}
	damaged := Problem{Kiosk: "lounge-1", Piece: string(a), Kind: "damaged", Reason: "blob b1 \u202edoes not match", Since: base, Attempts: 2, NextCheck: base.Add(2 * time.Hour)}
	tampered := Problem{Kiosk: "lounge-1", Piece: string(a), Class: "tampered", Kind: "tampered", Reason: "written again", Since: base.Add(time.Minute), Attempts: 1, NextCheck: base}
	junk := Problem{Kiosk: "lounge-2", Kind: "junk", Reason: "1 object(s) that are not pieces", Since: base.Add(2 * time.Minute), Attempts: 1, NextCheck: base}
	for _, p := range []Problem{damaged, tampered, junk} {
		if err := ix.RecordProblem(p); err != nil {
			t.Fatal(err)
		}
	}
	damaged.Attempts = 3 // recorded again: replaced, not added
	if err := ix.RecordProblem(damaged); err != nil {
		t.Fatal(err)
	}
	if err := ix.AddPiece(verified(manifest("K7Q-4M2X", "", piece.Drawing, base, "t", "r"))); err != nil {
		t.Fatal(err)
	}

	ix.Close()
	s, _ := secrets(t)
	ix, rep, err := Open(path, s, nil)
	if err != nil || rep.Empty() {
		t.Fatalf("reopen: %+v, %v", rep, err)
	}
	defer ix.Close()
	c, last, err := ix.Cursors()
	if err != nil || !maps.Equal(c, want) || !last.Equal(full) {
		t.Fatalf("cursors after reopen: %v, %v, %v; want %v, %v", c, last, err, want, full)
	}
	probs, err := ix.Problems()
	damaged.Reason = "blob b1 does not match" // bidi control dropped
	if err != nil || !slices.Equal(probs, []Problem{damaged, tampered, junk}) {
		t.Fatalf("problems after reopen: %+v, %v", probs, err)
	}
	if err := ix.ResolveProblem("lounge-1", string(a), ""); err != nil {
		t.Fatal(err)
	}
	if probs, _ := ix.Problems(); !slices.Equal(probs, []Problem{tampered, junk}) {
		t.Fatalf("after resolving the damage (not the tampered flag): %+v", probs)
	}
	if n, err := ix.Count(); err != nil || n != 1 {
		t.Fatalf("Count: %d, %v", n, err)
	}
	if ids, err := ix.PieceIDs(); err != nil || len(ids) != 1 {
		t.Fatalf("PieceIDs: %v, %v", ids, err)
	}

	if _, err := ix.Rebuild(slices.Values([]Entry(nil))); err != nil {
		t.Fatal(err)
	}
	if c, last, err := ix.Cursors(); err != nil || len(c) != 0 || !last.IsZero() {
		t.Fatalf("cursors after Rebuild: %v, %v, %v", c, last, err)
	}
	if probs, err := ix.Problems(); err != nil || len(probs) != 0 {
		t.Fatalf("problems after Rebuild: %v, %v", probs, err)
	}
	if n, _ := ix.Count(); n != 0 {
		t.Fatalf("Count after an empty Rebuild: %d", n)
	}
}

// TestCounts: pieces are counted by provenance, and damage records apart.
func TestCounts(t *testing.T) {
	ix, _ := openNew(t)
	a := manifest("K7Q4M2X", "", piece.Drawing, base, "a", "")
	b := manifest("K7Q4M2X", "", piece.Drawing, base.Add(time.Hour), "b", "")
	c := manifest("K7Q4M2X", "", piece.Drawing, base.Add(2*time.Hour), "c", "")
	for _, e := range []Entry{verified(a), {Manifest: b, Provenance: Tampered}, {Manifest: c}} {
		if err := ix.AddPiece(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.MarkDamaged("lounge-1", a.ID, "blob does not match"); err != nil {
		t.Fatal(err)
	}
	got, err := ix.Counts()
	if err != nil || got != (Counts{Pieces: 2, Unverified: 1, Damaged: 1}) {
		t.Fatalf("counts %+v, %v", got, err)
	}
}
