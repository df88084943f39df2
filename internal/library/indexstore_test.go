package library

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// clinic is a clinic identity as the gallery unlocks it: a sealer for
// kiosks, an opener and the index's key material.
type clinic struct {
	id     age.Identity
	sealer *seal.Sealer
	opener *seal.Opener
	secret []byte
}

func newClinic(t testing.TB) clinic {
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
	secret, err := index.KeyMaterial(id)
	if err != nil {
		t.Fatal(err)
	}
	return clinic{id, s, o, secret}
}

// indexed is a library with its state in an index, as the gallery opens it.
type indexed struct {
	lib  *Library
	ix   *index.Index
	rep  index.OpenReport
	fill IndexFill
}

// openIndexed opens the library and index as the gallery does, in
// dataDir/gallery.
func openIndexed(t testing.TB, c clinic, dataDir string, r remote.Remote, opts ...func(*Options)) indexed {
	t.Helper()
	libDir := filepath.Join(dataDir, "gallery")
	if err := os.MkdirAll(libDir, 0o700); err != nil {
		t.Fatal(err)
	}
	ix, rep, err := index.Open(index.DefaultPath(dataDir), c.secret, nil)
	if err != nil {
		t.Fatal(err)
	}
	op := Options{Logger: quiet, Trust: trustAll{}}
	for _, f := range opts {
		f(&op)
	}
	lib, fill, err := OpenIndexed(libDir, r, c.opener, op, ix, rep)
	if err != nil {
		ix.Close()
		t.Fatal(err)
	}
	return indexed{lib, ix, rep, fill}
}

func (x indexed) close(t testing.TB) {
	t.Helper()
	if err := x.ix.Close(); err != nil {
		t.Fatal(err)
	}
}

