package main

import (
	"image"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// TestSmokeClinicalRecordDialogs: on the real gallery binary (1366x768
// Xvfb), clicks on the patient header's Report… and Who looked open their
// dialogs whole within the screen, and a click on each dialog's Close
// button closes it (screenshots gallery-record-*.png).
func TestSmokeClinicalRecordDialogs(t *testing.T) {
	app, win := oneDrawingGallery(t)
	shots := testbench.ScreenshotDir(t)
	screen := app.ScreenSize(t)
	view := app.Settled(t, win, nil, "", func(img image.Image) bool { return len(headerButtons(img)) == 4 })

	for i, d := range []struct {
		button int // in the header, from the left
		name   string
		shot   string
	}{
		{2, "report", "gallery-record-report.png"},
		{1, "who looked", "gallery-record-who-looked.png"},
	} {
		mark := app.Mark()
		app.Click(t, win, headerButtons(view)[d.button])
		if _, _, ok := app.WaitLine(mark, 10*time.Second, func(l string) bool {
			return strings.Contains(l, `msg="dialog shown"`) && (strings.Contains(l, `dialog="`+d.name+`"`) || strings.Contains(l+" ", "dialog="+d.name+" "))
		}); !ok {
			t.Fatalf("a click on header button %d did not show the %s dialog", d.button, d.name)
		}
		var box image.Rectangle
		shot := app.Settled(t, win, view, filepath.Join(shots, d.shot), func(img image.Image) bool {
			box = dialogBox(img)
			return !box.Empty()
		})
		if !box.In(image.Rect(0, 0, screen.X, screen.Y)) || box.Dx() < 500 || box.Dy() < 300 {
			t.Errorf("the %s dialog is at %v on a %v screen", d.name, box, screen)
		}
		// Its Close button: the button lowest in the dialog.
		var buttons []image.Rectangle
		for _, r := range testbench.Regions(shot, theme.Mist) {
			if r.In(box) {
				buttons = append(buttons, r)
			}
		}
		if len(buttons) == 0 {
			t.Fatalf("the %s dialog shows no button", d.name)
		}
		closeAt := slices.MaxFunc(buttons, func(a, b image.Rectangle) int { return a.Max.Y - b.Max.Y })
		app.Click(t, win, closeAt)
		view = app.Settled(t, win, shot, "", func(img image.Image) bool { return dialogBox(img).Empty() && len(headerButtons(img)) == 4 })
		t.Logf("dialog %d (%s) shown at %v and closed", i+1, d.name, box)
	}
	if !strings.Contains(app.Output(), `dialog="who looked"`) {
		t.Error("no log line for the who-looked dialog")
	}
}

// headerButtons are the patient header's buttons (Display name…, Who
// looked, Report…, Take-home copy…), left to right: the fullest row of
// button-coloured areas in the right half of the window below Lock now.
func headerButtons(img image.Image) []image.Rectangle {
	var right []image.Rectangle
	for _, r := range testbench.Regions(img, theme.Mist) {
		if testbench.Center(r).X > img.Bounds().Dx()/2 && r.Dx() > 60 && r.Dy() > 30 {
			right = append(right, r)
		}
	}
	if len(right) == 0 {
		return nil
	}
	// Lock now is the highest; the patient's tools are the fullest row
	// below it (the filter bar's row lies between, on the left).
	lock := slices.MinFunc(right, func(a, b image.Rectangle) int { return a.Min.Y - b.Min.Y })
	rows := map[int][]image.Rectangle{}
	for _, r := range right {
		if r.Min.Y > lock.Max.Y {
			rows[r.Min.Y/8] = append(rows[r.Min.Y/8], r)
		}
	}
	var out []image.Rectangle
	for _, row := range rows {
		if len(row) > len(out) {
			out = row
		}
	}
	slices.SortFunc(out, func(a, b image.Rectangle) int { return a.Min.X - b.Min.X })
	return out
}

// dialogBox is the dialog's paper (the empty rectangle when none): a
// dialog dims the window around it, the development banner included, and
// its paper is then the largest area of paper colour.
func dialogBox(img image.Image) image.Rectangle {
	if testbench.Share(img, theme.Banner) > 0.005 {
		return image.Rectangle{}
	}
	var best image.Rectangle
	for _, r := range testbench.Regions(img, theme.Paper) {
		if r.Dx()*r.Dy() > best.Dx()*best.Dy() {
			best = r
		}
	}
	return best
}
