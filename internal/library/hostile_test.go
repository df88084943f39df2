package library

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/media/mediatest"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// The hostile-bucket suite: one bucket holding good pieces among every kind
// of bad object someone with write access (or misbehaving storage) can
// leave. For each: the good pieces are all shown exactly once, the bad one
// is flagged with a reason, peak RSS stays under 200 MB, nothing hangs, and
// the same holds after a restart. Run on the folder remote always and on
// MinIO under the bench.

// faults makes GETs of keys containing fail fail (HTTP 503 SlowDown on S3),
// and GETs of keys containing stall never answer.
type faults struct {
	mu          sync.Mutex
	fail, stall string
}

func (f *faults) set(fail, stall string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail, f.stall = fail, stall
}

func (f *faults) match(key string) (fail, stall bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fail != "" && strings.Contains(key, f.fail), f.stall != "" && strings.Contains(key, f.stall)
}

// hostile is a bucket under test.
type hostile struct {
	name      string
	r         remote.Remote // what the library reads, through the faults
	direct    remote.Remote // what kiosks write to
	faults    *faults
	overwrite func(t *testing.T, key string, data []byte)
	putHuge   func(t *testing.T, key string, size int64)
}

// faultyDir applies faults to a folder remote.
type faultyDir struct {
	remote.Remote
	f *faults
}

func (d faultyDir) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	fail, stall := d.f.match(key)
	switch {
	case fail:
		return nil, &remote.Error{Backend: "dir", Op: "get", Key: key, Err: errors.New("503 SlowDown")}
	case stall:
		<-ctx.Done()
		return nil, &remote.Error{Backend: "dir", Op: "get", Key: key, Err: ctx.Err()}
	}
	return d.Remote.Get(ctx, key)
}

func hostileDir(t *testing.T) *hostile {
	root := t.TempDir()
	d, err := dir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	f := &faults{}
	path := func(key string) string { return filepath.Join(root, filepath.FromSlash(key)) }
	return &hostile{
		name: "dir", r: faultyDir{d, f}, direct: d, faults: f,
		overwrite: func(t *testing.T, key string, data []byte) {
			os.MkdirAll(filepath.Dir(path(key)), 0o700)
			os.Chmod(path(key), 0o600)
			if err := os.WriteFile(path(key), data, 0o600); err != nil {
				t.Fatal(err)
			}
		},
		putHuge: func(t *testing.T, key string, size int64) {
			os.MkdirAll(filepath.Dir(path(key)), 0o700)
			f, err := os.OpenFile(path(key), os.O_CREATE|os.O_WRONLY, 0o600)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(size); err != nil { // sparse: nothing written
				t.Fatal(err)
			}
		},
	}
}

