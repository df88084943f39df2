package main

import (
	"bytes"
	"context"
	"errors"
	"image"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/station"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// TestSmokeGalleryWindow: a development kiosk saves and uploads a piece;
// the real gallery binary, started on the bench's Xvfb over an index file
// that cannot be used, rebuilds its index, pulls the piece, lists its
// patient and indexes it.
func TestSmokeGalleryWindow(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("AFTERIMAGE_CONFIG", "")
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := station.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	m := piece.New(piece.Drawing, cfg.KioskID, "K7Q4M2X", time.Now())
	m.Title, m.Finished = "Harbour at dawn", time.Now()
	if err := st.Spool.Save(ctx, m, []spool.BlobSource{spool.Bytes("", piece.RoleOriginal, "image/png", []byte("png"))}); err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	go st.Outbox.Run(runCtx)
	flushCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := st.Outbox.Flush(flushCtx); err != nil {
		t.Fatalf("upload the kiosk's piece: %v", err)
	}

	// An index file that cannot be used: the gallery moves it aside and
	// rebuilds, it does not fail.
	indexPath := index.DefaultPath(cfg.DataDir)
	if err := os.MkdirAll(filepath.Dir(indexPath), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(indexPath, bytes.Repeat([]byte("not an index "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}

	bin := testbench.BuildCommand(t, "./cmd/afterimage-gallery")
	app := testbench.StartApp(t, bin, []string{"XDG_DATA_HOME=" + data, "AFTERIMAGE_CONFIG="})
	win := app.WaitWindow(t, "Afterimage Gallery", 60*time.Second)
	shot := filepath.Join(testbench.ScreenshotDir(t), "gallery.png")
	app.Settled(t, win, nil, shot, func(img image.Image) bool {
		return testbench.Share(img, theme.Paper) > 0.3 && testbench.Share(img, theme.Banner) > 0.01
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		found, _ := filepath.Glob(filepath.Join(data, "afterimage", "gallery", "cache", "*", string(m.ID), "_manifest.age"))
		if len(found) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the gallery did not pull the kiosk's piece within 30 s")
		}
		time.Sleep(100 * time.Millisecond) // polling the gallery process's pull
	}
	// The piece reaches the gallery's index (the dev identity's key).
	id, _, err := seal.DevIdentity(cfg.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := index.KeyMaterial(id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(indexPath + ".damaged"); err != nil {
		t.Fatalf("the unusable index was not moved aside: %v", err)
	}
	for {
		ix, rep, err := index.Open(indexPath, secret, nil)
		if err != nil || rep.Empty() {
			t.Fatalf("open the gallery's index: %+v, %v", rep, err)
		}
		p, err := ix.Piece(m.ID)
		ix.Close()
		if err == nil {
			if p.Title != m.Title || p.Provenance != index.Verified {
				t.Fatalf("indexed piece: %+v", p)
			}
			break
		}
		if !errors.Is(err, index.ErrNotFound) || time.Now().After(deadline) {
			t.Fatalf("the gallery did not index the pulled piece: %v", err)
		}
		time.Sleep(100 * time.Millisecond) // polling the gallery process's index
	}
}
