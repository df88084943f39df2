package diskfree

import (
	"os"
	"syscall"
	"testing"
)

// TestAvailable: a folder's free room is what statfs says, within what a
// concurrent writer could change, and a missing folder is an error.
func TestAvailable(t *testing.T) {
	dir := t.TempDir()
	got, err := Available(dir)
	if err != nil {
		t.Fatal(err)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	want := st.Bavail * uint64(st.Bsize)
	if diff := int64(got) - int64(want); diff > 64<<20 || diff < -64<<20 {
		t.Fatalf("Available = %d, statfs says %d", got, want)
	}
	if _, err := Available(dir + string(os.PathSeparator) + "missing"); err == nil {
		t.Fatal("a missing folder has room")
	}
}
