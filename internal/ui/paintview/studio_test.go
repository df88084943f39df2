package paintview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
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

// tappable is a button or a tile.
type tappable interface {
	fyne.Tappable
	Disabled() bool
}

// findButton finds a visible button or tile by its label.
func findButton(t *testing.T, c fyne.Canvas, label string) tappable {
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
		if b, ok := o.(*tile); ok && b.label == label && b.Visible() {
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
	s.SetSize(sizes[3].size)
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
		case *widget.Button, *swatch, *widget.Slider, *tile:
			n++
			if sz := o.Size(); sz.Height < theme.MinTouchTarget || (sz.Width < theme.MinTouchTarget) {
				t.Errorf("%T at %v is %v, smaller than the %v touch target", o, o.Position(), sz, theme.MinTouchTarget)
			}
		}
	}
	if n < 7+len(shownColours)+1+1+4+4 { // tools, colours, your own, more, sizes, actions
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
	if b := s.Painter().Brush(); b.Kind != paint.Pencil || b.Size != sizes[2].size || b.Color != paint.Palette[shownColours[5]] {
		t.Errorf("brush = %+v, want a large pencil in the sixth colour shown", b)
	}
	test.Tap(findButton(t, w.Canvas(), "Eraser"))
	test.Tap(s.swatches[7]) // choosing a colour leaves the eraser
	if b := s.Painter().Brush(); b.Kind == paint.Eraser || b.Color != paint.Palette[shownColours[7]] {
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
			case *container.Scroll:
				walk(v.Content)
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

// The room the kiosk gives a studio at 1280×800, scale 1: the screen less
// its bottom bar (Back, help: about 100 px) and the development banner
// (about 40 px).
const kioskRoomW, kioskRoomH = 1280, 800 - 100 - 40

// TestStudioFitsTheKiosk: whatever the prompt, text scale (the kiosk
// allows 0.75 to 3), contrast or state, the studio's minimum size fits the
// kiosk's room at 1280×800, so it can never make the window grow; and laid
// out in that room the canvas is at least 1000 px wide.
func TestStudioFitsTheKiosk(t *testing.T) {
	long := Prompt{ID: "long", Text: strings.Repeat("Paint the colour of a long, slow breath. ", 10)[:400]}
	for _, opts := range []theme.Options{{}, {TextScale: 0.75}, {TextScale: 3}, {HighContrast: true, TextScale: 2}} {
		prompts := []*Prompt{&long} // the long prompt is the widest case
		if opts == (theme.Options{}) {
			prompts = []*Prompt{nil, {ID: "x", Text: "Paint"}, &long}
		}
		for _, p := range prompts {
			name := fmt.Sprintf("scale %v contrast %v prompt %d bytes", opts.TextScale, opts.HighContrast, len(promptText(p)))
			s, w := newTestStudio(t, Options{Prompt: p})
			fyne.CurrentApp().Settings().SetTheme(theme.NewWithOptions(opts))
			w.Resize(fyne.NewSize(kioskRoomW, kioskRoomH))
			check := func(when string) {
				t.Helper()
				if m := s.MinSize(); m.Width > kioskRoomW || m.Height > kioskRoomH {
					t.Errorf("%s, %s: the studio needs %v, more than the kiosk's %vx%v", name, when, m, kioskRoomW, kioskRoomH)
				}
			}
			check("at start")
			t.Logf("%s: minimum %v, canvas %.0f px wide", name, s.MinSize(), s.Canvas().scale*1920)
			for _, tool := range []string{"Pencil", "Eraser", "Fill"} {
				test.Tap(findButton(t, w.Canvas(), tool))
			}
			test.Tap(findButton(t, w.Canvas(), "XL"))
			test.Drag(w.Canvas(), fyne.NewPos(600, 400), 100, 30)
			check("after drawing")
			if p != nil {
				test.Tap(findButton(t, w.Canvas(), "Hide"))
				check("with the prompt hidden")
			}
			test.Tap(findButton(t, w.Canvas(), "More"))
			if pop := w.Canvas().Overlays().Top(); pop == nil {
				t.Errorf("%s: More shows nothing", name)
			} else if m := pop.(*widget.PopUp).Content.MinSize(); m.Width > 1280 || m.Height > 800 {
				t.Errorf("%s: the More panel needs %v, more than the screen", name, m)
			} else {
				pop.Hide()
			}
			if opts == (theme.Options{}) {
				if cw := s.Canvas().scale * 1920; cw < 1000 {
					t.Errorf("%s: the canvas is %.0f px wide in the kiosk's room, want at least 1000", name, cw)
				}
			}
		}
	}
}

func promptText(p *Prompt) string {
	if p == nil {
		return ""
	}
	return p.Text
}

// TestStudioMoreColours: a colour from the More panel becomes the brush's
// and shows, selected, on the custom swatch.
func TestStudioMoreColours(t *testing.T) {
	s, w := newTestStudio(t, Options{})
	test.Tap(findButton(t, w.Canvas(), "More"))
	pop := w.Canvas().Overlays().Top()
	if pop == nil {
		t.Fatal("More shows nothing")
	}
	var slate *swatch
	for _, o := range test.LaidOutObjects(pop) {
		if sw, ok := o.(*swatch); ok && sw.col == paint.Palette[1] {
			slate = sw
		}
	}
	if slate == nil {
		t.Fatal("the More panel has no slate swatch")
	}
	test.Tap(slate)
	if got := s.Painter().Brush().Color; got != paint.Palette[1] {
		t.Fatalf("brush colour %v, want slate", got)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the More panel stays open after a colour was chosen")
	}
	if !s.custom.selected || s.custom.col != paint.Palette[1] {
		t.Error("the chosen colour is not shown on the side")
	}
}

// TestStudioSliderThumbsAreTouchSized: the strength and colour sliders'
// thumbs are at least the touch target across.
func TestStudioSliderThumbsAreTouchSized(t *testing.T) {
	_, w := newTestStudio(t, Options{})
	for _, open := range []func(){
		func() { test.Tap(findButton(t, w.Canvas(), "More")) },
		func() { test.Tap(s0(t, w)) },
	} {
		open()
		pop := w.Canvas().Overlays().Top()
		if pop == nil {
			t.Fatal("nothing opened")
		}
		n := 0
		for _, o := range test.LaidOutObjects(pop) {
			if c, ok := o.(*canvas.Circle); ok && c.Size().Width > 8 {
				n++
				if d := c.Size().Width; d < theme.MinTouchTarget-0.01 { // float32 layout rounding
					t.Errorf("a slider thumb is %v across, under the %v touch target", d, theme.MinTouchTarget)
				}
			}
		}
		if n == 0 {
			t.Error("no slider thumb found")
		}
		pop.Hide()
	}
}

// s0 is the studio's custom-colour swatch.
func s0(t *testing.T, w fyne.Window) *swatch {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		if sw, ok := o.(*swatch); ok && sw.rainbow {
			return sw
		}
	}
	t.Fatal("no custom-colour swatch")
	return nil
}
