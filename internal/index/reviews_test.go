package index

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestNewSince: a patient's pieces are new after the last time the
// gallery opened the patient before today; opening the patient again
// today does not move that, a later day does; a patient never opened has
// every piece new; pieces of unverified origin are never counted; the
// openings survive a rebuild and a reopening of the index.
func TestNewSince(t *testing.T) {
	day1 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local)
	now := day1.Add(time.Hour)
	path := filepath.Join(t.TempDir(), "index.db")
	a, _ := secrets(t)
	open := func() *Index {
		ix, _, err := Open(path, a, &Options{Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	ix := open()
	defer func() { ix.Close() }()

	old := manifest("K7Q4M2X", "v1", piece.Drawing, day1.Add(-7*24*time.Hour), "Old", "")
	first := manifest("K7Q4M2X", "v2", piece.Drawing, day1, "First", "")
	other := manifest("VAFQM2E", "w1", piece.Music, day1, "Other", "")
	all := []Entry{verified(old), verified(first), verified(other)}
	if err := ix.AddPieces(slices.Values(all)); err != nil {
		t.Fatal(err)
	}
	check := func(when string, wantSince time.Time, wantCounts map[string]int) {
		t.Helper()
		since, err := ix.NewSince("K7Q4M2X")
		if err != nil {
			t.Fatal(err)
		}
		if !since.Equal(wantSince) {
			t.Errorf("%s: NewSince %v, want %v", when, since, wantSince)
		}
		counts, err := ix.NewCounts()
		if err != nil {
			t.Fatal(err)
		}
		for code, n := range wantCounts {
			if counts[code] != n {
				t.Errorf("%s: %s has %d new pieces, want %d (%v)", when, code, counts[code], n, counts)
			}
		}
		if len(counts) != len(wantCounts) {
			t.Errorf("%s: new counts %v, want %v", when, counts, wantCounts)
		}
	}
	check("never opened", time.Time{}, map[string]int{"K7Q4M2X": 2, "VAFQM2E": 1})

	// Opened twice during today's follow-up: everything stays new.
	if err := ix.MarkOpened("K7Q4M2X"); err != nil {
		t.Fatal(err)
	}
	now = day1.Add(6 * time.Hour)
	if err := ix.MarkOpened("K7Q4M2X"); err != nil {
		t.Fatal(err)
	}
	check("opened today", time.Time{}, map[string]int{"K7Q4M2X": 2, "VAFQM2E": 1})
	lastOpened := now

	// A week later, a new piece (and one of unknown origin); the next
	// follow-up sees only the new one, before and after opening.
	now = day1.Add(7 * 24 * time.Hour)
	later := manifest("K7Q4M2X", "v3", piece.Voice, day1.Add(5*24*time.Hour), "Later", "")
	injected := manifest("K7Q4M2X", "v3", piece.Drawing, day1.Add(5*24*time.Hour+time.Minute), "Injected", "")
	more := []Entry{verified(later), {Manifest: injected, Provenance: OriginNotVerified}}
	if err := ix.AddPieces(slices.Values(more)); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"K7Q4M2X": 1, "VAFQM2E": 1}
	check("a week later", lastOpened, want)
	if err := ix.MarkOpened("K7Q4M2X"); err != nil {
		t.Fatal(err)
	}
	check("a week later, opened", lastOpened, want)
	ps, err := ix.Pieces(Filter{Patient: "K7Q4M2X", From: lastOpened.Add(time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ID != later.ID {
		t.Errorf("pieces from NewSince: %v, want the later one", ps)
	}

	if _, err := ix.Rebuild(slices.Values(append(all, more...))); err != nil {
		t.Fatal(err)
	}
	check("rebuilt", lastOpened, want)
	ix.Close()
	ix = open()
	check("reopened", lastOpened, want)

	// The day after: today's opening is now the one that counts.
	now = now.Add(24 * time.Hour)
	check("the next day", day1.Add(7*24*time.Hour), map[string]int{"VAFQM2E": 1})
}

// BenchmarkNewCounts times the patients list's new-piece counts over the
// 100,000-piece bench index, half of its patients opened before: what
// every reload of the list adds.
func BenchmarkNewCounts(b *testing.B) {
	ix := openBenchIndex(b)
	for i := range benchPatients / 2 {
		if err := ix.MarkOpened(fmt.Sprintf("P%05d", i)); err != nil {
			b.Fatal(err)
		}
	}
	cpu0 := cpuNow()
	for b.Loop() {
		counts, err := ix.NewCounts()
		if err != nil || len(counts) < benchPatients/2 {
			b.Fatalf("new counts for %d patients, %v", len(counts), err)
		}
	}
	reportCPU(b, cpu0)
}
