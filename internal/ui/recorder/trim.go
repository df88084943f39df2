package recorder

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/audio"
)

// minKept is the shortest part of a recording the handles can keep.
const minKept = audio.SampleRate / 4

// handleWidth is how wide each drawn handle is; the area that takes the
// drag is the whole waveform, so the touch target is never small.
const handleWidth = 8

// trimHandles lies over the reviewed waveform. A drag moves whichever end
// of the kept part is nearer to where the finger went down; letting go
// makes it one trim, which the trim button can undo.
type trimHandles struct {
	widget.BaseWidget
	r       *Recorder
	moving  int // 0: no drag; 1: the start; 2: the end
	press   fyne.Position
	pressed bool
}

// MouseDown records where the finger went down: the driver reports a drag
// only once it has moved a little.
func (t *trimHandles) MouseDown(ev *desktop.MouseEvent) { t.press, t.pressed = ev.Position, true }

// MouseUp implements desktop.Mouseable.
func (t *trimHandles) MouseUp(*desktop.MouseEvent) { t.pressed = false }

func newTrimHandles(r *Recorder) *trimHandles {
	t := &trimHandles{r: r}
	t.ExtendBaseWidget(t)
	return t
}

// Dragged implements fyne.Draggable.
func (t *trimHandles) Dragged(ev *fyne.DragEvent) {
	r := t.r
	r.ui.Lock()
	defer r.ui.Unlock()
	if r.state != stateReview || r.edit == nil {
		return
	}
	w := t.Size().Width
	if w <= 0 {
		return
	}
	toSample := func(x float32) int {
		return min(max(int(float64(x)/float64(w)*float64(r.total)), 0), r.total)
	}
	r.mu.Lock()
	if t.moving == 0 {
		origin := ev.Position.X - ev.Dragged.DX
		if t.pressed {
			origin = t.press.X
		}
		from := toSample(origin)
		t.moving = 1
		if from-r.span.Start > r.span.End-from {
			t.moving = 2
		}
	}
	at := toSample(ev.Position.X)
	keep := min(minKept, r.total)
	if t.moving == 1 {
		r.span.Start = max(min(at, r.span.End-keep), 0)
	} else {
		r.span.End = min(max(at, r.span.Start+keep), r.total)
	}
	kept := r.span.Len()
	r.mu.Unlock()
	r.elapsed.SetText(formatElapsed(samplesDur(kept)))
	r.wave.Refresh()
	t.Refresh()
}

// DragEnd implements fyne.Draggable.
func (t *trimHandles) DragEnd() {
	r := t.r
	r.ui.Lock()
	defer r.ui.Unlock()
	t.pressed = false
	if t.moving == 0 || r.edit == nil {
		t.moving = 0
		return
	}
	t.moving = 0
	r.mu.Lock()
	s := r.span
	r.mu.Unlock()
	r.edit.Trim(s)
	r.trimmed()
}

// CreateRenderer implements fyne.Widget.
func (t *trimHandles) CreateRenderer() fyne.WidgetRenderer {
	return &trimRenderer{t: t, start: canvas.NewRectangle(handleColor()), end: canvas.NewRectangle(handleColor())}
}

// handleColor is the current theme's foreground, so handles follow high contrast.
func handleColor() color.Color {
	s := fyne.CurrentApp().Settings()
	return s.Theme().Color(fynetheme.ColorNameForeground, s.ThemeVariant())
}

type trimRenderer struct {
	t          *trimHandles
	start, end *canvas.Rectangle
}

func (tr *trimRenderer) Layout(size fyne.Size) {
	r := tr.t.r
	r.mu.Lock()
	span, total := r.span, r.total
	r.mu.Unlock()
	if total == 0 {
		tr.start.Hide()
		tr.end.Hide()
		return
	}
	x := func(s int) float32 { return float32(s) / float32(total) * size.Width }
	tr.start.Resize(fyne.NewSize(handleWidth, size.Height))
	tr.start.Move(fyne.NewPos(max(x(span.Start)-handleWidth/2, 0), 0))
	tr.end.Resize(fyne.NewSize(handleWidth, size.Height))
	tr.end.Move(fyne.NewPos(min(x(span.End)-handleWidth/2, size.Width-handleWidth), 0))
	tr.start.Show()
	tr.end.Show()
}

func (tr *trimRenderer) MinSize() fyne.Size { return fyne.NewSize(2*handleWidth, 0) }

func (tr *trimRenderer) Refresh() {
	tr.start.FillColor, tr.end.FillColor = handleColor(), handleColor()
	tr.Layout(tr.t.Size())
	canvas.Refresh(tr.start)
	canvas.Refresh(tr.end)
}

func (tr *trimRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{tr.start, tr.end}
}

func (tr *trimRenderer) Destroy() {}
