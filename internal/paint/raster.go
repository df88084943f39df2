package paint

import (
	"encoding/binary"
	"image/color"
	"math"
)

// Coordinates inside the engine are fixed point: 1/16 canvas pixel.
const (
	sub    = 16
	subInv = 1.0 / sub
)

// div255 returns x/255 rounded, exactly, for 0 ≤ x ≤ 255·255.
func div255(x uint32) uint32 {
	x += 128
	return (x + x>>8) >> 8
}

// grain is the pencil's paper texture at pixel x,y: 150..255, fixed by
// position so that it is the same in every stroke and every replay.
func grain(x, y int) uint32 {
	h := uint32(x)*0x9e3779b1 ^ uint32(y)*0x85ebca77
	h ^= h >> 15
	h *= 0x2c1b3c6d
	h ^= h >> 12
	return 150 + (h>>24)*105/255
}

// capsule is one tapered capsule being painted: the segment a→b in 1/16 px,
// radius r0 at a and r1 at b in px.
type capsule struct {
	ax, ay, bx, by int64
	dx, dy, den    int64
	r0, r1, rc, k  float64
	invLen         float64
	taper          bool
	// float geometry in px, for row spans only
	fax, fay, fdx, fdy, fl2, fl float64
	invFdx, invFdy              float64 // 1/fdx, 1/fdy (0 when fdx, fdy are 0)

	sp         spec
	cr, cg, cb uint32
	op         uint32
	fill       uint32 // the colour as a little-endian RGBA word
	// squared distances (1/256 px²) beyond which coverage is 0, and within
	// which a hard brush covers fully
	out2, in2 float64
}

// span returns the x range [lo,hi] (px, of pixel centres) where the row at
// height cy crosses the capsule around the segment with radius R. It only
// chooses which pixels to visit: callers pass R with a margin, so float
// rounding here (fused or not) never changes a pixel's value.
func (g *capsule) span(cy, R float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	RR := R * R
	if e := cy - g.fay; e*e < RR {
		h := math.Sqrt(RR - e*e)
		lo, hi = min(lo, g.fax-h), max(hi, g.fax+h)
	}
	fbx, fby := g.fax+g.fdx, g.fay+g.fdy
	if e := cy - fby; e*e < RR {
		h := math.Sqrt(RR - e*e)
		lo, hi = min(lo, fbx-h), max(hi, fbx+h)
	}
	if g.fl2 == 0 {
		return lo, hi
	}
	ey := cy - g.fay
	plo, phi := math.Inf(-1), math.Inf(1)
	if g.fdy != 0 {
		x1 := g.fax + (ey*g.fdx-R*g.fl)*g.invFdy
		x2 := g.fax + (ey*g.fdx+R*g.fl)*g.invFdy
		plo, phi = min(x1, x2), max(x1, x2)
	} else if math.Abs(ey) > R {
		return lo, hi
	}
	tlo, thi := math.Inf(-1), math.Inf(1)
	if g.fdx != 0 {
		x1 := g.fax - ey*g.fdy*g.invFdx
		x2 := g.fax + (g.fl2-ey*g.fdy)*g.invFdx
		tlo, thi = min(x1, x2), max(x1, x2)
	} else if v := ey * g.fdy; v < 0 || v > g.fl2 {
		return lo, hi
	}
	if l2, h2 := max(plo, tlo), min(phi, thi); l2 <= h2 {
		lo, hi = min(lo, l2), max(hi, h2)
	}
	return lo, hi
}

// pixelRange turns a span of pixel centres into pixel columns [xs,xe)
// clipped to 0..w.
func pixelRange(lo, hi float64, w int) (xs, xe int) {
	if !(lo <= hi) {
		return 0, 0
	}
	xs = max(int(math.Ceil(max(lo-0.5, -1))), 0)
	xe = min(int(math.Floor(min(hi-0.5, float64(w))))+1, w)
	return xs, max(xs, xe)
}

