package kioskui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// heading is a screen's large title.
func heading(text string) *canvas.Text {
	t := canvas.NewText(text, theme.Ink)
	t.TextSize = 44
	t.Alignment = fyne.TextAlignCenter
	return t
}

// hint is a screen's calm explanation.
func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Alignment = fyne.TextAlignCenter
	return l
}

// bigButton is a button at least min in size; primary ones are filled.
func bigButton(label string, primary bool, min fyne.Size, tapped func()) (*widget.Button, fyne.CanvasObject) {
	b := widget.NewButton(label, tapped)
	if primary {
		b.Importance = widget.HighImportance
	}
	return b, theme.Touch(b, min)
}

// centred stacks objects in the middle of the screen.
func centred(objs ...fyne.CanvasObject) fyne.CanvasObject {
	box := container.NewVBox(objs...)
	return container.NewVBox(layout.NewSpacer(), container.NewCenter(box), layout.NewSpacer())
}

var (
	actionSize = fyne.NewSize(280, 88)
	navSize    = fyne.NewSize(180, 72)
)
