package kioskui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// welcomeScreen is the first thing every patient sees.
func welcomeScreen(onBegin func()) fyne.CanvasObject {
	title := canvas.NewText("Welcome", theme.Ink)
	title.TextSize = 56
	title.Alignment = fyne.TextAlignCenter
	intro := widget.NewLabel("A quiet place to draw, make sound, or say something\nabout your session. Nothing here is required.")
	intro.Alignment = fyne.TextAlignCenter
	begin := widget.NewButton("Begin", onBegin)
	begin.Importance = widget.HighImportance
	return container.NewVBox(
		layout.NewSpacer(),
		title,
		intro,
		container.NewCenter(theme.Touch(begin, fyne.NewSize(280, 88))),
		layout.NewSpacer(),
	)
}

// devBanner labels every screen of a development-mode kiosk.
func devBanner() fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Banner)
	text := canvas.NewText("Development mode — pieces stay on this computer, sealed to a development key", theme.Ink)
	text.TextSize = 18
	text.Alignment = fyne.TextAlignCenter
	return container.NewStack(bg, container.NewPadded(text))
}
