package galleryui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Options configure the gallery's window.
type Options struct {
	Development bool
}

// UI is the gallery's main window.
type UI struct {
	win fyne.Window
}

// New builds the gallery window in a.
func New(a fyne.App, opts Options) *UI {
	a.Settings().SetTheme(theme.New())
	w := a.NewWindow("Afterimage Gallery")
	w.Resize(fyne.NewSize(1280, 800))
	title := canvas.NewText("Gallery", theme.Ink)
	title.TextSize = 40
	empty := widget.NewLabel("Pieces appear here as kiosks sync them.\nChoose a patient code to review their pieces across visits.")
	empty.Alignment = fyne.TextAlignCenter
	header := fyne.CanvasObject(container.NewPadded(title))
	if opts.Development {
		note := canvas.NewText("Development mode — reading the local development folder", theme.Ink)
		header = container.NewBorder(nil, nil, nil, container.NewStack(canvas.NewRectangle(theme.Banner), container.NewPadded(note)), header)
	}
	w.SetContent(container.NewStack(canvas.NewRectangle(theme.Paper),
		container.NewBorder(header, nil, nil, nil, container.NewVBox(layout.NewSpacer(), empty, layout.NewSpacer()))))
	return &UI{win: w}
}

// Window is the gallery's main window.
func (u *UI) Window() fyne.Window { return u.win }
