package bodymap

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/vector"
)

// Style is how Draw colours a side.
type Style struct {
	Body color.NRGBA // the body's fill
	Line color.NRGBA // region borders and the outline
	Warm color.NRGBA // activation
	Cool color.NRGBA // deactivation
	// LineWidth is the border's width in pixels (1.5 when zero).
	LineWidth float64
}

// Heat gives a cell's warm and cool strength, each 0..1.
type Heat func(col, row int) (warm, cool float64)

// Fit returns where a side is drawn in a w×h area: its box's left, top,
// width and height, centred, keeping the outline's aspect.
func (o *Outline) Fit(w, h float64) (x, y, bw, bh float64) {
	bw, bh = w, w/o.Aspect
	if bh > h {
		bw, bh = h*o.Aspect, h
	}
	return (w - bw) / 2, (h - bh) / 2, bw, bh
}

// Draw draws one side of the outline fitted into r of dst: the body, the
// heat of its cells blended softly from cell to cell and kept inside the
// body, then the region borders. It draws with vector shapes, so it is
// crisp at any size; nothing outside r is touched.
func (o *Outline) Draw(dst *image.RGBA, r image.Rectangle, side string, heat Heat, st Style) {
	s := o.Side(side)
	r = r.Intersect(dst.Bounds())
	if s == nil || r.Empty() {
		return
	}
	w, h := r.Dx(), r.Dy()
	bx, by, bw, bh := o.Fit(float64(w), float64(h))
	at := func(p Point) (float32, float32) { return float32(bx + p.X*bw), float32(by + p.Y*bh) }

	body := image.NewAlpha(image.Rect(0, 0, w, h))
	z := vector.NewRasterizer(w, h)
	for _, reg := range s.Regions {
		for _, poly := range reg.Polygons {
			z.MoveTo(at(poly[0]))
			for _, p := range poly[1:] {
				z.LineTo(at(p))
			}
			z.ClosePath()
		}
	}
	z.Draw(body, body.Bounds(), image.Opaque, image.Point{})
	draw.DrawMask(dst, r, image.NewUniform(st.Body), image.Point{}, body, image.Point{}, draw.Over)

	if heat != nil {
		o.drawHeat(dst, r, body, bx, by, bw, bh, side, heat, st)
	}

	lw := st.LineWidth
	if lw <= 0 {
		lw = 1.5
	}
	z.Reset(w, h)
	for _, reg := range s.Regions {
		for _, poly := range reg.Polygons {
			for i := range poly {
				stroke(z, at, poly[i], poly[(i+1)%len(poly)], lw)
			}
		}
	}
	lines := image.NewAlpha(image.Rect(0, 0, w, h))
	z.Draw(lines, lines.Bounds(), image.Opaque, image.Point{})
	draw.DrawMask(dst, r, image.NewUniform(st.Line), image.Point{}, lines, image.Point{}, draw.Over)
}

