package main

import (
	"image"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

// TestSmokeWrittenPieceOnTheRealScreen (issue 17): a written piece from a
// development kiosk, in the real gallery binary at 1366×768: its card
// opens the viewer, which shows the text on the page (lines of dark
// letters on paper), inside the window.
func TestSmokeWrittenPieceOnTheRealScreen(t *testing.T) {
	blobs, err := writing.Result{Text: "Dear me,\nyou never have to send this.\n" +
		strings.Repeat("The tide comes in and goes out again.\n", 30) + "Slowly, the lighthouse."}.Blobs()
	if err != nil {
		t.Fatal(err)
	}
	app, win, m := onePieceGallery(t, piece.Writing, func(m *piece.Manifest) { m.Title, m.PromptID = "A letter", "write-letter" }, blobs)
	shots := testbench.ScreenshotDir(t)
	view := app.Settled(t, win, nil, filepath.Join(shots, "gallery-writing-card.png"), func(img image.Image) bool { return len(cards(img)) == 1 })
	mark := app.Mark()
	app.Click(t, win, cards(view)[0])
	if _, _, ok := app.WaitLine(mark, 20*time.Second, func(l string) bool {
		return strings.Contains(l, `msg="piece shown"`) && strings.Contains(l, "piece="+string(m.ID)) && strings.Contains(l, "bytes=")
	}); !ok {
		t.Fatal("a click on the written piece's card did not show its text")
	}
	var page image.Rectangle
	shot := app.Settled(t, win, view, filepath.Join(shots, "gallery-writing-viewer.png"), func(img image.Image) bool {
		// The viewer's stage is Mist; the page is the paper inside it.
		stages := testbench.Regions(img, theme.Mist)
		if len(stages) == 0 {
			return false
		}
		stage := testbench.Largest(t, stages, "the viewer's stage")
		page = image.Rectangle{}
		for _, r := range testbench.Regions(img, theme.Paper) {
			if r.In(stage) && r.Dx()*r.Dy() > page.Dx()*page.Dy() {
				page = r
			}
		}
		return page.Dx() > 400 && page.Dy() > 300
	})
	// Lines of text: runs of rows with dark letters, apart by at least
	// three blank rows (the gap between two lines of the letter).
	lines, blank := 0, 3
	for _, n := range inkRows(shot, page) {
		if n > 0 {
			if blank >= 3 {
				lines++
			}
			blank = 0
		} else {
			blank++
		}
	}
	if lines < 10 {
		t.Fatalf("the viewer's page at %v shows %d lines of text, want at least 10 (the letter is 33 lines)", page, lines)
	}
	if b := shot.Bounds(); !page.In(b) {
		t.Fatalf("the page %v is outside the window %v", page, b)
	}
	t.Logf("the written piece's page %v shows %d lines", page, lines)
}
