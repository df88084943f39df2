package library

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// sigkillChildEnv switches TestIndexSurvivesSigkill to its child's part: a
// gallery pulling into library and index, killed by its parent.
const sigkillChildEnv = "AFTERIMAGE_TEST_SIGKILL_CHILD"

// handedOverLine starts the line the child prints after each piece a pull
// handles.
const handedOverLine = "handled "

// TestIndexSurvivesSigkill: a gallery process pulling a few hundred pieces
// into its library and index is killed with SIGKILL mid-pull, three times at
// different points. Each time the index opens again (or rebuilds itself
// from the cache and says so), holds every piece the library counts as
// handed over exactly once, and a last pull completes with each piece once.
func TestIndexSurvivesSigkill(t *testing.T) {
	if work := os.Getenv(sigkillChildEnv); work != "" {
		sigkillChild(t, work)
		return
	}
	const kiosks, per = 3, 100
	const total = kiosks * per
	work := t.TempDir()
	r, err := dir.Open(filepath.Join(work, "remote"))
	if err != nil {
		t.Fatal(err)
	}
	c := newClinic(t)
	idFile, err := seal.FormatIdentities(c.id)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "identity.txt"), idFile, 0o600); err != nil {
		t.Fatal(err)
	}
	s := &synth{r: r, sealer: c.sealer, signer: map[string]*provenance.Signer{}}
	var names []string
	for i := range kiosks {
		k := fmt.Sprintf("lounge-%d", i+1)
		names = append(names, k)
		if s.signer[k], err = provenance.NewSigner(); err != nil {
			t.Fatal(err)
		}
	}
	s.upload(t, names, per, 4)
	dataDir := filepath.Join(work, "data")

	delivered := func() map[piece.ID]bool {
		paths, err := filepath.Glob(filepath.Join(dataDir, "gallery", "cache", "*", "*", manifestName+".age"))
		if err != nil {
			t.Fatal(err)
		}
		out := map[piece.ID]bool{}
		for _, p := range paths {
			out[piece.ID(filepath.Base(filepath.Dir(p)))] = true
		}
		return out
	}
	// check reopens the index as the gallery would and checks it holds
	// exactly the pieces handed over.
	check := func(round int) indexed {
		t.Helper()
		x := openIndexed(t, c, dataDir, r)
		if x.rep.Empty() && (!x.fill.Rebuilt || x.fill.Reason == "") {
			t.Fatalf("round %d: the index was rebuilt (%+v) and the caller was not told (%+v)", round, x.rep, x.fill)
		}
		want := delivered()
		ids, err := x.ix.PieceIDs()
		if err != nil {
			t.Fatalf("round %d: the reopened index: %v", round, err)
		}
		n, err := x.ix.Count()
		if err != nil || n != len(want) || len(ids) != len(want) {
			t.Fatalf("round %d: the index holds %d pieces (%d ids, %v); the library handed over %d", round, n, len(ids), err, len(want))
		}
		for id := range want {
			if _, ok := ids[id]; !ok {
				t.Fatalf("round %d: piece %s was handed over but is not in the index", round, id)
			}
		}
		t.Logf("round %d: %d of %d pieces handed over; index report %+v; %d added from the cache", round, len(want), total, x.rep, x.fill.Added)
		return x
	}

	before := 0
	for round, after := range []int{40, 60, 80} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIndexSurvivesSigkill$", "-test.count=1")
		cmd.Env = append(os.Environ(), sigkillChildEnv+"="+work)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		handled, killed := 0, false
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), handedOverLine) {
				handled++
			}
			if handled == after {
				if err := cmd.Process.Kill(); err != nil { // SIGKILL
					t.Fatal(err)
				}
				killed = true
				break
			}
		}
		err = cmd.Wait()
		if !killed {
			t.Fatalf("round %d: the child ended (%v) after %d pieces, before it could be killed:\n%s", round, err, handled, stderr.String())
		}
		got := delivered()
		if len(got) < before+after || len(got) >= total {
			t.Fatalf("round %d: %d pieces handed over after the kill; want at least %d and fewer than %d (killed mid-pull)", round, len(got), before+after, total)
		}
		before = len(got)
		x := check(round)
		x.close(t)
	}

	// A last pull completes: each piece handed over once, ever.
	x := check(3)
	defer x.close(t)
	had := delivered()
	p := pull(t, x.lib)
	if len(p.Pieces)+len(had) != total || len(p.Unverified)+len(p.Damaged) != 0 {
		t.Fatalf("last pull handed over %d pieces (%d unverified, %d damaged) after %d; want %d in all", len(p.Pieces), len(p.Unverified), len(p.Damaged), len(had), total)
	}
	for _, pc := range p.Pieces {
		if had[pc.Manifest.ID] {
			t.Fatalf("piece %s handed over a second time", pc.Manifest.ID)
		}
	}
	if n, _ := x.ix.Count(); n != total {
		t.Fatalf("index holds %d pieces after the last pull, want %d", n, total)
	}
	if pats, _ := x.ix.Patients(index.PatientFilter{}); len(pats) != 1 || pats[0].Pieces != total {
		t.Fatalf("patients after the last pull: %+v", pats)
	}
	if p := pull(t, x.lib); len(p.Pieces) != 0 {
		t.Fatalf("a pull with nothing new handed over %d pieces", len(p.Pieces))
	}
}

// sigkillChild pulls everything from work/remote into work/data's library
// and index, printing a line after each piece handled, until killed.
func sigkillChild(t *testing.T, work string) {
	f, err := os.Open(filepath.Join(work, "identity.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ids, err := seal.ParseIdentities(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	o, err := seal.NewOpener(ids...)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := index.KeyMaterial(ids...)
	if err != nil {
		t.Fatal(err)
	}
	r, err := dir.Open(filepath.Join(work, "remote"))
	if err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(work, "data")
	libDir := filepath.Join(dataDir, "gallery")
	if err := os.MkdirAll(libDir, 0o700); err != nil {
		t.Fatal(err)
	}
	ix, rep, err := index.Open(index.DefaultPath(dataDir), secret, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	lib, _, err := OpenIndexed(libDir, r, o, Options{Logger: quiet, Trust: trustAll{}, Workers: 2,
		Progress: func(done, total int) { fmt.Printf("%s%d of %d\n", handedOverLine, done, total) }}, ix, rep)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Pull(context.Background()); err != nil {
		t.Fatal(err)
	}
	fmt.Println("pull complete")
}
