package galleryui

import (
	"context"
	"errors"
	"image/color"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/patientname"
)

// nameEditor sets or changes the clinic-side display name of the patient
// shown (gallery.Session.SetDisplayName: sealed, synced to the clinic's
// other galleries). Empty clears it.
type nameEditor struct {
	v       *patientView
	code    string
	entry   *widget.Entry
	save    *widget.Button
	message *widget.Label
	d       dialog.Dialog
	saving  bool
}

// editName opens the display-name editor for the patient shown.
func (v *patientView) editName() {
	v.b.u.s.Touch()
	if v.code == "" || v.code == unverifiedRow {
		return
	}
	e := &nameEditor{v: v, code: v.code}
	e.entry = widget.NewEntry()
	e.entry.SetPlaceHolder(tr("gallery.name.placeholder"))
	e.entry.SetText(v.name)
	e.entry.OnSubmitted = func(string) { e.submit() }
	e.save = widget.NewButton(tr("gallery.name.save"), e.submit)
	e.save.Importance = widget.HighImportance
	e.message = widget.NewLabel("")
	e.message.Wrapping = fyne.TextWrapWord
	e.message.Hide()
	hint := widget.NewLabel(tr("gallery.name.hint"))
	hint.Wrapping = fyne.TextWrapWord
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(460, 0))
	body := container.NewVBox(width, hint, e.entry, container.NewHBox(layout.NewSpacer(), e.save), e.message)
	e.d = v.showDialog("display name", trf("gallery.name.title", formatCode(v.code)), body, fyne.NewSize(540, 340), nil)
	v.nameEd = e
	v.b.u.win.Canvas().Focus(e.entry)
}

func (e *nameEditor) say(text string) {
	e.message.SetText(text)
	e.message.Hidden = text == ""
	e.message.Refresh()
}

// submit stores the name off the UI goroutine; the patients list and the
// header show it when it is stored.
func (e *nameEditor) submit() {
	v := e.v
	s := v.b.u.s
	s.Touch()
	if e.saving {
		return
	}
	name := strings.TrimSpace(e.entry.Text)
	if utf8.RuneCountInString(name) > patientname.MaxName {
		e.say(trf("gallery.name.toolong", patientname.MaxName))
		return
	}
	e.saving = true
	e.save.Disable()
	e.say(tr("gallery.notes.saving"))
	code := e.code
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), noteTimeout)
		defer cancel()
		err := s.SetDisplayName(ctx, code, name)
		v.b.u.do(func() {
			if v.b.dropped {
				return
			}
			e.saving = false
			e.save.Enable()
			if err != nil {
				v.b.u.log.Warn("gallery: display name not saved", "err", err)
				switch {
				case errors.Is(err, gallery.ErrNoRecords):
					e.say(tr("gallery.name.unavailable"))
				case strings.Contains(err.Error(), "patient name: on one line"):
					e.say(tr("gallery.name.oneline"))
				default:
					e.say(tr("gallery.name.failed"))
				}
				return
			}
			e.d.Hide()
			if v.code == code {
				v.setName(name)
			}
			v.b.reloadPatients()
			v.b.u.log.Info("display name saved", "cleared", name == "")
		})
	}()
}

// setName shows the patient's display name in the header.
func (v *patientView) setName(name string) {
	v.name = name
	if v.code == "" || v.code == unverifiedRow {
		return
	}
	v.heading.Text = formatCode(v.code)
	if name != "" {
		v.heading.Text += " · " + name
	}
	v.heading.Refresh()
}

// displayName is code's display name as the patients list has it.
func (b *browser) displayName(code string) string {
	for _, p := range b.rows {
		if p.Code == code {
			return p.DisplayName
		}
	}
	return ""
}

// listed: the patients list was read again; the header follows a name
// changed in another gallery.
func (v *patientView) listed(ps []index.Patient) {
	for _, p := range ps {
		if p.Code == v.code && p.DisplayName != v.name {
			v.setName(p.DisplayName)
		}
	}
}
