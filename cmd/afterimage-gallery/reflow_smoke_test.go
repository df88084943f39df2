package main

import (
	"fmt"
	"image"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// TestSmokeGalleryReflow4K: the real gallery opens at 1366×768 on a 4K
// screen with a patient whose visit has 12 pieces (4 to a row at that
// size); sized to the whole screen, the grid reflows: the 12 thumbnails
// stand in one row, none past the window's edge.
func TestSmokeGalleryReflow4K(t *testing.T) {
	if !testbench.Active() {
		t.Skip("needs the test bench (make test)")
	}
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("AFTERIMAGE_CONFIG", "")
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	p := seedClinic(t, cfg, []int{12}, 12)[0]
	bin := testbench.BuildCommand(t, "./cmd/afterimage-gallery")
	display := testbench.PrivateDisplay(t, 3840, 2160)
	app := testbench.StartAppOn(t, display, bin, []string{"XDG_DATA_HOME=" + data, "AFTERIMAGE_CONFIG="})
	win := app.WaitWindow(t, "Afterimage Gallery", 60*time.Second)
	mark := app.Mark()
	app.Xdotool(t, "key", "Return")
	if _, _, ok := app.WaitLine(mark, 60*time.Second, func(l string) bool {
		return strings.Contains(l, `msg="patient view shown"`) && strings.Contains(l, fmt.Sprintf("pieces=%d", p.pieces))
	}); !ok {
		t.Fatal("Return did not unlock the gallery into the patient's view")
	}
	fitScreen(t, app, win)
	// Each thumbnail is a region of the patient's colour; in one row they
	// share their top edge.
	var row []image.Rectangle
	shot := until(t, app, win, filepath.Join(t.TempDir(), "reflow-4k.png"), func(img image.Image) bool {
		if img.Bounds().Dx() != 3840 {
			return false
		}
		row = row[:0]
		for _, r := range testbench.Regions(img, p.colour) {
			if len(row) == 0 || abs(r.Min.Y-row[0].Min.Y) < 8 {
				row = append(row, r)
			}
		}
		return len(row) == p.pieces
	})
	for _, r := range row {
		if r.Max.X >= shot.Bounds().Max.X-2 {
			t.Errorf("a thumbnail (%v) reaches the window's right edge", r)
		}
	}
}

func abs(v int) int { return max(v, -v) }
