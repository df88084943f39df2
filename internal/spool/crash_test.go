package spool

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

const crashChildEnv = "AFTERIMAGE_SPOOL_CRASH_CHILD" // value: spool dir; recipients in <dir>.recipients

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		os.Exit(crashChild(dir))
	}
	if dir := os.Getenv(rlimitChildEnv); dir != "" {
		os.Exit(rlimitChild(dir))
	}
	os.Exit(m.Run())
}

// crashChild saves pieces and drafts in a loop until it is killed. It
// prints a line after each operation returned:
//
//	S <id>        a complete piece was saved (Save, FinishDraft, PromoteDraft)
//	D <id> <gen>  a draft checkpoint of generation gen was saved
//	r <id>        about to remove a piece (it may then be gone)
func crashChild(dir string) int {
	f, err := os.Open(dir + ".recipients")
	if err != nil {
		fmt.Println("E", err)
		return 2
	}
	rs, err := seal.ParseRecipients(f)
	f.Close()
	if err != nil {
		fmt.Println("E", err)
		return 2
	}
	s, err := seal.NewSealer(rs...)
	if err != nil {
		fmt.Println("E", err)
		return 2
	}
	sp, err := Open(dir, s)
	if err != nil {
		fmt.Println("E", err)
		return 2
	}
	ctx := context.Background()
	fail := func(err error) int { fmt.Println("E", err); return 2 }
	// What a kiosk does at start: drafts of the earlier run become pieces.
	ds, err := sp.Drafts()
	if err != nil {
		return fail(err)
	}
	for _, d := range ds {
		if err := sp.PromoteDraft(ctx, d.ID); err != nil {
			return fail(err)
		}
		fmt.Println("S", d.ID)
	}
	fmt.Println("READY")
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	size := func() int { return 1000 + rng.IntN(200_000) }
	var saved []piece.ID
	var draft *piece.Manifest
	var gen, seg int
	for {
		switch op := rng.IntN(10); {
		case op < 3 || (draft == nil && op >= 5):
			m := newManifest(piece.Drawing)
			if err := sp.Save(ctx, m, drawingBlobs(size())); err != nil {
				return fail(err)
			}
			fmt.Println("S", m.ID)
			saved = append(saved, m.ID)
		case op < 5:
			if draft == nil {
				draft = newManifest(piece.Music)
				draft.Finished = time.Time{}
				gen, seg = 0, 0
			}
			if err := sp.SaveDraft(ctx, draft, []BlobSource{Bytes("", piece.RolePeaks, "application/octet-stream", pixels(size()/10))}); err != nil {
				return fail(err)
			}
			gen++
			fmt.Println("D", draft.ID, gen)
		case op < 7:
			seg++
			if err := sp.AppendDraftSegment(ctx, draft.ID, Bytes(fmt.Sprintf("s%04d", seg), "", "audio/flac", pixels(size()))); err != nil {
				return fail(err)
			}
			gen++
			fmt.Println("D", draft.ID, gen)
		case op < 8:
			draft.Unfinished = true
			draft.Finished = time.Now()
			if err := sp.FinishDraft(ctx, draft.ID, draft, drawingBlobs(size())); err != nil {
				return fail(err)
			}
			fmt.Println("S", draft.ID)
			draft = nil
		case op < 9:
			if err := sp.PromoteDraft(ctx, draft.ID); err != nil {
				return fail(err)
			}
			fmt.Println("S", draft.ID)
			draft = nil
		default:
			if len(saved) == 0 {
				continue
			}
			i := rng.IntN(len(saved))
			fmt.Println("r", saved[i])
			if err := sp.Remove(saved[i]); err != nil {
				return fail(err)
			}
			saved = append(saved[:i], saved[i+1:]...)
		}
	}
}

