package galleryui

import (
	"image"
	"image/draw"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestTakeHomeScreen: from the patient view, the take-home screen lists
// the patient's pieces; the copy cannot be made until a piece is chosen
// and the consent is confirmed; "All" chooses every piece; made, the
// folder holds the page, the two drawings and the recording, and the
// screen says where it is.
func TestTakeHomeScreen(t *testing.T) {
	a := test.NewTempApp(t)
	c := newClinic(t)
	c.at = day // dates on screen
	c.saveDrawing("VAFQM2E", "Stones", "", drawingPNG(t))
	c.saveDrawing("K7Q4M2X", "Lighthouse", "It felt like coming home.", drawingPNG(t))
	c.saveSound(piece.Music, "K7Q4M2X", "Tide", tone(1), nil)
	c.saveDrawing("K7Q4M2X", "Sea wall", "Stones, mostly.", drawingPNG(t))
	u := New(a, Options{}, c.sessionOptions(nil))
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	defer closeUI(u)
	u.inUI(func() {
		test.Type(u.lock.entry, "right")
		test.Tap(u.lock.unlock)
	})
	waitFor(t, u, "the patient's three pieces", true, func() bool {
		return u.browse != nil && u.browse.view.code == "K7Q4M2X" && len(u.browse.view.byPiece) == 3 && u.browse.view.takeHome.Visible()
	})
	var th *takeHome
	u.inUI(func() {
		test.Tap(u.browse.view.takeHome)
		th = u.browse.view.takeHomeScreen
		if th == nil {
			t.Fatal("no take-home screen opened")
		}
		th.now = func() time.Time { return day }
		th.dir = "/media/usb"
		th.changed()
		if len(th.checks) != 3 {
			t.Fatalf("%d pieces to choose, want the patient's 3", len(th.checks))
		}
		if !th.make.Disabled() {
			t.Error("the copy can be made with nothing chosen")
		}
		test.Tap(th.all)
		if !th.make.Disabled() {
			t.Error("the copy can be made without the patient's consent")
		}
		test.Tap(th.consent)
		if th.make.Disabled() {
			t.Error("all chosen and consent confirmed, the copy cannot be made")
		}
		test.Tap(th.checks[1])
		if th.all.Checked {
			t.Error("\"All\" stays checked with a piece left out")
		}
		test.Tap(th.checks[1])
		if !th.all.Checked {
			t.Error("\"All\" is not checked with every piece chosen")
		}
		u.win.Canvas().Unfocus()
		shot := image.NewNRGBA(image.Rect(0, 0, 1366, 690)) // above the status line
		draw.Draw(shot, shot.Rect, u.win.Canvas().Capture(), image.Point{}, draw.Src)
		test.AssertImageMatches(t, "takehome.png", shot)
	})
	all := texts(u)
	for _, want := range []string{"Take-home copy for K7Q-4M2X", "Drawing · Lighthouse · 2 Nov 2026", "Music · Tide · 2 Nov 2026",
		"The patient has agreed to take these pieces home", "Save in /media/usb/Afterimage take-home 2026-11-02"} {
		if !strings.Contains(all, want) {
			t.Errorf("the screen lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Stones") {
		t.Error("the screen lists another patient's piece")
	}

	dir := t.TempDir()
	u.inUI(func() {
		th.dir = dir
		th.changed()
		test.Tap(th.make)
	})
	waitFor(t, u, "the copy", true, func() bool { return th.done || strings.Contains(th.status.Text, "not") })
	dest := filepath.Join(dir, "Afterimage take-home 2026-11-02")
	u.inUI(func() {
		if want := "The copy is ready: " + dest; th.status.Text != want {
			t.Errorf("status %q, want %q", th.status.Text, want)
		}
		if th.cancel.Text != "Close" || !th.make.Disabled() {
			t.Errorf("after the copy: %q button, make disabled %v; want Close and no second copy", th.cancel.Text, th.make.Disabled())
		}
	})
	for _, name := range []string{"index.html", "pictures/001-drawing.png", "sounds/002-music.flac", "pictures/003-drawing.png"} {
		if _, err := os.Stat(filepath.Join(dest, name)); err != nil {
			t.Errorf("the copy lacks %s: %v", name, err)
		}
	}
	page, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	for _, want := range []string{"Lighthouse", "Tide", "Sea wall", "Your pieces from Afterimage", "Copied for you on"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	u.inUI(func() {
		test.Tap(th.cancel)
		if u.browse.body.Objects[0] != u.browse.split {
			t.Error("Close did not go back to the patients")
		}
		// Locking with the screen open leaves none of it on screen.
		test.Tap(u.browse.view.takeHome)
	})
	if all := texts(u); !strings.Contains(all, "Take-home copy for") {
		t.Fatal("the take-home screen did not open again")
	}
	u.s.Lock()
	waitFor(t, u, "the lock screen", false, func() bool { return u.browse == nil })
	if all := texts(u); strings.Contains(all, "Lighthouse") || strings.Contains(all, "Take-home") {
		t.Errorf("locked, the window still shows the take-home screen:\n%s", all)
	}
}
