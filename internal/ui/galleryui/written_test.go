package galleryui

import (
	"context"
	"image"
	"image/draw"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

// saveWriting uploads a written piece as the kiosk makes it.
func (c *clinic) saveWriting(code, text string) *piece.Manifest {
	c.t.Helper()
	m := piece.New(piece.Writing, "lounge-1", code, c.at)
	m.PromptID, m.Finished = "write-letter", c.at.Add(10*time.Minute)
	blobs, err := writing.Result{Text: text}.Blobs()
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.sp.Save(context.Background(), m, blobs); err != nil {
		c.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		c.t.Fatalf("upload: %v", err)
	}
	return m
}

// TestViewerShowsTheWrittenText: a written piece opens in the viewer with
// its text, whole and scrollable, under a Writing badge; a full-text
// search finds it by a word of the text and shows that word.
func TestViewerShowsTheWrittenText(t *testing.T) {
	a := test.NewTempApp(t)
	c := newClinic(t)
	c.at = day
	letter := "Dear me,\nyou never have to send this.\n" + strings.Repeat("The tide comes in and goes out again.\n", 40) + "Slowly, the lighthouse."
	m := c.saveWriting("K7Q4M2X", letter)
	u := New(a, Options{}, c.sessionOptions(nil))
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	defer closeUI(u)
	u.inUI(func() {
		test.Type(u.lock.entry, "right")
		test.Tap(u.lock.unlock)
	})
	waitFor(t, u, "the patient's piece", true, func() bool {
		return u.browse != nil && len(u.browse.view.byPiece) == 1
	})
	u.inUI(func() { u.browse.openViewer(m.ID) })
	waitFor(t, u, "the written text", true, func() bool {
		return u.browse.viewer != nil && u.browse.viewer.written.root.Visible()
	})
	all := texts(u)
	for _, want := range []string{"WRITING", "Dear me,\nyou never have to send this.", "Slowly, the lighthouse."} {
		if !strings.Contains(all, want) {
			t.Errorf("the viewer lacks %q", want)
		}
	}
	u.inUI(func() {
		shot := image.NewNRGBA(image.Rect(0, 0, 1366, 690))
		draw.Draw(shot, shot.Rect, u.win.Canvas().Capture(), image.Point{}, draw.Src)
		test.AssertImageMatches(t, "viewer-writing.png", shot)
	})
	hits, err := u.s.Search("lighthouse")
	if err != nil || len(hits) != 1 || hits[0].ID != m.ID {
		t.Fatalf("search: %+v, %v", hits, err)
	}
	var matched []string
	for _, s := range hitSnippet(hits[0]) {
		if s.Match {
			matched = append(matched, s.Text)
		}
	}
	if len(matched) != 1 || matched[0] != "lighthouse" {
		t.Fatalf("the hit shows %+v", hitSnippet(hits[0]))
	}
	u.s.Lock()
	waitFor(t, u, "the lock screen", false, func() bool { return u.browse == nil && u.lock != nil })
	if strings.Contains(texts(u), "lighthouse") {
		t.Error("after locking the window still shows the written text")
	}
}
