package spool

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestDiskFull puts the spool on a 2 MiB tmpfs, fills it, and checks that a
// save fails clearly, leaves nothing behind, keeps the caller's piece, and
// succeeds once space is freed. Where mounting is not allowed it falls back
// to a child process limited by RLIMIT_FSIZE.
func TestDiskFull(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "tmpfs")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=2m,mode=0700"); err != nil {
		t.Logf("cannot mount a tmpfs (%v): using RLIMIT_FSIZE in a child process instead", err)
		diskFullByRlimit(t, base)
		return
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	s, o := keys(t)
	sp := mustOpen(t, filepath.Join(dir, "spool"), s)
	ctx := context.Background()

	// A draft checkpoint made while there is room.
	d := newManifest(piece.Drawing)
	strokes := func(n int) []BlobSource {
		return []BlobSource{Bytes("", piece.RoleStrokes, "application/octet-stream", pixels(n))}
	}
	if err := sp.SaveDraft(ctx, d, strokes(10_000)); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, 1200<<10), 0o600); err != nil {
		t.Fatal(err)
	}

	m := newManifest(piece.Drawing)
	blobs := drawingBlobs(900 << 10)
	err := sp.Save(ctx, m, blobs)
	if err == nil {
		t.Fatal("save on a full disk succeeded")
	}
	if !errors.Is(err, syscall.ENOSPC) || !errors.Is(err, ErrDiskFull) {
		t.Fatalf("want an error wrapping ENOSPC and ErrDiskFull, got %v", err)
	}
	if !strings.Contains(err.Error(), "disk is full") || !strings.Contains(err.Error(), string(m.ID)) {
		t.Fatalf("unclear message: %v", err)
	}
	if strings.Contains(err.Error(), marker) {
		t.Fatalf("error carries patient data: %v", err)
	}
	if m.Blobs != nil {
		t.Fatal("failed save changed the caller's manifest")
	}
	assertEmpty(t, filepath.Join(sp.Dir(), stagingDir))
	assertEmpty(t, filepath.Join(sp.Dir(), piecesDir))

	// A checkpoint that does not fit leaves the previous one standing.
	if err := sp.SaveDraft(ctx, d, strokes(900<<10)); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("draft on a full disk: %v", err)
	}
	ds, err := sp.Drafts()
	if err != nil || len(ds) != 1 || ds[0].Generation != 1 {
		t.Fatalf("drafts after failed checkpoint: %+v %v", ds, err)
	}
	if n := countFiles(t, ds[0].Dir); n != 3 {
		t.Fatalf("draft dir holds %d files after failed checkpoint, want 3", n)
	}
	if rep, err := sp.VerifyDraft(d.ID); err != nil || !rep.OK() {
		t.Fatalf("draft after failed checkpoint: %v %v", rep, err)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if err := sp.Save(ctx, m, blobs); err != nil {
		t.Fatalf("save after freeing space: %v", err)
	}
	if rep, err := sp.DeepVerify(m.ID, o); err != nil || !rep.OK() {
		t.Fatalf("piece saved after freeing space: %v %v", rep, err)
	}
	if err := sp.SaveDraft(ctx, d, strokes(300<<10)); err != nil {
		t.Fatalf("checkpoint after freeing space: %v", err)
	}
}

const rlimitChildEnv = "AFTERIMAGE_SPOOL_RLIMIT_CHILD"

func diskFullByRlimit(t *testing.T, base string) {
	dir := filepath.Join(base, "spool")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), rlimitChildEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "SAVE-FAILED-CLEANLY") {
		t.Fatalf("child did not report a clean failure:\n%s", out)
	}
	s, _ := keys(t)
	sp := mustOpen(t, dir, s)
	assertEmpty(t, filepath.Join(dir, stagingDir))
	assertEmpty(t, filepath.Join(dir, piecesDir))
	if err := sp.Save(context.Background(), newManifest(piece.Drawing), drawingBlobs(900<<10)); err != nil {
		t.Fatalf("save without the limit: %v", err)
	}
}

// rlimitChild runs in the child process of diskFullByRlimit.
func rlimitChild(dir string) int {
	signal.Ignore(syscall.SIGXFSZ)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 256 << 10, Max: 256 << 10}); err != nil {
		println("setrlimit:", err.Error())
		return 1
	}
	s, _, err := newKeys()
	if err != nil {
		println(err.Error())
		return 1
	}
	sp, err := Open(dir, s)
	if err != nil {
		println(err.Error())
		return 1
	}
	m := newManifest(piece.Drawing)
	err = sp.Save(context.Background(), m, drawingBlobs(900<<10))
	if !errors.Is(err, ErrDiskFull) || m.Blobs != nil {
		println("unexpected:", err)
		return 1
	}
	var left int
	filepath.WalkDir(dir, func(_ string, de fs.DirEntry, err error) error {
		if err == nil && !de.IsDir() {
			left++
		}
		return err
	})
	if left != 0 {
		println("files left:", left)
		return 1
	}
	println("SAVE-FAILED-CLEANLY")
	return 0
}
