package remotetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/remote"
)

// Run checks the remote.Remote contract. newRemote must return an empty
// store for each call (a fresh folder, a fresh bucket).
func Run(t *testing.T, newRemote func(t *testing.T) remote.Remote) {
	tests := []struct {
		name string
		fn   func(t *testing.T, r remote.Remote)
	}{
		{"PutGetStat", testPutGetStat},
		{"EmptyObject", testEmptyObject},
		{"PutIsCreateOnly", testCreateOnly},
		{"PutChecksumMismatch", testChecksumMismatch},
		{"PutWrongSize", testWrongSize},
		{"PutReadsFromStart", testReadsFromStart},
		{"PutCancelled", testPutCancelled},
		{"ConcurrentCreate", testConcurrentCreate},
		{"NotExist", testNotExist},
		{"InvalidKeys", testInvalidKeys},
		{"List", testList},
		{"ListStop", testListStop},
		{"Delete", testDelete},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newRemote(t)) })
	}
}

// Blob is test content with its declared checksum.
type Blob struct {
	Data []byte
	Sum  string
}

// RandomBlob returns n random bytes and their SHA-256.
func RandomBlob(n int) Blob {
	b := make([]byte, n)
	rand.Read(b)
	return NewBlob(b)
}

// NewBlob returns b with its SHA-256.
func NewBlob(b []byte) Blob {
	s := sha256.Sum256(b)
	return Blob{Data: b, Sum: hex.EncodeToString(s[:])}
}

// Put stores b under key and fails the test on error.
func Put(t testing.TB, r remote.Remote, key string, b Blob) remote.Info {
	t.Helper()
	info, err := r.Put(ctx(t), key, bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum)
	if err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
	return info
}

// Read returns the object's bytes and fails the test on error.
func Read(t testing.TB, r remote.Remote, key string) []byte {
	t.Helper()
	rc, err := r.Get(ctx(t), key)
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return b
}

