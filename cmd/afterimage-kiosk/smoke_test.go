package main

import (
	"image"
	"path/filepath"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// TestSmokeKioskWindow starts the real kiosk binary on the bench's Xvfb and
// checks that its first screen is drawn in the product's theme.
func TestSmokeKioskWindow(t *testing.T) {
	bin := testbench.BuildCommand(t, "./cmd/afterimage-kiosk")
	app := testbench.StartApp(t, bin, []string{"XDG_DATA_HOME=" + t.TempDir()})
	win := app.WaitWindow(t, "Afterimage", 60*time.Second)
	shot := filepath.Join(testbench.ScreenshotDir(t), "kiosk-welcome.png")
	// The window is mapped before its first frame is drawn: poll until it is.
	deadline := time.Now().Add(30 * time.Second)
	for {
		img := app.Screenshot(t, win, shot)
		paper := share(img, theme.Paper)
		if paper > 0.3 && share(img, theme.Sage) > 0.002 {
			t.Logf("screenshot %s: %.0f%% paper", shot, paper*100)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("kiosk window still blank after 30s (paper %.3f, sage %.4f); screenshot in %s", paper, share(img, theme.Sage), shot)
		}
		time.Sleep(200 * time.Millisecond) // polling an external process, not timing
	}
}

// share is the fraction of img's pixels within a small tolerance of c.
func share(img image.Image, c interface{ RGBA() (r, g, b, a uint32) }) float64 {
	cr, cg, cb, _ := c.RGBA()
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r, cr) && near(g, cg) && near(bl, cb) {
				n++
			}
		}
	}
	return float64(n) / float64((b.Dx()/2)*(b.Dy()/2))
}

func near(a, b uint32) bool {
	d := int(a>>8) - int(b>>8)
	return d >= -3 && d <= 3
}
