package recorder

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/ui/i18ncheck"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// studioArea is what the kiosk leaves the studio at 1280×800, scale 1,
// after its development banner, bottom bar and padding; maxMin is the
// bound no state's minimum size may pass (Fyne grows the window, and
// misplaces every later touch, when content asks for more).
var (
	studioArea = fyne.NewSize(1264, 620)
	maxMin     = fyne.NewSize(1280, 660)
)

// sine is a clip to review: seconds of a 440 Hz tone.
func sine(seconds float64) audio.Clip {
	s := make([]int16, int(seconds*audio.SampleRate))
	for i := range s {
		s[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(i)/audio.SampleRate))
	}
	return audio.Clip{Samples: s}
}

// states puts a recorder into each state a patient can see, without a
// microphone: the widget's own fields stand in for a running recording.
var states = []struct {
	name, state string
	enter       func(r *Recorder)
}{
	{"idle", "idle", func(*Recorder) {}},
	{"recording", "recording", func(r *Recorder) {
		for i := range 6 * audio.MeterRate { // six seconds of a swelling hum
			r.live = append(r.live, 0.1+0.4*math.Abs(math.Sin(float64(i)/9)))
		}
		r.state = stateRecording
		r.show()
	}},
	{"paused", "paused", func(r *Recorder) { r.state, r.paused = stateRecording, true; r.show() }},
	{"near-end", "recording", func(r *Recorder) {
		r.state = stateRecording
		r.message.SetText(tr("studio.rec.nearend"))
		r.show()
	}},
	{"review", "review", func(r *Recorder) { r.LoadClip(sine(4)) }},
	{"max-reached", "review", func(r *Recorder) {
		r.LoadClip(sine(4))
		r.message.SetText(tr("studio.rec.maxreached"))
		r.show()
	}},
	{"microphone-lost", "review", func(r *Recorder) {
		r.LoadClip(sine(4))
		r.message.SetText(tr("studio.rec.lost"))
		r.show()
	}},
	{"confirm-discard", "confirm-discard", func(r *Recorder) { r.LoadClip(sine(4)); test.Tap(r.drop) }},
	{"unavailable", "unavailable", func(r *Recorder) { r.unavailable(audio.ErrNoMicrophone) }},
}

// inStudio shows a recorder in a window the size of the kiosk's studio.
func inStudio(t *testing.T, o Options) (*Recorder, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	r := New(o)
	w := test.NewWindow(r)
	t.Cleanup(w.Close)
	w.Resize(studioArea)
	return r, w
}

// TestEveryStateFitsTheStudio: in every state the recorder's minimum size
// fits the kiosk's studio at 1280×800, also with the kiosk's text made half
// as large again (the window must never have a reason to grow).
func TestEveryStateFitsTheStudio(t *testing.T) {
	for _, c := range []struct {
		preset audio.Preset
		scale  float32
	}{{audio.Voice, 1}, {audio.Music, 1}, {audio.Music, 1.5}} {
		for _, s := range states {
			t.Run(fmt.Sprintf("%s-%.1f/%s", c.preset.Name, c.scale, s.name), func(t *testing.T) {
				r, _ := inStudio(t, Options{Preset: c.preset})
				fyne.CurrentApp().Settings().SetTheme(theme.NewWithOptions(theme.Options{TextScale: c.scale}))
				s.enter(r)
				if r.State() != s.state {
					t.Fatalf("state %s, want %s", r.State(), s.state)
				}
				if m := r.MinSize(); m.Width > maxMin.Width || m.Height > maxMin.Height {
					t.Fatalf("minimum size %v is larger than %v", m, maxMin)
				}
				t.Logf("minimum size %v", r.MinSize())
			})
		}
	}
}

