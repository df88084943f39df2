package library

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

const marker = "LIBRARY-MARKER-7f3a"

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// kiosk makes sealed pieces in a real spool, as a kiosk does, and uploads
// their files to a remote (blobs first, manifest last, as the outbox does).
type kiosk struct {
	id     string
	sp     *spool.Spool
	r      remote.Remote
	signer *provenance.Signer // nil: the kiosk signs nothing
}

// newKiosk makes a kiosk that signs its manifests with a key of its own.
func newKiosk(t testing.TB, id string, s *seal.Sealer, r remote.Remote) *kiosk {
	sg, err := provenance.NewSigner()
	if err != nil {
		t.Fatal(err)
	}
	return newKioskSigner(t, id, s, r, sg)
}

func newKioskSigner(t testing.TB, id string, s *seal.Sealer, r remote.Remote, sg *provenance.Signer) *kiosk {
	sp, err := spool.Open(t.TempDir(), s)
	if err != nil {
		t.Fatal(err)
	}
	if sg != nil {
		sp.SetSigner(sg)
	}
	return &kiosk{id: id, sp: sp, r: r, signer: sg}
}

// trusting is a provenance.Trust of the kiosks' keys.
func trusting(t *testing.T, ks ...*kiosk) *provenance.Trust {
	tr := provenance.NewTrust()
	for _, k := range ks {
		if err := tr.Add(k.id, k.signer.PublicKey()); err != nil {
			t.Fatal(err)
		}
	}
	return tr
}

func (k *kiosk) save(t *testing.T, title string) spool.Entry {
	t.Helper()
	m := piece.New(piece.Drawing, k.id, "K7Q4M2X", time.Now())
	m.Title = title
	m.Finished = time.Now()
	img := []byte("PNG " + title + " " + marker + strings.Repeat("x", 5000))
	if err := k.sp.Save(context.Background(), m, []spool.BlobSource{
		spool.Bytes("", piece.RoleOriginal, "image/png", img),
		spool.Bytes("", piece.RoleThumbnail, "image/jpeg", []byte("JPEG "+title)),
	}); err != nil {
		t.Fatal(err)
	}
	e, err := k.sp.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// upload puts the piece's files; withManifest false leaves it mid-upload.
func (k *kiosk) upload(t testing.TB, e spool.Entry, withManifest bool) {
	t.Helper()
	files := e.Blobs
	if withManifest {
		files = append(append([]spool.File(nil), files...), e.Manifest)
	}
	for _, f := range files {
		key := remote.ManifestKey(k.id, string(e.ID))
		if f.Name != "manifest" {
			key = remote.BlobKey(k.id, string(e.ID), f.Name)
		}
		data, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := k.r.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), f.SealedSHA256); err != nil && !remote.IsExists(err) {
			t.Fatalf("put %s: %v", key, err)
		}
	}
}

func keys(t testing.TB) (*seal.Sealer, *seal.Opener) {
	id, r, err := seal.GenerateIdentity(seal.X25519)
	if err != nil {
		t.Fatal(err)
	}
	s, err := seal.NewSealer(r)
	if err != nil {
		t.Fatal(err)
	}
	o, err := seal.NewOpener(id)
	if err != nil {
		t.Fatal(err)
	}
	return s, o
}

// trustAll is a Verifier that trusts every piece (tests of everything but
// provenance).
type trustAll struct{}

func (trustAll) Verify(*piece.Manifest) error { return nil }

