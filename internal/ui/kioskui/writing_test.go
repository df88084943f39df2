package kioskui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/writeview"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

// toWriting chooses Write and returns the writing studio.
func (k *kioskFixture) toWriting(t *testing.T) *writeview.Studio {
	t.Helper()
	k.tap(t, "Write")
	k.waitScreen(t, kiosk.Studio)
	return find(t, k, func(*writeview.Studio) bool { return true })
}

// writeKeys taps the writing studio's on-screen keys labelled labels.
func writeKeys(t *testing.T, s *writeview.Studio, labels ...string) {
	t.Helper()
	for _, l := range labels {
		key := s.Keyboard().Key(l)
		if key == nil {
			t.Fatalf("no key %q on the keyboard", l)
		}
		test.Tap(key)
	}
}

// writtenText is a sealed written piece's text.
func writtenText(t *testing.T, m *piece.Manifest, read func(string) ([]byte, error)) string {
	t.Helper()
	b := m.Blob(writing.BlobText)
	if b == nil || b.Role != piece.RoleOriginal {
		t.Fatalf("no text in %+v", m.Blobs)
	}
	data, err := read(b.Name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := writing.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestWritingAPieceOnTheScreenKeys: the patient chooses Write, types with
// the on-screen keys only (no key events), finishes, tags it like any
// piece and finds it sealed as kind writing, with the text and the prompt.
func TestWritingAPieceOnTheScreenKeys(t *testing.T) {
	k := newKiosk(t)
	k.toChoose(t)
	s := k.toWriting(t)
	if s := k.ui.layer.MinSize(); s.Width > MaxMinSize.Width || s.Height > MaxMinSize.Height {
		t.Errorf("the writing studio needs %v, more than %v", s, MaxMinSize)
	}
	prompt := s.PromptID()
	if prompt == "" {
		t.Fatal("no prompt on the card")
	}
	writeKeys(t, s, "Shift", "D", "e", "a", "r", "space", "m", "e", "New line", "b", "e", "space", "g", "e", "n", "t", "l", "e")
	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.Tag)
	k.tap(t, "Skip") // how it feels
	k.tap(t, "Skip") // name and reflection
	k.waitScreen(t, kiosk.Another)
	pieces, _ := k.spooled(t)
	if len(pieces) != 1 {
		t.Fatalf("%d pieces saved", len(pieces))
	}
	m := pieces[0].Manifest
	if m.Kind != piece.Writing || m.PromptID != prompt || m.Unfinished {
		t.Fatalf("saved kind %s prompt %q (want %q) unfinished %v", m.Kind, m.PromptID, prompt, m.Unfinished)
	}
	if got := writtenText(t, m, pieces[0].ReadBlob); got != "Dear me\nbe gentle" {
		t.Fatalf("sealed text %q", got)
	}
}

// TestIdleResetMidWritingKeepsEveryLetter: a patient who walks away
// mid-sentence leaves an unfinished written piece with every letter; the
// next patient finds a fresh, empty page.
func TestIdleResetMidWritingKeepsEveryLetter(t *testing.T) {
	k := newKiosk(t)
	m := k.ui.Machine()
	k.toChoose(t)
	s := k.toWriting(t)
	writeKeys(t, s, "s", "t", "i", "l", "l", "space", "h", "e", "r")
	m.Tick(k.clock.Add(4 * time.Minute))
	k.waitScreen(t, kiosk.IdleWarning)
	m.Tick(k.clock.Add(10 * time.Minute))
	k.waitScreen(t, kiosk.Welcome)
	pieces, _ := k.spooled(t)
	if len(pieces) != 1 {
		t.Fatalf("%d pieces after the reset", len(pieces))
	}
	mf := pieces[0].Manifest
	if !mf.Unfinished || mf.Kind != piece.Writing {
		t.Fatalf("saved unfinished %v kind %s", mf.Unfinished, mf.Kind)
	}
	if got := writtenText(t, mf, pieces[0].ReadBlob); got != "still her" {
		t.Fatalf("saved text %q", got)
	}
	k.toChoose(t)
	next := k.toWriting(t)
	if next == s || next.Entry().Text != "" || !next.Typing() {
		t.Fatalf("the next patient finds text %q (same studio %v)", next.Entry().Text, next == s)
	}
}

// TestBackFromAnEmptyPage: Back from an empty page just closes it; from a
// written one it asks, and "Let it go" leaves nothing.
func TestBackFromAWrittenPageAsks(t *testing.T) {
	k := newKiosk(t)
	k.toChoose(t)
	k.toWriting(t)
	k.tap(t, "Back")
	k.waitScreen(t, kiosk.Choose)
	s := k.toWriting(t)
	writeKeys(t, s, "n", "o")
	k.tap(t, "Back")
	k.waitScreen(t, kiosk.LeaveStudio)
	k.tap(t, "Let it go")
	k.waitScreen(t, kiosk.Choose)
	if pieces, _ := k.spooled(t); len(pieces) != 0 {
		t.Fatalf("%d pieces after letting the page go", len(pieces))
	}
}

// TestBackFromTaggingToThePage: Back on tagging returns to the page as it
// was; it can be changed and finished again, and the piece holds the
// change.
func TestBackFromTaggingToThePage(t *testing.T) {
	k := newKiosk(t)
	k.toChoose(t)
	s := k.toWriting(t)
	writeKeys(t, s, "s", "e", "a")
	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.Tag)
	k.tap(t, "Back")
	k.waitScreen(t, kiosk.Studio)
	again := find(t, k, func(*writeview.Studio) bool { return true })
	if again != s || again.Entry().Text != "sea" || !again.Typing() {
		t.Fatalf("back on the page: same studio %v, text %q, keyboard %v", again == s, again.Entry().Text, again.Typing())
	}
	writeKeys(t, again, "s")
	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.Tag)
	k.tap(t, "Skip")
	k.tap(t, "Skip")
	k.waitScreen(t, kiosk.Another)
	pieces, _ := k.spooled(t)
	if len(pieces) != 1 {
		t.Fatalf("%d pieces", len(pieces))
	}
	if got := writtenText(t, pieces[0].Manifest, pieces[0].ReadBlob); got != "seas" {
		t.Fatalf("sealed text %q", got)
	}
}

// TestNoPaperUnderTheScreens: the window's clear colour is the paper, so
// no screen lays an opaque rectangle the size of the window under itself
// (a software rasteriser paints it again on every frame).
func TestNoPaperUnderTheScreens(t *testing.T) {
	k := newKiosk(t)
	check := func(where string) {
		t.Helper()
		win := k.win.Canvas().Size()
		walk(k.win.Content(), func(o fyne.CanvasObject) bool {
			r, ok := o.(*canvas.Rectangle)
			if !ok || r.FillColor == nil {
				return false
			}
			if _, _, _, a := r.FillColor.RGBA(); a == 0xffff && r.Size().Width >= win.Width && r.Size().Height >= win.Height*0.9 {
				t.Errorf("%s: a %v rectangle (%v) under the whole screen", where, r.Size(), r.FillColor)
			}
			return false
		})
	}
	check("welcome")
	k.toChoose(t)
	check("choose")
	k.toWriting(t)
	check("writing")
}