// TestCrash kills a process that saves pieces and drafts in a loop at
// random moments, 100 times. After each kill the spool must open, hold only
// complete pieces and drafts that verify, and hold every piece and draft
// checkpoint whose save had returned.
func TestCrash(t *testing.T) {
	runs := 100
	if testing.Short() {
		runs = 10
	}
	base := t.TempDir()
	dir := filepath.Join(base, "spool")
	id, r, err := seal.GenerateIdentity(seal.Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+".recipients", []byte(fmt.Sprint(r)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := seal.NewSealer(r)
	if err != nil {
		t.Fatal(err)
	}
	o, _ := seal.NewOpener(id)
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	var totalPieces, totalDrafts, totalLines int
	for run := range runs {
		lines := runAndKill(t, dir, rng)
		totalLines += len(lines)
		sp, err := Open(dir, s)
		if err != nil {
			t.Fatalf("run %d: open after kill: %v", run, err)
		}
		assertEmpty(t, filepath.Join(dir, stagingDir))
		// What the child was told is saved.
		mustHave := map[piece.ID]bool{}
		draftGen := map[piece.ID]int{}
		for _, l := range lines {
			f := strings.Fields(l)
			switch f[0] {
			case "E":
				t.Fatalf("run %d: child failed: %s", run, l)
			case "S":
				mustHave[piece.ID(f[1])] = true
				delete(draftGen, piece.ID(f[1]))
			case "D":
				g, _ := strconv.Atoi(f[2])
				draftGen[piece.ID(f[1])] = g
			case "r":
				delete(mustHave, piece.ID(f[1]))
			}
		}
		es, err := sp.Pieces()
		if err != nil {
			t.Fatal(err)
		}
		have := map[piece.ID]bool{}
		for _, e := range es {
			have[e.ID] = true
			rep, err := sp.DeepVerify(e.ID, o)
			if err != nil || !rep.OK() {
				t.Fatalf("run %d: piece %s after kill: %v %v", run, e.ID, rep, err)
			}
		}
		// Nothing incomplete lies around unlisted.
		if n := countFiles(t, filepath.Join(dir, piecesDir)); n != len(es) {
			t.Fatalf("run %d: pieces/ holds %d entries, %d complete pieces", run, n, len(es))
		}
		for id := range mustHave {
			if !have[id] {
				t.Fatalf("run %d: piece %s was reported saved but is missing", run, id)
			}
		}
		ds, err := sp.Drafts()
		if err != nil {
			t.Fatal(err)
		}
		drafts := map[piece.ID]int{}
		for _, d := range ds {
			drafts[d.ID] = d.Generation
			if rep, err := sp.VerifyDraft(d.ID); err != nil || !rep.OK() {
				t.Fatalf("run %d: draft %s after kill: %v %v", run, d.ID, rep, err)
			}
			p, err := sp.OpenDraft(d.ID, o)
			if err != nil || !p.Manifest.Unfinished {
				t.Fatalf("run %d: open draft %s: %v", run, d.ID, err)
			}
		}
		if n := countFiles(t, filepath.Join(dir, draftsDir)); n != len(ds) {
			t.Fatalf("run %d: drafts/ holds %d entries, %d complete drafts", run, n, len(ds))
		}
		for id, g := range draftGen {
			if !have[id] && drafts[id] < g {
				t.Fatalf("run %d: draft %s reported at generation %d, found %d and no piece", run, id, g, drafts[id])
			}
		}
		totalPieces += len(es)
		totalDrafts += len(ds)
		// Keep the directory small: drop the verified pieces. Drafts stay
		// for the next child to promote.
		for _, e := range es {
			if err := sp.Remove(e.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("%d kills; %d reported operations; %d pieces and %d drafts checked", runs, totalLines, totalPieces, totalDrafts)
	if totalLines < runs {
		t.Fatalf("the child did too little work (%d operations) for the test to mean much", totalLines)
	}
}

// runAndKill starts the child, kills it with SIGKILL at a random moment
// (mostly while it is saving, sometimes while it recovers at start) and
// returns the lines it printed.
func runAndKill(t *testing.T, dir string, rng *rand.Rand) []string {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The kill comes a random time after the child has reported a random
	// number of operations: at a random moment within an operation, however
	// fast or slow the machine is today.
	target := rng.IntN(4)
	reached := make(chan struct{})
	done := make(chan []string)
	go func() {
		var lines []string
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == "READY" {
				if target == 0 {
					close(reached)
				}
				continue
			}
			lines = append(lines, sc.Text())
			if len(lines) == target {
				close(reached)
			}
		}
		done <- lines
	}()
	kill := func() { cmd.Process.Kill() }
	delay := time.Duration(rng.IntN(50_000)) * time.Microsecond
	if rng.IntN(5) == 0 {
		time.AfterFunc(delay/4, kill) // during start-up recovery, or right after
	} else {
		select {
		case <-reached:
			time.AfterFunc(delay, kill)
		case lines := <-done:
			cmd.Wait()
			t.Fatalf("child ended before it was ready: %v", lines)
		case <-time.After(2 * time.Minute):
			kill()
			t.Fatal("child did not report its operations within 2 minutes")
		}
	}
	lines := <-done
	if err := cmd.Wait(); err == nil {
		t.Fatalf("child exited by itself: %v", lines)
	}
	return lines
}
