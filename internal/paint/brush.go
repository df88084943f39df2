package paint

import (
	"fmt"
	"image/color"
	"math"
)

// Kind is a brush type. Its numeric value is stored in stroke logs: never
// renumber.
type Kind uint8

// The studio's brushes.
const (
	Pencil   Kind = 1 // thin, grainy, slightly translucent
	Ink      Kind = 2 // crisp, thinner when moved fast, like a pen
	Soft     Kind = 3 // soft round brush with a gentle falloff
	Marker   Kind = 4 // flat translucent colour that does not darken where it overlaps itself
	Airbrush Kind = 5 // a spray that builds up where it lingers
	Eraser   Kind = 6 // paints the paper colour
)

// Kinds lists every brush in toolbar order.
var Kinds = []Kind{Pencil, Ink, Soft, Marker, Airbrush, Eraser}

func (k Kind) String() string {
	switch k {
	case Pencil:
		return "pencil"
	case Ink:
		return "ink"
	case Soft:
		return "soft"
	case Marker:
		return "marker"
	case Airbrush:
		return "airbrush"
	case Eraser:
		return "eraser"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

func (k Kind) valid() bool { return k >= Pencil && k <= Eraser }

// Size presets: brush diameters in canvas pixels. Any size between MinSize
// and MaxSize may be chosen with a slider.
const (
	SizeSmall      = 4
	SizeMedium     = 12
	SizeLarge      = 32
	SizeExtraLarge = 80
	MinSize        = 1
	MaxSize        = 240
)

// Brush is the tool a stroke is drawn with.
type Brush struct {
	Kind    Kind
	Color   color.RGBA // alpha is ignored: use Opacity
	Size    float64    // diameter in canvas pixels, MinSize..MaxSize
	Opacity float64    // 0..1
}

// DefaultBrush is what the studio starts with.
var DefaultBrush = Brush{Kind: Soft, Color: Palette[0], Size: SizeMedium, Opacity: 1}

// quantized returns b as the engine and the log see it: size in 1/16 px,
// opacity in 1/255, colour opaque, kind valid.
func (b Brush) quantized() Brush {
	if !b.Kind.valid() {
		b.Kind = DefaultBrush.Kind
	}
	b.Color.A = 0xff
	s := math.Round(b.Size * 16)
	if !(s >= MinSize*16) { // also catches NaN
		s = MinSize * 16
	}
	if s > MaxSize*16 {
		s = MaxSize * 16
	}
	b.Size = s / 16
	b.Opacity = float64(opacity8(b.Opacity)) / 255
	return b
}

func opacity8(o float64) uint8 {
	if !(o > 0) {
		return 0
	}
	if o >= 1 {
		return 255
	}
	return uint8(math.Round(o * 255))
}

// profile is how coverage falls off with distance from a stroke's centre line.
type profile uint8

const (
	profileHard  profile = iota // anti-aliased hard edge
	profileSoft                 // (1-(d/r)²)² falloff
	profileGrain                // hard edge modulated by a paper-grain texture
)

// spec is what makes each brush feel different.
type spec struct {
	profile    profile
	opacity    float64 // multiplies the brush opacity
	speedThin  float64 // how much fast movement thins the line (0 = none)
	minWidth   float64 // the thinnest the speed may make it, as a fraction
	accumulate bool    // paint builds up instead of keeping the stroke's maximum
}

func specOf(k Kind) spec {
	switch k {
	case Pencil:
		return spec{profile: profileGrain, opacity: 0.9, speedThin: 0.08, minWidth: 0.75}
	case Ink:
		return spec{profile: profileHard, opacity: 1, speedThin: 0.35, minWidth: 0.35}
	case Marker:
		return spec{profile: profileHard, opacity: 0.55}
	case Airbrush:
		return spec{profile: profileSoft, opacity: 0.2, accumulate: true}
	case Eraser:
		return spec{profile: profileHard, opacity: 1}
	default: // Soft
		return spec{profile: profileSoft, opacity: 1, speedThin: 0.1, minWidth: 0.7}
	}
}
