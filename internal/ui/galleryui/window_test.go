package galleryui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
)

// TestLockScreen: the gallery starts locked, asking for the passphrase;
// a wrong one says so and leaves it locked.
func TestLockScreen(t *testing.T) {
	a := test.NewTempApp(t)
	c := newClinic(t)
	u := New(a, Options{}, c.sessionOptions(nil))
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	defer closeUI(u)

	u.inUI(func() {
		test.AssertImageMatches(t, "lock.png", u.win.Canvas().Capture())
		test.Type(u.lock.entry, "wrong")
		test.Tap(u.lock.unlock)
	})
	waitFor(t, u, "the wrong passphrase's message", false, func() bool {
		return u.lock != nil && u.lock.message.Text == tr("gallery.lock.wrong")
	})
	u.inUI(func() {
		if u.s.State() != gallery.Locked || u.lock.entry.Text != "" {
			t.Errorf("after a wrong passphrase: %v, entry %q", u.s.State(), u.lock.entry.Text)
		}
	})
}

// TestUnlockShowsPatientThenAutoLockClears: the right passphrase opens the
// most recent patient's pieces from the index, thumbnails decoded off the
// UI goroutine; a piece uploaded while the window is open appears in the
// same list without rebuilding the window; after the idle time the gallery
// locks by itself: no decrypted picture or text is left in the window's
// tree, and the index is closed.
func TestUnlockShowsPatientThenAutoLockClears(t *testing.T) {
	a := test.NewTempApp(t)
	c := newClinic(t)
	first := c.save("K7Q4M2X", "Lighthouse", "It felt like coming home.")
	opened := make(chan *gallery.Opened, 4)
	opts := c.sessionOptions(opened)
	opts.IdleLock = 1500 * time.Millisecond
	u := New(a, Options{}, opts)
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	defer closeUI(u)
	u.inUI(func() {
		test.Type(u.lock.entry, "right")
		test.Tap(u.lock.unlock)
	})

	var view *patientView
	waitFor(t, u, "the patient's piece with its thumbnail", true, func() bool {
		if u.browse == nil || len(u.browse.view.rows) < 2 {
			return false
		}
		view = u.browse.view
		_, ready := u.s.Thumbnail(view.rows[1].pieces[0])
		return view.code == "K7Q4M2X" && view.rows[1].pieces[0].ID == first.ID && ready
	})
	waitFor(t, u, "the card's picture", true, func() bool {
		found := false
		walk(u.win.Content(), func(o fyne.CanvasObject) {
			if img, ok := o.(*canvas.Image); ok && img.Image != nil {
				found = true
			}
		})
		return found
	})
	all := texts(u)
	for _, want := range []string{"Lighthouse", "K7Q-4M2X", "DRAWING", "hopeful", "Pieces: 1"} {
		if !strings.Contains(all, want) {
			t.Errorf("the window lacks %q:\n%s", want, all)
		}
	}

	// A piece saved meanwhile appears in place.
	var content fyne.CanvasObject
	u.inUI(func() { content = u.win.Content() })
	second := c.save("K7Q4M2X", "Harbour", "Quiet water.")
	waitFor(t, u, "the new piece", true, func() bool {
		return u.browse != nil && len(view.byPiece) == 2 && view.byPiece[second.ID] > 0
	})
	u.inUI(func() {
		if u.win.Content() != content || u.browse.view != view {
			t.Error("the window was rebuilt for a new piece")
		}
	})
	o := <-opened

	// Hands off: the idle lock.
	waitFor(t, u, "the idle lock", false, func() bool { return u.lock != nil && u.browse == nil })
	select {
	case <-u.s.Closed():
	case <-time.After(30 * time.Second):
		t.Fatal("the session's pull did not stop")
	}
	if _, err := o.Index.Count(); !errors.Is(err, index.ErrClosed) {
		t.Fatalf("the index after the idle lock: %v, want closed", err)
	}
	all = texts(u)
	for _, secret := range []string{"Lighthouse", "Harbour", "K7Q", "hopeful", "coming home", "Quiet water", "Pieces:"} {
		if strings.Contains(all, secret) {
			t.Errorf("after the idle lock the window still holds %q", secret)
		}
	}
	if !strings.Contains(all, "Locked after 1 s without use.") {
		t.Errorf("the lock screen does not say why:\n%s", all)
	}
	u.inUI(func() {
		walk(u.win.Content(), func(o fyne.CanvasObject) {
			// Theme icons (the passphrase's reveal button) are resources;
			// a piece's picture is an image from data.
			if img, ok := o.(*canvas.Image); ok && img.Image != nil && img.Resource == nil {
				t.Errorf("after the idle lock the window still holds a picture: %T", img.Image)
			}
		})
	})
	if n := u.s.Thumbnails(); n != 0 {
		t.Errorf("%d decoded thumbnails kept after the lock", n)
	}
}

// TestLockNow: the Lock now button and Ctrl+L lock at once.
func TestLockNow(t *testing.T) {
	a := test.NewTempApp(t)
	u := New(a, Options{NoPassphrase: true}, fixedIndex(t, nil, nil))
	u.win.Show()
	defer closeUI(u)
	for _, how := range []string{"button", "ctrl+l"} {
		u.inUI(func() { u.lock.submit() })
		waitFor(t, u, "unlocked", false, func() bool { return u.browse != nil })
		u.inUI(func() {
			if how == "button" {
				test.Tap(u.browse.lockNow)
			} else {
				u.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault})
			}
		})
		waitFor(t, u, "locked by "+how, false, func() bool { return u.browse == nil && u.lock != nil })
		<-u.s.Closed()
	}
}

// TestClosingTheWindowClosesTheIndex: closing the window (quitting) locks
// and has closed the index by the time Close returns.
func TestClosingTheWindowClosesTheIndex(t *testing.T) {
	a := test.NewTempApp(t)
	c := newClinic(t)
	c.save("K7Q4M2X", "Lighthouse", "")
	opened := make(chan *gallery.Opened, 1)
	u := New(a, Options{}, c.sessionOptions(opened))
	u.win.Show()
	u.inUI(func() {
		test.Type(u.lock.entry, "right")
		test.Tap(u.lock.unlock)
	})
	waitFor(t, u, "the patient view", true, func() bool { return u.browse != nil && len(u.browse.view.byPiece) == 1 })
	o := <-opened
	u.inUI(func() { u.win.Close() })
	if _, err := o.Index.Count(); !errors.Is(err, index.ErrClosed) {
		t.Fatalf("the index after the window closed: %v", err)
	}
	u.s.Sync()
}
