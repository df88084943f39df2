package kioskui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

func TestWelcomeScreen(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	began, quiet := 0, 0
	w := test.NewWindow(welcomeScreen(func() { began++ }, func() { quiet++ }, nil))
	defer w.Close()
	w.Resize(fyne.NewSize(1280, 800))
	test.AssertImageMatches(t, "welcome_1280x800.png", w.Canvas().Capture())

	begin := findButton(t, w.Canvas().Content(), "Begin")
	test.Tap(begin)
	if began != 1 {
		t.Fatalf("tapping Begin called the handler %d times, want 1", began)
	}
	if s := begin.Size(); s.Height < theme.MinTouchTarget {
		t.Errorf("Begin is %v tall, want at least %v", s.Height, theme.MinTouchTarget)
	}
	q := findButton(t, w.Canvas().Content(), "Quiet space")
	test.Tap(q)
	if quiet != 1 || began != 1 {
		t.Fatalf("tapping Quiet space: quiet %d, begin %d; want 1 and 1", quiet, began)
	}
	if q.Importance == widget.HighImportance {
		t.Error("Quiet space is as loud as Begin; it is the calm, secondary choice")
	}
	if s := q.Size(); s.Height < theme.MinTouchTarget {
		t.Errorf("Quiet space is %v tall, want at least %v", s.Height, theme.MinTouchTarget)
	}
}

// findButton walks the object tree for the button labelled text.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, child := range c.Objects {
				walk(child)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no button %q on screen", text)
	}
	return found
}
