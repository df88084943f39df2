package galleryui

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// lockScreen asks for the clinic's passphrase; while the session unlocks
// (a deliberately slow KDF, off the UI goroutine) it shows that it is
// working and takes no second submit.
type lockScreen struct {
	u       *UI
	content fyne.CanvasObject
	entry   *widget.Entry // nil: no passphrase needed
	unlock  *widget.Button
	busy    *widget.ProgressBarInfinite
	busyMsg *widget.Label
	message *canvas.Text
}

func newLockScreen(u *UI, err error, idle bool) *lockScreen {
	l := &lockScreen{u: u}
	heading := canvas.NewText(tr("gallery.lock.title"), theme.Ink)
	heading.TextSize = 30
	heading.Alignment = fyne.TextAlignCenter
	hint := widget.NewLabel(tr("gallery.lock.hint"))
	if u.opts.NoPassphrase {
		hint.SetText(tr("gallery.lock.devhint"))
	}
	hint.Alignment = fyne.TextAlignCenter
	hint.Wrapping = fyne.TextWrapWord
	l.unlock = widget.NewButton(tr("gallery.lock.unlock"), l.submit)
	l.unlock.Importance = widget.HighImportance
	l.busy = widget.NewProgressBarInfinite()
	l.busy.Stop()
	l.busy.Hide()
	l.busyMsg = widget.NewLabel(tr("gallery.lock.unlocking"))
	l.busyMsg.Alignment = fyne.TextAlignCenter
	l.busyMsg.Hide()
	l.message = canvas.NewText("", theme.Clay)
	l.message.Alignment = fyne.TextAlignCenter
	switch {
	case errors.Is(err, gallery.ErrWrongPassphrase):
		l.message.Text = tr("gallery.lock.wrong")
	case err != nil:
		l.message.Text = trf("gallery.lock.failed", err.Error())
	case idle:
		l.message.Text = trf("gallery.lock.auto", idleText(u.idleLock))
	}
	width := canvas.NewRectangle(nil)
	width.SetMinSize(fyne.NewSize(520, 0))
	box := container.NewVBox(width, heading, hint)
	if !u.opts.NoPassphrase {
		l.entry = widget.NewPasswordEntry()
		l.entry.SetPlaceHolder(tr("gallery.lock.passphrase"))
		l.entry.OnSubmitted = func(string) { l.submit() }
		l.entry.OnChanged = func(string) { u.s.Touch() }
		box.Add(l.entry)
	}
	box.Add(l.unlock)
	box.Add(l.message)
	box.Add(l.busy)
	box.Add(l.busyMsg)
	var top fyne.CanvasObject
	if u.opts.Development {
		top = devBanner()
	}
	l.content = u.background(container.NewBorder(top, nil, nil, nil, container.NewCenter(box)))
	return l
}

// submit hands the passphrase to the session, which unlocks off the UI
// goroutine.
func (l *lockScreen) submit() {
	if l == nil || l.unlock.Disabled() {
		return
	}
	pass := ""
	if l.entry != nil {
		pass = l.entry.Text
		l.entry.SetText("") // the passphrase is not kept on screen
	}
	l.u.s.Unlock(pass)
}

// setBusy shows that the passphrase is being checked.
func (l *lockScreen) setBusy(busy bool) {
	if l == nil {
		return
	}
	if busy {
		l.unlock.Disable()
		if l.entry != nil {
			l.entry.Disable()
		}
		l.message.Text = ""
		l.message.Refresh()
		l.busy.Show()
		l.busy.Start()
		l.busyMsg.Show()
		return
	}
	l.busy.Stop()
	l.busy.Hide()
	l.busyMsg.Hide()
	l.unlock.Enable()
	if l.entry != nil {
		l.entry.Enable()
	}
}

func (l *lockScreen) focus() {
	if l.entry != nil {
		l.u.win.Canvas().Focus(l.entry)
	}
}

func idleText(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return fmt.Sprintf("%d s", d/time.Second)
}

func devBanner() fyne.CanvasObject {
	note := canvas.NewText(tr("gallery.dev.banner"), theme.Ink)
	return container.NewStack(canvas.NewRectangle(theme.Banner), container.NewPadded(note))
}
