package tagging

import (
	"encoding/json"
	"io/fs"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// newApp starts a test app with the kiosk theme and the translations.
func newApp(t *testing.T) {
	t.Helper()
	t.Setenv("LANG", "en_US.UTF-8")
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	if err := AddTranslations(); err != nil {
		t.Fatal(err)
	}
}

func vocab(t *testing.T) *emotion.Vocabulary {
	t.Helper()
	v, err := emotion.Default()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// show puts obj in a window of the given size and returns the window.
func show(t *testing.T, obj fyne.CanvasObject, size fyne.Size) fyne.Window {
	t.Helper()
	w := test.NewWindow(obj)
	t.Cleanup(w.Close)
	w.SetPadded(false)
	w.Resize(size)
	return w
}

var screenSizes = []struct {
	name string
	size fyne.Size
}{
	{"1280x800", fyne.NewSize(1280, 800)},
	{"1920x1080", fyne.NewSize(1920, 1080)},
}

// tapCentre taps a tappable widget in the middle, as a finger would.
func tapCentre(obj interface {
	fyne.Tappable
	fyne.CanvasObject
}) {
	s := obj.Size()
	test.TapAt(obj, fyne.NewPos(s.Width/2, s.Height/2))
}

func TestTranslationFilesHaveEveryKey(t *testing.T) {
	files, err := fs.Glob(assets.EmotionText, "i18n/emotion.*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no translation files (%v)", err)
	}
	for _, name := range files {
		data, err := assets.EmotionText.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, k := range textKeys {
			if m[k] == "" {
				t.Errorf("%s: no text for %q", name, k)
			}
		}
	}
}

func TestGoldenScreens(t *testing.T) {
	for _, sz := range screenSizes {
		t.Run(sz.name, func(t *testing.T) {
			newApp(t)
			v := vocab(t)
			f := New(v, Options{Music: true, RecordVoiceNote: func(done func(bool)) { done(true) }})
			w := show(t, f, sz.size)
			test.AssertImageMatches(t, "feel_"+sz.name+".png", w.Canvas().Capture())

			// Tap in the pleasant, quiet region, then choose two words and
			// make the second stronger.
			g := f.grid.Size()
			test.TapAt(f.grid, fyne.NewPos(g.Width*0.75, g.Height*0.8))
			if f.Step() != StepWords {
				t.Fatalf("step %d after the grid tap, want words", f.Step())
			}
			w.Resize(sz.size) // lay out the new step
			tapCentre(f.chips[0])
			tapCentre(f.chips[3])
			test.TapAt(dotsIn(t, f, 1), fyne.NewPos(4*dotCell+dotCell/2, dotCell/2))
			test.AssertImageMatches(t, "words_"+sz.name+".png", w.Canvas().Capture())

			test.Tap(f.next)
			test.Type(f.titleEntry, "Morning light")
			test.Type(f.reflectionEntry, "It felt like the sea after a storm.")
			test.Tap(f.speakButton)
			test.AssertImageMatches(t, "story_"+sz.name+".png", w.Canvas().Capture())

			m := NewMoodScreen(CheckIn, nil)
			w.SetContent(m)
			w.Resize(sz.size)
			tapScale(m.Pleasantness, 7)
			tapScale(m.Energy, 3)
			test.AssertImageMatches(t, "checkin_"+sz.name+".png", w.Canvas().Capture())
		})
	}
}

// tapScale taps the picture for level on a mood scale.
func tapScale(s *MoodScale, level int) {
	size := s.Size()
	cell := size.Width / 9
	test.TapAt(s, fyne.NewPos(cell*float32(level-1)+cell/2, size.Height/2))
}

// dotsIn finds the intensity dots of the i-th chosen word.
func dotsIn(t *testing.T, f *Flow, i int) *Dots {
	t.Helper()
	if i >= len(f.chosenBox.Objects) {
		t.Fatalf("only %d chosen words", len(f.chosenBox.Objects))
	}
	for _, o := range test.LaidOutObjects(f.chosenBox.Objects[i]) {
		if d, ok := o.(*Dots); ok {
			return d
		}
	}
	t.Fatal("no dots in chosen word row")
	return nil
}

// contentArea is what the kiosk gives a screen at 1280×800: the window less
// its bottom bar, padding and development banner (about 655 px in
// development mode, 696 without the banner).
var contentArea = fyne.NewSize(1280, 650)

// TestStepsFitTheKioskAndFingers builds every step in its fullest state and
// checks that it fits the kiosk's content area at scale 1 and that every
// touch target on it is at least theme.MinTouchTarget in both directions.
func TestStepsFitTheKioskAndFingers(t *testing.T) {
	newApp(t)
	v := vocab(t)
	f := New(v, Options{Music: true, RecordVoiceNote: func(done func(bool)) { done(true) }})
	w := show(t, f, contentArea)
	check := func(name string, content fyne.CanvasObject) {
		t.Helper()
		if m := content.MinSize(); m.Width > contentArea.Width || m.Height > contentArea.Height {
			t.Errorf("%s needs %v, more than the kiosk's %v", name, m, contentArea)
		}
		w.Resize(contentArea)
		for _, o := range test.LaidOutObjects(content) {
			if _, ok := o.(fyne.Tappable); !ok || !o.Visible() {
				continue
			}
			s := o.Size()
			if d, ok := o.(*Dots); ok { // one target per dot
				s = fyne.NewSize(s.Width/MaxIntensity, s.Height)
				if dotSize < theme.MinTouchTarget-8 {
					t.Errorf("%s: intensity dots drawn %v across, want nearly their %v cell", name, float32(dotSize), s)
				}
				_ = d
			}
			if s.Width < theme.MinTouchTarget || s.Height < theme.MinTouchTarget {
				t.Errorf("%s: a %T is %v, smaller than the %v touch target", name, o, s, theme.MinTouchTarget)
			}
		}
	}
	check("feel", f)
	g := f.grid.Size()
	test.TapAt(f.grid, fyne.NewPos(g.Width*0.2, g.Height*0.1))
	w.Resize(contentArea)
	for i := 0; i < 3; i++ {
		tapCentre(f.chips[i])
	}
	check("words with three chosen", f)
	test.Tap(f.bodyButton)
	tapCentre(f.BodyViews()[0])
	check("body", f)
	test.Tap(f.next)
	test.Tap(f.speakButton)
	check("story with a voice note", f)
	for _, at := range []MoodMoment{CheckIn, CheckOut} {
		m := NewMoodScreen(at, nil)
		w.SetContent(m)
		check("mood", m)
	}
}
