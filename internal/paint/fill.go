package paint

import (
	"image/color"
	"time"
)

// Fill floods the area around canvas pixel x,y whose colour is within
// FillTolerance of that pixel's with the brush colour and opacity, as one
// undoable step. A tap outside the canvas does nothing.
func (p *Painter) Fill(x, y int, t time.Duration) {
	p.EndStroke()
	if x < 0 || y < 0 || x >= p.c.w || y >= p.c.h {
		return
	}
	b := p.brush
	p.fill(x, y, b.Color, opacity8(b.Opacity), p.FillTolerance)
	p.log.add(&Action{Kind: ActFill, T: p.micros(t), X: int32(x), Y: int32(y), Brush: b, Tolerance: p.FillTolerance})
}

func absDiff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

// fill is a scanline flood fill over the tiled canvas.
func (p *Painter) fill(x0, y0 int, col color.RGBA, op uint8, tol uint8) {
	c := p.c
	w, h := c.w, c.h
	words := (w*h + 63) / 64
	if cap(p.visited) < words {
		p.visited = make([]uint64, words)
	}
	vis := p.visited[:words]
	clear(vis)
	seed := c.RGBAAt(x0, y0)
	a := uint32(op)
	ia := 255 - a
	cr, cg, cb := uint32(col.R), uint32(col.G), uint32(col.B)

	pixAt := func(x, y int) (pix []uint8, o int, ti int) {
		ti = (y/TileSize)*c.cols + x/TileSize
		t := c.tiles[ti]
		return t.Pix, (y%TileSize)*t.Stride + (x%TileSize)*4, ti
	}
	matches := func(x, y int) bool {
		i := y*w + x
		if vis[i>>6]&(1<<(i&63)) != 0 {
			return false
		}
		pix, o, _ := pixAt(x, y)
		return absDiff(pix[o], seed.R) <= tol && absDiff(pix[o+1], seed.G) <= tol && absDiff(pix[o+2], seed.B) <= tol
	}
	paint := func(x, y int) {
		i := y*w + x
		vis[i>>6] |= 1 << (i & 63)
		pix, o, ti := pixAt(x, y)
		if p.pre[ti] == nil { // a fill ends before anyone can take the dirty list: once is enough
			p.touch(ti)
		}
		pix[o] = uint8(div255(uint32(pix[o])*ia + cr*a))
		pix[o+1] = uint8(div255(uint32(pix[o+1])*ia + cg*a))
		pix[o+2] = uint8(div255(uint32(pix[o+2])*ia + cb*a))
	}

	type seedPt struct{ x, y int }
	stack := []seedPt{{x0, y0}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !matches(s.x, s.y) {
			continue
		}
		l := s.x
		for l > 0 && matches(l-1, s.y) {
			l--
		}
		r := s.x
		for r+1 < w && matches(r+1, s.y) {
			r++
		}
		for x := l; x <= r; x++ {
			paint(x, s.y)
		}
		for _, ny := range [2]int{s.y - 1, s.y + 1} {
			if ny < 0 || ny >= h {
				continue
			}
			in := false
			for x := l; x <= r; x++ {
				m := matches(x, ny)
				if m && !in {
					stack = append(stack, seedPt{x, ny})
				}
				in = m
			}
		}
	}
	p.commit()
}
