package paintview

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

func newTestStudio(t *testing.T, o Options) (*Studio, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	if o.Painter == nil {
		o.Painter = paint.New(paint.Options{Seed: 1})
	}
	if o.Clock == nil {
		o.Clock = fakeClock()
	}
	s := NewStudio(o)
	w := test.NewTempWindow(t, s)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1280, 800))
	return s, w
}

func findButton(t *testing.T, c fyne.Canvas, label string) *widget.Button {
	t.Helper()
	var objs []fyne.CanvasObject
	objs = append(objs, test.LaidOutObjects(c.Content())...)
	for _, o := range c.Overlays().List() {
		objs = append(objs, test.LaidOutObjects(o)...)
	}
	for _, o := range objs {
		if b, ok := o.(*widget.Button); ok && b.Text == label && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q", label)
	return nil
}

func TestStudioGolden(t *testing.T) {
	prompts, err := LoadPrompts(assets.Prompts)
	if err != nil {
		t.Fatal(err)
	}
	s, w := newTestStudio(t, Options{Prompt: &prompts[0]})
	s.SetTool(Tool(paint.Marker))
	s.SetColor(paint.Palette[12])
	s.SetSize(paint.SizeExtraLarge)
	c := s.Canvas()
	for i := 0; i < 30; i++ {
		c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(80+float32(i)*25, 200+float32(i%7)*12)}, Dragged: fyne.NewDelta(25, 12)})
	}
	c.DragEnd()
	test.AssertImageMatches(t, "studio.png", w.Canvas().Capture())
}

func TestStudioTouchTargets(t *testing.T) {
	_, w := newTestStudio(t, Options{Prompt: &Prompt{ID: "x", Text: "Paint"}})
	n := 0
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		switch o.(type) {
		case *widget.Button, *swatch, *widget.Slider:
			n++
			if sz := o.Size(); sz.Height < theme.MinTouchTarget || (sz.Width < theme.MinTouchTarget) {
				t.Errorf("%T at %v is %v, smaller than the %v touch target", o, o.Position(), sz, theme.MinTouchTarget)
			}
		}
	}
	if n < 7+24+1+4+5 {
		t.Errorf("only %d controls laid out", n)
	}
}

func TestStudioClearAsksFirst(t *testing.T) {
	s, w := newTestStudio(t, Options{})
	test.Drag(w.Canvas(), fyne.NewPos(600, 400), 100, 30)
	painted := bytes.Clone(s.Painter().Canvas().Snapshot().Pix)
	blank := paint.New(paint.Options{}).Canvas().Snapshot().Pix

	test.Tap(findButton(t, w.Canvas(), "Clear"))
	test.Tap(findButton(t, w.Canvas(), "No, keep it"))
	if !bytes.Equal(s.Painter().Canvas().Snapshot().Pix, painted) {
		t.Fatal("the picture changed although the patient said no")
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("the question is still shown")
	}

	test.Tap(findButton(t, w.Canvas(), "Clear"))
	test.Tap(findButton(t, w.Canvas(), "Yes, clear it"))
	if !bytes.Equal(s.Painter().Canvas().Snapshot().Pix, blank) {
		t.Fatal("the picture was not cleared")
	}
	undo := findButton(t, w.Canvas(), "Undo")
	if undo.Disabled() {
		t.Fatal("undo is disabled after a clear")
	}
	test.Tap(undo)
	if !bytes.Equal(s.Painter().Canvas().Snapshot().Pix, painted) {
		t.Fatal("undo did not bring the picture back")
	}
	if findButton(t, w.Canvas(), "Redo").Disabled() {
		t.Error("redo is disabled after an undo")
	}
}

func TestStudioToolsAndDone(t *testing.T) {
	var got *drawing.Result
	s, w := newTestStudio(t, Options{Prompt: &Prompt{ID: "session-image", Text: "Paint"}, OnDone: func(r drawing.Result) { got = &r }})
	test.Tap(findButton(t, w.Canvas(), "Pencil"))
	test.Tap(findButton(t, w.Canvas(), "L"))
	test.Tap(s.swatches[5])
	if b := s.Painter().Brush(); b.Kind != paint.Pencil || b.Size != paint.SizeLarge || b.Color != paint.Palette[5] {
		t.Errorf("brush = %+v, want a large pencil in palette colour 5", b)
	}
	test.Tap(findButton(t, w.Canvas(), "Eraser"))
	test.Tap(s.swatches[7]) // choosing a colour leaves the eraser
	if b := s.Painter().Brush(); b.Kind == paint.Eraser || b.Color != paint.Palette[7] {
		t.Errorf("brush after picking a colour on the eraser = %+v", b)
	}
	test.Tap(findButton(t, w.Canvas(), "Fill"))
	test.TapCanvas(w.Canvas(), fyne.NewPos(640, 400))
	if s.Painter().Log().Len() != 1 {
		t.Fatalf("%d actions after a fill, want 1", s.Painter().Log().Len())
	}

	test.Tap(findButton(t, w.Canvas(), "I'm finished"))
	if got == nil {
		t.Fatal("OnDone not called")
	}
	if got.PromptID != "session-image" || got.Empty() || got.Image == nil {
		t.Fatalf("result: prompt %q, empty %v", got.PromptID, got.Empty())
	}
	if _, err := paint.DecodeLog(got.Strokes); err != nil {
		t.Fatalf("result's stroke log: %v", err)
	}
}