// Keys lists every key under prefix.
func Keys(t testing.TB, r remote.Remote, prefix string) []string {
	t.Helper()
	var keys []string
	if err := r.List(ctx(t), prefix, "", func(i remote.Info) error {
		keys = append(keys, i.Key)
		return nil
	}); err != nil {
		t.Fatalf("list %q: %v", prefix, err)
	}
	return keys
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

func testPutGetStat(t *testing.T, r remote.Remote) {
	b := RandomBlob(3<<20 + 17)
	key := "v1/pieces/k1/p1/b1.age"
	info := Put(t, r, key, b)
	if info.Key != key || info.Size != int64(len(b.Data)) || info.SHA256 != b.Sum {
		t.Errorf("put info = %+v, want key %s size %d sha %s", info, key, len(b.Data), b.Sum)
	}
	if got := Read(t, r, key); !bytes.Equal(got, b.Data) {
		t.Errorf("get returned %d bytes, not the %d put", len(got), len(b.Data))
	}
	st, err := r.Stat(ctx(t), key)
	if err != nil {
		t.Fatalf("stat: %v", err)
	}
	if st.Key != key || st.Size != int64(len(b.Data)) || st.SHA256 != b.Sum {
		t.Errorf("stat = %+v, want size %d sha %s", st, len(b.Data), b.Sum)
	}
	if st.Modified.IsZero() {
		t.Errorf("stat has no modification time")
	}
}

func testEmptyObject(t *testing.T, r remote.Remote) {
	b := NewBlob(nil)
	Put(t, r, "empty", b)
	if got := Read(t, r, "empty"); len(got) != 0 {
		t.Errorf("empty object reads %d bytes", len(got))
	}
	st, err := r.Stat(ctx(t), "empty")
	if err != nil || st.Size != 0 || st.SHA256 != b.Sum {
		t.Errorf("stat empty = %+v, %v", st, err)
	}
}

func testCreateOnly(t *testing.T, r remote.Remote) {
	first, second := RandomBlob(1000), RandomBlob(2000)
	Put(t, r, "a/b", first)
	for _, b := range []Blob{first, second} {
		_, err := r.Put(ctx(t), "a/b", bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum)
		if !remote.IsExists(err) {
			t.Fatalf("second put: err = %v, want ErrExists", err)
		}
		if !remote.IsPermanent(err) {
			t.Errorf("ErrExists is not permanent: %v", err)
		}
	}
	if got := Read(t, r, "a/b"); !bytes.Equal(got, first.Data) {
		t.Errorf("create-only put replaced the object")
	}
}

func testChecksumMismatch(t *testing.T, r remote.Remote) {
	b, other := RandomBlob(100<<10), RandomBlob(10)
	_, err := r.Put(ctx(t), "bad", bytes.NewReader(b.Data), int64(len(b.Data)), other.Sum)
	if !remote.IsChecksum(err) {
		t.Fatalf("put with wrong sha256: err = %v, want ErrChecksum", err)
	}
	if _, err := r.Stat(ctx(t), "bad"); !remote.IsNotExist(err) {
		t.Fatalf("after refused put, stat err = %v, want not-exist", err)
	}
	if keys := Keys(t, r, ""); len(keys) != 0 {
		t.Fatalf("refused put left objects: %v", keys)
	}
	Put(t, r, "bad", b) // the key is still free
}

func testWrongSize(t *testing.T, r remote.Remote) {
	b := RandomBlob(4096)
	for _, size := range []int64{4095, 4097} {
		_, err := r.Put(ctx(t), "sized", bytes.NewReader(b.Data), size, b.Sum)
		if !remote.IsChecksum(err) {
			t.Errorf("put declaring %d of %d bytes: err = %v, want ErrChecksum", size, len(b.Data), err)
		}
	}
	if _, err := r.Stat(ctx(t), "sized"); !remote.IsNotExist(err) {
		t.Errorf("wrong-size put left an object: stat err = %v", err)
	}
}

func testReadsFromStart(t *testing.T, r remote.Remote) {
	b := RandomBlob(10000)
	rd := bytes.NewReader(b.Data)
	rd.Seek(5000, io.SeekStart)
	if _, err := r.Put(ctx(t), "seek", rd, int64(len(b.Data)), b.Sum); err != nil {
		t.Fatalf("put from a reader not at 0: %v", err)
	}
	if got := Read(t, r, "seek"); !bytes.Equal(got, b.Data) {
		t.Errorf("stored bytes differ")
	}
}

func testPutCancelled(t *testing.T, r remote.Remote) {
	b := RandomBlob(1 << 20)
	c, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Put(c, "cancelled", bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum); err == nil {
		t.Fatalf("put with a cancelled context succeeded")
	}
	if _, err := r.Stat(ctx(t), "cancelled"); !remote.IsNotExist(err) {
		t.Errorf("cancelled put left an object: stat err = %v", err)
	}
}

func testConcurrentCreate(t *testing.T, r remote.Remote) {
	const n = 8
	blobs := make([]Blob, n)
	for i := range blobs {
		blobs[i] = RandomBlob(64 << 10)
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = r.Put(ctx(t), "race", bytes.NewReader(blobs[i].Data), int64(len(blobs[i].Data)), blobs[i].Sum)
		})
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("two concurrent create-only puts both succeeded (%d and %d)", winner, i)
		case err == nil:
			winner = i
		case !remote.IsExists(err):
			t.Fatalf("concurrent put %d: %v", i, err)
		}
	}
	if winner < 0 {
		t.Fatalf("no concurrent put succeeded")
	}
	if got := Read(t, r, "race"); !bytes.Equal(got, blobs[winner].Data) {
		t.Errorf("stored object is not the winner's")
	}
}

func testNotExist(t *testing.T, r remote.Remote) {
	if _, err := r.Get(ctx(t), "nope/x"); !remote.IsNotExist(err) || !remote.IsPermanent(err) {
		t.Errorf("get missing: err = %v, want permanent not-exist", err)
	}
	if _, err := r.Stat(ctx(t), "nope/x"); !remote.IsNotExist(err) {
		t.Errorf("stat missing: err = %v, want not-exist", err)
	}
}

func testInvalidKeys(t *testing.T, r remote.Remote) {
	b := RandomBlob(10)
	for _, key := range []string{"", "/abs", "a//b", "../up", "a/../b", "a/.hidden", "trailing/", `back\slash`, "sp ace", "é"} {
		_, err := r.Put(ctx(t), key, bytes.NewReader(b.Data), int64(len(b.Data)), b.Sum)
		if !errors.Is(err, remote.ErrInvalid) || !remote.IsPermanent(err) {
			t.Errorf("put %q: err = %v, want permanent ErrInvalid", key, err)
		}
		if _, err := r.Stat(ctx(t), key); !errors.Is(err, remote.ErrInvalid) {
			t.Errorf("stat %q: err = %v, want ErrInvalid", key, err)
		}
	}
	if _, err := r.Put(ctx(t), "ok", bytes.NewReader(b.Data), 10, "ABC"); !errors.Is(err, remote.ErrInvalid) {
		t.Errorf("put with malformed sha256: err = %v, want ErrInvalid", err)
	}
}