// TestMinSizeDoesNotDependOnLayout: a recorder measured before it was ever
// laid out asks for no more than one laid out in the studio (a wrapped
// label measured at width zero is one word a line).
func TestMinSizeDoesNotDependOnLayout(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	for _, s := range states {
		r := New(Options{Preset: audio.Voice})
		s.enter(r)
		cold := r.MinSize()
		w := test.NewWindow(r)
		w.Resize(studioArea)
		if warm := r.MinSize(); cold.Height > warm.Height+1 || cold.Height > maxMin.Height {
			t.Errorf("%s: minimum size %v before layout, %v after", s.name, cold, warm)
		}
		w.Close()
	}
}

// onScreen reports whether o is part of what the recorder shows now.
func onScreen(r *Recorder, o fyne.CanvasObject) bool {
	var walk func(fyne.CanvasObject) bool
	walk = func(n fyne.CanvasObject) bool {
		if n == o {
			return n.Visible()
		}
		if c, ok := n.(*fyne.Container); ok && n.Visible() {
			for _, k := range c.Objects {
				if walk(k) {
					return true
				}
			}
		}
		return false
	}
	return walk(r.content)
}

// tappables are the controls a state shows, by name.
func tappables(r *Recorder, name string) map[string]fyne.CanvasObject {
	switch name {
	case "idle":
		return map[string]fyne.CanvasObject{"record": r.record}
	case "recording", "paused", "near-end":
		return map[string]fyne.CanvasObject{"stop": r.record, "pause": r.pause}
	case "review", "max-reached", "microphone-lost":
		return map[string]fyne.CanvasObject{"listen": r.play, "trim": r.trim, "keep": r.keep, "discard": r.drop, "waveform": r.handles}
	case "confirm-discard":
		return map[string]fyne.CanvasObject{"no": r.no, "yes": r.yes}
	case "unavailable":
		return map[string]fyne.CanvasObject{"try again": r.retry}
	}
	return nil
}

// TestTouchTargets: every control of every state is on screen, inside the
// studio, at least MinTouchTarget on each edge; the record button at
// least 96.
func TestTouchTargets(t *testing.T) {
	for _, s := range states {
		t.Run(s.name, func(t *testing.T) {
			r, w := inStudio(t, Options{Preset: audio.Voice})
			s.enter(r)
			d := fyne.CurrentApp().Driver()
			c := w.Canvas().Size()
			for name, o := range tappables(r, s.name) {
				at, size := d.AbsolutePositionForObject(o), o.Size()
				if !onScreen(r, o) {
					t.Errorf("%s is not shown", name)
					continue
				}
				if size.Width < theme.MinTouchTarget || size.Height < theme.MinTouchTarget {
					t.Errorf("%s is %v, smaller than a finger", name, size)
				}
				if at.X < 0 || at.Y < 0 || at.X+size.Width > c.Width || at.Y+size.Height > c.Height {
					t.Errorf("%s at %v size %v is outside the %v studio", name, at, size, c)
				}
			}
			if s.name == "idle" || s.name == "recording" {
				if sz := r.record.Size(); sz.Width < 96 || sz.Height < 96 {
					t.Errorf("record button %v, want at least 96", sz)
				}
			}
		})
	}
}

// TestHintMatchesState: the instruction names only what is on the screen;
// "the red circle" only while tapping the circle records, nothing about
// it once the recording has stopped.
func TestHintMatchesState(t *testing.T) {
	want := map[string]struct {
		hint  string
		glyph glyph
	}{
		"idle":      {tr("studio.rec.hint.idle"), glyphRecord},
		"recording": {tr("studio.rec.hint.recording"), glyphStop},
		"paused":    {tr("studio.rec.hint.paused"), glyphStop},
		"review":    {tr("studio.rec.hint.review"), glyphRecord},
	}
	for _, s := range states {
		r, _ := inStudio(t, Options{Preset: audio.Music})
		s.enter(r)
		hint := r.Hint()
		if w, ok := want[s.name]; ok {
			if hint != w.hint {
				t.Errorf("%s: hint %q, want %q", s.name, hint, w.hint)
			}
			if onScreen(r, r.record) && r.record.glyph != w.glyph {
				t.Errorf("%s: record button shows glyph %d, want %d", s.name, r.record.glyph, w.glyph)
			}
		}
		circle := strings.Contains(hint, "circle")
		if circle && (s.name != "idle" || !onScreen(r, r.record) || r.record.glyph != glyphRecord) {
			t.Errorf("%s: hint %q speaks of a circle that does not record", s.name, hint)
		}
	}
	// Stopping (here: a clip arriving for review) replaces the idle hint.
	r, _ := inStudio(t, Options{Preset: audio.Voice})
	r.LoadClip(sine(2))
	if r.Hint() != tr("studio.rec.hint.review") || onScreen(r, r.record) {
		t.Fatalf("after stopping: hint %q, record button shown %v", r.Hint(), onScreen(r, r.record))
	}
}

