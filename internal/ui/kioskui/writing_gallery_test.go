package kioskui

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// TestWrittenPieceInTheGallerysSearch (issue 17, on the bench's MinIO): a
// written piece with a prompt is saved, sealed, uploaded and, pulled as
// the gallery does into its index, found by a word of its text in the
// full-text search — and again after the index is rebuilt from the cache.
func TestWrittenPieceInTheGallerysSearch(t *testing.T) {
	s3 := testbench.S3(t)
	t.Setenv("AFTERIMAGE_REMOTE_URL", "http://"+s3.Endpoint)
	t.Setenv("AFTERIMAGE_REMOTE_BUCKET", s3.Bucket)
	t.Setenv("AFTERIMAGE_REMOTE_ACCESS_KEY", s3.AccessKey)
	t.Setenv("AFTERIMAGE_REMOTE_SECRET_KEY", s3.SecretKey)
	k := newKiosk(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go k.ui.deps.Station.Outbox.Run(ctx)

	signer, err := provenance.LoadSigner(filepath.Join(k.cfg.DataDir, provenance.DevKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	trust := provenance.NewTrust()
	if err := trust.Add(k.cfg.KioskID, signer.PublicKey()); err != nil {
		t.Fatal(err)
	}
	libDir := t.TempDir()
	openGallery := func(name string) (*library.Library, *index.Index) {
		t.Helper()
		ix, rep, err := index.Open(filepath.Join(libDir, name), []byte("gallery test key material"), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		lib, _, err := library.OpenIndexed(libDir, k.ui.deps.Station.Remote, k.opener,
			library.Options{Logger: slog.New(slog.DiscardHandler), Trust: trust}, ix, rep)
		if err != nil {
			t.Fatal(err)
		}
		return lib, ix
	}
	lib, ix := openGallery("index.db")

	code, err := patientcode.New()
	if err != nil {
		t.Fatal(err)
	}
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	k.enterCode(t, code)
	k.waitScreen(t, kiosk.CheckIn)
	k.setMood(t, piece.Mood{Pleasantness: 5, Energy: 4})
	k.waitScreen(t, kiosk.Choose)
	s := k.toWriting(t)
	k.tap(t, "Another prompt")
	prompt := s.PromptID()
	writeKeys(t, s, "Shift", "T", "h", "e", "space", "l", "i", "g", "h", "t", "h", "o", "u", "s", "e", "space", "s", "t", "a", "y", "s")
	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.Tag)
	k.tap(t, "Skip")
	k.tap(t, "Skip")
	k.waitScreen(t, kiosk.Another)

	var got []*library.Piece
	deadline := time.Now().Add(60 * time.Second)
	for len(got) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the written piece never reached the gallery")
		}
		p, err := lib.Pull(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Damaged)+len(p.Unverified) != 0 {
			t.Fatalf("the gallery found problems: %+v, %d unverified", p.Damaged, len(p.Unverified))
		}
		got = append(got, p.Pieces...)
		time.Sleep(50 * time.Millisecond) // polling the outbox's background upload
	}
	mf := got[0].Manifest
	if mf.Kind != piece.Writing || mf.PromptID != prompt || prompt == "" || !got[0].Verified {
		t.Fatalf("in the bucket: kind %s prompt %q (want %q) verified %v", mf.Kind, mf.PromptID, prompt, got[0].Verified)
	}
	if text, err := got[0].WrittenText(); err != nil || text != "The lighthouse stays" {
		t.Fatalf("the gallery reads %q, %v", text, err)
	}
	search := func(ix *index.Index) {
		t.Helper()
		hits, err := ix.Search("lighthouse", index.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].ID != mf.ID || hits[0].Kind != piece.Writing || hits[0].Prompt != prompt {
			t.Fatalf("search for a written word: %+v", hits)
		}
	}
	search(ix)
	// The index is a cache: a new one, filled from the library's cache,
	// finds the text too.
	ix.Close()
	_, ix2 := openGallery("index-rebuilt.db")
	search(ix2)
}
