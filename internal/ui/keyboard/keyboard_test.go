package keyboard

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/i18ncheck"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

type fixture struct {
	kb    *Keyboard
	entry *widget.Entry
	win   fyne.Window
	done  int
}

func newFixture(t *testing.T, multi bool, size fyne.Size) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	f := &fixture{entry: widget.NewEntry()}
	if multi {
		f.entry = widget.NewMultiLineEntry()
	}
	f.kb = New(Options{OnDone: func() { f.done++ }})
	f.kb.SetTarget(f.entry)
	f.win = test.NewWindow(container.NewBorder(f.entry, f.kb, nil, nil))
	f.win.Resize(size)
	t.Cleanup(f.win.Close)
	return f
}

// keyNamed finds the key labelled label now shown.
func (f *fixture) keyNamed(t *testing.T, label string) *key {
	t.Helper()
	k, _ := f.kb.Key(label).(*key)
	if k == nil {
		t.Fatalf("no key %q on the keyboard", label)
	}
	return k
}

func (f *fixture) tap(t *testing.T, labels ...string) {
	t.Helper()
	for _, l := range labels {
		test.Tap(f.keyNamed(t, l))
	}
}

func TestTypingWithTheKeysOnly(t *testing.T) {
	f := newFixture(t, false, fyne.NewSize(1280, 800))
	f.tap(t, "Shift", "H", "o", "m", "e", "space", "a", "t", "space", "l", "a", "s", "t", "t", "⌫", ",", "space")
	f.tap(t, "123", "3", "?", "abc", "o", "k")
	if got := f.entry.Text; got != "Home at last, 3?ok" {
		t.Fatalf("typed %q", got)
	}
	if f.kb.Shifted() {
		t.Error("shift stays on after the capital")
	}
	f.tap(t, "Done")
	if f.done != 1 {
		t.Error("Done did not say so")
	}
}

// The hold itself (a press kept for holdDelay) is fired by a timer's
// goroutine through fyne.Do; the test driver would run it on that
// goroutine, so these tests fire it as the UI goroutine would.

func TestLongPressOffersAccents(t *testing.T) {
	f := newFixture(t, false, fyne.NewSize(1280, 800))
	e := f.keyNamed(t, "e")
	e.hold()
	if f.kb.accents == nil {
		t.Fatal("holding e offers no accents")
	}
	test.Tap(e) // the release of the long press types nothing
	f.tap(t, "é")
	f.tap(t, "t", "Shift")
	n := f.keyNamed(t, "N")
	n.hold()
	test.Tap(n)
	f.tap(t, "Ñ")
	if got := f.entry.Text; got != "étÑ" {
		t.Fatalf("typed %q", got)
	}
	if f.kb.accents != nil || f.kb.Shifted() {
		t.Error("the accents row or shift stays after an accent was typed")
	}
}

func TestHeldBackspaceRepeats(t *testing.T) {
	f := newFixture(t, false, fyne.NewSize(1280, 800))
	f.entry.SetText("a long title")
	f.entry.CursorColumn = len(f.entry.Text)
	back := f.keyNamed(t, "⌫")
	back.hold() // the first repeat
	back.onTap()
	back.onTap()   // two more, as the ticker sends them
	test.Tap(back) // the release after a repeat deletes nothing more
	if got := f.entry.Text; got != "a long ti" {
		t.Fatalf("held backspace left %q, want three letters gone", got)
	}
}

func TestReturnOnlyForLongText(t *testing.T) {
	f := newFixture(t, true, fyne.NewSize(1280, 800))
	f.tap(t, "h", "New line", "i")
	if f.entry.Text != "h\ni" {
		t.Fatalf("typed %q", f.entry.Text)
	}
	one := newFixture(t, false, fyne.NewSize(1280, 800))
	for _, r := range one.kb.box.Objects {
		for _, o := range r.(*fyne.Container).Objects[0].(*fyne.Container).Objects {
			if o.(*key).label == "New line" {
				t.Error("a one-line title offers New line")
			}
		}
	}
}

func TestResetLeavesNothing(t *testing.T) {
	f := newFixture(t, false, fyne.NewSize(1280, 800))
	f.tap(t, "123")
	f.tap(t, "abc", "Shift")
	f.kb.Reset()
	if f.kb.Target() != nil || f.kb.Shifted() || f.kb.symbols || f.kb.accents != nil {
		t.Fatal("Reset kept the last patient's keyboard state")
	}
	f.keyNamed(t, "q") // letters, lower case
	test.Tap(f.keyNamed(t, "w"))
	if f.entry.Text != "" {
		t.Error("a reset keyboard still types into the last patient's field")
	}
}

func TestKeysFitAFinger(t *testing.T) {
	for _, symbols := range []bool{false, true} {
		f := newFixture(t, true, fyne.NewSize(1280, 800))
		if symbols {
			f.tap(t, "123")
		}
		for _, r := range f.kb.box.Objects {
			for _, o := range r.(*fyne.Container).Objects[0].(*fyne.Container).Objects {
				if s := o.MinSize(); s.Width < 64 || s.Height < 64 {
					t.Errorf("key %q is %v, under 64×64", o.(*key).label, s)
				}
			}
		}
		if s := f.kb.MinSize(); s.Width > 1280 || s.Height > 420 {
			t.Errorf("the keyboard needs %v at 1280×800", s)
		}
	}
}

func TestLooks(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}} {
		f := newFixture(t, true, size)
		f.tap(t, "Shift")
		test.AssertImageMatches(t, fmt.Sprintf("keyboard-%.0fx%.0f.png", size.Width, size.Height), f.win.Canvas().Capture())
	}
}

// TestTranslationFileMatches: assets/i18n/kiosk.en.json holds exactly the
// keyboard's texts and layout.
func TestTranslationFileMatches(t *testing.T) {
	i18ncheck.English(t, "kiosk.en.json", english, "keyboard.", "the keyboard")
}
