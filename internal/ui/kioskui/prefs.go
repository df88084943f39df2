package kioskui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/kioskprefs"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// loadPrefs applies staff's saved choices over the configuration. A damaged
// file is logged and the configuration's values are used.
func (u *UI) loadPrefs() {
	p, err := kioskprefs.Load(u.deps.Config.DataDir)
	if err != nil {
		u.log.Warn("staff preferences unreadable; using the configuration's values", "err", err)
		return
	}
	p.Apply(&u.deps.Config.Kiosk)
	u.prefs = p
	u.mic.Store(u.deps.Config.Kiosk.Microphone)
}

// savePrefs keeps the staff's choices for the next start; the choice holds
// for this run even if it cannot be saved.
func (u *UI) savePrefs() {
	if err := kioskprefs.Save(u.deps.Config.DataDir, u.prefs); err != nil {
		u.log.Error("could not save staff preferences; the choice holds until the kiosk restarts", "err", err)
	}
}

// microphone is the input device recordings use ("" is the default).
func (u *UI) microphone() string {
	s, _ := u.mic.Load().(string)
	return s
}

// applyTheme sets the kiosk's theme from the configuration.
func (u *UI) applyTheme() {
	k := u.deps.Config.Kiosk
	u.app.Settings().SetTheme(theme.NewWithOptions(theme.Options{HighContrast: k.HighContrast, TextScale: float32(k.TextScale)}))
}

// micPicker lets staff choose the microphone. Fyne thread only; listing
// the devices takes milliseconds (PortAudio's scan), and only staff wait.
func (u *UI) micPicker() fyne.CanvasObject {
	def := tr("kiosk.staff.micdefault")
	current := u.microphone()
	names, err := u.deps.Microphones()
	if err != nil {
		u.log.Warn("could not list microphones", "err", err)
	}
	opts := append([]string{def}, names...)
	if current != "" && !slices.Contains(names, current) {
		opts = append(opts, current) // chosen, but not plugged in now: still shown
	}
	sel := widget.NewSelect(opts, nil)
	sel.Selected = def
	if current != "" {
		sel.Selected = current
	}
	sel.OnChanged = func(name string) {
		if name == def {
			name = ""
		}
		if name == u.microphone() {
			return
		}
		u.mic.Store(name)
		u.prefs.Microphone = &name
		u.savePrefs()
		u.log.Info("staff chose a microphone", "device", name)
	}
	return container.NewBorder(nil, nil, widget.NewLabel(tr("kiosk.staff.mic")), nil, theme.Touch(sel, fyne.NewSize(420, 72)))
}

// contrastToggle switches high contrast on or off for this kiosk.
func (u *UI) contrastToggle() fyne.CanvasObject {
	label := func() string {
		if u.deps.Config.Kiosk.HighContrast {
			return trf("kiosk.staff.contrast", tr("kiosk.staff.on"))
		}
		return trf("kiosk.staff.contrast", tr("kiosk.staff.off"))
	}
	b, obj := bigButton(label(), false, actionSize, nil)
	b.OnTapped = func() {
		hc := !u.deps.Config.Kiosk.HighContrast
		u.deps.Config.Kiosk.HighContrast = hc
		u.prefs.HighContrast = &hc
		u.applyTheme()
		b.SetText(label())
		u.savePrefs()
		u.log.Info("staff switched high contrast", "on", hc)
	}
	return obj
}
