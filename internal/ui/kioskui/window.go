package kioskui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Options configure the kiosk's window.
type Options struct {
	Development bool
	FullScreen  bool
}

// UI is the kiosk's window and what it shows.
type UI struct {
	win  fyne.Window
	opts Options
}

// New builds the kiosk window in a, showing the welcome screen.
func New(a fyne.App, opts Options) *UI {
	a.Settings().SetTheme(theme.New())
	w := a.NewWindow("Afterimage")
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1280, 800))
	if opts.FullScreen {
		w.SetFullScreen(true)
	}
	u := &UI{win: w, opts: opts}
	u.show(welcomeScreen(func() {}))
	return u
}

// Window is the kiosk's only window.
func (u *UI) Window() fyne.Window { return u.win }

func (u *UI) show(screen fyne.CanvasObject) {
	bg := canvas.NewRectangle(theme.Paper)
	body := fyne.CanvasObject(container.NewPadded(screen))
	if u.opts.Development {
		body = container.NewBorder(devBanner(), nil, nil, nil, body)
	}
	u.win.SetContent(container.NewStack(bg, body))
}
