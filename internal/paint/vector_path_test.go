package paint

import (
	"math"

	"golang.org/x/image/vector"
)

// capsulePath adds a capsule outline (two half circles of four cubic
// Béziers each, joined by straight sides) to z.
func capsulePath(z *vector.Rasterizer, ax, ay, bx, by, r float32) {
	dx, dy := bx-ax, by-ay
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		dx, l = 1, 1
	}
	// unit direction and normal
	ux, uy := dx/l, dy/l
	nx, ny := -uy, ux
	const k = 0.5522847 // cubic circle constant
	arc := func(cx, cy, sx, sy float32) {
		// half circle from centre+s·r around to centre-s·r, bulging along s×90°
		px, py := sx, sy
		for range 2 {
			qx, qy := -py, px // rotate 90°
			if sx*ux+sy*uy < 0 || (sx == nx && sy == ny) {
				qx, qy = py, -px
			}
			z.CubeTo(cx+r*(px+k*qx), cy+r*(py+k*qy), cx+r*(qx+k*px), cy+r*(qy+k*py), cx+r*qx, cy+r*qy)
			px, py = qx, qy
		}
	}
	z.MoveTo(ax+r*nx, ay+r*ny)
	z.LineTo(bx+r*nx, by+r*ny)
	arc(bx, by, nx, ny)
	z.LineTo(ax-r*nx, ay-r*ny)
	arc(ax, ay, -nx, -ny)
	z.ClosePath()
}
