package galleryui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// moodChart is a patient's emotion timeline: for each visit, oldest on the
// left, the mood at check-in (hollow) and at check-out (filled) on the
// pleasantness and energy scales, joined so that the change within the
// visit shows at a glance (green up, clay down), and the emotion words of
// its pieces as coloured marks. Drawn with vector shapes, so it is crisp
// at any scale; a tap on a visit calls onVisit with its index in visits
// (newest first, as the timeline gives them).
type moodChart struct {
	widget.BaseWidget
	visits  []index.Visit
	onVisit func(i int)
}

// Chart geometry, in Fyne units.
const (
	chartHeight   = 150
	chartLabelW   = 110
	chartLaneH    = 52
	chartDot      = 9
	chartWordDot  = 7
	chartMaxWords = 8
)

func newMoodChart(onVisit func(int)) *moodChart {
	c := &moodChart{onVisit: onVisit}
	c.ExtendBaseWidget(c)
	return c
}

func (c *moodChart) set(visits []index.Visit) {
	c.visits = visits
	c.Refresh()
}

func (c *moodChart) MinSize() fyne.Size { return fyne.NewSize(chartLabelW+200, chartHeight) }

// Tapped finds the visit under the pointer.
func (c *moodChart) Tapped(e *fyne.PointEvent) {
	n := len(c.visits)
	if n == 0 || c.onVisit == nil {
		return
	}
	step := c.step()
	col := int((e.Position.X - chartLabelW) / step)
	if col < 0 || col >= n {
		return
	}
	c.onVisit(n - 1 - col) // columns run oldest first
}

func (c *moodChart) step() float32 { return c.stepFor(c.Size()) }

func (c *moodChart) stepFor(size fyne.Size) float32 {
	n := max(len(c.visits), 1)
	return max((size.Width-chartLabelW)/float32(n), 1)
}

func (c *moodChart) CreateRenderer() fyne.WidgetRenderer { return &moodRenderer{c: c} }

type moodRenderer struct {
	c       *moodChart
	objects []fyne.CanvasObject
}

func (r *moodRenderer) Layout(size fyne.Size) { r.build(size) }
func (r *moodRenderer) MinSize() fyne.Size    { return r.c.MinSize() }
func (r *moodRenderer) Refresh() {
	r.build(r.c.Size())
	canvas.Refresh(r.c)
}
func (r *moodRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *moodRenderer) Destroy()                     {}

// build lays the chart out for the widget's size.
func (r *moodRenderer) build(size fyne.Size) {
	c := r.c
	r.objects = r.objects[:0]
	bg := canvas.NewRectangle(theme.Sand)
	bg.CornerRadius = 10
	bg.Resize(size)
	r.objects = append(r.objects, bg)
	lanes := []struct {
		name string
		top  float32
		of   func(*piece.Mood) int
	}{
		{tr("gallery.chart.pleasant"), 8, func(m *piece.Mood) int { return m.Pleasantness }},
		{tr("gallery.chart.energy"), 8 + chartLaneH + 8, func(m *piece.Mood) int { return m.Energy }},
	}
	for _, l := range lanes {
		label := canvas.NewText(l.name, theme.Ink)
		label.TextSize = 13
		label.Move(fyne.NewPos(10, l.top+chartLaneH/2-9))
		r.objects = append(r.objects, label)
		base := canvas.NewLine(theme.Mist)
		base.StrokeWidth = 1
		base.Position1 = fyne.NewPos(chartLabelW, l.top+chartLaneH/2)
		base.Position2 = fyne.NewPos(size.Width-8, l.top+chartLaneH/2)
		r.objects = append(r.objects, base)
	}
	n := len(c.visits)
	if n == 0 {
		return
	}
	step := c.stepFor(size)
	wordsTop := float32(8 + 2*(chartLaneH+8))
	for col := range n {
		v := c.visits[n-1-col] // oldest first
		x := chartLabelW + step*float32(col) + step/2
		for _, l := range lanes {
			y := func(m *piece.Mood) float32 {
				f := float32(max(1, min(l.of(m), 9))-1) / 8 // 1..9 → 0..1
				return l.top + chartLaneH - 4 - f*(chartLaneH-8)
			}
			var in, out fyne.Position
			if v.CheckIn != nil {
				in = fyne.NewPos(x-step/6, y(v.CheckIn))
			}
			if v.CheckOut != nil {
				out = fyne.NewPos(x+step/6, y(v.CheckOut))
			}
			if v.CheckIn != nil && v.CheckOut != nil {
				col := theme.Disabled
				switch d := l.of(v.CheckOut) - l.of(v.CheckIn); {
				case d > 0:
					col = theme.Sage
				case d < 0:
					col = theme.Clay
				}
				line := canvas.NewLine(col)
				line.StrokeWidth = 3
				line.Position1, line.Position2 = in, out
				r.objects = append(r.objects, line)
			}
			if v.CheckIn != nil {
				r.objects = append(r.objects, dot(in, chartDot, color.Transparent, theme.Ink))
			}
			if v.CheckOut != nil {
				r.objects = append(r.objects, dot(out, chartDot, theme.Ink, theme.Ink))
			}
		}
		var words []index.Word
		for _, p := range v.Pieces {
			words = append(words, p.Words...)
		}
		words = words[:min(len(words), chartMaxWords)]
		for i, w := range words {
			wx := x - float32(len(words)-1)*(chartWordDot+3)/2 + float32(i)*(chartWordDot+3)
			r.objects = append(r.objects, dot(fyne.NewPos(wx, wordsTop+chartWordDot), chartWordDot, quadrantColour(w.Quadrant), quadrantColour(w.Quadrant)))
		}
	}
}

// dot is a circle of diameter d centred on p.
func dot(p fyne.Position, d float32, fill, stroke color.Color) fyne.CanvasObject {
	c := canvas.NewCircle(fill)
	c.StrokeColor = stroke
	c.StrokeWidth = 2
	c.Resize(fyne.NewSize(d, d))
	c.Move(fyne.NewPos(p.X-d/2, p.Y-d/2))
	return c
}
