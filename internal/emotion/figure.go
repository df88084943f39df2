package emotion

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"golang.org/x/image/vector"
)

// Colours of the mood figure: a warm, calm face with a soft dark outline.
var (
	FigureFace    = color.NRGBA{R: 0xf3, G: 0xe6, B: 0xcf, A: 0xff}
	FigureLine    = color.NRGBA{R: 0x3b, G: 0x41, B: 0x50, A: 0xff}
	FigureRays    = color.NRGBA{R: 0xe0, G: 0xa4, B: 0x58, A: 0xff}
	FigureNeutral = (MoodMin + MoodMax) / 2
)

// Figure draws the mood-scale picture for one level (MoodMin..MoodMax) of
// one axis as a size×size image with a transparent background.
//
// On the pleasantness axis the mouth bends from a frown (1) through a
// straight line (5) to a smile (9); the eyes stay neutral and there are no rays. On the energy
// axis the eyes open from closed (1) to wide (9) and rays around the head
// grow in number and length; the mouth stays neutral.
func Figure(axis Axis, level, size int) (*image.RGBA, error) {
	if level < MoodMin || level > MoodMax {
		return nil, fmt.Errorf("emotion: figure: level %d outside %d..%d", level, MoodMin, MoodMax)
	}
	if size < 16 || size > 4096 {
		return nil, fmt.Errorf("emotion: figure: size %d outside 16..4096", size)
	}
	pleasant, energy := FigureNeutral, FigureNeutral
	if axis == Energy {
		energy = level
	} else {
		pleasant = level
	}
	// t runs 0..1 along the scale.
	tp := float64(pleasant-MoodMin) / float64(MoodMax-MoodMin)
	te := float64(energy-MoodMin) / float64(MoodMax-MoodMin)

	s := float64(size)
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	p := &painter{img: img, s: s}
	cx, cy, hr := 0.5, 0.5, 0.3
	line := 0.03

	// Rays: none at the calmest level, up to 16 long ones at the liveliest.
	if n := (energy - MoodMin) * 2; axis == Energy && n > 0 {
		length := 0.04 + 0.12*te
		for i := range n {
			a := 2*math.Pi*float64(i)/float64(n) - math.Pi/2
			in, out := hr+0.05, hr+0.05+length
			p.stroke([]pt{{cx + in*math.Cos(a), cy + in*math.Sin(a)}, {cx + out*math.Cos(a), cy + out*math.Sin(a)}}, line*0.9, FigureRays)
		}
	}

	// Head with outline.
	p.circle(cx, cy, hr+line/2, FigureLine)
	p.circle(cx, cy, hr-line/2, FigureFace)

	// Eyes: from closed lids (a line) to wide open.
	for _, ex := range []float64{cx - 0.1, cx + 0.1} {
		ey := cy - 0.06
		if energy == MoodMin {
			p.stroke([]pt{{ex - 0.035, ey}, {ex + 0.035, ey}}, line*0.8, FigureLine)
			continue
		}
		p.ellipse(ex, ey, 0.022+0.018*te, 0.012+0.04*te, FigureLine)
	}

	// Mouth: a quadratic curve whose middle sags for a frown and dips for a
	// smile; bend is -1 (frown) .. +1 (smile).
	bend := 2*tp - 1
	mx0, mx1, my := cx-0.13, cx+0.13, cy+0.13
	ctrl := my + 0.12*bend
	var mouth []pt
	const steps = 24
	for i := 0; i <= steps; i++ {
		u := float64(i) / steps
		x := (1-u)*(1-u)*mx0 + 2*(1-u)*u*cx + u*u*mx1
		y := (1-u)*(1-u)*my + 2*(1-u)*u*ctrl + u*u*my
		mouth = append(mouth, pt{x, y})
	}
	p.stroke(mouth, line, FigureLine)
	return img, nil
}

// pt is a point in figure units (0..1 of the image side).
type pt struct{ x, y float64 }

type painter struct {
	img *image.RGBA
	s   float64
}

func (p *painter) fill(polys [][]pt, c color.Color) {
	b := p.img.Bounds()
	r := vector.NewRasterizer(b.Dx(), b.Dy())
	for _, poly := range polys {
		if len(poly) < 3 {
			continue
		}
		// The rasterizer sums signed coverage, so give every polygon the
		// same orientation or overlaps would cancel out.
		if area(poly) < 0 {
			for i, j := 0, len(poly)-1; i < j; i, j = i+1, j-1 {
				poly[i], poly[j] = poly[j], poly[i]
			}
		}
		r.MoveTo(float32(poly[0].x*p.s), float32(poly[0].y*p.s))
		for _, q := range poly[1:] {
			r.LineTo(float32(q.x*p.s), float32(q.y*p.s))
		}
		r.ClosePath()
	}
	r.Draw(p.img, b, image.NewUniform(c), image.Point{})
}

func area(poly []pt) float64 {
	a := 0.0
	for i := range poly {
		j := (i + 1) % len(poly)
		a += poly[i].x*poly[j].y - poly[j].x*poly[i].y
	}
	return a / 2
}

func ellipsePoly(cx, cy, rx, ry float64) []pt {
	const n = 48
	poly := make([]pt, n)
	for i := range poly {
		a := 2 * math.Pi * float64(i) / n
		poly[i] = pt{cx + rx*math.Cos(a), cy + ry*math.Sin(a)}
	}
	return poly
}

func (p *painter) circle(cx, cy, r float64, c color.Color) { p.ellipse(cx, cy, r, r, c) }

func (p *painter) ellipse(cx, cy, rx, ry float64, c color.Color) {
	p.fill([][]pt{ellipsePoly(cx, cy, rx, ry)}, c)
}

// stroke draws a polyline of width w with round caps and joins.
func (p *painter) stroke(line []pt, w float64, c color.Color) {
	h := w / 2
	var polys [][]pt
	for i, a := range line {
		polys = append(polys, ellipsePoly(a.x, a.y, h, h))
		if i == 0 {
			continue
		}
		b := line[i-1]
		dx, dy := a.x-b.x, a.y-b.y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*h, dx/l*h
		polys = append(polys, []pt{{b.x + nx, b.y + ny}, {a.x + nx, a.y + ny}, {a.x - nx, a.y - ny}, {b.x - nx, b.y - ny}})
	}
	p.fill(polys, c)
}
