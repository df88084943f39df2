package library

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// Regression tests for the defects of issue 13, on the folder remote.

func newDir(t *testing.T) (*dir.Dir, string) {
	t.Helper()
	root := t.TempDir()
	r, err := dir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	return r, root
}

func putBytes(t *testing.T, r remote.Remote, key string, data []byte) {
	t.Helper()
	sum := sha256.Sum256(data)
	if _, err := r.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), hex.EncodeToString(sum[:])); err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
}

// saveAt saves a piece whose id is dated at, as a kiosk with that clock would.
func (k *kiosk) saveAt(t *testing.T, title string, at time.Time) spool.Entry {
	t.Helper()
	m := piece.New(piece.Drawing, k.id, "K7Q4M2X", at)
	m.ID = idAt(t, at)
	m.Title = title
	m.Finished = at
	return k.saveManifest(t, m)
}

func (k *kiosk) saveManifest(t *testing.T, m *piece.Manifest) spool.Entry {
	t.Helper()
	img := []byte("PNG " + m.Title + " " + marker + strings.Repeat("x", 5000))
	if err := k.sp.Save(context.Background(), m, []spool.BlobSource{
		spool.Bytes("", piece.RoleOriginal, "image/png", img),
		spool.Bytes("", piece.RoleThumbnail, "image/jpeg", []byte("JPEG "+m.Title)),
	}); err != nil {
		t.Fatal(err)
	}
	e, err := k.sp.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// idAt is a UUIDv7 dated at.
func idAt(t *testing.T, at time.Time) piece.ID {
	u, err := uuid.NewV7()
	if err != nil {
		t.Fatal(err)
	}
	ms := uint64(at.UnixMilli())
	for i := 0; i < 6; i++ {
		u[i] = byte(ms >> (40 - 8*i))
	}
	return piece.ID(u.String())
}

func joined(p Pull) string { return strings.Join(titles(p), ",") }

// TestJunkKeyDoesNotBlindCursor: a key that is not a piece id, sorting
// after every real id, is reported and never hides the kiosk's later pieces.
func TestJunkKeyDoesNotBlindCursor(t *testing.T) {
	r, _ := newDir(t)
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	k.upload(t, k.save(t, "a1"), true)
	putBytes(t, r, "v1/pieces/lounge-1/zzzz/manifest.age", []byte("junk"))
	libDir := t.TempDir()
	lib := openLib(t, libDir, r, o)
	p := pull(t, lib)
	if joined(p) != "a1" {
		t.Fatalf("first pull gave %v", titles(p))
	}
	if len(p.Damaged) != 1 || p.Damaged[0].Kind != KindJunk || !strings.Contains(p.Damaged[0].Reason, "zzzz") {
		t.Fatalf("junk reported as %+v", p.Damaged)
	}
	k.upload(t, k.save(t, "a2"), true)
	if got := joined(pull(t, lib)); got != "a2" {
		t.Fatalf("after a junk key the next pull gave %q, want a2", got)
	}
	// And after a restart.
	k.upload(t, k.save(t, "a3"), true)
	if got := joined(pull(t, openLib(t, libDir, r, o))); got != "a3" {
		t.Fatalf("after a restart the pull gave %q, want a3", got)
	}
}

// TestFutureDatedPieceDoesNotBlindCursor: a kiosk whose clock ran a year
// ahead uploads a valid piece; it is shown, and the kiosk's pieces made
// after its clock was fixed still come through.
func TestFutureDatedPieceDoesNotBlindCursor(t *testing.T) {
	r, _ := newDir(t)
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	k.upload(t, k.saveAt(t, "from the future", time.Now().AddDate(1, 0, 0)), true)
	libDir := t.TempDir()
	lib := openLib(t, libDir, r, o)
	if got := joined(pull(t, lib)); got != "from the future" {
		t.Fatalf("first pull gave %q", got)
	}
	k.upload(t, k.save(t, "now"), true)
	if got := joined(pull(t, lib)); got != "now" {
		t.Fatalf("a pull after a future-dated piece gave %q, want the new piece", got)
	}
	k.upload(t, k.save(t, "later"), true)
	if got := joined(pull(t, openLib(t, libDir, r, o))); got != "later" {
		t.Fatalf("after a restart the pull gave %q, want later", got)
	}
}

// TestFullListingCatchesWhatACursorMissed: a piece sorting before the
// cursor (here: a cursor saved past it) is found by the full listing at
// start and at least daily.
func TestFullListingCatchesWhatACursorMissed(t *testing.T) {
	r, _ := newDir(t)
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	early := k.saveAt(t, "early", time.Now().Add(-time.Hour))
	k.upload(t, k.save(t, "a1"), true)
	clock := time.Now()
	now := func(o *Options) { o.Now = func() time.Time { return clock } }
	libDir := t.TempDir()
	lib := openLib(t, libDir, r, o, now)
	if got := joined(pull(t, lib)); got != "a1" {
		t.Fatalf("first pull gave %q", got)
	}
	k.upload(t, early, true) // lands behind the cursor
	if got := joined(pull(t, lib)); got != "" {
		t.Fatalf("an incremental pull gave %q; it lists only after the cursor", got)
	}
	clock = clock.Add(25 * time.Hour)
	if got := joined(pull(t, lib)); got != "early" {
		t.Fatalf("a day later the pull gave %q, want the piece behind the cursor", got)
	}
	// At start, too.
	early2 := k.saveAt(t, "early2", time.Now().Add(-30*time.Minute))
	k.upload(t, early2, true)
	if got := joined(pull(t, openLib(t, libDir, r, o, now))); got != "early2" {
		t.Fatalf("the first pull after a restart gave %q, want early2", got)
	}
}

// faulty wraps a remote: gets of keys containing failKey fail (or stall,
// with stall set), and the bytes read are counted.
type faulty struct {
	remote.Remote
	mu      sync.Mutex
	failKey string
	stall   bool
	read    atomic.Int64
	stalled chan struct{} // closed when a stalled get starts
}

func (f *faulty) set(key string, stall bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failKey, f.stall = key, stall
	f.stalled = make(chan struct{})
}

func (f *faulty) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	f.mu.Lock()
	fail, stall, ch := f.failKey != "" && strings.Contains(key, f.failKey), f.stall, f.stalled
	f.mu.Unlock()
	if fail && !stall {
		return nil, &remote.Error{Backend: "test", Op: "get", Key: key, Err: errors.New("503 slow down")}
	}
	rc, err := f.Remote.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	if fail {
		return &stalled{ReadCloser: rc, ctx: ctx, started: ch}, nil
	}
	return counting{rc, &f.read}, nil
}

