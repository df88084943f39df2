package index

import (
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// The benchmarks share one index of benchManifests synthetic manifests from
// benchPatients patients (200 pieces, 50 visits each), built once per
// process (encrypted, through Rebuild) in the process's temp folder. The
// OS file cache is warm in every benchmark: nothing here drops it.
const (
	benchManifests = 100000
	benchPatients  = 500
)

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
	benchMS   []*piece.Manifest
)

// openBenchIndex opens the shared benchmark index for one benchmark; it is
// closed when the benchmark ends.
func openBenchIndex(b *testing.B) *Index {
	b.Helper()
	path := benchIndex(b)
	a, _ := secrets(b)
	ix, _, err := Open(path, a, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return ix
}

func benchIndex(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := tempDirForProcess()
		if err != nil {
			benchErr = err
			return
		}
		benchPath = filepath.Join(dir, "bench.db")
		benchMS = synthetic(benchManifests, benchPatients, 42)
		a, _ := secrets(b)
		ix, _, err := Open(benchPath, a, nil)
		if err != nil {
			benchErr = err
			return
		}
		start := time.Now()
		if _, benchErr = ix.Rebuild(entries(benchMS)); benchErr != nil {
			return
		}
		fmt.Fprintf(os.Stderr, "bench: indexed %d manifests (encrypted) in %v\n", benchManifests, time.Since(start).Round(time.Millisecond))
		benchErr = ix.Close()
		if st, err := os.Stat(benchPath); err == nil {
			fmt.Fprintf(os.Stderr, "bench: index file %.1f MiB\n", float64(st.Size())/(1<<20))
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

// BenchmarkOpenFirstTimeline times what the gallery does when it is
// unlocked: Open (key derivation, a new connection with an empty page
// cache, schema and size checks) and the first Timeline of a 200-piece
// patient, then Close. "Warm" only in that the OS file cache holds the file
// and the process has already opened an index once.
func BenchmarkOpenFirstTimeline(b *testing.B) {
	path := benchIndex(b)
	a, _ := secrets(b)
	cpu0 := cpuNow()
	for i := 0; b.Loop(); i++ {
		ix, rep, err := Open(path, a, nil)
		if err != nil || rep.Empty() {
			b.Fatalf("open: %+v, %v", rep, err)
		}
		tl, err := ix.Timeline(fmt.Sprintf("P%05d", i%benchPatients))
		if err != nil || len(tl) == 0 {
			b.Fatalf("timeline: %d visits, %v", len(tl), err)
		}
		ix.Close()
	}
	reportCPU(b, cpu0)
}

// BenchmarkTimelineWarm times Timeline of a 200-piece patient (50 visits,
// words, moods) on an index already open, patients taken in turn.
func BenchmarkTimelineWarm(b *testing.B) {
	ix := openBenchIndex(b)
	cpu0 := cpuNow()
	for i := 0; b.Loop(); i++ {
		tl, err := ix.Timeline(fmt.Sprintf("P%05d", i%benchPatients))
		if err != nil || len(tl) != 50 {
			b.Fatalf("timeline: %d visits, %v", len(tl), err)
		}
	}
	reportCPU(b, cpu0)
}

// BenchmarkPatients times the patients list (all 500, by last visit).
func BenchmarkPatients(b *testing.B) {
	ix := openBenchIndex(b)
	cpu0 := cpuNow()
	for b.Loop() {
		ps, err := ix.Patients(PatientFilter{})
		if err != nil || len(ps) != benchPatients {
			b.Fatalf("patients: %d, %v", len(ps), err)
		}
	}
	reportCPU(b, cpu0)
}

// BenchmarkSearch times a ranked full-text search over all 100,000 titles
// and reflections, returning the best 50 with highlights and snippets:
// "rare" is a two-word query matching a few hundred pieces, "common" a word
// in about a third of them, "prefix" a prefix as typed.
func BenchmarkSearch(b *testing.B) {
	ix := openBenchIndex(b)
	for _, c := range []struct{ name, q string }{
		{"rare", "river bridge"}, {"common", "ocean "}, {"prefix", "gard"},
	} {
		b.Run(c.name, func(b *testing.B) {
			matches := countMatches(b, ix, c.q)
			var n int
			cpu0 := cpuNow()
			for b.Loop() {
				hits, err := ix.Search(c.q, Filter{Limit: 50})
				if err != nil || len(hits) == 0 {
					b.Fatalf("search: %d hits, %v", len(hits), err)
				}
				n = len(hits)
			}
			reportCPU(b, cpu0)
			b.ReportMetric(float64(n), "hits")
			b.ReportMetric(float64(matches), "matches")
		})
	}
}

// countMatches counts the pieces a query matches (all of them, unranked).
func countMatches(b *testing.B, ix *Index, typed string) int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, _, err := ix.conn.Prepare("SELECT count(*) FROM pieces_fts WHERE pieces_fts MATCH ?")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.BindText(1, MatchQuery(typed))
	s.Step()
	if err := s.Err(); err != nil {
		b.Fatal(err)
	}
	return s.ColumnInt(0)
}

// BenchmarkInsert times indexing 10,000 manifests (10 transactions of
// 1,000) into an empty index, encrypted and unencrypted; ns/piece is the
// figure to compare.
func BenchmarkInsert(b *testing.B) {
	ms := synthetic(10000, 50, 9)
	a, _ := secrets(b)
	for _, plain := range []bool{false, true} {
		name := "encrypted"
		if plain {
			name = "plaintext"
		}
		b.Run(name, func(b *testing.B) {
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				path := filepath.Join(b.TempDir(), "insert.db")
				ix, _, err := Open(path, a, &Options{Plaintext: plain})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				cpu0 := cpuNow()
				if err := ix.AddPieces(entries(ms)); err != nil {
					b.Fatal(err)
				}
				cpu += cpuNow() - cpu0
				b.StopTimer()
				ix.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ms)), "ns/piece")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*len(ms)), "cpu-ns/piece")
		})
	}
}

