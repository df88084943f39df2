package galleryui

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/outbox"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// TestGalleryShowsPulledPieces: a piece a kiosk sealed and uploaded shows
// up under its patient's code with its title, words and moods.
func TestGalleryShowsPulledPieces(t *testing.T) {
	a := test.NewTempApp(t)
	dataDir := t.TempDir()
	sealer, opener, err := seal.NewDevSealer(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	rem, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sp, err := spool.Open(t.TempDir(), sealer)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := provenance.NewSigner()
	if err != nil {
		t.Fatal(err)
	}
	sp.SetSigner(signer)
	trust := provenance.NewTrust()
	trust.Add("lounge-1", signer.PublicKey())
	m := piece.New(piece.Drawing, "lounge-1", "K7Q4M2X", time.Now())
	m.Title, m.Reflection, m.Finished = "Lighthouse", "It felt like coming home.", time.Now()
	m.Emotions = &piece.Emotions{Quadrant: "pleasant-high", X: 0.8, Y: 0.8, Words: []piece.EmotionTag{{Word: "hopeful", Intensity: 4}}}
	m.MoodCheckIn, m.MoodCheckOut = &piece.Mood{Pleasantness: 3, Energy: 6}, &piece.Mood{Pleasantness: 6, Energy: 4}
	thumb := image.NewRGBA(image.Rect(0, 0, 64, 36))
	for i := range thumb.Pix {
		thumb.Pix[i] = 200
	}
	thumb.Set(10, 10, color.Black)
	var jp bytes.Buffer
	jpeg.Encode(&jp, thumb, nil)
	if err := sp.Save(context.Background(), m, []spool.BlobSource{
		spool.Bytes("", piece.RoleOriginal, "image/png", []byte("png")),
		spool.Bytes("", piece.RoleThumbnail, "image/jpeg", jp.Bytes()),
	}); err != nil {
		t.Fatal(err)
	}
	// The kiosk's real outbox uploads it.
	ob, err := outbox.New(outbox.Options{KioskID: "lounge-1", Remote: rem, Source: outbox.FromSpool(sp), StateDir: t.TempDir(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(context.Background())
	defer stop()
	go ob.Run(runCtx)
	flushCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := ob.Flush(flushCtx); err != nil {
		t.Fatalf("upload: %v", err)
	}
	lib, err := library.OpenOptions(t.TempDir(), rem, opener, library.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Trust: trust})
	if err != nil {
		t.Fatal(err)
	}
	u := New(a, Options{Development: true, Library: lib})
	u.win.Resize(fyne.NewSize(1280, 800))
	u.win.Show()
	defer u.win.Close()
	u.Pull(context.Background())
	if len(u.codes) != 1 || u.codes[0] != "K7Q4M2X" {
		t.Fatalf("patients listed: %v", u.codes)
	}
	u.patients.Select(0)
	var texts []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			texts = append(texts, v.Text)
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(u.detail)
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Lighthouse", "hopeful (4/5)", "pleasant 3/9, energy 6/9", "It felt like coming home."} {
		if !strings.Contains(all, want) {
			t.Errorf("the piece's card lacks %q:\n%s", want, all)
		}
	}
}

// TestUnverifiedPiecesAreKeptApart: a piece from a kiosk the clinic does
// not trust is never listed under its patient code; it appears only in the
// "Origin not verified" row.
func TestUnverifiedPiecesAreKeptApart(t *testing.T) {
	a := test.NewTempApp(t)
	sealer, opener, err := seal.NewDevSealer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rem, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sp, err := spool.Open(t.TempDir(), sealer) // signs nothing
	if err != nil {
		t.Fatal(err)
	}
	m := piece.New(piece.Drawing, "lounge-9", "K7Q4M2X", time.Now())
	m.Title, m.Finished = "Injected", time.Now()
	if err := sp.Save(context.Background(), m, []spool.BlobSource{spool.Bytes("", piece.RoleOriginal, "image/png", []byte("png"))}); err != nil {
		t.Fatal(err)
	}
	e, err := sp.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(e.Blobs, e.Manifest) {
		key := remote.BlobKey("lounge-9", string(m.ID), f.Name)
		if f.Name == "manifest" {
			key = remote.ManifestKey("lounge-9", string(m.ID))
		}
		data, _ := os.ReadFile(f.Path)
		if _, err := rem.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), f.SealedSHA256); err != nil {
			t.Fatal(err)
		}
	}
	lib, err := library.OpenOptions(t.TempDir(), rem, opener, library.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Trust: provenance.NewTrust()})
	if err != nil {
		t.Fatal(err)
	}
	u := New(a, Options{Library: lib})
	u.win.Show()
	defer u.win.Close()
	u.Pull(context.Background())
	if len(u.codes) != 1 || u.codes[0] != unverifiedRow || len(u.pieces) != 0 {
		t.Fatalf("rows %q, patients %v: want only the origin-not-verified row", u.codes, u.pieces)
	}
	u.patients.Select(0)
	if h, ok := u.detail.Objects[0].(*canvas.Text); !ok || h.Text != "Origin not verified" {
		t.Fatalf("heading %#v", u.detail.Objects[0])
	}
}

// TestIndexRebuiltIsShown: when the gallery's index file cannot be used,
// opening the library rebuilds it and the status line says so, also after
// later pulls; the index is closed with the window.
func TestIndexRebuiltIsShown(t *testing.T) {
	a := test.NewTempApp(t)
	dataDir := t.TempDir()
	id, _, err := seal.DevIdentity(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	rem, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	path := index.DefaultPath(dataDir)
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, bytes.Repeat([]byte("garbage "), 2048), 0o600); err != nil {
		t.Fatal(err)
	}
	u := New(a, Options{})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	lib, err := openLibrary(dataDir, rem, []age.Identity{id}, library.Options{Logger: log}, u)
	if err != nil {
		t.Fatal(err)
	}
	u.opts.Library = lib
	u.win.Show()
	u.Pull(context.Background())
	if !strings.HasPrefix(u.status.Text, "index rebuilt (") {
		t.Fatalf("status after a rebuild: %q", u.status.Text)
	}
	if _, err := lib.Pull(context.Background()); err != nil {
		t.Fatalf("pull with the index open: %v", err)
	}
	u.win.Close()
	if _, err := lib.Pull(context.Background()); !errors.Is(err, index.ErrClosed) {
		t.Fatalf("pull after the window closed: %v, want the index closed", err)
	}
	// It opens again as it was left (no second rebuild).
	secret, _ := index.KeyMaterial(id)
	ix, rep, err := index.Open(path, secret, nil)
	if err != nil || rep.Empty() {
		t.Fatalf("the index after the window closed: %+v, %v", rep, err)
	}
	ix.Close()
}

// TestIndexUnavailable: an index that cannot be opened at all does not
// stop the gallery: pieces are still pulled, and the status line says the
// index is unavailable.
func TestIndexUnavailable(t *testing.T) {
	a := test.NewTempApp(t)
	dataDir := t.TempDir()
	id, _, err := seal.DevIdentity(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	rem, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(index.DefaultPath(dataDir)+".salt", 0o700); err != nil { // a folder where its salt should be
		t.Fatal(err)
	}
	u := New(a, Options{})
	lib, err := openLibrary(dataDir, rem, []age.Identity{id}, library.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, u)
	if err != nil {
		t.Fatalf("open the library without its index: %v", err)
	}
	u.opts.Library = lib
	u.Pull(context.Background())
	if !strings.HasPrefix(u.status.Text, "index unavailable · ") {
		t.Fatalf("status: %q", u.status.Text)
	}
}
