package index

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

var processDir string

func tempDirForProcess() (string, error) {
	if processDir == "" {
		return "", fmt.Errorf("no process temp dir (TestMain did not run)")
	}
	return processDir, nil
}

func TestMain(m *testing.M) {
	if path := os.Getenv("AFTERIMAGE_INDEX_KILL_CHILD"); path != "" {
		os.Exit(killChild(path))
	}
	if path := os.Getenv("AFTERIMAGE_INDEX_FIRST_OPEN"); path != "" {
		os.Exit(firstOpenChild(path))
	}
	dir, err := os.MkdirTemp("", "index-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	processDir = dir
	code := m.Run()
	if fixture != nil {
		fixture.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestNoPlaintextOnDisk writes pieces whose text is distinctive, then looks
// for that text in every file the index left in its folder. The same check
// on an unencrypted index must find it (so the search itself works).
func TestNoPlaintextOnDisk(t *testing.T) {
	needles := []string{"Zanzibarquokka", "reflection-marmalade-7731", "QX7-PLAINTEXT", "lilacwhisper"}
	m := manifest(needles[2], "visit-xyz", piece.Drawing, base, "A "+needles[0]+" title", "My "+needles[1])
	m.Emotions = &piece.Emotions{Quadrant: "pleasant-high", Words: []piece.EmotionTag{{Word: needles[3]}}}
	ms := append(synthetic(300, 3, 7), m)

	for _, plain := range []bool{false, true} {
		dir := t.TempDir()
		path := filepath.Join(dir, "index.db")
		a, _ := secrets(t)
		ix, _, err := Open(path, a, &Options{Plaintext: plain})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.AddPieces(entries(ms)); err != nil {
			t.Fatal(err)
		}
		if err := ix.SetDisplayName(needles[2], "Display "+needles[0]); err != nil {
			t.Fatal(err)
		}
		// Look while open (journal, if any) and after closing.
		found := scanDir(t, dir, needles)
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		found = append(found, scanDir(t, dir, needles)...)
		if plain && len(found) == 0 {
			t.Fatal("control: the unencrypted index does not contain the text either; the scan is broken")
		}
		if !plain && len(found) > 0 {
			t.Fatalf("plaintext on disk: %v", found)
		}
	}
}

func scanDir(t *testing.T, dir string, needles []string) []string {
	t.Helper()
	var found []string
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) || bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(n))) {
				found = append(found, e.Name()+": "+n)
			}
		}
	}
	return found
}

// filled makes an index with some pieces and closes it.
func filled(t *testing.T) (path string, ms []*piece.Manifest) {
	t.Helper()
	ix, path := openNew(t)
	ms = synthetic(500, 10, 3)
	if err := ix.AddPieces(entries(ms)); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return path, ms
}

// reopenRebuilt opens path expecting a rebuild, checks the report, the file
// moved aside, and that the new index works and can be refilled.
func reopenRebuilt(t *testing.T, path string, secret []byte, ms []*piece.Manifest, wantReason string) {
	t.Helper()
	ix, rep, err := Open(path, secret, nil)
	if err != nil {
		t.Fatalf("Open of an unusable index failed instead of rebuilding: %v", err)
	}
	defer ix.Close()
	if !rep.Rebuilt || rep.Created || !rep.Empty() || !strings.Contains(rep.Reason, wantReason) {
		t.Fatalf("report %+v, want Rebuilt because %q", rep, wantReason)
	}
	if _, err := os.Stat(rep.MovedTo); err != nil {
		t.Fatalf("moved-aside file: %v", err)
	}
	if pats, err := ix.Patients(PatientFilter{}); err != nil || len(pats) != 0 {
		t.Fatalf("rebuilt index not empty: %d patients, %v", len(pats), err)
	}
	n, err := ix.Rebuild(entries(ms))
	if err != nil || n != len(ms) {
		t.Fatalf("Rebuild: %d, %v", n, err)
	}
	if pats, err := ix.Patients(PatientFilter{}); err != nil || len(pats) != 10 {
		t.Fatalf("after Rebuild: %d patients, %v", len(pats), err)
	}
	ix.Close()
	// And the next open is an ordinary one.
	ix2, rep, err := Open(path, secret, nil)
	if err != nil || rep.Rebuilt || rep.Created {
		t.Fatalf("open after rebuild: %+v, %v", rep, err)
	}
	ix2.Close()
}

func TestWrongKeyRebuilds(t *testing.T) {
	path, ms := filled(t)
	_, b := secrets(t)
	reopenRebuilt(t, path, b, ms, "cannot be read with this key")
}

func TestLostSaltRebuilds(t *testing.T) {
	path, ms := filled(t)
	if err := os.Remove(path + ".salt"); err != nil {
		t.Fatal(err)
	}
	a, _ := secrets(t)
	reopenRebuilt(t, path, a, ms, "salt")
}

func TestDamagedFileRebuilds(t *testing.T) {
	for name, damage := range map[string]func(t *testing.T, path string){
		"truncated to half": func(t *testing.T, path string) {
			st, _ := os.Stat(path)
			must(t, os.Truncate(path, st.Size()/2/pageSize*pageSize))
		},
		"truncated mid-page": func(t *testing.T, path string) {
			st, _ := os.Stat(path)
			must(t, os.Truncate(path, st.Size()-1000))
		},
		"first page garbled": func(t *testing.T, path string) { garble(t, path, 0, 4096) },
		"header bytes garbled": func(t *testing.T, path string) {
			garble(t, path, 16, 8)
		},
		"empty file":  func(t *testing.T, path string) { must(t, os.Truncate(path, 0)) },
		"random file": func(t *testing.T, path string) { must(t, os.WriteFile(path, randBytes(t, 64<<10), 0o600)) },
		"plain sqlite": func(t *testing.T, path string) {
			must(t, os.Remove(path))
			ix, _, err := Open(path, nil, &Options{Plaintext: true})
			must(t, err)
			ix.Close()
		},
	} {
		t.Run(name, func(t *testing.T) {
			path, ms := filled(t)
			damage(t, path)
			a, _ := secrets(t)
			reopenRebuilt(t, path, a, ms, "")
		})
	}
}