func TestColourRoundTrip(t *testing.T) {
	for _, c := range paint.Palette {
		h, s, l := rgbToHSL(c)
		if back := hslToRGB(h, s, l); back != c {
			t.Errorf("%v → hsl(%.1f, %.3f, %.3f) → %v", c, h, s, l, back)
		}
	}
}

func TestLoadPrompts(t *testing.T) {
	ps, err := LoadPrompts(assets.Prompts)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) < 3 || ps[0].ID != "session-image" {
		t.Errorf("prompts = %+v", ps)
	}
	for _, bad := range []string{``, `{}`, `{"schema":2,"prompts":[{"id":"a","text":"b"}]}`,
		`{"schema":1,"prompts":[]}`, `{"schema":1,"prompts":[{"id":"a b","text":"x"}]}`,
		`{"schema":1,"prompts":[{"id":"a","text":"x"},{"id":"a","text":"y"}]}`,
		`{"schema":1,"prompts":[{"id":"a","text":"  "}]}`} {
		if _, err := ParsePrompts([]byte(bad)); err == nil {
			t.Errorf("ParsePrompts(%s) accepted", bad)
		}
	}
}

func FuzzParsePrompts(f *testing.F) {
	f.Add([]byte(`{"schema":1,"prompts":[{"id":"session-image","text":"Paint"}]}`))
	f.Add([]byte(`{"schema":1,"prompts":[{"id":"a","text":"x"},{"id":"a","text":"y"}]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := ParsePrompts(data)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, p := range ps {
			if !promptIDRE.MatchString(p.ID) || seen[p.ID] || p.Text == "" {
				t.Fatalf("accepted a bad prompt %+v", p)
			}
			seen[p.ID] = true
		}
	})
}

// TestPromptTranslated: a clinic's translation file ("prompt.<id>") wins
// over the prompts file's text; without one the prompts file's text shows.
func TestPromptTranslated(t *testing.T) {
	test.NewTempApp(t)
	card := func(p Prompt) string {
		var text string
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch v := o.(type) {
			case *fyne.Container:
				for _, c := range v.Objects {
					walk(c)
				}
			case *widget.Label:
				if v.TextStyle.Italic {
					text = v.Text
				}
			}
		}
		walk(newPromptCard(p, func() {}))
		return text
	}
	p := Prompt{ID: "test-translated", Text: "Paint the sound of rain."}
	if got := card(p); got != p.Text {
		t.Fatalf("untranslated prompt shows %q", got)
	}
	if err := lang.AddTranslationsForLocale([]byte(`{"prompt.test-translated": "Malen Sie das Geräusch des Regens."}`), lang.SystemLocale()); err != nil {
		t.Fatal(err)
	}
	if got := card(p); got != "Malen Sie das Geräusch des Regens." {
		t.Fatalf("translated prompt shows %q", got)
	}
}

// TestPromptsInTranslationFile: studio.en.json, which clinics copy to
// translate, carries every prompt under "prompt.<id>" with the prompts
// file's own text.
func TestPromptsInTranslationFile(t *testing.T) {
	ps, err := LoadPrompts(assets.Prompts)
	if err != nil {
		t.Fatal(err)
	}
	data, err := assets.KioskText.ReadFile("i18n/studio.en.json")
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]string
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, p := range ps {
		ids[p.ID] = true
		if got := file["prompt."+p.ID]; got != p.Text {
			t.Errorf("studio.en.json prompt.%s = %q, prompts.json says %q", p.ID, got, p.Text)
		}
	}
	for k := range file {
		if id, ok := strings.CutPrefix(k, "prompt."); ok && !ids[id] {
			t.Errorf("studio.en.json has %s, which is not a prompt", k)
		}
	}
}
