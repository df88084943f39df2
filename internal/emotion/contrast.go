package emotion

import (
	"image/color"
	"math"
)

// MinContrast is the WCAG AA contrast ratio required for normal text.
const MinContrast = 4.5

// Text colours to choose between for text drawn on a word or region colour.
var (
	DarkText  = color.NRGBA{R: 0x1b, G: 0x1d, B: 0x24, A: 0xff}
	LightText = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// RelativeLuminance is the WCAG 2 relative luminance of an opaque colour.
func RelativeLuminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Contrast is the WCAG 2 contrast ratio between two opaque colours, 1..21.
func Contrast(a, b color.Color) float64 {
	la, lb := RelativeLuminance(a), RelativeLuminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TextOn returns the text colour (DarkText or LightText) with the higher
// contrast on background bg, and that contrast.
func TextOn(bg color.Color) (color.NRGBA, float64) {
	dark, light := Contrast(bg, DarkText), Contrast(bg, LightText)
	if dark >= light {
		return DarkText, dark
	}
	return LightText, light
}
