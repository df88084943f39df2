package main

import (
	"context"
	"image"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/station"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// oneDrawingGallery uploads one drawing ("Harbour at dawn", patient
// K7Q4M2X) from a development kiosk, starts the real gallery binary on a
// private 1366×768 display with env added to its environment, and unlocks
// it (Return: the development key) into the patient's view.
func oneDrawingGallery(t *testing.T, env ...string) (app *testbench.App, win string) {
	t.Helper()
	app, win, _ = onePieceGallery(t, piece.Drawing, func(m *piece.Manifest) { m.Title = "Harbour at dawn" }, paintDiagonal(t).Blobs(), env...)
	return app, win
}

// onePieceGallery uploads one finished piece of kind for patient K7Q4M2X
// (set fills in its manifest; blobs are its files) from a development
// kiosk, starts the real gallery binary on a private 1366×768 display with
// env added to its environment, and unlocks it (Return: the development
// key) into the patient's view. It returns the piece's manifest.
func onePieceGallery(t *testing.T, kind piece.Kind, set func(*piece.Manifest), blobs []spool.BlobSource, env ...string) (app *testbench.App, win string, m *piece.Manifest) {
	t.Helper()
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
	t.Cleanup(stop)
	go st.Outbox.Run(runCtx)
	m = piece.New(kind, cfg.KioskID, "K7Q4M2X", time.Now())
	set(m)
	m.Finished = time.Now()
	if err := st.Spool.Save(ctx, m, blobs); err != nil {
		t.Fatal(err)
	}
	flushCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := st.Outbox.Flush(flushCtx); err != nil {
		t.Fatalf("upload the kiosk's piece: %v", err)
	}

	bin := testbench.BuildCommand(t, "./cmd/afterimage-gallery")
	display := testbench.PrivateDisplay(t, 1366, 768)
	app = testbench.StartAppOn(t, display, bin, append([]string{"XDG_DATA_HOME=" + data, "AFTERIMAGE_CONFIG="}, env...))
	win = app.WaitWindow(t, "Afterimage Gallery", 60*time.Second)
	app.Settled(t, win, nil, "", func(img image.Image) bool { return testbench.Share(img, theme.Paper) > 0.3 })
	mark := app.Mark()
	app.Xdotool(t, "key", "Return")
	if _, _, ok := app.WaitLine(mark, 60*time.Second, func(l string) bool {
		return strings.Contains(l, `msg="patient view shown"`) && strings.Contains(l, "pieces=1")
	}); !ok {
		t.Fatal("Return did not unlock the gallery into the patient's view within 60 s")
	}
	return app, win, m
}