func testList(t *testing.T, r remote.Remote) {
	keys := []string{
		"v1/pieces/k-2/p1/manifest.age", "v1/pieces/k/p2/b1.age", "v1/pieces/k/p1/manifest.age",
		"v1/pieces/k/p1/b1.age", "v1/pieces/k.0/p1/b1.age", "v1/pieces/k0/p1/b1.age", "v1/notes/c1/n1.age", "top",
	}
	sizes := map[string]int64{}
	for i, k := range keys {
		b := RandomBlob(i * 100)
		Put(t, r, k, b)
		sizes[k] = int64(i * 100)
	}
	sorted := slices.Sorted(slices.Values(keys))
	if got := Keys(t, r, ""); !slices.Equal(got, sorted) {
		t.Errorf("list all = %v, want %v", got, sorted)
	}
	cases := []struct {
		prefix, after string
		want          []string
	}{
		{"v1/pieces/k/", "", []string{"v1/pieces/k/p1/b1.age", "v1/pieces/k/p1/manifest.age", "v1/pieces/k/p2/b1.age"}},
		{"v1/pieces/k/", "v1/pieces/k/p1/b1.age", []string{"v1/pieces/k/p1/manifest.age", "v1/pieces/k/p2/b1.age"}},
		{"v1/pieces/k/", "v1/pieces/k/p1/~", []string{"v1/pieces/k/p2/b1.age"}},
		{"v1/pieces/k", "", []string{"v1/pieces/k-2/p1/manifest.age", "v1/pieces/k.0/p1/b1.age", "v1/pieces/k/p1/b1.age",
			"v1/pieces/k/p1/manifest.age", "v1/pieces/k/p2/b1.age", "v1/pieces/k0/p1/b1.age"}},
		{"v1/pieces/", "v1/pieces/k0", []string{"v1/pieces/k0/p1/b1.age"}},
		{"v1/pieces/", "v1/pieces/k/p2/b1.age", []string{"v1/pieces/k0/p1/b1.age"}},
		{"v1/", "v1/pieces/zzz", nil},
		{"v2/", "", nil},
		{"t", "", []string{"top"}},
	}
	for _, c := range cases {
		var got []string
		err := r.List(ctx(t), c.prefix, c.after, func(i remote.Info) error {
			got = append(got, i.Key)
			if i.Size != sizes[i.Key] {
				t.Errorf("list %s: size %d, want %d", i.Key, i.Size, sizes[i.Key])
			}
			return nil
		})
		if err != nil {
			t.Errorf("list %q after %q: %v", c.prefix, c.after, err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("list %q after %q = %v, want %v", c.prefix, c.after, got, c.want)
		}
	}
}

func testListStop(t *testing.T, r remote.Remote) {
	for i := range 5 {
		Put(t, r, fmt.Sprintf("s/%d", i), RandomBlob(1))
	}
	var got []string
	err := r.List(ctx(t), "s/", "", func(i remote.Info) error {
		got = append(got, i.Key)
		if len(got) == 2 {
			return remote.ErrStop
		}
		return nil
	})
	if !errors.Is(err, remote.ErrStop) || !slices.Equal(got, []string{"s/0", "s/1"}) {
		t.Errorf("stopped list: %v, %v; want ErrStop after s/0 s/1", got, err)
	}
	boom := errors.New("boom")
	if err := r.List(ctx(t), "s/", "", func(remote.Info) error { return boom }); err != boom {
		t.Errorf("list returned %v, want the callback's error unchanged", err)
	}
}

func testDelete(t *testing.T, r remote.Remote) {
	b := RandomBlob(100)
	Put(t, r, "d/x", b)
	if err := r.Delete(ctx(t), "d/x"); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := r.Stat(ctx(t), "d/x"); !remote.IsNotExist(err) {
		t.Errorf("stat after delete: %v", err)
	}
	if err := r.Delete(ctx(t), "d/x"); err != nil {
		t.Errorf("deleting a missing key: %v, want nil", err)
	}
	Put(t, r, "d/x", b) // the key can be created again
}
