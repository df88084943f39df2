package writeview

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/ui/i18ncheck"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

func newStudio(t *testing.T, size fyne.Size, opt Options) (*Studio, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	if opt.Page == nil {
		opt.Page = &writing.Page{}
	}
	if opt.Prompts == nil {
		ps, err := LoadPrompts(assets.Prompts)
		if err != nil {
			t.Fatal(err)
		}
		opt.Prompts = ps
	}
	s := NewStudio(opt)
	w := test.NewWindow(s)
	w.Resize(size)
	t.Cleanup(w.Close)
	return s, w
}

// keys taps the on-screen keys labelled labels, in order.
func keys(t *testing.T, s *Studio, labels ...string) {
	t.Helper()
	for _, l := range labels {
		k := s.Keyboard().Key(l)
		if k == nil {
			t.Fatalf("no key %q on the keyboard", l)
		}
		test.Tap(k)
	}
}

// TestTypingOnTheScreenKeysOnly: with no key events at all, the patient
// types on the on-screen keys; every letter is on the page at once, and
// "I'm finished" hands it over with the prompt shown.
func TestTypingOnTheScreenKeysOnly(t *testing.T) {
	page := &writing.Page{}
	var done int
	s, _ := newStudio(t, fyne.NewSize(1280, 800), Options{Page: page, First: 1, OnDone: func() { done++ }})
	if !s.Typing() {
		t.Fatal("the keyboard is not up on a fresh page")
	}
	if !s.Done().Disabled() {
		t.Fatal("I'm finished works on an empty page")
	}
	keys(t, s, "Shift", "T", "h", "e", "space", "s", "e", "a", "New line", "o", "k")
	if got := page.Result().Text; got != "The sea\nok" {
		t.Fatalf("the page holds %q", got)
	}
	if s.Done().Disabled() {
		t.Fatal("I'm finished is off with words on the page")
	}
	keys(t, s, "⌫", "⌫", "⌫", "Done")
	if s.Typing() {
		t.Fatal("Done left the keyboard up")
	}
	test.Tap(s.Entry())
	if !s.Typing() {
		t.Fatal("tapping the page brought no keyboard")
	}
	test.Tap(s.Done())
	r := page.Result()
	if done != 1 || r.Text != "The sea" || r.PromptID != "write-carry" {
		t.Fatalf("finished %d times with %+v", done, r)
	}
	if !s.Done().Disabled() {
		t.Error("I'm finished can be tapped twice")
	}
}

// TestPromptsAreOptional: the card changes prompt, hides (no prompt is
// recorded) and comes back.
func TestPromptsAreOptional(t *testing.T) {
	page := &writing.Page{}
	s, w := newStudio(t, fyne.NewSize(1280, 800), Options{Page: page})
	if s.PromptID() != "write-came-up" || page.Result().PromptID != "write-came-up" {
		t.Fatalf("first prompt %q", s.PromptID())
	}
	tapLabel(t, w, "Another prompt")
	if s.PromptID() != "write-carry" {
		t.Fatalf("after Another prompt: %q", s.PromptID())
	}
	tapLabel(t, w, "Hide")
	if s.PromptID() != "" || page.Result().PromptID != "" {
		t.Fatalf("a hidden card still records %q", page.Result().PromptID)
	}
	tapLabel(t, w, "Show a prompt")
	if s.PromptID() == "" {
		t.Fatal("Show a prompt showed none")
	}
	// With no prompts at all there is no card and nothing recorded.
	s2, _ := newStudio(t, fyne.NewSize(1280, 800), Options{Prompts: []Prompt{}})
	if s2.PromptID() != "" {
		t.Fatalf("no prompts, but %q", s2.PromptID())
	}
}

// TestTheFullPageKeepsWhatFits: past writing.MaxBytes the page keeps what
// fits and says so calmly.
func TestTheFullPageKeepsWhatFits(t *testing.T) {
	page := &writing.Page{}
	s, _ := newStudio(t, fyne.NewSize(1280, 800), Options{Page: page})
	line := "calm and slow words to fill the page\n"
	text := strings.Repeat(line, writing.MaxBytes/len(line))
	s.Entry().SetText(text + strings.Repeat("x", writing.MaxBytes-3-len(text)))
	keys(t, s, "a", "b", "c", "d", "e", "f")
	if n := len(page.Result().Text); n != writing.MaxBytes {
		t.Fatalf("the page holds %d bytes", n)
	}
	if len(s.Entry().Text) > writing.MaxBytes || !s.full.Visible() {
		t.Fatalf("the field holds %d bytes, the note shows: %v", len(s.Entry().Text), s.full.Visible())
	}
	keys(t, s, "⌫")
	if s.full.Visible() {
		t.Error("the page-full note stays with room on the page again")
	}
}

