package dir_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/remote/remotetest"
)

func TestConformance(t *testing.T) {
	remotetest.Run(t, func(t *testing.T) remote.Remote {
		d, err := dir.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return d
	})
}

// A second process (the gallery on the kiosk's machine) sees the same
// objects, and create-only holds across two handles on one folder.
func TestTwoHandlesShareOneFolder(t *testing.T) {
	root := t.TempDir()
	a, err := dir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	b, err := dir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	blob := remotetest.RandomBlob(1000)
	remotetest.Put(t, a, "x/y", blob)
	if got := remotetest.Read(t, b, "x/y"); !bytes.Equal(got, blob.Data) {
		t.Fatalf("second handle reads other bytes")
	}
	_, err = b.Put(t.Context(), "x/y", bytes.NewReader(blob.Data), 1000, blob.Sum)
	if !remote.IsExists(err) {
		t.Fatalf("put through the second handle: %v, want ErrExists", err)
	}
}

// Stat hashes the bytes on disk, so damage after the put is visible to a
// verifier.
func TestStatSeesDamage(t *testing.T) {
	d, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	blob := remotetest.RandomBlob(1000)
	remotetest.Put(t, d, "k", blob)
	p := filepath.Join(d.Root(), "k")
	os.Chmod(p, 0o600)
	damaged := bytes.Clone(blob.Data)
	damaged[500] ^= 1
	if err := os.WriteFile(p, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := d.Stat(t.Context(), "k")
	if err != nil {
		t.Fatal(err)
	}
	if st.SHA256 == blob.Sum {
		t.Fatalf("stat reports the original checksum for damaged bytes")
	}
}

// Interrupted puts leave only temp files, which are not objects.
func TestTempFilesAreNotObjects(t *testing.T) {
	d, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d.Root(), ".tmp", "put-123"), []byte("partial"), 0o600); err != nil {
		t.Fatal(err)
	}
	if keys := remotetest.Keys(t, d, ""); len(keys) != 0 {
		t.Fatalf("list shows temp files: %v", keys)
	}
}

// TestListFolders: one entry per sub-folder holding an object; empty and
// hidden folders are not listed.
func TestListFolders(t *testing.T) {
	root := t.TempDir()
	d, err := dir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"v1/pieces/b/p/x.age", "v1/pieces/a/p/q/y.age", "v1/other/c/z.age"} {
		remotetest.Put(t, d, k, remotetest.NewBlob([]byte("x")))
	}
	os.MkdirAll(filepath.Join(root, "v1", "pieces", "empty", "p"), 0o700)
	os.MkdirAll(filepath.Join(root, "v1", "pieces", ".hidden"), 0o700)
	os.WriteFile(filepath.Join(root, "v1", "pieces", ".hidden", "x.age"), []byte("x"), 0o600)
	got, err := d.ListFolders(context.Background(), "v1/pieces/")
	if err != nil || strings.Join(got, ",") != "a,b" {
		t.Fatalf("ListFolders = %v, %v; want a,b", got, err)
	}
	if got, err := d.ListFolders(context.Background(), "v2/"); err != nil || len(got) != 0 {
		t.Fatalf("a missing prefix: %v, %v", got, err)
	}
}
