package spool

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

const marker = "MARKER-7f3a-PATIENT-SECRET"

func keys(t testing.TB) (*seal.Sealer, *seal.Opener) {
	t.Helper()
	s, o, err := newKeys()
	if err != nil {
		t.Fatal(err)
	}
	return s, o
}

func newKeys() (*seal.Sealer, *seal.Opener, error) {
	id, r, err := seal.GenerateIdentity(seal.Hybrid)
	if err != nil {
		return nil, nil, err
	}
	s, err := seal.NewSealer(r)
	if err != nil {
		return nil, nil, err
	}
	o, err := seal.NewOpener(id)
	return s, o, err
}

func newManifest(kind piece.Kind) *piece.Manifest {
	start := time.Now().UTC().Add(-5 * time.Minute)
	m := piece.New(kind, "kiosk-1", "PC-"+marker, start)
	m.Finished = start.Add(4 * time.Minute)
	m.Title = "title " + marker
	m.Reflection = "reflection " + marker
	m.Emotions = &piece.Emotions{Quadrant: "pleasant-low", X: 0.3, Y: 0.2, Words: []piece.EmotionTag{{Word: "peaceful", Intensity: 3}}}
	m.MoodCheckIn = &piece.Mood{Pleasantness: 4, Energy: 5}
	return m
}

// pixels returns fake RGBA pixels with the marker painted in.
func pixels(n int) []byte {
	p := bytes.Repeat([]byte(marker), n/len(marker)+1)
	return p[:n]
}

func drawingBlobs(n int) []BlobSource {
	return []BlobSource{
		Bytes("", piece.RoleOriginal, "image/x-rgba", pixels(n)),
		Bytes("", piece.RoleThumbnail, "image/png", []byte("thumb "+marker)),
	}
}

