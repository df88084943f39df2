package main

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// TestTakeHomeOnTheRealScreen: in the real gallery binary on a private
// 1366x768 Xvfb, the patient view's "Take-home copy…" button opens the
// take-home screen; clicks on "All pieces" and on the consent check them
// (their boxes fill), the "Make the copy" button then makes the copy in
// the home folder, and the copy holds the page and the drawing.
func TestTakeHomeOnTheRealScreen(t *testing.T) {
	home := t.TempDir()
	app, win := oneDrawingGallery(t, "HOME="+home)
	shots := testbench.ScreenshotDir(t)
	shot := app.Settled(t, win, nil, "", func(img image.Image) bool { return testbench.Share(img, theme.Sand) > 0.02 })

	// The take-home button: a quiet (Mist) button face right of the
	// patient's heading, below the window's header.
	var buttons []image.Rectangle
	for _, r := range testbench.Regions(shot, theme.Mist) {
		if r.Min.Y > 90 && r.Min.X > 1000 && r.Dx() > 100 && r.Dy() > 30 {
			buttons = append(buttons, r)
		}
	}
	mark := app.Mark()
	app.Click(t, win, testbench.Largest(t, buttons, "the take-home button"))
	if _, _, ok := app.WaitLine(mark, 10*time.Second, func(l string) bool { return strings.Contains(l, "screen=take-home") }); !ok {
		t.Fatal("a click on the take-home button did not open the take-home screen")
	}
	screen := app.Settled(t, win, shot, "", func(img image.Image) bool { return testbench.Share(img, theme.Sand) < 0.01 })
	// Checked boxes fill with the primary colour (Sage): its share of a
	// column's band of checks grows when one is checked.
	sage := func(img image.Image, r image.Rectangle) float64 {
		return testbench.Share(img.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(r), theme.Sage)
	}
	// "All pieces" and the consent: the first check of each column, 261 px
	// below the header's search field (the take-home golden image's
	// layout, under the filter bar; a development banner moves all down).
	search := testbench.Largest(t, testbench.Regions(screen, color.NRGBA{R: 0xff, G: 0xfd, B: 0xf8, A: 0xff}), "the search field")
	top := search.Max.Y
	left, right := image.Rect(0, top+180, 683, top+540), image.Rect(683, top+180, 1366, top+300)
	leftBefore, rightBefore := sage(screen, left), sage(screen, right)
	row := strconv.Itoa(top + 261)
	app.Xdotool(t, "mousemove", "--window", win, "100", row, "click", "1")
	all := app.Settled(t, win, screen, filepath.Join(shots, "gallery-05-takehome-all.png"), func(img image.Image) bool {
		return sage(img, left) > leftBefore+0.001 // All and the piece checked
	})
	app.Xdotool(t, "mousemove", "--window", win, "930", row, "click", "1")
	ready := app.Settled(t, win, all, filepath.Join(shots, "gallery-06-takehome-consent.png"), func(img image.Image) bool {
		return sage(img, right) > rightBefore+0.001
	})
	if g, s := app.WindowGeometry(t, win), app.ScreenSize(t); g.Dx() > s.X || g.Dy() > s.Y {
		t.Errorf("the window (%v) is larger than the screen (%v)", g, s)
	}
	makeButton := testbench.Largest(t, testbench.Regions(ready, theme.Sage), "the Make the copy button")
	if makeButton.Min.X < 1366/2 || makeButton.Min.Y < 500 {
		t.Fatalf("the largest filled region %v is not the Make the copy button at the bottom right", makeButton)
	}
	mark = app.Mark()
	app.Click(t, win, makeButton)
	if _, _, ok := app.WaitLine(mark, 60*time.Second, func(l string) bool { return strings.Contains(l, "take-home export made") }); !ok {
		t.Fatal("a click on Make the copy did not make the copy within 60 s")
	}
	// Done: the Make button is disabled (no second copy by accident).
	app.Settled(t, win, ready, filepath.Join(shots, "gallery-07-takehome-done.png"), func(img image.Image) bool {
		return len(testbench.Regions(img, theme.Sage)) == 0
	})
	dest := filepath.Join(home, "Afterimage take-home "+time.Now().Format("2006-01-02"))
	for _, name := range []string{"index.html", "pictures/001-drawing.png"} {
		if _, err := os.Stat(filepath.Join(dest, name)); err != nil {
			t.Errorf("the copy lacks %s: %v", name, err)
		}
	}
	page, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	if !strings.Contains(string(page), "Harbour at dawn") {
		t.Error("the copy's page lacks the piece's title")
	}
}
