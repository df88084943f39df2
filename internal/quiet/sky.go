package quiet

import (
	"image"
	"math"
)

// SkySize is the sky texture's size in pixels: small, because the sky is
// smooth and the screen's GPU scales it up for free.
var SkySize = image.Pt(160, 100)

// NewSky returns a texture of SkySize for PaintSky.
func NewSky() *image.RGBA { return image.NewRGBA(image.Rectangle{Max: SkySize}) }

// PaintSky paints the scene's sky and water into img (any size): a
// gradient from the top of the sky to the glow at the horizon, the sun's
// soft glow, and below the horizon the water, darker with depth, with the
// glow's reflection. Opaque; about 0.1 ms for SkySize.
func PaintSky(img *image.RGBA, s Scene) {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	sky, glow, ground := vec(s.Sky), vec(s.Glow), vec(s.Ground)
	horizon := Horizon * h
	sunX, sunY, sunR := s.SunX*w, s.SunY*h, s.SunSize*h
	for y := 0; y < b.Dy(); y++ {
		fy := float64(y) + 0.5
		var row [3]float64
		var depth float64 // 0 at the horizon, 1 at the bottom
		if fy < horizon {
			f := fy / horizon
			row = lerp(sky, glow, f*f)
		} else {
			depth = (fy - horizon) / (h - horizon)
			row = lerp(glow, ground, math.Sqrt(depth))
		}
		p := img.Pix[y*img.Stride:]
		for x := 0; x < b.Dx(); x++ {
			fx := float64(x) + 0.5
			c := row
			var g float64
			if fy < horizon {
				dx, dy := (fx-sunX)/sunR, (fy-sunY)/sunR
				g = math.Exp(-(dx*dx + dy*dy))
			} else { // the reflection: narrow, stretched down
				dx, dy := (fx-sunX)/(sunR*0.5), (fy-(2*horizon-sunY))/(sunR*1.6)
				g = 0.5 * math.Exp(-(dx*dx + dy*dy)) * (1 - depth)
			}
			for k := range c {
				c[k] += (255 - c[k]) * 0.55 * g
			}
			p[4*x], p[4*x+1], p[4*x+2], p[4*x+3] = uint8(c[0]), uint8(c[1]), uint8(c[2]), 0xff
		}
	}
}

func vec(c interface{ RGBA() (r, g, b, a uint32) }) [3]float64 {
	r, g, b, _ := c.RGBA()
	return [3]float64{float64(r >> 8), float64(g >> 8), float64(b >> 8)}
}

func lerp(a, b [3]float64, f float64) [3]float64 {
	return [3]float64{a[0] + (b[0]-a[0])*f, a[1] + (b[1]-a[1])*f, a[2] + (b[2]-a[2])*f}
}
