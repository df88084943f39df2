package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
)

// MinTouchTarget is the smallest edge, in Fyne units, of anything a patient taps.
const MinTouchTarget float32 = 64

// Options adjusts the theme to a screen and a patient.
type Options struct {
	// HighContrast swaps the calm palette for near-black on white.
	HighContrast bool
	// TextScale multiplies every text size; 0 means 1.
	TextScale float32
}

// Theme implements fyne.Theme. The zero value is not usable; call New.
type Theme struct {
	opts    Options
	palette palette
}

var _ fyne.Theme = (*Theme)(nil)

// New returns the calm theme.
func New() *Theme { return NewWithOptions(Options{}) }

// NewWithOptions returns the theme adjusted by opts.
func NewWithOptions(opts Options) *Theme {
	if opts.TextScale <= 0 {
		opts.TextScale = 1
	}
	p := calm
	if opts.HighContrast {
		p = highContrast
	}
	return &Theme{opts: opts, palette: p}
}

// HighContrast reports whether the high-contrast palette is in use.
func (t *Theme) HighContrast() bool { return t.opts.HighContrast }

// Color returns the palette's colour for n. Afterimage always uses its own
// light palette: the kiosk must look the same whatever the desktop prefers.
func (t *Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if c, ok := t.palette[n]; ok {
		return c
	}
	return fynetheme.DefaultTheme().Color(n, fynetheme.VariantLight)
}

// Font returns Fyne's bundled font.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource { return fynetheme.DefaultTheme().Font(s) }

// Icon returns Fyne's bundled icon.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return fynetheme.DefaultTheme().Icon(n) }

// Size returns generous sizes: big text, roomy padding, round corners.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	s := t.opts.TextScale
	switch n {
	case fynetheme.SizeNameText:
		return 22 * s
	case fynetheme.SizeNameHeadingText:
		return 40 * s
	case fynetheme.SizeNameSubHeadingText:
		return 28 * s
	case fynetheme.SizeNameCaptionText:
		return 17 * s
	case fynetheme.SizeNamePadding:
		return 8
	case fynetheme.SizeNameInnerPadding:
		return 16
	case fynetheme.SizeNameInlineIcon:
		return 28
	case fynetheme.SizeNameInputRadius, fynetheme.SizeNameSelectionRadius:
		return 14
	case fynetheme.SizeNameInputBorder:
		return 2
	case fynetheme.SizeNameScrollBar:
		return 20
	case fynetheme.SizeNameScrollBarSmall:
		return 8
	case fynetheme.SizeNameSeparatorThickness:
		return 2
	}
	return fynetheme.DefaultTheme().Size(n)
}