type counting struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c counting) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// stalled gives no byte until its context ends or it is closed.
type stalled struct {
	io.ReadCloser
	ctx     context.Context
	started chan struct{}
	once    sync.Once
	closed  chan struct{}
	cmu     sync.Mutex
}

func (s *stalled) Read([]byte) (int, error) {
	s.once.Do(func() { close(s.started) })
	s.cmu.Lock()
	if s.closed == nil {
		s.closed = make(chan struct{})
	}
	c := s.closed
	s.cmu.Unlock()
	select {
	case <-s.ctx.Done():
		return 0, s.ctx.Err()
	case <-c:
		return 0, errors.New("closed")
	}
}

func (s *stalled) Close() error {
	s.cmu.Lock()
	if s.closed == nil {
		s.closed = make(chan struct{})
	}
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
	s.cmu.Unlock()
	return s.ReadCloser.Close()
}

// TestOneUnreadableObjectDoesNotHaltPull: a GET that always fails for one
// object costs that piece only: the pull goes on with every other piece
// and kiosk, records the problem and retries it later with backoff; nothing
// is handed over twice, before or after a restart.
func TestOneUnreadableObjectDoesNotHaltPull(t *testing.T) {
	d, _ := newDir(t)
	r := &faulty{Remote: d}
	s, o := keys(t)
	a, b := newKiosk(t, "lounge-1", s, d), newKiosk(t, "lounge-2", s, d)
	bad := a.save(t, "bad")
	for _, e := range []spool.Entry{bad, a.save(t, "a2")} {
		a.upload(t, e, true)
	}
	b.upload(t, b.save(t, "b1"), true)
	r.set(string(bad.ID)+"/b1", false)
	clock := time.Now()
	now := func(o *Options) { o.Now = func() time.Time { return clock } }
	libDir := t.TempDir()
	lib := openLib(t, libDir, r, o, now)
	p, err := lib.Pull(context.Background())
	if err != nil {
		t.Fatalf("pull failed as a whole: %v", err)
	}
	if joined(p) != "a2,b1" {
		t.Fatalf("pull gave %v, want a2 and b1", titles(p))
	}
	if len(p.Damaged) != 1 || p.Damaged[0].Piece != string(bad.ID) || p.Damaged[0].Kind != KindUnreadable || !strings.Contains(p.Damaged[0].Reason, "503") {
		t.Fatalf("problems %+v", p.Damaged)
	}
	first := p.Damaged[0].NextCheck
	// Not retried before its time; then retried, and backs off further.
	if p := pull(t, lib); len(p.Pieces)+len(p.Damaged) != 0 {
		t.Fatalf("an early pull gave %v %+v", titles(p), p.Damaged)
	}
	wait := first.Sub(clock)
	clock = first
	p = pull(t, lib)
	if len(p.Damaged) != 1 || p.Damaged[0].Attempts != 2 || p.Damaged[0].NextCheck.Sub(clock) <= wait {
		t.Fatalf("retry after %v gave %+v, want a longer wait", wait, p.Damaged)
	}
	// A restart hands nothing over twice, and still knows the problem.
	lib = openLib(t, libDir, r, o, now)
	p = pull(t, lib)
	if len(p.Pieces) != 0 {
		t.Fatalf("after a restart the pull handed over %v again", titles(p))
	}
	if probs := lib.Problems(); len(probs) != 1 || probs[0].Piece != string(bad.ID) {
		t.Fatalf("after a restart problems are %+v", probs)
	}
	// The storage heals: the piece comes, once.
	r.set("", false)
	clock = clock.Add(7 * time.Hour)
	if got := joined(pull(t, lib)); got != "bad" {
		t.Fatalf("after the storage healed the pull gave %q", got)
	}
	if got := joined(pull(t, lib)); got != "" || len(lib.Problems()) != 0 {
		t.Fatalf("then %q, problems %+v", got, lib.Problems())
	}
	if c, err := openLib(t, libDir, r, o, now).Cached(); err != nil || len(c.Pieces) != 3 {
		t.Fatalf("the cache holds %d pieces (%v), want 3", len(c.Pieces), err)
	}
}