// openLib opens a library that trusts every kiosk.
func openLib(t testing.TB, dir string, r remote.Remote, o *seal.Opener, opts ...func(*Options)) *Library {
	t.Helper()
	op := Options{Logger: quiet, Trust: trustAll{}}
	for _, f := range opts {
		f(&op)
	}
	if os.Getenv(suiteStoreEnv) == "index" && op.Store == nil {
		return openLibIndexed(t, dir, r, o, op)
	}
	l, err := OpenOptions(dir, r, o, op)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func titles(p Pull) []string {
	var out []string
	for _, pc := range p.Pieces {
		out = append(out, pc.Manifest.Title)
	}
	return out
}

func pull(t *testing.T, l *Library) Pull {
	t.Helper()
	p, err := l.Pull(context.Background())
	if err != nil {
		t.Fatalf("pull: %v", err)
	}
	return p
}

// testPulls is the behaviour every remote must give the gallery.
func testPulls(t *testing.T, r remote.Remote) {
	s, o := keys(t)
	a, b := newKiosk(t, "lounge-1", s, r), newKiosk(t, "lounge-2", s, r)
	libDir := t.TempDir()
	lib := openLib(t, libDir, r, o)
	if p := pull(t, lib); len(p.Pieces)+len(p.Damaged) != 0 {
		t.Fatalf("empty remote gave %v", titles(p))
	}

	a1, a2 := a.save(t, "a1"), a.save(t, "a2")
	b1 := b.save(t, "b1")
	a.upload(t, a1, true)
	a.upload(t, a2, false) // still uploading: blobs only
	b.upload(t, b1, true)
	if got := titles(pull(t, lib)); strings.Join(got, ",") != "a1,b1" {
		t.Fatalf("first pull gave %v, want a1 and b1 (a2 has no manifest yet)", got)
	}
	a3 := a.save(t, "a3")
	a.upload(t, a3, true) // completes before a2
	if got := titles(pull(t, lib)); strings.Join(got, ",") != "a3" {
		t.Fatalf("second pull gave %v, want only a3", got)
	}
	a.upload(t, a2, true)
	if got := titles(pull(t, lib)); strings.Join(got, ",") != "a2" {
		t.Fatalf("third pull gave %v, want only a2, now complete", got)
	}
	if p := pull(t, lib); len(p.Pieces) != 0 {
		t.Fatalf("a pull with nothing new gave %v", titles(p))
	}

	// The state survives a restart of the gallery.
	lib2 := openLib(t, libDir, r, o)
	b2 := b.save(t, "b2")
	b.upload(t, b2, true)
	p := pull(t, lib2)
	if got := titles(p); strings.Join(got, ",") != "b2" {
		t.Fatalf("after a restart the pull gave %v, want only b2", got)
	}
	cached, err := lib2.Cached()
	if err != nil || len(cached.Pieces) != 5 || len(cached.Damaged) != 0 {
		t.Fatalf("a restarted gallery finds %d pieces (%d damaged, %v) in its cache, want all 5", len(cached.Pieces), len(cached.Damaged), err)
	}
	img, err := p.Pieces[0].ReadBlob("b1")
	if err != nil || !bytes.HasPrefix(img, []byte("PNG b2 ")) {
		t.Fatalf("read b2's image: %q, %v", img, err)
	}
	// What the gallery keeps on disk is sealed.
	filepath.WalkDir(libDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			if bytes.Contains(data, []byte(marker)) || bytes.Contains(data, []byte("K7Q4M2X")) {
				t.Errorf("%s holds plaintext patient data", path)
			}
		}
		return nil
	})
}

func TestPullDir(t *testing.T) {
	r, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	testPulls(t, r)
}

func TestPullS3(t *testing.T) {
	env := s3bench.S3(t)
	r, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: env.AccessKey, SecretKey: env.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	testPulls(t, r)
}

// TestDamagedPiecesAreNeverShown: a blob flipped, truncated or missing on
// the remote makes its piece "damaged"; the others come through.
func TestDamagedPiecesAreNeverShown(t *testing.T) {
	root := t.TempDir()
	r, err := dir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	good, flipped, truncated, missing := k.save(t, "good"), k.save(t, "flipped"), k.save(t, "truncated"), k.save(t, "missing")
	for _, e := range []spool.Entry{good, flipped, truncated, missing} {
		k.upload(t, e, true)
	}
	path := func(e spool.Entry, name string) string {
		return filepath.Join(root, filepath.FromSlash(remote.BlobKey("lounge-1", string(e.ID), name)))
	}
	data, _ := os.ReadFile(path(flipped, "b1"))
	data[len(data)/2] ^= 0x40
	os.WriteFile(path(flipped, "b1"), data, 0o600)
	data, _ = os.ReadFile(path(truncated, "b2"))
	os.WriteFile(path(truncated, "b2"), data[:len(data)-10], 0o600)
	os.Remove(path(missing, "b1"))

	lib := openLib(t, t.TempDir(), r, o)
	p := pull(t, lib)
	if got := titles(p); strings.Join(got, ",") != "good" {
		t.Fatalf("pull showed %v, want only the good piece", got)
	}
	damaged := map[string]string{}
	for _, d := range p.Damaged {
		damaged[d.Piece] = d.Reason
	}
	for _, e := range []spool.Entry{flipped, truncated, missing} {
		if damaged[string(e.ID)] == "" {
			t.Errorf("piece %s not reported damaged (damaged: %v)", e.ID, damaged)
		}
	}
	if !strings.Contains(damaged[string(missing.ID)], "missing") {
		t.Errorf("missing blob reported as %q", damaged[string(missing.ID)])
	}
	// A cached blob damaged later on the gallery's disk is caught on read.
	cached := filepath.Join(lib.dir, "cache", "lounge-1", string(good.ID), "b1.age")
	data, _ = os.ReadFile(cached)
	data[100] ^= 1
	os.WriteFile(cached, data, 0o600)
	if _, err := p.Pieces[0].ReadBlob("b1"); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("reading a damaged cached blob: %v", err)
	}
}

// FuzzOpenState: a damaged state file gives a clear error or a usable
// library, never a panic.
func FuzzOpenState(f *testing.F) {
	f.Add([]byte(`{"cursors":{"lounge-1":"01a215ee-4be8-75ca-b498-ac6cdc39477e"},"seen":{"lounge-1":[]}}`))
	f.Add([]byte(`{"cursors":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := t.TempDir()
		os.WriteFile(filepath.Join(d, "state.json"), data, 0o600)
		r, err := dir.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		_, o := keys(t)
		lib, err := Open(d, r, o, quiet)
		if err != nil {
			return
		}
		if _, err := lib.Pull(context.Background()); err != nil {
			t.Fatalf("pull with state %q: %v", data, err)
		}
	})
}