// hostileS3 is a MinIO bucket; the library reads it through a reverse
// proxy that applies the faults to GETs.
func hostileS3(t *testing.T) (*hostile, s3bench.S3Env) {
	env := s3bench.S3(t)
	direct, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: env.AccessKey, SecretKey: env.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	f := &faults{}
	target, _ := url.Parse("http://" + env.Endpoint)
	rp := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			fail, stall := f.match(r.URL.Path)
			switch {
			case fail:
				w.Header().Set("Content-Type", "application/xml")
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`)
				return
			case stall:
				<-r.Context().Done()
				return
			}
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	read, err := s3.New(s3.Config{Endpoint: strings.TrimPrefix(proxy.URL, "http://"), Bucket: env.Bucket,
		AccessKey: env.AccessKey, SecretKey: env.SecretKey, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return &hostile{
		name: "s3", r: read, direct: direct, faults: f,
		overwrite: func(t *testing.T, key string, data []byte) {
			// A plain PUT: nothing stops a writer replacing an object.
			if _, err := env.Client.PutObject(t.Context(), env.Bucket, key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{}); err != nil {
				t.Fatal(err)
			}
		},
		putHuge: func(t *testing.T, key string, size int64) {
			// Generated as it is sent; never held in memory.
			r := io.LimitReader(zeros{}, size)
			if _, err := env.Client.PutObject(t.Context(), env.Bucket, key, r, size, minio.PutObjectOptions{DisableMultipart: true}); err != nil {
				t.Fatal(err)
			}
		},
	}, env
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// peakRSS resets the process's peak resident size (Linux clear_refs) and
// returns a func reading the peak since, in bytes. Memory the test's setup
// freed is handed back to the system first, so it is not counted.
func peakRSS(t testing.TB) func() int64 {
	t.Helper()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Fatalf("cannot reset the peak RSS to measure it: %v", err)
	}
	return func() int64 {
		f, err := os.Open("/proc/self/status")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				return kb << 10
			}
		}
		t.Fatal("no VmHWM in /proc/self/status")
		return 0
	}
}

// forge re-seals e's manifest after change (as someone holding the clinic's
// public key can) and uploads it in place of the real one.
func forge(t *testing.T, h *hostile, k *kiosk, s *seal.Sealer, o *seal.Opener, e spool.Entry, change func(*piece.Manifest)) {
	t.Helper()
	sealed, err := os.ReadFile(e.Manifest.Path)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := o.OpenBytes(sealed)
	if err != nil {
		t.Fatal(err)
	}
	m, err := piece.Decode(plain)
	if err != nil {
		t.Fatal(err)
	}
	change(m)
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.SealBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range e.Blobs {
		b, _ := os.ReadFile(f.Path)
		putBytes(t, h.direct, remote.BlobKey(k.id, string(e.ID), f.Name), b)
	}
	putBytes(t, h.direct, remote.ManifestKey(k.id, string(e.ID)), out)
}

func blobBytes(t *testing.T, e spool.Entry, name string) []byte {
	for _, f := range e.Blobs {
		if f.Name == name {
			b, err := os.ReadFile(f.Path)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no blob %s", name)
	return nil
}

// badCase is one bad piece and what its problem must say.
type badCase struct {
	id   string
	kind ProblemKind
	says string
}

func runHostile(t *testing.T, h *hostile) {
	s, o := keys(t)
	foreign, _ := keys(t)
	l1, l2 := newKiosk(t, "lounge-1", s, h.direct), newKiosk(t, "lounge-2", s, h.direct)
	var goods []string
	var bad []badCase
	good := func(k *kiosk) {
		title := fmt.Sprintf("good-%s-%d", k.id, len(goods))
		k.upload(t, k.save(t, title), true)
		goods = append(goods, title)
	}
	newBad := func(k *kiosk, title string, kind ProblemKind, says string) spool.Entry {
		e := k.save(t, title)
		bad = append(bad, badCase{id: string(e.ID), kind: kind, says: says})
		return e
	}

	good(l1)
	e := newBad(l1, "truncated", KindDamaged, "bytes")
	l1.upload(t, e, true)
	h.overwrite(t, remote.BlobKey("lounge-1", string(e.ID), "b1"), blobBytes(t, e, "b1")[:100])
	e = newBad(l1, "bit-flipped", KindDamaged, "does not match")
	l1.upload(t, e, true)
	flipped := blobBytes(t, e, "b1")
	flipped[len(flipped)/2] ^= 0x10
	h.overwrite(t, remote.BlobKey("lounge-1", string(e.ID), "b1"), flipped)
	good(l2)
	e = newBad(l2, "swapped", KindDamaged, "b1")
	l2.upload(t, e, true)
	other := l2.save(t, "other-xx") // same sizes as "swapped": hashes differ
	h.overwrite(t, remote.BlobKey("lounge-2", string(e.ID), "b1"), blobBytes(t, other, "b1"))
	fk := newKiosk(t, "lounge-2", foreign, h.direct)
	e = newBad(fk, "foreign key", KindDamaged, "cannot be opened")
	fk.upload(t, e, true)
	good(l1)
	e = newBad(l1, "lies about size", KindDamaged, "manifest says")
	forge(t, h, l1, s, o, e, func(m *piece.Manifest) { m.Blobs[0].SealedSize += 7 })
	e = newBad(l1, "lies about hash", KindDamaged, "wrong content")
	forge(t, h, l1, s, o, e, func(m *piece.Manifest) { m.Blobs[0].SHA256 = strings.Repeat("ab", 32) })
	e = newBad(l1, "lies sealed hash", KindDamaged, "does not match")
	forge(t, h, l1, s, o, e, func(m *piece.Manifest) { m.Blobs[1].SealedSHA256 = strings.Repeat("cd", 32) })
	e = newBad(l2, "a 1 GiB blob", KindDamaged, "manifest says")
	l2.upload(t, e, true)
	h.putHuge(t, remote.BlobKey("lounge-2", string(e.ID), "b1"), 1<<30)
	e = newBad(l2, "a 64 MiB manifest", KindDamaged, "a manifest is at most")
	l2.upload(t, e, false)
	h.putHuge(t, remote.ManifestKey("lounge-2", string(e.ID)), 64<<20)
	good(l2)
	bomb := piece.New(piece.Drawing, "lounge-1", "K7Q4M2X", time.Now())
	bomb.Title, bomb.Finished = "image bomb", time.Now()
	if err := l1.sp.Save(context.Background(), bomb, []spool.BlobSource{
		spool.Bytes("", piece.RoleOriginal, "image/png", mediatest.PNGBomb(200000, 200000)),
		spool.Bytes("", piece.RoleThumbnail, "image/png", mediatest.PNGBomb(320, 240)),
	}); err != nil {
		t.Fatal(err)
	}
	be, _ := l1.sp.Piece(bomb.ID)
	l1.upload(t, be, true)
	bad = append(bad, badCase{id: string(bomb.ID), kind: KindDamaged, says: "decode bomb"})
	e = newBad(l1, "stalls", KindUnreadable, "stopped answering")
	l1.upload(t, e, true)
	h.faults.set("", string(e.ID)+"/b1")
	e = newBad(l2, "always fails", KindUnreadable, "cannot read")
	l2.upload(t, e, true)
	h.faults.set(string(e.ID)+"/b2", h.faults.stall)
	good(l1)
	good(l2)
	// Junk keys and junk kiosks.
	putBytes(t, h.direct, "v1/pieces/lounge-1/zzzz/manifest.age", []byte("junk"))
	putBytes(t, h.direct, "v1/pieces/lounge-1/0000/b1.age", []byte("junk"))
	putBytes(t, h.direct, "v1/pieces/lounge-2/"+string(piece.NewID())+"/b1/deeper.age", []byte("junk"))
	putBytes(t, h.direct, "v1/pieces/_junk/x/manifest.age", []byte("junk"))
	putBytes(t, h.direct, "v1/pieces/ghost/nothing-here/b1.age", []byte("junk"))
	putBytes(t, h.direct, "v1/pieces/ghost/"+string(piece.NewID())+"/manifest.age", []byte("not sealed"))
	good(l1) // after all the junk
	// Origin not verified: an unknown kiosk, a trusted kiosk's id with
	// another key, a kiosk that signs nothing. Shown apart, never as the
	// patient's work.
	unverified := map[string]error{}
	for _, u := range []struct {
		k    *kiosk
		want error
	}{
		{newKiosk(t, "lounge-9", s, h.direct), provenance.ErrUnknownKiosk},
		{newKiosk(t, "lounge-1", s, h.direct), provenance.ErrWrongKey},
		{newKioskSigner(t, "lounge-2", s, h.direct, nil), provenance.ErrUnsigned},
	} {
		title := "unverified-" + u.want.Error()
		u.k.upload(t, u.k.save(t, title), true)
		unverified[title] = u.want
	}
	// A trusted kiosk's piece whose manifest was re-sealed with another
	// patient code and title: its signature no longer matches.
	e = l1.save(t, "to be forged")
	forged := "unverified-" + provenance.ErrBadSignature.Error()
	forge(t, h, l1, s, o, e, func(m *piece.Manifest) { m.Title, m.PatientCode = forged, "AAAAAAV" })
	unverified[forged] = provenance.ErrBadSignature
	checkUnverified := func(when string, ps []*Piece) {
		t.Helper()
		seen := map[string]int{}
		for _, p := range ps {
			seen[p.Manifest.Title]++
			if want := unverified[p.Manifest.Title]; p.Verified || p.OriginProblem != want.Error() {
				t.Errorf("%s: %q kept apart as %q, want %q", when, p.Manifest.Title, p.OriginProblem, want)
			}
		}
		for title := range unverified {
			if seen[title] != 1 {
				t.Errorf("%s: %q kept apart %d times, want once", when, title, seen[title])
			}
		}
	}

	check := func(when string, got []string, problems []Damaged) {
		t.Helper()
		sort.Strings(got)
		want := append([]string(nil), goods...)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: shown %v, want each good piece once: %v", when, got, want)
		}
		byID := map[string]Damaged{}
		junk := map[string]bool{}
		for _, d := range problems {
			byID[d.Piece] = d
			if d.Kind == KindJunk {
				junk[d.Kiosk] = true
			}
		}
		for _, b := range bad {
			d, ok := byID[b.id]
			if !ok || d.Kind != b.kind || !strings.Contains(d.Reason, b.says) {
				t.Errorf("%s: piece %s flagged %+v, want %s saying %q", when, b.id, d, b.kind, b.says)
			}
		}
		for _, k := range []string{"lounge-1", "lounge-2", "_junk"} {
			if !junk[k] {
				t.Errorf("%s: junk of %s not reported (problems %+v)", when, k, problems)
			}
		}
	}
	trust := trusting(t, l1, l2)
	opts := func(o *Options) { o.CallTimeout = 500 * time.Millisecond; o.Trust = trust }
	libDir := t.TempDir()
	rss := peakRSS(t)
	heapBefore := heapInUse()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hang guard, not a speed check
	defer cancel()
	start := time.Now()
	lib := openLib(t, libDir, h.r, o, opts)
	p, err := lib.Pull(ctx)
	if err != nil {
		t.Fatalf("pull: %v", err)
	}
	took := time.Since(start)
	check("first pull", titles(p), lib.Problems())
	checkUnverified("first pull", p.Unverified)
	if p2, err := lib.Pull(ctx); err != nil || len(p2.Pieces)+len(p2.Unverified) != 0 {
		t.Errorf("a second pull handed over %v again (%v)", titles(p2), err)
	}
	// A restart: the cache shows the good pieces once, the problems stay.
	lib = openLib(t, libDir, h.r, o, opts)
	c, err := lib.Cached()
	if err != nil {
		t.Fatal(err)
	}
	var cached []string
	for _, pc := range c.Pieces {
		cached = append(cached, pc.Manifest.Title)
	}
	check("after a restart", cached, c.Damaged)
	checkUnverified("after a restart", c.Unverified)
	restart := time.Now()
	p, err = lib.Pull(ctx)
	if err != nil || len(p.Pieces)+len(p.Unverified) != 0 {
		t.Errorf("the first pull after a restart handed over %v again (%v)", titles(p), err)
	}
	check("after the re-check at restart", cached, lib.Problems())
	peak := rss()
	t.Logf("%s: first pull %v, pull after restart %v, peak RSS %.1f MB, heap %.1f → %.1f MB",
		h.name, took.Round(time.Millisecond), time.Since(restart).Round(time.Millisecond), float64(peak)/1e6, heapBefore/1e6, heapInUse()/1e6)
	if peak > 200e6 {
		t.Errorf("peak RSS %.1f MB, over 200 MB", float64(peak)/1e6)
	}
}

func heapInUse() float64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapInuse)
}

func TestHostileBucketDir(t *testing.T) { runHostile(t, hostileDir(t)) }

func TestHostileBucketS3(t *testing.T) {
	h, _ := hostileS3(t)
	runHostile(t, h)
}

// TestOverwriteInVersionedBucketS3: in a versioned bucket, a kiosk key
// overwriting its own blob, or deleting a manifest, changes nothing the
// gallery shows: the first versions are used, and the piece is flagged
// tampered, before and after a restart.
func TestOverwriteInVersionedBucketS3(t *testing.T) {
	h, env := hostileS3(t)
	if err := env.Client.SetBucketVersioning(t.Context(), env.Bucket, minio.BucketVersioningConfiguration{Status: "Enabled"}); err != nil {
		t.Fatal(err)
	}
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, h.direct)
	good, over, deleted := k.save(t, "good"), k.save(t, "overwritten"), k.save(t, "manifest deleted")
	for _, e := range []spool.Entry{good, over, deleted} {
		k.upload(t, e, true)
	}
	flipped := blobBytes(t, over, "b1")
	flipped[len(flipped)/2] ^= 0x10
	h.overwrite(t, remote.BlobKey("lounge-1", string(over.ID), "b1"), flipped)
	if err := env.Client.RemoveObject(t.Context(), env.Bucket, remote.ManifestKey("lounge-1", string(deleted.ID)), minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	libDir := t.TempDir()
	lib := openLib(t, libDir, h.r, o, func(o *Options) { o.Trust = trusting(t, k) })
	p := pull(t, lib)
	if got := strings.Join(sortedTitles(p.Pieces), ","); got != "good,manifest deleted,overwritten" {
		t.Fatalf("pull gave %q, want every piece from its first versions", got)
	}
	checkTampered := func(when string, ds []Damaged) {
		t.Helper()
		var tampered []string
		for _, d := range ds {
			if d.Kind == KindTampered {
				tampered = append(tampered, d.Piece)
				if !strings.Contains(d.Reason, "b1.age") {
					t.Errorf("%s: reason %q", when, d.Reason)
				}
			} else {
				t.Errorf("%s: unexpected problem %+v", when, d)
			}
		}
		if len(tampered) != 1 || tampered[0] != string(over.ID) {
			t.Errorf("%s: tampered %v, want only %s", when, tampered, over.ID)
		}
	}
	checkTampered("first pull", lib.Problems())
	lib = openLib(t, libDir, h.r, o, func(o *Options) { o.Trust = trusting(t, k) })
	c, err := lib.Cached()
	if err != nil || len(c.Pieces) != 3 {
		t.Fatalf("after a restart: %d pieces, %v", len(c.Pieces), err)
	}
	checkTampered("after a restart", c.Damaged)
	if p := pull(t, lib); len(p.Pieces) != 0 {
		t.Fatalf("the pull after a restart handed over %v again", titles(p))
	}
	checkTampered("after the re-check", lib.Problems())
}

func sortedTitles(ps []*Piece) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Manifest.Title)
	}
	sort.Strings(out)
	return out
}
