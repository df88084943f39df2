package library

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
)

// TestRevokedKioskByUploadTime: a kiosk revoked at T keeps the pieces the
// storage received before T and loses those received after, whatever its
// manifests say (both are dated after T: the dates a kiosk writes do not
// count); the cache keeps that judgement across a restart.
func TestRevokedKioskByUploadTime(t *testing.T) {
	s, o := keys(t)
	root := t.TempDir()
	r, err := dir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	k := newKiosk(t, "lounge-1", s, r)
	revokedAt := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)
	uploadAt := func(id string, at time.Time) {
		t.Helper()
		files, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(remote.PiecePrefix(k.id, id)), "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("the piece's files: %v %v", files, err)
		}
		for _, f := range files {
			must(t, os.Chtimes(f, at, at))
		}
	}
	before := k.save(t, "before")
	k.upload(t, before, true)
	uploadAt(string(before.ID), revokedAt.Add(-time.Hour))
	after := k.save(t, "after")
	k.upload(t, after, true)
	// The storage received it half a second into the second of the
	// revocation: a listing in whole seconds must not let it pass.
	uploadAt(string(after.ID), revokedAt.Add(500*time.Millisecond))

	trust := trusting(t, k)
	must(t, trust.Revoke(k.id, revokedAt.Add(900*time.Millisecond)))
	libDir := t.TempDir()
	check := func(what string, p Pull) {
		t.Helper()
		if len(p.Pieces) != 1 || p.Pieces[0].Manifest.ID != before.ID {
			t.Errorf("%s: verified pieces %d; want only the one uploaded before the revocation", what, len(p.Pieces))
		}
		if len(p.Unverified) != 1 || p.Unverified[0].Manifest.ID != after.ID || !strings.Contains(p.Unverified[0].OriginProblem, "revoked") {
			t.Errorf("%s: unverified %d; want the one uploaded after, as revoked", what, len(p.Unverified))
		}
	}
	lib := openLib(t, libDir, r, o, func(op *Options) { op.Trust = trust })
	p, err := lib.Pull(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	check("pull", p)

	again := openLib(t, libDir, r, o, func(op *Options) { op.Trust = trust })
	c, err := again.Cached()
	if err != nil {
		t.Fatal(err)
	}
	check("cached", c)
	if cp, err := again.CachedPiece(k.id, after.ID); err != nil || cp.Verified {
		t.Errorf("CachedPiece of the later piece: verified %v, %v", cp != nil && cp.Verified, err)
	}
	if cp, err := again.CachedPiece(k.id, before.ID); err != nil || !cp.Verified {
		t.Errorf("CachedPiece of the earlier piece: %v, %v", cp, err)
	}
	// Without the upload time (the plain Verifier), a revoked kiosk's
	// pieces all fail closed.
	if err := trust.Verify(p.Pieces[0].Manifest); err != provenance.ErrRevoked {
		t.Errorf("Verify without an upload time: %v", err)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestRevocationReachesIndexedPieces: a piece pulled (and indexed as
// verified) before its kiosk was revoked, but received by the bucket after
// the revocation's time, is marked origin not verified in the index at the
// gallery's next start; the kiosk's earlier piece stays verified.
func TestRevocationReachesIndexedPieces(t *testing.T) {
	c := newClinic(t)
	root := t.TempDir()
	r, err := dir.Open(root)
	must(t, err)
	k := newKiosk(t, "lounge-1", c.sealer, r)
	theft := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)
	uploadAt := func(id string, at time.Time) {
		files, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(remote.PiecePrefix(k.id, id)), "*"))
		for _, f := range files {
			must(t, os.Chtimes(f, at, at))
		}
	}
	before, after := k.save(t, "before"), k.save(t, "after")
	k.upload(t, before, true)
	k.upload(t, after, true)
	uploadAt(string(before.ID), theft.Add(-time.Hour))
	uploadAt(string(after.ID), theft.Add(time.Hour))

	data := t.TempDir()
	trust := trusting(t, k)
	g := openIndexed(t, c, data, r, func(o *Options) { o.Trust = trust })
	if _, err := g.lib.Pull(t.Context()); err != nil {
		t.Fatal(err)
	}
	must(t, g.ix.Close())

	must(t, trust.Revoke(k.id, theft))
	g = openIndexed(t, c, data, r, func(o *Options) { o.Trust = trust })
	defer g.ix.Close()
	for id, want := range map[piece.ID]index.Provenance{before.ID: index.Verified, after.ID: index.OriginNotVerified} {
		p, err := g.ix.Piece(id)
		if err != nil || p.Provenance != want {
			t.Errorf("piece %s in the index: %v %v; want %v", id, p.Provenance, err, want)
		}
	}
}