// TestStalledGetIsAnError: a GET that stops sending fails after the call
// deadline like any other error; the pull does not hang, and the library's
// lock is free again.
func TestStalledGetIsAnError(t *testing.T) {
	d, _ := newDir(t)
	r := &faulty{Remote: d}
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, d)
	slow := k.save(t, "slow")
	k.upload(t, slow, true)
	k.upload(t, k.save(t, "fine"), true)
	r.set(string(slow.ID)+"/b1", true)
	lib := openLib(t, t.TempDir(), r, o, func(o *Options) { o.CallTimeout = 200 * time.Millisecond })
	p, err := lib.Pull(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if joined(p) != "fine" || len(p.Damaged) != 1 || p.Damaged[0].Kind != KindUnreadable || !strings.Contains(p.Damaged[0].Reason, "stopped answering") {
		t.Fatalf("pull gave %v, problems %+v", titles(p), p.Damaged)
	}
	if _, err := lib.Cached(); err != nil { // takes the lock
		t.Fatal(err)
	}
}

// TestSizesCheckedBeforeReading: an object far larger than its manifest
// (or than any manifest) says is refused from its listed size, before a
// byte of it is read.
func TestSizesCheckedBeforeReading(t *testing.T) {
	d, root := newDir(t)
	r := &faulty{Remote: d}
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, d)
	big, bigManifest := k.save(t, "big blob"), k.save(t, "big manifest")
	k.upload(t, big, true)
	k.upload(t, k.save(t, "good"), true)
	// Stored files grow to 1 GiB without writing it (sparse).
	grow := func(key string) {
		p := filepath.Join(root, filepath.FromSlash(key))
		os.Chmod(p, 0o600)
		if err := os.Truncate(p, 1<<30); err != nil {
			t.Fatal(err)
		}
	}
	grow(remote.BlobKey("lounge-1", string(big.ID), "b1"))
	k.upload(t, bigManifest, true)
	grow(remote.ManifestKey("lounge-1", string(bigManifest.ID)))
	lib := openLib(t, t.TempDir(), r, o)
	p := pull(t, lib)
	if joined(p) != "good" || len(p.Damaged) != 2 {
		t.Fatalf("pull gave %v, problems %+v", titles(p), p.Damaged)
	}
	for _, dm := range p.Damaged {
		if dm.Kind != KindDamaged || !strings.Contains(dm.Reason, "bytes") {
			t.Errorf("problem %+v", dm)
		}
	}
	if n := r.read.Load(); n > 1<<20 {
		t.Fatalf("the pull read %d bytes", n)
	}
}