// drawHeat blends the cells' heat bilinearly between cell centres and
// lays it over the body only.
func (o *Outline) drawHeat(dst *image.RGBA, r image.Rectangle, body *image.Alpha, bx, by, bw, bh float64, side string, heat Heat, st Style) {
	warm := make([]float64, o.Cols*o.Rows)
	cool := make([]float64, o.Cols*o.Rows)
	any := false
	for row := 0; row < o.Rows; row++ {
		for col := 0; col < o.Cols; col++ {
			wv, cv := heat(col, row)
			warm[row*o.Cols+col], cool[row*o.Cols+col] = clamp01(wv), clamp01(cv)
			any = any || wv > 0 || cv > 0
		}
	}
	if !any {
		return
	}
	sample := func(g []float64, u, v float64) float64 {
		c0, r0 := int(math.Floor(u)), int(math.Floor(v))
		fu, fv := u-float64(c0), v-float64(r0)
		get := func(c, r int) float64 {
			if c < 0 || c >= o.Cols || r < 0 || r >= o.Rows {
				return 0
			}
			return g[r*o.Cols+c]
		}
		top := get(c0, r0)*(1-fu) + get(c0+1, r0)*fu
		bottom := get(c0, r0+1)*(1-fu) + get(c0+1, r0+1)*fu
		return top*(1-fv) + bottom*fv
	}
	layer := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	x0, x1 := int(math.Floor(bx)), int(math.Ceil(bx+bw))
	y0, y1 := int(math.Floor(by)), int(math.Ceil(by+bh))
	for py := max(y0, 0); py < min(y1, r.Dy()); py++ {
		v := (float64(py)+0.5-by)/bh*float64(o.Rows) - 0.5
		for px := max(x0, 0); px < min(x1, r.Dx()); px++ {
			if body.AlphaAt(px, py).A == 0 {
				continue
			}
			u := (float64(px)+0.5-bx)/bw*float64(o.Cols) - 0.5
			aw, ac := 0.9*sample(warm, u, v), 0.9*sample(cool, u, v)
			if aw <= 0 && ac <= 0 {
				continue
			}
			// warm, then cool over it (premultiplied)
			rr := float64(st.Warm.R) * aw
			gg := float64(st.Warm.G) * aw
			bb := float64(st.Warm.B) * aw
			a := aw
			rr = float64(st.Cool.R)*ac + rr*(1-ac)
			gg = float64(st.Cool.G)*ac + gg*(1-ac)
			bb = float64(st.Cool.B)*ac + bb*(1-ac)
			a = ac + a*(1-ac)
			layer.SetRGBA(px, py, color.RGBA{uint8(rr + 0.5), uint8(gg + 0.5), uint8(bb + 0.5), uint8(255*a + 0.5)})
		}
	}
	draw.DrawMask(dst, r, layer, image.Point{}, body, image.Point{}, draw.Over)
}

// stroke adds a line from p to q, lw pixels wide, to z.
func stroke(z *vector.Rasterizer, at func(Point) (float32, float32), p, q Point, lw float64) {
	x0, y0 := at(p)
	x1, y1 := at(q)
	dx, dy := float64(x1-x0), float64(y1-y0)
	n := math.Hypot(dx, dy)
	if n == 0 {
		return
	}
	// Half the width across the line, and a little past each end so the
	// joins close.
	ox, oy := float32(-dy/n*lw/2), float32(dx/n*lw/2)
	ex, ey := float32(dx/n*lw/2), float32(dy/n*lw/2)
	z.MoveTo(x0-ex+ox, y0-ey+oy)
	z.LineTo(x1+ex+ox, y1+ey+oy)
	z.LineTo(x1+ex-ox, y1+ey-oy)
	z.LineTo(x0-ex-ox, y0-ey-oy)
	z.ClosePath()
}

func clamp01(v float64) float64 {
	if !(v > 0) {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

// Heat is the heat of one map's side: full strength where marked.
func (m *Map) Heat(side string) Heat {
	return func(col, row int) (float64, float64) {
		switch m.Cell(side, col, row) {
		case Warm:
			return 1, 0
		case Cool:
			return 0, 1
		}
		return 0, 0
	}
}

// Heat is the heat of a sum's side: each cell's counts over the largest
// count, so the most marked place is at full strength.
func (s *Sum) Heat(side string) Heat {
	max := float64(s.Max())
	return func(col, row int) (float64, float64) {
		if max == 0 {
			return 0, 0
		}
		w, c := s.Cell(side, col, row)
		return float64(w) / max, float64(c) / max
	}
}

// DefaultStyle is the kiosk's and the gallery's palette for body maps:
// a sand body with soft charcoal borders, an ember warm and a calm blue
// cool (the reds and blues of Nummenmaa et al.'s maps, softened).
var DefaultStyle = Style{
	Body: color.NRGBA{R: 0xec, G: 0xe0, B: 0xcb, A: 0xff},
	Line: color.NRGBA{R: 0x5a, G: 0x58, B: 0x52, A: 0xff},
	Warm: color.NRGBA{R: 0xd0, G: 0x5a, B: 0x36, A: 0xff},
	Cool: color.NRGBA{R: 0x35, G: 0x72, B: 0xc4, A: 0xff},
}