// TestUnavailableIsCentred: without a microphone the calm message and what
// to do next sit in the middle of the studio, with a way to try again.
func TestUnavailableIsCentred(t *testing.T) {
	var got error
	r, w := inStudio(t, Options{Preset: audio.Voice, OnUnavailable: func(err error) { got = err }})
	r.unavailable(errors.Join(errors.New("opening the device"), audio.ErrNoMicrophone))
	if !errors.Is(got, audio.ErrNoMicrophone) || r.State() != "unavailable" || r.Message() != MsgUnavailable {
		t.Fatalf("state %s, message %q, OnUnavailable %v", r.State(), r.Message(), got)
	}
	d := fyne.CurrentApp().Driver()
	c := w.Canvas().Size()
	top := d.AbsolutePositionForObject(r.sorry)
	bottom := d.AbsolutePositionForObject(r.retry).Y + r.retry.Size().Height
	middle := (top.Y + bottom) / 2
	if math.Abs(float64(middle-c.Height/2)) > float64(c.Height)/8 {
		t.Fatalf("message block spans %v..%v of %v: not in the middle", top.Y, bottom, c.Height)
	}
	if !r.sorryNext.Visible() || r.sorryNext.Text != MsgUnavailableNext {
		t.Fatalf("what to do next: %q", r.sorryNext.Text)
	}
	if onScreen(r, r.record) {
		t.Fatal("the record button is still offered")
	}
}

// TestTranslationFileMatches: assets/i18n/studio.en.json, which clinics
// copy to translate, holds exactly the recorder's texts.
func TestTranslationFileMatches(t *testing.T) {
	i18ncheck.English(t, "studio.en.json", english, "studio.rec.", "the recorder")
	for _, p := range []audio.Preset{audio.Voice, audio.Music} {
		if k := "studio.rec.prompt." + p.Name; english[k] != p.Prompt {
			t.Errorf("%s = %q, the %s preset says %q", k, english[k], p.Name, p.Prompt)
		}
	}
}

// TestLooks compares each state with its golden image at the studio's size.
func TestLooks(t *testing.T) {
	for _, s := range states {
		switch s.name {
		case "near-end", "microphone-lost":
			continue // the same screens as recording and max-reached, other words
		}
		t.Run(s.name, func(t *testing.T) {
			r, w := inStudio(t, Options{Preset: audio.Voice})
			s.enter(r)
			test.AssertImageMatches(t, "state-"+s.name+".png", w.Canvas().Capture())
		})
	}
}

// TestLooksHighContrast: the round buttons take their colours from the
// theme, so the high-contrast palette darkens them too.
func TestLooksHighContrast(t *testing.T) {
	r, w := inStudio(t, Options{Preset: audio.Voice})
	r.state = stateRecording
	r.show()
	// Staff switch it on while the studio is open.
	fyne.CurrentApp().Settings().SetTheme(theme.NewWithOptions(theme.Options{HighContrast: true}))
	test.AssertImageMatches(t, "state-recording-high-contrast.png", w.Canvas().Capture())
}