// TestDamageFlagsPersistAndAreRechecked: a damaged piece stays reported
// across restarts; once repaired in the bucket, it is found at the next
// start's re-check and handed over once.
func TestDamageFlagsPersistAndAreRechecked(t *testing.T) {
	r, root := newDir(t)
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	e := k.save(t, "repaired")
	k.upload(t, e, true)
	k.upload(t, k.save(t, "good"), true)
	blob := filepath.Join(root, filepath.FromSlash(remote.BlobKey("lounge-1", string(e.ID), "b1")))
	orig, _ := os.ReadFile(blob)
	flipped := bytes.Clone(orig)
	flipped[len(flipped)/2] ^= 1
	os.Chmod(blob, 0o600)
	os.WriteFile(blob, flipped, 0o600)
	libDir := t.TempDir()
	p := pull(t, openLib(t, libDir, r, o))
	if joined(p) != "good" || len(p.Damaged) != 1 {
		t.Fatalf("pull gave %v %+v", titles(p), p.Damaged)
	}
	lib := openLib(t, libDir, r, o)
	if c, _ := lib.Cached(); len(c.Damaged) != 1 || c.Damaged[0].Piece != string(e.ID) || c.Damaged[0].Kind != KindDamaged {
		t.Fatalf("after a restart the gallery reports %+v", c.Damaged)
	}
	os.WriteFile(blob, orig, 0o600)
	if got := joined(pull(t, openLib(t, libDir, r, o))); got != "repaired" {
		t.Fatalf("the re-check at start gave %q", got)
	}
	lib = openLib(t, libDir, r, o)
	if c, _ := lib.Cached(); len(c.Damaged) != 0 || len(c.Pieces) != 2 {
		t.Fatalf("after repair: %d pieces, problems %+v", len(c.Pieces), c.Damaged)
	}
}

// TestPatientCodesAndTextAreCleaned: codes are normalised and checked on
// the way in; free text loses control and bidi characters.
func TestPatientCodesAndTextAreCleaned(t *testing.T) {
	r, _ := newDir(t)
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	lower := piece.New(piece.Drawing, k.id, "k7q-4m2x", time.Now())
	lower.Title, lower.Finished = "sea\u202Egnp\x1b[2J\x00", time.Now()
	lower.Reflection = "line one\nline\u2066two"
	lower.Emotions = &piece.Emotions{X: .5, Y: .5, Words: []piece.EmotionTag{{Word: "calm\u202E"}}}
	k.upload(t, k.saveManifest(t, lower), true)
	typo := piece.New(piece.Drawing, k.id, "K7Q-4M2Y", time.Now())
	typo.Title, typo.Finished = "typo", time.Now()
	k.upload(t, k.saveManifest(t, typo), true)
	p := pull(t, openLib(t, t.TempDir(), r, o))
	if len(p.Pieces) != 1 {
		t.Fatalf("pull gave %v", titles(p))
	}
	m := p.Pieces[0].Manifest
	if m.PatientCode != "K7Q4M2X" || m.Title != "seagnp[2J" || m.Reflection != "line one\nlinetwo" || m.Emotions.Words[0].Word != "calm" {
		t.Fatalf("code %q title %q reflection %q word %q", m.PatientCode, m.Title, m.Reflection, m.Emotions.Words[0].Word)
	}
	if len(p.Damaged) != 1 || p.Damaged[0].Piece != string(typo.ID) || !strings.Contains(p.Damaged[0].Reason, "patient code") {
		t.Fatalf("problems %+v", p.Damaged)
	}
}

// TestProgressIsReported: a pull says how far it is.
func TestProgressIsReported(t *testing.T) {
	r, _ := newDir(t)
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	for _, n := range []string{"a", "b", "c"} {
		k.upload(t, k.save(t, n), true)
	}
	var got []string
	lib := openLib(t, t.TempDir(), r, o, func(o *Options) {
		o.Progress = func(done, total int) { got = append(got, strings.Repeat("#", done)+"/"+strings.Repeat("#", total)) }
	})
	pull(t, lib)
	if strings.Join(got, " ") != "#/### ##/### ###/###" {
		t.Fatalf("progress %v", got)
	}
}