// capsule paints the tapered capsule from a to b (1/16 px) whose radius
// goes from r0 at a to r1 at b (px), with coverage shaped by sp.profile,
// in colour col at opacity op (0..255), in one pass over the pixels near
// the capsule, row span by row span. Where a hard brush covers pixels
// fully (the inner span) no distance is computed at all.
//
// Unless sp.accumulate, each pixel becomes lerp(pre-action pixel, col,
// max coverage so far in this stroke): overlapping segments of one stroke
// never darken each other.
func (p *Painter) capsule(ax, ay, bx, by int64, r0, r1 float64, sp spec, col color.RGBA, op uint32) {
	if op == 0 {
		return
	}
	c := p.c
	g := capsule{ax: ax, ay: ay, bx: bx, by: by, r0: r0, r1: r1, rc: r0, sp: sp, op: op,
		cr: uint32(col.R), cg: uint32(col.G), cb: uint32(col.B)}
	g.fill = uint32(col.R) | uint32(col.G)<<8 | uint32(col.B)<<16 | 0xff<<24
	g.dx, g.dy = bx-ax, by-ay
	g.den = g.dx*g.dx + g.dy*g.dy
	if g.den > 0 {
		g.invLen = 1 / float64(math.Sqrt(float64(g.den))*sub)
		g.k = (r1 - r0) / float64(g.den)
		g.taper = r0 != r1
	} else {
		g.rc = max(r0, r1)
	}
	g.fax, g.fay = float64(ax)*subInv, float64(ay)*subInv
	g.fdx, g.fdy = float64(g.dx)*subInv, float64(g.dy)*subInv
	g.fl2 = float64(g.fdx*g.fdx) + float64(g.fdy*g.fdy)
	g.fl = math.Sqrt(g.fl2)
	if g.fdx != 0 {
		g.invFdx = 1 / g.fdx
	}
	if g.fdy != 0 {
		g.invFdy = 1 / g.fdy
	}

	// Coverage is 0 beyond r+0.5 (hard) or r (soft): R bounds the pixels
	// visited, with a margin for rounding in the span arithmetic.
	R := max(r0, r1) + 0.5 + 0.01
	// Pixels whose centre lies within rIn of the segment are fully covered
	// by a hard brush: d ≤ rIn < min(r0,r1)-0.5 ≤ r-0.5 gives coverage 1.
	rIn := -1.0
	if sp.profile == profileHard {
		rIn = min(r0, r1) - 0.5 - 0.01
	}
	if sp.profile == profileSoft {
		g.out2 = float64(max(r0, r1)*sub) * float64(max(r0, r1)*sub)
	} else {
		o := float64((max(r0, r1) + 0.5) * sub)
		g.out2 = o * o
		if i := min(r0, r1) - 0.5; i > 0 {
			g.in2 = float64(i*sub) * float64(i*sub)
		}
	}
	y0 := max(int(math.Floor(min(g.fay, g.fay+g.fdy)-R)), 0)
	y1 := min(int(math.Ceil(max(g.fay, g.fay+g.fdy)+R)), c.h-1)
	for y := y0; y <= y1; y++ {
		cy := float64(y) + 0.5
		xs, xe := pixelRange2(&g, cy, R, c.w)
		if xs >= xe {
			continue
		}
		if rIn > 0.5 {
			is, ie := pixelRange2(&g, cy, rIn, c.w)
			if is < ie {
				is, ie = max(is, xs), min(ie, xe)
				p.rowEdge(&g, y, xs, is)
				p.rowInner(&g, y, is, ie)
				p.rowEdge(&g, y, ie, xe)
				continue
			}
		}
		p.rowEdge(&g, y, xs, xe)
	}
}

// rowInner paints pixels [xs,xe) of row y at full coverage.
func (p *Painter) rowInner(g *capsule, y, xs, xe int) {
	c := p.c
	ty := y / TileSize
	ry := y - ty*TileSize
	a := g.op
	for x := xs; x < xe; {
		tx := x / TileSize
		tEnd := min(xe, (tx+1)*TileSize)
		ti := ty*c.cols + tx
		p.touch(ti)
		t := c.tiles[ti]
		pix := t.Pix
		mask := p.maskFor(ti)
		off := ry*t.Stride + (x-tx*TileSize)*4
		mo := ry*TileSize + (x - tx*TileSize)
		n := tEnd - x
		if a == 255 {
			m := mask[mo : mo+n]
			row := pix[off : off+4*n]
			for i := range m {
				m[i] = 255
				binary.LittleEndian.PutUint32(row[i*4:], g.fill)
			}
		} else {
			pre := p.pre[ti]
			ia := 255 - a
			for i := 0; i < n; i, off, mo = i+1, off+4, mo+1 {
				m := mask[mo]
				if uint8(a) <= m {
					continue
				}
				mask[mo] = uint8(a)
				base := pix // untouched by this stroke: still the pre-stroke pixel
				if m != 0 {
					base = pre
				}
				pix[off] = uint8(div255(uint32(base[off])*ia + g.cr*a))
				pix[off+1] = uint8(div255(uint32(base[off+1])*ia + g.cg*a))
				pix[off+2] = uint8(div255(uint32(base[off+2])*ia + g.cb*a))
			}
		}
		x = tEnd
	}
}

