package kioskui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
)

// toStory makes a drawing, finishes it and opens the tagging's story step.
func (k *kioskFixture) toStory(t *testing.T) *tagging.Flow {
	t.Helper()
	k.tap(t, "Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	k.paintSomething(t)
	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.Tag)
	k.tap(t, "Skip") // how it feels: to the story step
	return find(t, k, func(*tagging.Flow) bool { return true })
}

// keyTap taps the on-screen keys labelled labels, in order.
func keyTap(t *testing.T, f *tagging.Flow, labels ...string) {
	t.Helper()
	for _, label := range labels {
		key := f.Keyboard().Key(label)
		if key == nil {
			t.Fatalf("no key %q on the keyboard", label)
		}
		test.Tap(key)
	}
}

// TestTypingATitleOnTheScreenKeyboard: with no key events at all, a
// patient taps the title field, types on the on-screen keyboard, taps Done
// and saves: the piece has the title. The next patient finds no keyboard
// and nothing of it.
func TestTypingATitleOnTheScreenKeyboard(t *testing.T) {
	k := newKiosk(t)
	k.toChoose(t)
	flow := k.toStory(t)
	if flow.Typing() {
		t.Fatal("the keyboard is up before a field was tapped")
	}
	test.Tap(flow.TitleEntry())
	if !flow.Typing() {
		t.Fatal("tapping the title field brought no keyboard")
	}
	if s := k.ui.layer.MinSize(); s.Width > MaxMinSize.Width || s.Height > MaxMinSize.Height {
		t.Errorf("the story step with the keyboard up needs %v, more than %v", s, MaxMinSize)
	}
	keyTap(t, flow, "Shift", "S", "e", "a", "space", "g", "l", "a", "s", "s")
	keyTap(t, flow, "Done")
	if flow.Typing() {
		t.Fatal("Done left the keyboard up")
	}
	test.Tap(flow.ReflectionEntry())
	keyTap(t, flow, "c", "a", "l", "m", "New line", "o", "k")
	keyTap(t, flow, "Done")
	k.tap(t, "Done")
	k.waitScreen(t, kiosk.Another)
	pieces, _ := k.spooled(t)
	if len(pieces) != 1 {
		t.Fatalf("%d pieces saved", len(pieces))
	}
	if m := pieces[0].Manifest; m.Title != "Sea glass" || m.Reflection != "calm\nok" {
		t.Fatalf("saved title %q, reflection %q", m.Title, m.Reflection)
	}
}

func TestTheKeyboardLeavesWithThePatient(t *testing.T) {
	k := newKiosk(t)
	m := k.ui.Machine()
	k.toChoose(t)
	flow := k.toStory(t)
	test.Tap(flow.TitleEntry())
	keyTap(t, flow, "s", "e", "c", "r", "e", "t")
	m.Tick(k.clock.Add(4 * time.Minute))
	k.waitScreen(t, kiosk.IdleWarning)
	m.Tick(k.clock.Add(10 * time.Minute))
	k.waitScreen(t, kiosk.Welcome)

	k.toChoose(t)
	next := k.toStory(t)
	if next == flow || next.Typing() || next.TitleEntry().Text != "" {
		t.Fatalf("the next patient finds the keyboard up (%v) or the title %q", next.Typing(), next.TitleEntry().Text)
	}
	test.Tap(next.TitleEntry())
	if kb := next.Keyboard(); kb.Shifted() {
		t.Error("the next patient's keyboard starts shifted")
	}
}