// indexedTitles is every indexed piece's title (any provenance), sorted.
func indexedTitles(t testing.TB, ix *index.Index) []string {
	t.Helper()
	var out []string
	for _, list := range []func(index.Filter) ([]index.Piece, error){ix.Pieces, ix.Unverified} {
		ps, err := list(index.Filter{Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			out = append(out, p.Title)
		}
	}
	sort.Strings(out)
	return out
}

// TestIndexStorePull: a pull fills the index (patients, timeline, search,
// pieces apart when their origin is not verified, damage); a restart
// reopens it with the library's state, and an incremental pull adds only
// the new pieces.
func TestIndexStorePull(t *testing.T) {
	root := t.TempDir()
	r, err := dir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	c := newClinic(t)
	a, b := newKiosk(t, "lounge-1", c.sealer, r), newKiosk(t, "lounge-2", c.sealer, r)
	stranger := newKiosk(t, "lounge-3", c.sealer, r) // signs with a key the clinic does not trust
	for _, title := range []string{"river at dawn", "a2"} {
		a.upload(t, a.save(t, title), true)
	}
	b.upload(t, b.save(t, "b1"), true)
	stranger.upload(t, stranger.save(t, "forged"), true)
	bad := b.save(t, "flipped")
	b.upload(t, bad, true)
	blob := filepath.Join(root, filepath.FromSlash(remote.BlobKey("lounge-2", string(bad.ID), "b1")))
	data, _ := os.ReadFile(blob)
	data[len(data)/2] ^= 0x40
	os.WriteFile(blob, data, 0o600)

	libDir := t.TempDir()
	trust := func(o *Options) { o.Trust = trusting(t, a, b) }
	x := openIndexed(t, c, libDir, r, trust)
	if !x.rep.Created || x.fill.Rebuilt || x.fill.Added != 0 {
		t.Fatalf("first open: report %+v, fill %+v; want a new index, nothing to rebuild", x.rep, x.fill)
	}
	p := pull(t, x.lib)
	if len(p.Pieces) != 3 || len(p.Unverified) != 1 {
		t.Fatalf("pull: %v verified, %d unverified", titles(p), len(p.Unverified))
	}
	if got := indexedTitles(t, x.ix); !slices.Equal(got, []string{"a2", "b1", "forged", "river at dawn"}) {
		t.Fatalf("indexed after the pull: %v", got)
	}
	pats, err := x.ix.Patients(index.PatientFilter{})
	if err != nil || len(pats) != 1 || pats[0].Code != "K7Q4M2X" || pats[0].Pieces != 3 {
		t.Fatalf("patients: %+v, %v (the forged piece must not count)", pats, err)
	}
	tl, err := x.ix.Timeline("K7Q4M2X")
	if err != nil || len(tl) != 1 || len(tl[0].Pieces) != 3 {
		t.Fatalf("timeline: %+v, %v", tl, err)
	}
	hits, err := x.ix.Search("river", index.Filter{})
	if err != nil || len(hits) != 1 || hits[0].Piece.Title != "river at dawn" {
		t.Fatalf("search: %+v, %v", hits, err)
	}
	unv, _ := x.ix.Unverified(index.Filter{})
	if len(unv) != 1 || unv[0].Provenance != index.OriginNotVerified || unv[0].ProvenanceDetail == "" {
		t.Fatalf("unverified: %+v", unv)
	}
	dmg, _ := x.ix.Damaged()
	if !strings.Contains(dmg[bad.ID], "does not match") {
		t.Fatalf("damage in the index: %v", dmg)
	}
	cursors, last, _ := x.ix.Cursors()
	if len(cursors) != 3 || last.IsZero() {
		t.Fatalf("cursors in the index: %v, last full %v", cursors, last)
	}
	x.close(t)

	// A restart: the index reopens as it was; the library's state (the
	// damaged piece, cursors) comes back from it.
	a.upload(t, a.save(t, "a3"), true)
	x = openIndexed(t, c, libDir, r, trust)
	defer x.close(t)
	if x.rep.Empty() || x.fill.Rebuilt || x.fill.Added != 0 {
		t.Fatalf("reopen: report %+v, fill %+v", x.rep, x.fill)
	}
	probs := x.lib.Problems()
	if len(probs) != 1 || probs[0].Piece != string(bad.ID) {
		t.Fatalf("problems after a restart: %+v", probs)
	}
	p = pull(t, x.lib)
	if got := titles(p); !slices.Equal(got, []string{"a3"}) || len(p.Unverified) != 0 {
		t.Fatalf("pull after a restart: %v (+%d unverified), want only a3", got, len(p.Unverified))
	}
	if n, _ := x.ix.Count(); n != 5 {
		t.Fatalf("indexed pieces after the incremental pull: %d, want 5", n)
	}
	// Repaired in the bucket: re-checked, handed over, damage cleared.
	data[len(data)/2] ^= 0x40
	os.WriteFile(blob, data, 0o600)
	x.lib.opts.FullListEvery = 1 // the next pull lists everything again
	p = pull(t, x.lib)
	if got := titles(p); !slices.Equal(got, []string{"flipped"}) {
		t.Fatalf("pull after the repair: %v", got)
	}
	if dmg, _ := x.ix.Damaged(); len(dmg) != 0 {
		t.Fatalf("damage after the repair: %v", dmg)
	}
	if probs, _ := x.ix.Problems(); len(probs) != 0 {
		t.Fatalf("problems in the index after the repair: %+v", probs)
	}
}

// TestIndexRebuiltFromCache: an index file deleted, garbled, or rebuilt on
// request is filled again from the sealed manifests in the library's cache,
// with the same patients and pieces, and the caller is told.
func TestIndexRebuiltFromCache(t *testing.T) {
	r, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := newClinic(t)
	k := newKiosk(t, "lounge-1", c.sealer, r)
	for _, title := range []string{"one", "two", "three"} {
		k.upload(t, k.save(t, title), true)
	}
	libDir := t.TempDir()
	x := openIndexed(t, c, libDir, r)
	pull(t, x.lib)
	want := indexedTitles(t, x.ix)
	wantPats, _ := x.ix.Patients(index.PatientFilter{})
	x.close(t)
	path := index.DefaultPath(libDir)

	for _, tc := range []struct {
		name   string
		damage func()
		reason string
	}{
		{"garbled", func() {
			data, _ := os.ReadFile(path)
			for i := 0; i < len(data); i += 7 {
				data[i] ^= 0xa5
			}
			os.WriteFile(path, data, 0o600)
		}, "garbled"},
		{"deleted", func() { os.Remove(path) }, "there was no index"},
		{"requested", func() {
			if err := index.RequestRebuild(path); err != nil {
				t.Fatal(err)
			}
		}, "damage was found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.damage()
			x := openIndexed(t, c, libDir, r)
			defer x.close(t)
			if !x.fill.Rebuilt || x.fill.Added != 3 || !strings.Contains(x.fill.Reason, tc.reason) {
				t.Fatalf("fill %+v (report %+v), want rebuilt with 3 pieces, reason about %q", x.fill, x.rep, tc.reason)
			}
			if got := indexedTitles(t, x.ix); !slices.Equal(got, want) {
				t.Fatalf("rebuilt index holds %v, want %v", got, want)
			}
			pats, _ := x.ix.Patients(index.PatientFilter{})
			if !slices.Equal(pats, wantPats) {
				t.Fatalf("patients after the rebuild: %+v, want %+v", pats, wantPats)
			}
			if p := pull(t, x.lib); len(p.Pieces) != 0 {
				t.Fatalf("a pull after the rebuild handed over %v again", titles(p))
			}
			if n, _ := x.ix.Count(); n != 3 {
				t.Fatalf("indexed after the pull: %d", n)
			}
		})
	}
}

