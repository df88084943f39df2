package quietview

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/quiet"
	"github.com/afterimage-clinic/afterimage/internal/ui/i18ncheck"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// clock is a test's clock, moved by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// noSpeaker opens no sound: the bench's kiosk without a speaker.
func noSpeaker(*quiet.Bed) (func(), error) {
	return nil, fmt.Errorf("test: %w", audio.ErrNoSpeaker)
}

// running puts a space of choice on a test window of size and starts it.
func running(t *testing.T, choice quiet.Options, size fyne.Size, opt Options) (*Space, *clock, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	c := newClock()
	opt.Clock = c.Now
	if opt.Sound == nil {
		opt.Sound = noSpeaker
	}
	s := NewSpace(choice, opt)
	w := test.NewWindow(s)
	w.SetPadded(false)
	w.Resize(size)
	t.Cleanup(w.Close)
	s.Start()
	<-s.soundSettled // the sound's answer is on screen before the test looks
	return s, c, w
}

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

// TestChooser: the lengths are offered as large buttons; the breathing
// guide and the sound start on and can be turned off; the choice is
// handed on.
func TestChooser(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	var got []quiet.Options
	w := test.NewWindow(Chooser(func(o quiet.Options) { got = append(got, o) }))
	defer w.Close()
	w.Resize(fyne.NewSize(1280, 800))
	root := w.Canvas().Content()
	test.Tap(findButton(t, root, "1 minute"))
	test.Tap(findButton(t, root, "Breathing guide: on"))
	test.Tap(findButton(t, root, "Soft sound: on"))
	test.Tap(findButton(t, root, "Soft sound: off")) // on again
	three := findButton(t, root, "3 minutes")
	test.Tap(three)
	want := []quiet.Options{{Length: time.Minute, Breathe: true, Sound: true}, {Length: 3 * time.Minute, Breathe: false, Sound: true}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("chosen %+v, want %+v", got, want)
	}
	for _, label := range []string{"1 minute", "3 minutes", "5 minutes", "Breathing guide: off", "Soft sound: on"} {
		if b := findButton(t, root, label); b.Size().Height < theme.MinTouchTarget {
			t.Errorf("%q is %v tall, want at least %v", label, b.Size().Height, theme.MinTouchTarget)
		}
	}
	test.AssertImageMatches(t, "chooser-1280x800.png", w.Canvas().Capture())
}

// TestSpaceRunsItsTime: the space ends once, when its minute is up, and
// not before; the scene moves meanwhile.
func TestSpaceRunsItsTime(t *testing.T) {
	ended := 0
	s, c, _ := running(t, quiet.Options{Length: time.Minute, Breathe: true}, fyne.NewSize(1280, 800),
		Options{OnEnd: func() { ended++ }})
	first := s.motes[0].Position()
	for range 59 {
		c.add(time.Second)
		s.Tick()
	}
	if ended != 0 {
		t.Fatal("the space ended before its minute")
	}
	if s.motes[0].Position() == first {
		t.Error("the motes did not move in a minute")
	}
	c.add(time.Second)
	s.Tick()
	c.add(time.Second)
	s.Tick()
	if ended != 1 {
		t.Fatalf("the space ended %d times at its minute, want once", ended)
	}
}

// TestTapLeavesGently: a tap anywhere fades the scene to the paper and
// ends the space when the fade is done.
func TestTapLeavesGently(t *testing.T) {
	ended, taps := 0, 0
	s, c, _ := running(t, quiet.Options{Length: 5 * time.Minute}, fyne.NewSize(1280, 800),
		Options{OnEnd: func() { ended++ }, OnTap: func() { taps++ }})
	c.add(20 * time.Second)
	s.Tick()
	if !s.fade.Hidden {
		t.Fatal("the scene is faded while it runs")
	}
	test.Tap(s)
	c.add(quiet.FadeOut / 2)
	s.Tick()
	if ended != 0 || s.fade.Hidden || s.fade.FillColor.(interface{ RGBA() (r, g, b, a uint32) }) == nil {
		t.Fatalf("halfway through the fade: ended %d, fade hidden %v", ended, s.fade.Hidden)
	}
	if _, _, _, a := s.fade.FillColor.RGBA(); a < 0x6000 || a > 0xa000 {
		t.Errorf("halfway through the fade the paper's opacity is %#x, want about half", a)
	}
	c.add(quiet.FadeOut / 2)
	s.Tick()
	if ended != 1 || taps != 1 {
		t.Fatalf("after the fade: ended %d (want 1), taps %d (want 1)", ended, taps)
	}
}

// TestNoSpeakerSaysSoCalmly: with no speaker the scene still runs and a
// calm line says the sound is off; with the sound not chosen, nothing is
// said about it.
func TestNoSpeakerSaysSoCalmly(t *testing.T) {
	s, c, _ := running(t, quiet.Options{Length: time.Minute, Sound: true}, fyne.NewSize(1280, 800), Options{})
	if !s.silent.Visible() || s.silent.Text != english["studio.quiet.silent"] {
		t.Errorf("with no speaker the space says %q (shown %v)", s.silent.Text, s.silent.Visible())
	}
	c.add(10 * time.Second)
	s.Tick()
	if s.ended {
		t.Error("the space ended without its sound")
	}
	quietOne, _, _ := running(t, quiet.Options{Length: time.Minute}, fyne.NewSize(1280, 800), Options{})
	if quietOne.silent.Visible() {
		t.Error("the sound was not chosen, yet the space says it is off")
	}
}

// TestSoundStopsWithTheSpace: the sound bed opened for the space is faded
// out when the space ends, and when the kiosk stops it early.
func TestSoundStopsWithTheSpace(t *testing.T) {
	var mu sync.Mutex
	stopped := make(chan struct{}, 2)
	open := func(*quiet.Bed) (func(), error) {
		return func() { mu.Lock(); stopped <- struct{}{}; mu.Unlock() }, nil
	}
	s, c, _ := running(t, quiet.Options{Length: time.Minute, Sound: true}, fyne.NewSize(1280, 800), Options{Sound: open})
	c.add(time.Minute)
	s.Tick()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("the sound was not stopped when the space ended")
	}
	early, _, _ := running(t, quiet.Options{Length: time.Minute, Sound: true}, fyne.NewSize(1280, 800), Options{Sound: open})
	early.Stop()
	early.Stop()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("the sound was not stopped with the space")
	}
}

// TestLooks: golden images of the space 25 s in (breathing out, the light
// just past dawn), with no speaker, at the kiosk's two screen sizes.
func TestLooks(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}} {
		s, c, w := running(t, quiet.Options{Length: 3 * time.Minute, Breathe: true, Sound: true}, size, Options{})
		c.add(25 * time.Second)
		s.Tick()
		test.AssertImageMatches(t, fmt.Sprintf("space-%.0fx%.0f.png", size.Width, size.Height), w.Canvas().Capture())
	}
}

// TestTranslationFileMatches: assets/i18n/studio.en.json holds exactly the
// quiet space's texts.
func TestTranslationFileMatches(t *testing.T) {
	i18ncheck.English(t, "studio.en.json", english, "studio.quiet.", "the quiet space")
}
