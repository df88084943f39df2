package library

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// suiteStoreEnv set to "index" makes openLib keep the library's state in
// an index (IndexStore) instead of its state file.
const suiteStoreEnv = "AFTERIMAGE_TEST_LIBRARY_STORE"

// openLibIndexed opens a library at dir with its state in dir/index.db, as
// the gallery does; the index is closed when the test ends.
func openLibIndexed(t testing.TB, dir string, r remote.Remote, o *seal.Opener, op Options) *Library {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	ix, rep, err := index.Open(filepath.Join(dir, "index.db"), []byte("library test suite key material"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	l, _, err := OpenIndexed(dir, r, o, op, ix, rep)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestSuiteWithIndexStore runs the library's tests (pulls, defects, the
// hostile bucket; on MinIO too when the bench is up) again with the
// library's state kept in the gallery's index instead of its state file:
// what the library promises holds with either store.
func TestSuiteWithIndexStore(t *testing.T) {
	if os.Getenv(suiteStoreEnv) != "" {
		t.Skip("already the index store's run")
	}
	cmd := exec.Command(os.Args[0], "-test.count=1", "-test.run=^Test",
		"-test.skip=^(TestIndex|TestSuiteWithIndexStore$)")
	cmd.Env = append(os.Environ(), suiteStoreEnv+"=index")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the library's tests with the index store: %v\n%s", err, out)
	}
	t.Logf("the library's tests with the index store:\n%s", out)
}