// BenchmarkFirstOpenInProcess runs a fresh process (this test binary) that
// opens the 100,000-piece index and reads a first timeline, and reports
// what that first open cost inside the process (first-ms: SQLite's
// translated module is instantiated for the first time) next to a second
// open in the same process (second-ms). Process start is not included.
func BenchmarkFirstOpenInProcess(b *testing.B) {
	path := benchIndex(b)
	a, _ := secrets(b)
	var first, second float64
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "AFTERIMAGE_INDEX_FIRST_OPEN="+path, "AFTERIMAGE_INDEX_KILL_SECRET="+hex.EncodeToString(a))
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("child: %v", err)
		}
		f := strings.Fields(string(out))
		if len(f) != 2 {
			b.Fatalf("child said %q", out)
		}
		x, _ := strconv.ParseFloat(f[0], 64)
		y, _ := strconv.ParseFloat(f[1], 64)
		first += x
		second += y
	}
	b.ReportMetric(first/float64(b.N), "first-ms")
	b.ReportMetric(second/float64(b.N), "second-ms")
}

// firstOpenChild is the child side of BenchmarkFirstOpenInProcess.
func firstOpenChild(path string) int {
	secret, err := hex.DecodeString(os.Getenv("AFTERIMAGE_INDEX_KILL_SECRET"))
	if err != nil {
		return 2
	}
	var ms [2]float64
	for i := range ms {
		start := time.Now()
		ix, _, err := Open(path, secret, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		if _, err := ix.Timeline(fmt.Sprintf("P%05d", 7+i)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		ms[i] = float64(time.Since(start).Microseconds()) / 1000
		ix.Close()
	}
	fmt.Printf("%.3f %.3f\n", ms[0], ms[1])
	return 0
}

// cpuNow is the process's CPU time so far (user + system, all threads).
// The bench machine is shared (load far above its 2 cores), so wall-clock
// ns/op is inflated by waiting for a core; cpu-ms/op says what the work
// itself cost.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuNow()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// BenchmarkOpen times Open and Close alone (key derivation, connection,
// full-text module, schema and size checks), OS file cache warm.
func BenchmarkOpen(b *testing.B) {
	path := benchIndex(b)
	a, _ := secrets(b)
	cpu0 := cpuNow()
	for b.Loop() {
		ix, rep, err := Open(path, a, nil)
		if err != nil || rep.Empty() {
			b.Fatalf("open: %+v, %v", rep, err)
		}
		ix.Close()
	}
	reportCPU(b, cpu0)
}