// TestIndexCatchesUpWithCache: pieces that reached the cache but not the
// index (the gallery stopped between them) are added at the next open,
// without a rebuild.
func TestIndexCatchesUpWithCache(t *testing.T) {
	r, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := newClinic(t)
	k := newKiosk(t, "lounge-1", c.sealer, r)
	k.upload(t, k.save(t, "before"), true)
	libDir := t.TempDir()
	x := openIndexed(t, c, libDir, r)
	pull(t, x.lib)
	x.close(t)
	// Pulled with the library's own state file: the index does not hear.
	k.upload(t, k.save(t, "behind its back"), true)
	if p := pull(t, openLib(t, filepath.Join(libDir, "gallery"), r, c.opener)); len(p.Pieces) != 1 {
		t.Fatalf("pull without the index: %v", titles(p))
	}
	x = openIndexed(t, c, libDir, r)
	defer x.close(t)
	if x.fill.Rebuilt || x.fill.Added != 1 {
		t.Fatalf("fill %+v, want one piece added, no rebuild", x.fill)
	}
	if got := indexedTitles(t, x.ix); !slices.Equal(got, []string{"before", "behind its back"}) {
		t.Fatalf("indexed: %v", got)
	}
	if p := pull(t, x.lib); len(p.Pieces) != 0 {
		t.Fatalf("pull handed over %v again", titles(p))
	}
}

// TestIndexStoreTampered: a tampered flag marks a verified piece Tampered
// in the index, whether it comes before the piece is handed over or after,
// and resolving it marks the piece verified again; a piece whose origin is
// not verified stays apart whatever else is flagged.
func TestIndexStoreTampered(t *testing.T) {
	c := newClinic(t)
	dataDir := t.TempDir()
	ix, _, err := index.Open(filepath.Join(dataDir, "index.db"), c.secret, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st := NewIndexStore(ix, quiet)
	mk := func(verified bool) *Piece {
		m := piece.New(piece.Drawing, "lounge-1", "K7Q4M2X", time.Now())
		m.Finished = time.Now()
		return &Piece{Kiosk: "lounge-1", Manifest: m, Verified: verified, OriginProblem: map[bool]string{false: "signed by an unknown key"}[verified]}
	}
	flag := func(p *Piece) Damaged {
		return Damaged{Kiosk: p.Kiosk, Piece: string(p.Manifest.ID), Kind: KindTampered, Reason: "1 object(s) written again", Since: time.Now(), Attempts: 1}
	}
	provenance := func(p *Piece) index.Provenance {
		t.Helper()
		got, err := ix.Piece(p.Manifest.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Provenance
	}
	before, after, stranger := mk(true), mk(true), mk(false)
	for _, err := range []error{
		st.ProblemRecorded(flag(before)), st.PieceDelivered(before),
		st.PieceDelivered(after), st.ProblemRecorded(flag(after)),
		st.ProblemRecorded(flag(stranger)), st.PieceDelivered(stranger),
		st.Sync(),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		p    *Piece
		want index.Provenance
	}{{before, index.Tampered}, {after, index.Tampered}, {stranger, index.OriginNotVerified}} {
		if got := provenance(tc.p); got != tc.want {
			t.Errorf("piece %s: %s, want %s", tc.p.Manifest.ID, got, tc.want)
		}
	}
	if err := st.ProblemResolved(flag(after)); err != nil {
		t.Fatal(err)
	}
	if got := provenance(after); got != index.Verified {
		t.Errorf("after the flag was resolved: %s, want verified", got)
	}
	// The flags come back with the store's state.
	saved, err := NewIndexStore(ix, quiet).Load()
	if err != nil || len(saved.Problems) != 2 {
		t.Fatalf("problems loaded: %+v, %v", saved.Problems, err)
	}
}