// rowEdge paints pixels [xs,xe) of row y, computing each one's distance
// to the segment and so its coverage.
func (p *Painter) rowEdge(g *capsule, y, xs, xe int) {
	c := p.c
	ty := y / TileSize
	ry := y - ty*TileSize
	cy16 := int64(y)*sub + sub/2
	eyA := cy16 - g.ay
	eyB := cy16 - g.by
	dx, dy, den := g.dx, g.dy, g.den
	for x := xs; x < xe; {
		tx := x / TileSize
		tEnd := min(xe, (tx+1)*TileSize)
		ti := ty*c.cols + tx
		p.touch(ti)
		t := c.tiles[ti]
		pix := t.Pix
		pre := p.pre[ti]
		var mask []uint8
		if !g.sp.accumulate {
			mask = p.maskFor(ti)
		}
		off := ry*t.Stride + (x-tx*TileSize)*4
		mo := ry*TileSize + (x - tx*TileSize)
		exA := int64(x)*sub + sub/2 - g.ax
		num := exA*dx + eyA*dy
		cross := exA*dy - eyA*dx
		for ; x < tEnd; x, off, mo, exA, num, cross = x+1, off+4, mo+1, exA+sub, num+sub*dx, cross+sub*dy {
			// squared distance in 1/256 px², exact, and radius at the foot
			var d2 float64
			r := g.rc
			switch {
			case num <= 0:
				d2 = float64(exA*exA + eyA*eyA)
				if g.taper {
					r = g.r0
				}
			case num >= den:
				exB := exA - dx
				d2 = float64(exB*exB + eyB*eyB)
				if g.taper {
					r = g.r1
				}
			default:
				ac := cross
				if ac < 0 {
					ac = -ac
				}
				d := float64(float64(ac) * g.invLen)
				d2 = float64(d*d) * (sub * sub)
				if g.taper {
					r = g.r0 + float64(g.k*float64(num))
				}
			}
			// cheap tests on d² first: outside, or (hard) fully covered
			if d2 >= g.out2 {
				continue
			}
			var cov float64
			if g.sp.profile == profileSoft {
				q2 := d2 * subInv * subInv / float64(r*r)
				if q2 >= 1 {
					continue
				}
				q := 1 - q2
				cov = float64(q * q)
			} else if d2 <= g.in2 {
				cov = 1
			} else {
				d := float64(math.Sqrt(d2) * subInv)
				cov = r + 0.5 - d
				if cov <= 0 {
					continue
				}
				if cov > 1 {
					cov = 1
				}
			}
			a := uint32(float64(cov*255) + 0.5)
			if g.sp.profile == profileGrain {
				a = div255(a * grain(x, y))
			}
			a = div255(a * g.op)
			if a == 0 {
				continue
			}
			var br, bg, bb uint32
			if mask != nil {
				m := mask[mo]
				if uint8(a) <= m {
					continue
				}
				mask[mo] = uint8(a)
				if m == 0 {
					// untouched by this stroke so far: the canvas still
					// holds the pre-stroke pixel, already in cache
					br, bg, bb = uint32(pix[off]), uint32(pix[off+1]), uint32(pix[off+2])
				} else {
					br, bg, bb = uint32(pre[off]), uint32(pre[off+1]), uint32(pre[off+2])
				}
			} else {
				br, bg, bb = uint32(pix[off]), uint32(pix[off+1]), uint32(pix[off+2])
			}
			ia := 255 - a
			pix[off] = uint8(div255(br*ia + g.cr*a))
			pix[off+1] = uint8(div255(bg*ia + g.cg*a))
			pix[off+2] = uint8(div255(bb*ia + g.cb*a))
		}
	}
}

func pixelRange2(g *capsule, cy, R float64, w int) (int, int) {
	lo, hi := g.span(cy, R)
	return pixelRange(lo, hi, w)
}
