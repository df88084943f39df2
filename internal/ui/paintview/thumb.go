package paintview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// bigThumb shows a slider whose thumb is the touch target's size: Fyne
// draws the thumb 4 units smaller than the theme's inline icon size, so
// the slider alone gets a theme with a larger one.
func bigThumb(s *widget.Slider) fyne.CanvasObject {
	return container.NewThemeOverride(s, thumbTheme{})
}

// thumbTheme is the app's theme with a touch-sized inline icon.
type thumbTheme struct{}

func (thumbTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t thumbTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.base().Color(n, v)
}

func (t thumbTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base().Font(s) }

func (t thumbTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }

func (t thumbTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == fynetheme.SizeNameInlineIcon {
		return theme.MinTouchTarget + 4
	}
	return t.base().Size(n)
}
