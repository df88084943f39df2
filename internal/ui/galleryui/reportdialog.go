package galleryui

import (
	"context"
	"errors"
	"image/color"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
)

// reportDialog makes the patient's follow-up report
// (gallery.Session.WriteReportFile): a period, a folder the therapist
// picks, a progress bar while it is written off the UI goroutine, and
// Cancel, which leaves no file.
type reportDialog struct {
	v        *patientView
	code     string
	from, to *widget.Entry
	folder   string
	where    *widget.Label
	choose   *widget.Button
	write    *widget.Button
	cancel   *widget.Button
	progress *widget.ProgressBar
	message  *widget.Label
	d        dialog.Dialog
	running  context.CancelFunc // nil: not writing
	// onProgress, if set (tests), sees each progress step on the report's
	// goroutine before the bar does.
	onProgress func(done, total int)
}

// dateForm is how the period's dates are typed.
const dateForm = "2006-01-02"

// makeReport opens the report dialog for the patient shown, its period
// the patient's first to last visit.
func (v *patientView) makeReport() {
	v.b.u.s.Touch()
	if v.code == "" || v.code == unverifiedRow {
		return
	}
	r := &reportDialog{v: v, code: v.code}
	r.from, r.to = widget.NewEntry(), widget.NewEntry()
	r.from.SetPlaceHolder(dateForm)
	r.to.SetPlaceHolder(dateForm)
	today := time.Now().Local()
	r.from.SetText(today.AddDate(0, -3, 0).Format(dateForm))
	r.to.SetText(today.Format(dateForm))
	if n := len(v.visits); n > 0 {
		r.from.SetText(v.visits[n-1].Started.Local().Format(dateForm))
		r.to.SetText(v.visits[0].Started.Local().Format(dateForm))
	}
	r.where = widget.NewLabel(tr("gallery.report.nofolder"))
	r.where.Truncation = fyne.TextTruncateEllipsis
	r.choose = widget.NewButton(tr("gallery.report.choose"), r.chooseFolder)
	r.write = widget.NewButton(tr("gallery.report.make"), r.start)
	r.write.Importance = widget.HighImportance
	r.write.Disable()
	r.cancel = widget.NewButton(tr("gallery.report.cancel"), r.stop)
	r.cancel.Hide()
	r.progress = widget.NewProgressBar()
	r.progress.Hide()
	r.message = widget.NewLabel("")
	r.message.Wrapping = fyne.TextWrapWord
	r.message.Hide()
	hint := widget.NewLabel(tr("gallery.report.hint"))
	hint.Wrapping = fyne.TextWrapWord
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(560, 0))
	form := widget.NewForm(
		widget.NewFormItem(tr("gallery.report.from"), r.from),
		widget.NewFormItem(tr("gallery.report.to"), r.to),
		widget.NewFormItem(tr("gallery.report.folder"), container.NewBorder(nil, nil, nil, r.choose, r.where)),
	)
	body := container.NewVBox(width, hint, form, r.progress,
		container.NewHBox(layout.NewSpacer(), r.cancel, r.write), r.message)
	r.d = v.showDialog("report", trf("gallery.report.title", formatCode(v.code)), body, fyne.NewSize(660, 520), r.stop)
	v.report = r
}

// chooseFolder asks for the folder with Fyne's folder dialog.
func (r *reportDialog) chooseFolder() {
	r.v.b.u.s.Touch()
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		if dir.Scheme() != "file" {
			r.say(tr("gallery.report.notlocal"))
			return
		}
		r.setFolder(dir.Path())
	}, r.v.b.u.win)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

func (r *reportDialog) setFolder(dir string) {
	r.folder = dir
	r.where.SetText(dir)
	if r.running == nil {
		r.write.Enable()
	}
}

func (r *reportDialog) say(text string) {
	r.message.SetText(text)
	r.message.Hidden = text == ""
	r.message.Refresh()
}

// period reads the dates typed: from the start of the first day to the
// end of the last.
func (r *reportDialog) period() (from, to time.Time, ok bool) {
	f, err1 := time.ParseInLocation(dateForm, r.from.Text, time.Local)
	t, err2 := time.ParseInLocation(dateForm, r.to.Text, time.Local)
	if err1 != nil || err2 != nil || t.Before(f) {
		return f, t, false
	}
	return f, t.AddDate(0, 0, 1).Add(-time.Millisecond), true
}

// start writes the report off the UI goroutine, the bar following it.
func (r *reportDialog) start() {
	b := r.v.b
	b.u.s.Touch()
	if r.running != nil || r.folder == "" {
		return
	}
	from, to, ok := r.period()
	if !ok {
		r.say(tr("gallery.report.baddates"))
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.running = cancel
	r.write.Disable()
	r.choose.Disable()
	r.cancel.Show()
	r.progress.SetValue(0)
	r.progress.Show()
	r.say(tr("gallery.report.writing"))
	rl := newReportLanguage() // read here, on the UI goroutine
	req := gallery.ReportRequest{Clinic: b.u.clinic(), Patient: r.code, From: from, To: to,
		Words: rl.words, Word: rl.word, Region: rl.region}
	hook := r.onProgress
	req.Progress = func(done, total int) {
		if hook != nil {
			hook(done, total)
		}
		b.u.do(func() {
			if r.running != nil && total > 0 {
				r.progress.SetValue(float64(done) / float64(total))
			}
		})
	}
	folder, s := r.folder, b.u.s
	go func() {
		path, err := s.WriteReportFile(ctx, folder, req)
		b.u.do(func() {
			cancel()
			r.running = nil
			if b.dropped {
				return
			}
			r.cancel.Hide()
			r.choose.Enable()
			r.write.Enable()
			r.progress.Hide()
			switch {
			case errors.Is(err, context.Canceled):
				r.say(tr("gallery.report.cancelled"))
			case errors.Is(err, gallery.ErrLocked):
				r.say(tr("gallery.notes.locked"))
			case err != nil:
				b.u.log.Warn("gallery: report not written", "err", err)
				r.say(tr("gallery.report.failed"))
			default:
				b.u.log.Info("report written")
				r.say(trf("gallery.report.done", filepath.Base(path), folder))
			}
		})
	}()
}

// stop cancels a report being written (Cancel, closing the dialog, the
// gallery locking).
func (r *reportDialog) stop() {
	if r.running != nil {
		r.running()
	}
}

// clinic is the name at the head of a report.
func (u *UI) clinic() string {
	if u.opts.Clinic != "" {
		return u.opts.Clinic
	}
	return tr("gallery.report.clinic")
}
