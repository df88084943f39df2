package galleryui

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
	"golang.org/x/image/vector"
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

func (c *moodChart) CreateRenderer() fyne.WidgetRenderer {
	r := &moodRenderer{c: c}
	r.bg = canvas.NewRectangle(theme.Sand)
	r.bg.CornerRadius = 10
	for _, name := range []string{tr("gallery.chart.pleasant"), tr("gallery.chart.energy")} {
		label := canvas.NewText(name, theme.Ink)
		label.TextSize = 13
		r.labels = append(r.labels, label)
	}
	// The marks are one raster painted at the screen's pixel size: crisp
	// at any scale, and one texture to draw in a frame (a patient of 50
	// visits has hundreds of marks; as shapes, each was drawn every frame,
	// scrolling included).
	r.marks = canvas.NewRaster(r.paint)
	return r
}

type moodRenderer struct {
	c      *moodChart
	bg     *canvas.Rectangle
	labels []*canvas.Text
	marks  *canvas.Raster
	size   fyne.Size
}

func (r *moodRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	for i, l := range r.labels {
		l.Move(fyne.NewPos(10, chartLaneTop(i)+chartLaneH/2-9))
	}
	r.marks.Resize(size)
	if size != r.size {
		r.size = size
		canvas.Refresh(r.marks)
	}
}

func (r *moodRenderer) MinSize() fyne.Size { return r.c.MinSize() }
func (r *moodRenderer) Refresh() {
	r.Layout(r.c.Size())
	canvas.Refresh(r.marks)
	canvas.Refresh(r.c)
}

func (r *moodRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.labels[0], r.labels[1], r.marks}
}
func (r *moodRenderer) Destroy() {}

// chartLaneTop is the top of lane i (0: pleasantness, 1: energy).
func chartLaneTop(i int) float32 { return 8 + float32(i)*(chartLaneH+8) }

// paint draws the chart's lines and marks for a w×h pixel raster.
func (r *moodRenderer) paint(w, h int) image.Image {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	c := r.c
	size := c.Size()
	if size.Width <= 0 || size.Height <= 0 {
		return dst
	}
	p := chartPainter{dst: dst, sx: float32(w) / size.Width, sy: float32(h) / size.Height}
	lanes := []func(*piece.Mood) int{
		func(m *piece.Mood) int { return m.Pleasantness },
		func(m *piece.Mood) int { return m.Energy },
	}
	for i := range lanes {
		mid := chartLaneTop(i) + chartLaneH/2
		p.line(fyne.NewPos(chartLabelW, mid), fyne.NewPos(size.Width-8, mid), 1, theme.Mist)
	}
	n := len(c.visits)
	step := c.stepFor(size)
	wordsTop := float32(8 + 2*(chartLaneH+8))
	for col := range n {
		v := c.visits[n-1-col] // oldest first
		x := chartLabelW + step*float32(col) + step/2
		for i, of := range lanes {
			top := chartLaneTop(i)
			y := func(m *piece.Mood) float32 {
				f := float32(max(1, min(of(m), 9))-1) / 8 // 1..9 → 0..1
				return top + chartLaneH - 4 - f*(chartLaneH-8)
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
				switch d := of(v.CheckOut) - of(v.CheckIn); {
				case d > 0:
					col = theme.Sage
				case d < 0:
					col = theme.Clay
				}
				p.line(in, out, 3, col)
			}
			if v.CheckIn != nil {
				p.dot(in, chartDot, nil, theme.Ink)
			}
			if v.CheckOut != nil {
				p.dot(out, chartDot, theme.Ink, theme.Ink)
			}
		}
		var words []index.Word
		for _, pc := range v.Pieces {
			words = append(words, pc.Words...)
			if len(words) >= chartMaxWords {
				break
			}
		}
		words = words[:min(len(words), chartMaxWords)]
		for i, w := range words {
			wx := x - float32(len(words)-1)*(chartWordDot+3)/2 + float32(i)*(chartWordDot+3)
			q := quadrantColour(w.Quadrant)
			p.dot(fyne.NewPos(wx, wordsTop+chartWordDot), chartWordDot, q, q)
		}
	}
	return dst
}

// chartPainter draws anti-aliased shapes given in Fyne units into a raster
// of sx, sy pixels a unit.
type chartPainter struct {
	dst    *image.RGBA
	sx, sy float32
	z      vector.Rasterizer
}

// shape rasterises the path add draws (in pixels, relative to the box's
// corner) within the pixel box around min–max, and fills it with col.
func (p *chartPainter) shape(minX, minY, maxX, maxY float32, col color.Color, add func(z *vector.Rasterizer, ox, oy float32)) {
	box := image.Rect(int(math.Floor(float64(minX)))-1, int(math.Floor(float64(minY)))-1,
		int(math.Ceil(float64(maxX)))+1, int(math.Ceil(float64(maxY)))+1).Intersect(p.dst.Rect)
	if box.Empty() {
		return
	}
	p.z.Reset(box.Dx(), box.Dy())
	add(&p.z, float32(box.Min.X), float32(box.Min.Y))
	p.z.Draw(p.dst, box, image.NewUniform(col), image.Point{})
}

// line is a stroke width units wide from a to b.
func (p *chartPainter) line(a, b fyne.Position, width float32, col color.Color) {
	ax, ay, bx, by := a.X*p.sx, a.Y*p.sy, b.X*p.sx, b.Y*p.sy
	dx, dy := bx-ax, by-ay
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	hw := width * p.sx / 2
	nx, ny := -dy/l*hw, dx/l*hw
	p.shape(min(ax, bx)-hw, min(ay, by)-hw, max(ax, bx)+hw, max(ay, by)+hw, col, func(z *vector.Rasterizer, ox, oy float32) {
		z.MoveTo(ax+nx-ox, ay+ny-oy)
		z.LineTo(bx+nx-ox, by+ny-oy)
		z.LineTo(bx-nx-ox, by-ny-oy)
		z.LineTo(ax-nx-ox, ay-ny-oy)
		z.ClosePath()
	})
}

// dot is a circle of diameter d units centred on c, stroked 2 units wide
// on its edge (as Fyne strokes a canvas.Circle) and filled with fill (nil:
// hollow).
func (p *chartPainter) dot(c fyne.Position, d float32, fill, stroke color.Color) {
	cx, cy := c.X*p.sx, c.Y*p.sy
	r := (d/2 + 1) * p.sx
	ring := min(2*p.sx, r)
	circle := func(z *vector.Rasterizer, ox, oy, rad float32, clockwise bool) {
		const n = 32
		z.MoveTo(cx+rad-ox, cy-oy)
		for i := 1; i <= n; i++ {
			a := 2 * math.Pi * float64(i) / n
			if clockwise {
				a = -a
			}
			z.LineTo(cx+rad*float32(math.Cos(a))-ox, cy+rad*float32(math.Sin(a))-oy)
		}
		z.ClosePath()
	}
	if fill != nil {
		p.shape(cx-r, cy-r, cx+r, cy+r, fill, func(z *vector.Rasterizer, ox, oy float32) { circle(z, ox, oy, r, false) })
	}
	p.shape(cx-r, cy-r, cx+r, cy+r, stroke, func(z *vector.Rasterizer, ox, oy float32) {
		circle(z, ox, oy, r, false)
		circle(z, ox, oy, r-ring, true)
	})
}
