package outbox_test

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-clinic/afterimage/internal/outbox"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

const kioskID = "kiosk-test-1"

// marker stands for patient data: it must never reach the bucket in clear.
const marker = "MARKER-PATIENT-9c41"

// patientCode is a valid code (the gallery refuses others); like the
// marker, it must never reach the bucket in clear.
const patientCode = "K7Q4M2X"

var fastBackoff = outbox.ExpBackoff{Base: 5 * time.Millisecond, Max: 100 * time.Millisecond}

func newSpool(t testing.TB) *spool.Spool {
	t.Helper()
	_, r, err := seal.GenerateIdentity(seal.X25519)
	if err != nil {
		t.Fatal(err)
	}
	s, err := seal.NewSealer(r)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := spool.Open(t.TempDir(), s)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// savePiece saves a drawing piece with an original of size random bytes
// (plus the marker) and a thumbnail, with patient data in its manifest.
func savePiece(t testing.TB, sp *spool.Spool, size int) piece.ID {
	t.Helper()
	start := time.Now().UTC().Add(-time.Minute)
	m := piece.New(piece.Drawing, kioskID, patientCode, start)
	m.Finished = start.Add(30 * time.Second)
	m.Title = "title " + marker
	m.Reflection = "reflection " + marker
	m.Emotions = &piece.Emotions{Quadrant: "pleasant-low", X: 0.3, Y: 0.2, Words: []piece.EmotionTag{{Word: "calm", Intensity: 3}}}
	pix := make([]byte, size)
	rand.Read(pix)
	copy(pix, marker)
	err := sp.Save(context.Background(), m, []spool.BlobSource{
		spool.Bytes("", piece.RoleOriginal, "image/png", pix),
		spool.Bytes("", piece.RoleThumbnail, "image/png", []byte("thumbnail "+marker)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// object is what the bucket must hold for one sealed file.
type object struct {
	size int64
	sum  string
}

// expected lists the objects the spool's pieces must become.
func expected(t testing.TB, sp *spool.Spool) map[string]object {
	t.Helper()
	entries, err := sp.Pieces()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]object{}
	for _, e := range entries {
		for _, f := range e.Files() {
			want[piece.ObjectKey(kioskID, e.ID, f.Name)] = object{f.SealedSize, f.SealedSHA256}
		}
	}
	return want
}

// checkBucket asserts the remote holds exactly want, each object whole.
func checkBucket(t testing.TB, r remote.Remote, want map[string]object) {
	t.Helper()
	ctx := context.Background()
	got := map[string]bool{}
	err := r.List(ctx, "", "", func(i remote.Info) error {
		got[i.Key] = true
		w, ok := want[i.Key]
		if !ok {
			t.Errorf("unexpected object %s", i.Key)
			return nil
		}
		st, err := r.Stat(ctx, i.Key)
		if err != nil {
			t.Errorf("stat %s: %v", i.Key, err)
		} else if st.Size != w.size || st.SHA256 != w.sum {
			t.Errorf("%s is %d bytes sha256 %s, want %d bytes %s", i.Key, st.Size, st.SHA256, w.size, w.sum)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing object %s", k)
		}
	}
}

// checkOneVersionEach asserts no key of a versioned bucket was written twice.
func checkOneVersionEach(t testing.TB, c *minio.Client, bucket string) {
	t.Helper()
	versions := map[string]int{}
	for oi := range c.ListObjects(context.Background(), bucket, minio.ListObjectsOptions{Recursive: true, WithVersions: true}) {
		if oi.Err != nil {
			t.Fatal(oi.Err)
		}
		versions[oi.Key]++
	}
	for k, n := range versions {
		if n != 1 {
			t.Errorf("%s was written %d times", k, n)
		}
	}
}

func enableVersioning(t testing.TB, c *minio.Client, bucket string) {
	t.Helper()
	if err := c.EnableVersioning(context.Background(), bucket); err != nil {
		t.Fatal(err)
	}
}

func newS3(t testing.TB, endpoint, access, secret, bucket string) *s3.S3 {
	t.Helper()
	r, err := s3.New(s3.Config{Endpoint: endpoint, Bucket: bucket, AccessKey: access, SecretKey: secret})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func newDir(t testing.TB) *dir.Dir {
	t.Helper()
	d, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// start runs an outbox until the test ends.
func start(t testing.TB, opts outbox.Options) *outbox.Outbox {
	t.Helper()
	if opts.KioskID == "" {
		opts.KioskID = kioskID
	}
	if opts.StateDir == "" {
		opts.StateDir = t.TempDir()
	}
	if opts.Backoff == nil {
		opts.Backoff = fastBackoff
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(t.Output(), nil))
	}
	o, err := outbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { o.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return o
}

func flush(t testing.TB, o *outbox.Outbox, within time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	if err := o.Flush(ctx); err != nil {
		t.Fatalf("flush: %v (status %+v)", err, o.Status())
	}
}

func pending(t testing.TB, sp *spool.Spool) int {
	t.Helper()
	e, err := sp.Pieces()
	if err != nil {
		t.Fatal(err)
	}
	return len(e)
}

// recorder is a remote that notes which manifests were stored, in order.
type recorder struct {
	remote.Remote
	mu        sync.Mutex
	manifests []piece.ID
	puts      int
}

func (r *recorder) Put(ctx context.Context, key string, rd io.ReadSeeker, size int64, sum string) (remote.Info, error) {
	info, err := r.Remote.Put(ctx, key, rd, size, sum)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.puts++
	if k, ok := remote.ParsePieceKey(key); ok && k.Manifest && err == nil {
		r.manifests = append(r.manifests, piece.ID(k.Piece))
	}
	return info, err
}

func (r *recorder) order() []piece.ID {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.manifests)
}

func (r *recorder) putCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.puts
}

// fakeClock is a clock whose timers fire only when the test says.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []chan time.Time
	armed  chan struct{} // receives when a timer is armed
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC), armed: make(chan struct{}, 1000)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.mu.Lock()
	c.timers = append(c.timers, ch)
	c.mu.Unlock()
	c.armed <- struct{}{}
	return ch
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fire fires every armed timer.
func (c *fakeClock) fire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ch := range c.timers {
		ch <- c.now
	}
	c.timers = nil
}