// TestGarbledMiddleIsReported: damage inside the file past the pages Open
// reads is found by the first query that reaches it, which says ErrDamaged
// (the caller then closes and reopens, which rebuilds); it never returns
// garbage as if it were data.
func TestGarbledMiddleIsReported(t *testing.T) {
	path, ms := filled(t)
	st, _ := os.Stat(path)
	for off := st.Size() / 2 / pageSize * pageSize; off < st.Size(); off += 2 * pageSize {
		garble(t, path, off, 64)
	}
	a, _ := secrets(t)
	ix, rep, err := Open(path, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rebuilt {
		// Found at open: fine too, as long as it is said.
		t.Logf("garbled pages found at open: %s", rep.Reason)
		ix.Close()
		return
	}
	var damaged error
	for _, p := range []string{"P00000", "P00003", "P00007"} {
		if _, err := ix.Timeline(p); err != nil {
			damaged = err
		}
	}
	if _, err := ix.Search("river", Filter{}); err != nil {
		damaged = err
	}
	if damaged == nil {
		t.Fatal("every other page garbled, yet every query succeeded")
	}
	if !strings.Contains(damaged.Error(), ErrDamaged.Error()) {
		t.Fatalf("error %v does not say the index is damaged", damaged)
	}
	ix.Close()
	// Reopening after ErrDamaged must rebuild (not hand back the same
	// damaged file).
	reopenRebuilt(t, path, a, ms, "")
}

func garble(t *testing.T, path string, off int64, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	must(t, err)
	defer f.Close()
	_, err = f.WriteAt(randBytes(t, n), off)
	must(t, err)
}

func randBytes(t *testing.T, n int) []byte {
	b := make([]byte, n)
	_, err := rand.Read(b)
	must(t, err)
	return b
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestSIGKILLDuringInsert runs this test binary as a child that inserts
// batches of 1,000 pieces in a loop, reporting each commit on stdout; it is
// killed with SIGKILL part-way through a later batch. The index must then
// open (rolling back the cut batch, so it holds whole batches only and at
// least every batch reported) or, failing that, rebuild and say so.
func TestSIGKILLDuringInsert(t *testing.T) {
	a, _ := secrets(t)
	for round := range 3 {
		dir := t.TempDir()
		path := filepath.Join(dir, "index.db")
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "AFTERIMAGE_INDEX_KILL_CHILD="+path, "AFTERIMAGE_INDEX_KILL_SECRET="+hex.EncodeToString(a))
		out, err := cmd.StdoutPipe()
		must(t, err)
		cmd.Stderr = os.Stderr
		must(t, cmd.Start())
		sc := bufio.NewScanner(out)
		committed := 0
		// Kill after a different number of commits each round, while the
		// child is inside the next batch's transaction.
		for committed < 2+round && sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "committed "); ok {
				committed, _ = strconv.Atoi(n)
			}
		}
		if committed < 2+round {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child stopped after %d batches", committed)
		}
		// Wait until the child is inside a write transaction (its rollback
		// journal exists), then kill it there.
		deadline := time.Now().Add(30 * time.Second)
		for !exists(path+"-journal") && time.Now().Before(deadline) {
			time.Sleep(200 * time.Microsecond) // poll for the condition, gently: 2 shared cores
		}
		must(t, cmd.Process.Signal(syscall.SIGKILL))
		cmd.Wait()
		if !exists(path + "-journal") {
			t.Fatalf("round %d: no hot journal after the kill: the child was not killed inside a transaction", round)
		}

		ix, rep, err := Open(path, a, nil)
		if err != nil {
			t.Fatalf("round %d: open after SIGKILL: %v", round, err)
		}
		if rep.Rebuilt {
			t.Logf("round %d: rebuilt after SIGKILL: %s", round, rep.Reason)
			ix.Close()
			continue
		}
		ps, err := ix.Pieces(Filter{Limit: maxLimit})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		pats, err := ix.Patients(PatientFilter{})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, p := range pats {
			total += p.Pieces
		}
		if len(ps)%batchSize != 0 || len(ps) < committed*batchSize || total != len(ps) {
			t.Fatalf("round %d: after SIGKILL %d pieces (patients count %d); %d batches of %d were committed",
				round, len(ps), total, committed, batchSize)
		}
		hits, err := ix.Search(synthVocab[0], Filter{Limit: maxLimit})
		if err != nil || len(hits) == 0 {
			t.Fatalf("round %d: search after SIGKILL: %d hits, %v", round, len(hits), err)
		}
		t.Logf("round %d: killed inside a transaction; reopened with %d pieces (%d batches reported committed before)", round, len(ps), committed)
		ix.Close()
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// killChild is the child side of TestSIGKILLDuringInsert.
func killChild(path string) int {
	secret, err := hex.DecodeString(os.Getenv("AFTERIMAGE_INDEX_KILL_SECRET"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ix, _, err := Open(path, secret, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	for batch := 1; ; batch++ {
		ms := synthetic(batchSize, 20, uint64(batch))
		if err := ix.AddPieces(slices.Values(toEntries(ms))); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		fmt.Printf("committed %d\n", batch)
		if batch > 1000 {
			return 3
		}
	}
}

func toEntries(ms []*piece.Manifest) []Entry {
	es := make([]Entry, len(ms))
	for i, m := range ms {
		es[i] = verified(m)
	}
	return es
}
