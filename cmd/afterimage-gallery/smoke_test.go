package main

import (
	"bytes"
	"context"
	"image"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/station"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// TestSmokeGalleryWindow: a development kiosk saves and uploads a piece;
// the real gallery binary, started on a private 1366x768 Xvfb over an index
// file that cannot be used, opens locked; Return unlocks it (the
// development key), it rebuilds its index, pulls the piece and shows the
// patient's view, all within the screen; a second piece the kiosk uploads
// while the gallery is open appears in that view within 5 s, with no input;
// a card opens the viewer, Esc closes it, Ctrl+L locks; unlocked again and
// left alone it locks by itself; the pulled pieces reach the gallery's
// index.
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
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	go st.Outbox.Run(runCtx)
	save := func(title string) *piece.Manifest {
		t.Helper()
		m := piece.New(piece.Drawing, cfg.KioskID, "K7Q4M2X", time.Now())
		m.Title, m.Finished = title, time.Now()
		if err := st.Spool.Save(ctx, m, paintDiagonal(t).Blobs()); err != nil {
			t.Fatal(err)
		}
		flushCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := st.Outbox.Flush(flushCtx); err != nil {
			t.Fatalf("upload the kiosk's piece: %v", err)
		}
		return m
	}
	first := save("Harbour at dawn")

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
	display := testbench.PrivateDisplay(t, 1366, 768)
	app := testbench.StartAppOn(t, display, bin, []string{"XDG_DATA_HOME=" + data, "AFTERIMAGE_CONFIG=", "AFTERIMAGE_GALLERY_LOCK_MINUTES=0.5"})
	win := app.WaitWindow(t, "Afterimage Gallery", 60*time.Second)
	shots := testbench.ScreenshotDir(t)
	app.Settled(t, win, nil, filepath.Join(shots, "gallery-01-lock.png"), func(img image.Image) bool {
		return testbench.Share(img, theme.Paper) > 0.3 && testbench.Share(img, theme.Banner) > 0.01
	})
	mark := app.Mark()
	unlockAt := time.Now()
	app.Xdotool(t, "key", "Return")
	line, next, ok := app.WaitLine(mark, 60*time.Second, func(l string) bool {
		return strings.Contains(l, `msg="patient view shown"`) && strings.Contains(l, "pieces=1")
	})
	if !ok {
		t.Fatal("Return did not unlock the gallery into the patient's view within 60 s")
	}
	t.Logf("unlock to patient view: %v (%s)", time.Since(unlockAt).Round(time.Millisecond), line)
	app.Settled(t, win, nil, filepath.Join(shots, "gallery-02-patient.png"), func(img image.Image) bool {
		return testbench.Share(img, theme.Sand) > 0.02 // a card
	})
	if g, s := app.WindowGeometry(t, win), app.ScreenSize(t); g.Dx() > s.X || g.Dy() > s.Y {
		t.Errorf("the window (%v) is larger than the screen (%v)", g, s)
	}

	// A piece saved at the kiosk while the gallery is open appears by
	// itself within 5 s of its upload.
	second := save("Low tide")
	uploaded := time.Now()
	if _, _, ok := app.WaitLine(next, 5*time.Second, func(l string) bool {
		return strings.Contains(l, `msg="patient view shown"`) && strings.Contains(l, "pieces=2")
	}); !ok {
		t.Fatalf("the new piece was not in the patient view within 5 s of its upload")
	}
	t.Logf("upload to patient view: %v", time.Since(uploaded).Round(time.Millisecond))

	// A card opens the viewer with the drawing on screen; Esc closes it;
	// Ctrl+L locks, and the lock screen shows no card.
	shot := app.Settled(t, win, nil, filepath.Join(shots, "gallery-03-patient-two.png"), func(img image.Image) bool {
		return len(testbench.Regions(img, theme.Sand)) >= 2
	})
	mark = app.Mark()
	app.Click(t, win, testbench.Largest(t, testbench.Regions(shot, theme.Sand), "a piece's card"))
	if _, _, ok := app.WaitLine(mark, 10*time.Second, func(l string) bool {
		return strings.Contains(l, `msg="piece shown"`) && strings.Contains(l, "width=640")
	}); !ok {
		t.Fatal("a click on a card did not show its drawing")
	}
	app.Settled(t, win, shot, filepath.Join(shots, "gallery-04-viewer.png"), func(img image.Image) bool {
		return testbench.Share(img, paint.Paper) > 0.15 // the drawing's paper, fitted
	})
	mark = app.Mark()
	app.Xdotool(t, "key", "Escape")
	if _, _, ok := app.WaitLine(mark, 10*time.Second, func(l string) bool { return strings.Contains(l, "screen=patients") }); !ok {
		t.Fatal("Esc did not close the viewer")
	}
	mark = app.Mark()
	app.Xdotool(t, "key", "ctrl+l")
	if _, _, ok := app.WaitLine(mark, 10*time.Second, func(l string) bool { return strings.Contains(l, "screen=lock") }); !ok {
		t.Fatal("Ctrl+L did not lock the gallery")
	}
	app.Settled(t, win, nil, "", func(img image.Image) bool {
		return len(testbench.Regions(img, theme.Sand)) == 0 && testbench.Share(img, theme.Paper) > 0.5
	})

	// Unlocked again and left alone (the pulls every 2 s are no input), it
	// locks by itself after gallery.lock_minutes (0.5 here).
	mark = app.Mark()
	app.Xdotool(t, "key", "Return")
	_, next, ok = app.WaitLine(mark, 30*time.Second, func(l string) bool { return strings.Contains(l, `msg="patient view shown"`) })
	if !ok {
		t.Fatal("Return did not unlock the gallery again")
	}
	idleFrom := time.Now()
	if _, _, ok := app.WaitLine(next, 60*time.Second, func(l string) bool { return strings.Contains(l, "locked after idle time") }); !ok {
		t.Fatal("the gallery did not lock by itself within 60 s of the last input (lock_minutes 0.5)")
	}
	t.Logf("idle lock after %v without input", time.Since(idleFrom).Round(100*time.Millisecond))
	app.Settled(t, win, nil, "", func(img image.Image) bool {
		return len(testbench.Regions(img, theme.Sand)) == 0 && testbench.Share(img, theme.Paper) > 0.5
	})

	// The pieces reach the gallery's index (the dev identity's key).
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
	deadline := time.Now().Add(30 * time.Second)
	for {
		ix, rep, err := index.Open(indexPath, secret, nil)
		if err != nil || rep.Empty() {
			t.Fatalf("open the gallery's index: %+v, %v", rep, err)
		}
		p1, err1 := ix.Piece(first.ID)
		_, err2 := ix.Piece(second.ID)
		ix.Close()
		if err1 == nil && err2 == nil {
			if p1.Title != first.Title || p1.Provenance != index.Verified {
				t.Fatalf("indexed piece: %+v", p1)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the gallery did not index the pulled pieces: %v, %v", err1, err2)
		}
		time.Sleep(100 * time.Millisecond) // polling the gallery process's index
	}
}

// paintDiagonal is a 640x400 drawing of one stroke, as the kiosk encodes it.
func paintDiagonal(t testing.TB) *drawing.Encoded {
	t.Helper()
	p := paint.New(paint.Options{Width: 640, Height: 400, Seed: 3})
	p.BeginStroke(40, 40, 0)
	for i := 1; i <= 30; i++ {
		p.StrokeTo(40+float64(i)*18, 40+float64(i)*10, time.Duration(i)*20*time.Millisecond)
	}
	p.EndStroke()
	enc, err := drawing.Capture(p, "", time.Now()).Encode()
	if err != nil {
		t.Fatal(err)
	}
	return enc
}
