package padview

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/musicpad"
	"github.com/afterimage-clinic/afterimage/internal/synth"
	"github.com/afterimage-clinic/afterimage/internal/ui/i18ncheck"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

func quietStudio(t *testing.T, size fyne.Size) (*Studio, *musicpad.Session, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	s, err := musicpad.Start(musicpad.Options{Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	st := NewStudio(s, Options{})
	w := test.NewWindow(st)
	w.Resize(size)
	t.Cleanup(w.Close)
	return st, s, w
}

func mouse(g *Grid, at fyne.Position, down bool) {
	e := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at}, Button: desktop.MouseButtonPrimary}
	if down {
		g.MouseDown(e)
	} else {
		g.MouseUp(e)
	}
}

// centre is the middle of pad on g.
func centre(g *Grid, pad int) fyne.Position {
	size := g.Size()
	col, row := pad%synth.Cols, synth.Rows-1-pad/synth.Cols
	return fyne.NewPos(size.Width*(float32(col)+0.5)/synth.Cols, size.Height*(float32(row)+0.5)/synth.Rows)
}

func TestEveryPadIsWhereItIsDrawn(t *testing.T) {
	st, _, _ := quietStudio(t, fyne.NewSize(1280, 800))
	g := st.Grid()
	for pad := range synth.Pads {
		if got := g.PadAt(centre(g, pad)); got != pad {
			t.Errorf("the middle of pad %d is pad %d", pad, got)
		}
	}
	// The lowest notes are at the bottom left, the highest top right.
	if g.PadAt(fyne.NewPos(5, g.Size().Height-5)) != 0 || g.PadAt(fyne.NewPos(g.Size().Width-5, 5)) != synth.Pads-1 {
		t.Error("the grid's corners hold the wrong pads")
	}
	if g.PadAt(fyne.NewPos(g.Size().Width/synth.Cols-gap/2, 5)) != -1 {
		t.Error("the gap between pads plays a pad")
	}
	if w, h := g.Size().Width/synth.Cols, g.Size().Height/synth.Rows; w < 120 || h < 110 {
		t.Errorf("pads of %.0f×%.0f at 1280×800: too small for a finger", w, h)
	}
}

func TestPadsLightWhileHeldAndSlideAcross(t *testing.T) {
	st, s, _ := quietStudio(t, fyne.NewSize(1280, 800))
	g := st.Grid()
	mouse(g, centre(g, 6), true)
	if g.Held() != 1<<6 || s.Held() != 1<<6 {
		t.Fatalf("pad 6 pressed: grid lights %b, session holds %b", g.Held(), s.Held())
	}
	if st.Done().Disabled() {
		t.Error("I'm finished stays off after a note")
	}
	g.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: centre(g, 7)}})
	if g.Held() != 1<<7 || s.Held() != 1<<7 {
		t.Fatalf("slid to pad 7: grid lights %b, session holds %b", g.Held(), s.Held())
	}
	g.DragEnd()
	mouse(g, centre(g, 7), false)
	if g.Held() != 0 || s.Held() != 0 {
		t.Fatalf("finger lifted: grid lights %b, session holds %b", g.Held(), s.Held())
	}
	perf := s.Stop()
	var pads []int
	for _, e := range perf.Events {
		if e.Action == synth.Down {
			pads = append(pads, e.Value)
		}
	}
	if len(pads) != 2 || pads[0] != 6 || pads[1] != 7 {
		t.Errorf("performance pressed %v, want [6 7]", pads)
	}
}

func TestSilentPadsSayWhy(t *testing.T) {
	st, _, _ := quietStudio(t, fyne.NewSize(1280, 800))
	if st.note.Text != english["studio.pads.silent"] {
		t.Errorf("with no speaker the studio says %q", st.note.Text)
	}
}

func TestFinishedHandsOverThePerformance(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	s, _ := musicpad.Start(musicpad.Options{Quiet: true})
	var got *synth.Performance
	st := NewStudio(s, Options{OnDone: func(p synth.Performance) { got = &p }})
	w := test.NewWindow(st)
	w.Resize(fyne.NewSize(1280, 800))
	defer w.Close()
	mouse(st.Grid(), centre(st.Grid(), 2), true) // still held when finished
	test.Tap(st.Done())
	if got == nil || len(got.Events) != 2 || got.Events[1].Action != synth.Up {
		t.Fatalf("performance handed over: %+v", got)
	}
	if !st.Done().Disabled() {
		t.Error("I'm finished can be tapped twice")
	}
}

// TestLooks: golden images of the pad studio (sound off, two pads lit) at
// the kiosk's two screen sizes.
func TestLooks(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}} {
		st, _, w := quietStudio(t, size)
		g := st.Grid()
		mouse(g, centre(g, 3), true)
		g.SetHeld(1<<3 | 1<<11)
		test.AssertImageMatches(t, fmt.Sprintf("studio-%.0fx%.0f.png", size.Width, size.Height), w.Canvas().Capture())
		mouse(g, centre(g, 3), false)
	}
}

// TestTranslationFileMatches: assets/i18n/studio.en.json holds exactly the
// pad studio's texts.
func TestTranslationFileMatches(t *testing.T) {
	i18ncheck.English(t, "studio.en.json", english, "studio.pads.", "the pad studio")
}