func mustOpen(t testing.TB, dir string, s *seal.Sealer) *Spool {
	t.Helper()
	sp, err := Open(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func TestSaveListVerifyOpen(t *testing.T) {
	s, o := keys(t)
	sp := mustOpen(t, t.TempDir(), s)
	ctx := context.Background()
	var ids []piece.ID
	for i := range 3 {
		m := newManifest(piece.Drawing)
		if err := sp.Save(ctx, m, drawingBlobs(100_000+i)); err != nil {
			t.Fatal(err)
		}
		if len(m.Blobs) != 2 || m.Blobs[0].Name != "b1" || m.Blobs[0].Size != int64(100_000+i) {
			t.Fatalf("manifest blobs not filled in: %+v", m.Blobs)
		}
		ids = append(ids, m.ID)
	}
	es, err := sp.Pieces()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 {
		t.Fatalf("%d pieces, want 3", len(es))
	}
	for i, e := range es {
		if e.ID != ids[i] {
			t.Fatalf("piece %d is %s, want %s (creation order)", i, e.ID, ids[i])
		}
		if len(e.Blobs) != 2 || e.Manifest.Name != "manifest" || e.Files()[2].Name != "manifest" {
			t.Fatalf("entry files: %+v", e)
		}
		for _, f := range e.Files() {
			n, sum, err := hashFile(f.Path)
			if err != nil || n != f.SealedSize || sum != f.SealedSHA256 {
				t.Fatalf("entry file %s does not match: %v", f.Name, err)
			}
		}
		if rep, err := sp.Verify(e.ID); err != nil || !rep.OK() {
			t.Fatalf("verify: %v %v", rep, err)
		}
		if rep, err := sp.DeepVerify(e.ID, o); err != nil || !rep.OK() {
			t.Fatalf("deep verify: %v %v", rep, err)
		}
	}
	p, err := sp.OpenPiece(ids[1], o)
	if err != nil {
		t.Fatal(err)
	}
	if p.Manifest.Title != "title "+marker || p.Manifest.Development {
		t.Fatalf("opened manifest: %+v", p.Manifest)
	}
	b := p.Manifest.Blobs[0]
	if b.SealedSize != es[1].Blobs[0].SealedSize || b.SealedSHA256 != es[1].Blobs[0].SealedSHA256 {
		t.Fatal("manifest and receipt disagree on sealed blob")
	}
	got, err := p.ReadBlob("b1")
	if err != nil || !bytes.Equal(got, pixels(100_001)) {
		t.Fatalf("blob round trip: %v", err)
	}
	if err := sp.Save(ctx, newManifestWithID(ids[0]), drawingBlobs(10)); !errors.Is(err, ErrExists) {
		t.Fatalf("saving an existing id: %v", err)
	}
	if err := sp.Remove(ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := sp.Piece(ids[0]); !errors.Is(err, ErrNotFound) {
		t.Fatalf("removed piece: %v", err)
	}
	if err := sp.Remove(ids[0]); !errors.Is(err, ErrNotFound) {
		t.Fatalf("removing twice: %v", err)
	}
	assertEmpty(t, filepath.Join(sp.Dir(), stagingDir))
}

func newManifestWithID(id piece.ID) *piece.Manifest {
	m := newManifest(piece.Drawing)
	m.ID = id
	return m
}

func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(des) != 0 {
		t.Fatalf("%s holds %d leftovers, e.g. %s", dir, len(des), des[0].Name())
	}
}

func TestNothingInClear(t *testing.T) {
	s, o := keys(t)
	dir := t.TempDir()
	sp := mustOpen(t, dir, s)
	ctx := context.Background()
	m := newManifest(piece.Drawing)
	if err := sp.Save(ctx, m, drawingBlobs(300_000)); err != nil {
		t.Fatal(err)
	}
	d := newManifest(piece.Voice)
	d.Finished = time.Time{}
	if err := sp.SaveDraft(ctx, d, []BlobSource{Bytes("", piece.RolePeaks, "application/octet-stream", pixels(5000))}); err != nil {
		t.Fatal(err)
	}
	if err := sp.AppendDraftSegment(ctx, d.ID, Bytes("s0001", "", "audio/flac", pixels(50_000))); err != nil {
		t.Fatal(err)
	}
	var files, receipts int
	err := filepath.WalkDir(dir, func(path string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		if strings.HasPrefix(de.Name(), "receipt") {
			receipts++
		}
		// Needles are long enough (≥ 8 bytes) not to turn up in ciphertext by chance;
		// the patient code is "PC-"+marker.
		for _, needle := range []string{marker, "pleasant-low", "peaceful", "reflection"} {
			if bytes.Contains(data, []byte(needle)) {
				t.Errorf("%s contains %q in clear", path, needle)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 7 || receipts != 2 {
		t.Fatalf("walked %d files, %d receipts: the test looked at too little", files, receipts)
	}
	// The check above can fail: the sealed bytes do hold the marker.
	p, err := sp.OpenPiece(m.ID, o)
	if err != nil {
		t.Fatal(err)
	}
	if raw, _ := p.ReadBlob("b1"); !bytes.Contains(raw, []byte(marker)) {
		t.Fatal("test pixels lack the marker")
	}
}

func TestFailClosed(t *testing.T) {
	dir := t.TempDir()
	sp := mustOpen(t, dir, nil)
	m := newManifest(piece.Drawing)
	err := sp.Save(context.Background(), m, drawingBlobs(1000))
	if !errors.Is(err, seal.ErrNoRecipients) {
		t.Fatalf("save without recipients: %v", err)
	}
	err = sp.SaveDraft(context.Background(), m, drawingBlobs(1000))
	if !errors.Is(err, seal.ErrNoRecipients) {
		t.Fatalf("save draft without recipients: %v", err)
	}
	filepath.WalkDir(dir, func(path string, de fs.DirEntry, err error) error {
		if err == nil && !de.IsDir() {
			t.Errorf("file written without recipients: %s", path)
		}
		return err
	})
	if _, err := seal.NewSealer(); !errors.Is(err, seal.ErrNoRecipients) {
		t.Fatalf("NewSealer(): %v", err)
	}
}

func TestWrongIdentity(t *testing.T) {
	s, _ := keys(t)
	_, other := keys(t)
	sp := mustOpen(t, t.TempDir(), s)
	m := newManifest(piece.Music)
	if err := sp.Save(context.Background(), m, drawingBlobs(1000)); err != nil {
		t.Fatal(err)
	}
	_, err := sp.OpenPiece(m.ID, other)
	if !errors.Is(err, seal.ErrWrongIdentity) || !strings.Contains(err.Error(), "wrong key file") {
		t.Fatalf("want a clear wrong-identity error, got %v", err)
	}
	if _, err := sp.DeepVerify(m.ID, other); !errors.Is(err, seal.ErrWrongIdentity) {
		t.Fatalf("deep verify with the wrong identity: %v", err)
	}
}

func TestVerifyNamesDamagedPieces(t *testing.T) {
	s, o := keys(t)
	sp := mustOpen(t, t.TempDir(), s)
	ctx := context.Background()
	var ids []piece.ID
	for range 4 {
		m := newManifest(piece.Drawing)
		if err := sp.Save(ctx, m, drawingBlobs(200_000)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	es, _ := sp.Pieces()
	// Piece 0: truncated blob. Piece 1: one bit flipped in a blob.
	// Piece 2: one bit flipped in the manifest. Piece 3: untouched.
	if err := os.Truncate(es[0].Blobs[0].Path, es[0].Blobs[0].SealedSize-1000); err != nil {
		t.Fatal(err)
	}
	flip(t, es[1].Blobs[1].Path, 40)
	flip(t, es[2].Manifest.Path, es[2].Manifest.SealedSize-5)
	want := [][]string{{"b1"}, {"b2"}, {"manifest"}, nil}
	for i, id := range ids {
		for _, deep := range []bool{false, true} {
			var rep Report
			var err error
			if deep {
				rep, err = sp.DeepVerify(id, o)
			} else {
				rep, err = sp.Verify(id)
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, d := range rep.Damaged {
				names = append(names, d.Name)
			}
			if strings.Join(names, ",") != strings.Join(want[i], ",") {
				t.Errorf("piece %d (deep %v): damaged %v, want %v", i, deep, rep.Damaged, want[i])
			}
		}
	}
	if _, err := sp.OpenPiece(ids[2], o); err == nil {
		t.Fatal("opened a piece with a damaged manifest")
	}
	p, err := sp.OpenPiece(ids[1], o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.ReadBlob("b2"); err == nil {
		t.Fatal("read a damaged blob")
	}
}

func flip(t *testing.T, path string, at int64) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[at] ^= 0x01
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestOpenDiscardsLeftovers(t *testing.T) {
	s, _ := keys(t)
	dir := t.TempDir()
	sp := mustOpen(t, dir, s)
	ctx := context.Background()
	m := newManifest(piece.Drawing)
	if err := sp.Save(ctx, m, drawingBlobs(1000)); err != nil {
		t.Fatal(err)
	}
	d := newManifest(piece.Drawing)
	if err := sp.SaveDraft(ctx, d, drawingBlobs(1000)); err != nil {
		t.Fatal(err)
	}
	// Leftovers of interrupted writes: a half-written piece in staging, a
	// temp receipt and a next generation without receipt in the draft, a
	// draft that never committed a checkpoint.
	half := filepath.Join(dir, stagingDir, "save-123")
	os.MkdirAll(half, 0o700)
	os.WriteFile(filepath.Join(half, "b1.age"), []byte("partial"), 0o600)
	ddir := filepath.Join(dir, draftsDir, string(d.ID))
	os.WriteFile(filepath.Join(ddir, ".tmp-receipt-1"), []byte("{"), 0o600)
	os.WriteFile(filepath.Join(ddir, genFile(2, "b1")), []byte("partial"), 0o600)
	os.WriteFile(filepath.Join(ddir, receiptFile(3)), []byte("{\"schema\":1"), 0o600)
	empty := filepath.Join(dir, draftsDir, string(piece.NewID()))
	os.MkdirAll(empty, 0o700)
	os.WriteFile(filepath.Join(empty, genFile(1, "b1")), []byte("partial"), 0o600)

	sp2 := mustOpen(t, dir, s)
	assertEmpty(t, filepath.Join(dir, stagingDir))
	ds, err := sp2.Drafts()
	if err != nil || len(ds) != 1 || ds[0].ID != d.ID || ds[0].Generation != 1 {
		t.Fatalf("drafts after open: %+v %v", ds, err)
	}
	des, _ := os.ReadDir(ddir)
	if len(des) != 4 { // g1.b1, g1.b2, g1.manifest, receipt-1
		var names []string
		for _, de := range des {
			names = append(names, de.Name())
		}
		t.Fatalf("draft dir after open: %v", names)
	}
	if _, err := os.Stat(empty); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("draft without a checkpoint kept")
	}
	if rep, err := sp2.VerifyDraft(d.ID); err != nil || !rep.OK() {
		t.Fatalf("verify draft: %v %v", rep, err)
	}
	ps, _ := sp2.Pieces()
	if len(ps) != 1 || ps[0].ID != m.ID {
		t.Fatalf("pieces after open: %+v", ps)
	}
}

func TestDraftLifecycle(t *testing.T) {
	s, o := keys(t)
	dir := t.TempDir()
	sp := mustOpen(t, dir, s)
	ctx := context.Background()

	// A recording: a peaks checkpoint plus segments.
	d := newManifest(piece.Music)
	d.Finished = time.Time{}
	peaks := func(n int) []BlobSource {
		return []BlobSource{Bytes("", piece.RolePeaks, "application/octet-stream", pixels(n))}
	}
	if err := sp.AppendDraftSegment(ctx, d.ID, Bytes("s0001", "", "audio/flac", pixels(10))); !errors.Is(err, ErrNotFound) {
		t.Fatalf("segment before any checkpoint: %v", err)
	}
	if err := sp.SaveDraft(ctx, d, peaks(100)); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"s0001", "s0002", "s0003"} {
		if err := sp.AppendDraftSegment(ctx, d.ID, Bytes(name, "", "audio/flac", pixels(40_000+i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := sp.AppendDraftSegment(ctx, d.ID, Bytes("s0002", "", "audio/flac", pixels(1))); err == nil {
		t.Fatal("duplicate segment name accepted")
	}
	d.Title = "new title " + marker
	if err := sp.SaveDraft(ctx, d, peaks(200)); err != nil {
		t.Fatal(err)
	}
	ds, err := sp.Drafts()
	if err != nil || len(ds) != 1 || ds[0].Generation != 5 || len(ds[0].Blobs) != 4 {
		t.Fatalf("drafts: %+v %v", ds, err)
	}
	od, err := sp.OpenDraft(d.ID, o)
	if err != nil {
		t.Fatal(err)
	}
	if !od.Manifest.Unfinished || od.Manifest.Title != d.Title || len(od.Manifest.Blobs) != 4 {
		t.Fatalf("draft manifest: %+v", od.Manifest)
	}
	if b, err := od.ReadBlob("b1"); err != nil || len(b) != 200 {
		t.Fatalf("checkpoint blob: %d %v", len(b), err)
	}
	if b, err := od.ReadBlob("s0002"); err != nil || len(b) != 40_001 {
		t.Fatalf("segment: %d %v", len(b), err)
	}
	if n := countFiles(t, filepath.Join(dir, draftsDir, string(d.ID))); n != 6 {
		t.Fatalf("draft dir holds %d files, want 6 (1 blob, 3 segments, manifest, receipt)", n)
	}

	// A crash: a new run sees the draft but has no plaintext for it.
	sp2 := mustOpen(t, dir, s)
	if err := sp2.AppendDraftSegment(ctx, d.ID, Bytes("s0004", "", "audio/flac", pixels(1))); !errors.Is(err, ErrDraftFromEarlierRun) {
		t.Fatalf("segment to a draft of an earlier run: %v", err)
	}
	if err := sp2.SaveDraft(ctx, d, peaks(1)); !errors.Is(err, ErrDraftFromEarlierRun) {
		t.Fatalf("checkpoint of a draft of an earlier run: %v", err)
	}
	if err := sp2.PromoteDraft(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if ds, _ := sp2.Drafts(); len(ds) != 0 {
		t.Fatalf("draft kept after promotion: %+v", ds)
	}
	p, err := sp2.OpenPiece(d.ID, o)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Manifest.Unfinished || len(p.Manifest.Blobs) != 4 || p.Manifest.Blobs[3].Role != piece.RoleSegment {
		t.Fatalf("promoted manifest: %+v", p.Manifest)
	}
	if rep, err := sp2.DeepVerify(d.ID, o); err != nil || !rep.OK() {
		t.Fatalf("promoted piece: %v %v", rep, err)
	}

	// A drawing finished with its plaintext at an idle reset.
	dr := newManifest(piece.Drawing)
	dr.Finished = time.Time{}
	if err := sp2.SaveDraft(ctx, dr, []BlobSource{Bytes("", piece.RoleStrokes, "application/x-afterimage-strokes", pixels(3000))}); err != nil {
		t.Fatal(err)
	}
	dr.Unfinished = true
	dr.Finished = time.Now()
	if err := sp2.FinishDraft(ctx, dr.ID, dr, drawingBlobs(5000)); err != nil {
		t.Fatal(err)
	}
	if ds, _ := sp2.Drafts(); len(ds) != 0 {
		t.Fatalf("draft kept after finishing: %+v", ds)
	}
	if rep, err := sp2.DeepVerify(dr.ID, o); err != nil || !rep.OK() {
		t.Fatalf("finished piece: %v %v", rep, err)
	}
	// A draft left behind by a crash between saving the piece and removing
	// the draft is removed by Open.
	dr2 := newManifest(piece.Drawing)
	if err := sp2.SaveDraft(ctx, dr2, drawingBlobs(10)); err != nil {
		t.Fatal(err)
	}
	if err := sp2.Save(ctx, dr2, drawingBlobs(10)); err != nil {
		t.Fatal(err)
	}
	sp3 := mustOpen(t, dir, s)
	if ds, _ := sp3.Drafts(); len(ds) != 0 {
		t.Fatalf("finished draft kept by Open: %+v", ds)
	}
	if ps, _ := sp3.Pieces(); len(ps) != 3 {
		t.Fatalf("%d pieces, want 3", len(ps))
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(des)
}

func TestDevelopmentLabel(t *testing.T) {
	s, o, err := seal.NewDevSealer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sp := mustOpen(t, t.TempDir(), s)
	m := newManifest(piece.Voice)
	if err := sp.Save(context.Background(), m, drawingBlobs(10)); err != nil {
		t.Fatal(err)
	}
	if !m.Development {
		t.Fatal("caller's manifest not labelled development")
	}
	p, err := sp.OpenPiece(m.ID, o)
	if err != nil || !p.Manifest.Development {
		t.Fatalf("stored manifest not labelled development: %v", err)
	}
}

func TestSaveCancelled(t *testing.T) {
	s, _ := keys(t)
	dir := t.TempDir()
	sp := mustOpen(t, dir, s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := newManifest(piece.Drawing)
	if err := sp.Save(ctx, m, drawingBlobs(1000)); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled save: %v", err)
	}
	if m.Blobs != nil {
		t.Fatal("failed save changed the manifest")
	}
	assertEmpty(t, filepath.Join(dir, stagingDir))
	assertEmpty(t, filepath.Join(dir, piecesDir))
}

func FuzzDecodeReceipt(f *testing.F) {
	r := Receipt{Schema: 1, ID: piece.NewID(), Created: time.Now().UTC(), Files: []File{
		{Name: "b1", File: "b1.age", SealedSize: 300, SealedSHA256: strings.Repeat("a", 64)},
		{Name: "manifest", File: "manifest.age", SealedSize: 400, SealedSHA256: strings.Repeat("b", 64)},
	}}
	good, err := r.encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	r.Generation = 3
	r.Files[0].File = genFile(3, "b1")
	g2, _ := r.encode()
	f.Add(g2)
	f.Add([]byte(`{"schema":1,"files":[]}`))
	f.Add(bytes.Replace(good, []byte("b1.age"), []byte("../b1.age"), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeReceipt(data)
		if err != nil {
			return
		}
		for _, file := range r.Files {
			if strings.ContainsAny(file.File, `/\`) || file.File == ".." {
				t.Fatalf("receipt names a file outside its directory: %q", file.File)
			}
		}
		enc, err := r.encode()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeReceipt(enc); err != nil {
			t.Fatal(err)
		}
	})
}