// TestStudioFitsTheKiosk: with the keyboard up, accents open or the card
// showing, the studio fits the room the kiosk gives it at 1280×800 and
// 1920×1080 (the screen less its bottom bar and the development banner).
func TestStudioFitsTheKiosk(t *testing.T) {
	const roomH = 800 - 100 - 40
	s, _ := newStudio(t, fyne.NewSize(1280, 800), Options{KeepClear: 96})
	if m := s.MinSize(); m.Width > 1280 || m.Height > roomH {
		t.Fatalf("the studio needs %v, more than 1280×%d", m, roomH)
	}
}

// TestTranslationFileMatches: assets/i18n/studio.en.json holds exactly the
// writing studio's texts and every prompt's English copy under
// "writing.prompt.<id>".
func TestTranslationFileMatches(t *testing.T) {
	file := i18ncheck.English(t, "studio.en.json", english, "write.", "the writing studio")
	ps, err := LoadPrompts(assets.Prompts)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, p := range ps {
		ids[p.ID] = true
		if got := file["writing.prompt."+p.ID]; got != p.Text {
			t.Errorf("studio.en.json writing.prompt.%s = %q, writing.json says %q", p.ID, got, p.Text)
		}
	}
	for k := range file {
		if id, ok := strings.CutPrefix(k, "writing.prompt."); ok && !ids[id] {
			t.Errorf("studio.en.json has %s, which is not a writing prompt", k)
		}
	}
}

func TestLoadPrompts(t *testing.T) {
	ps, err := LoadPrompts(assets.Prompts)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) < 3 || ps[0].ID != "write-came-up" {
		t.Fatalf("prompts %+v", ps)
	}
}

// TestLooks: golden images of the writing studio with a few words and the
// keyboard up, at the kiosk's two screen sizes.
func TestLooks(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}} {
		s, w := newStudio(t, size, Options{KeepClear: 96})
		keys(t, s, "Shift", "I", "space", "n", "o", "t", "i", "c", "e", "d", "space", "t", "h", "e", "space", "q", "u", "i", "e", "t", ".")
		test.AssertImageMatches(t, fmt.Sprintf("studio-%.0fx%.0f.png", size.Width, size.Height), w.Canvas().Capture())
	}
}

// eachShown visits o and everything shown inside it, descending into
// containers and widgets' renderers.
func eachShown(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	visit(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, ch := range c.Objects {
			eachShown(ch, visit)
		}
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(c).Objects() {
			eachShown(ch, visit)
		}
	}
}

// tapLabel taps the shown button labelled label.
func tapLabel(t *testing.T, w fyne.Window, label string) {
	t.Helper()
	var found *widget.Button
	eachShown(w.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == label && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q showing", label)
	}
	test.Tap(found)
}

// TestThePageIsPaintedOnce: the page's field draws no box of its own over
// the paper card (on a software rasteriser it would be a shaded pass over
// the whole page on every frame): every filled rectangle the field draws
// that is as large as the page is clear. Its border stays (it shows the
// focus), and so does its cursor.
func TestThePageIsPaintedOnce(t *testing.T) {
	s, _ := newStudio(t, fyne.NewSize(1280, 800), Options{})
	field := s.Entry().Size()
	if field.Width < 600 || field.Height < 150 {
		t.Fatalf("the page's field is %v: not laid out", field)
	}
	eachShown(s.Entry(), func(o fyne.CanvasObject) {
		r, ok := o.(*canvas.Rectangle)
		if !ok || r.FillColor == nil {
			return // a border has no fill
		}
		sz := r.Size()
		if sz.Width < field.Width/2 || sz.Height < field.Height/2 {
			return // the cursor, a selection
		}
		if _, _, _, fill := r.FillColor.RGBA(); fill > 0 {
			t.Errorf("the field paints a %v box (fill %v) over the page", sz, r.FillColor)
		}
	})
}
