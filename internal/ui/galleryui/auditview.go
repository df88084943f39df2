package galleryui

import (
	"context"
	"errors"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// auditView is "who looked": the audit log's entries for the patient
// shown (who, what, when), newest first, read off the UI goroutine from
// every gallery's chain in the bucket.
type auditView struct {
	v       *patientView
	list    *widget.List
	message *widget.Label
	entries []audit.Entry
	titles  map[piece.ID]string // the titles of the patient's pieces shown
}

// auditTimeout bounds reading the audit log.
const auditTimeout = 60 * time.Second

// whoLooked opens "who looked" for the patient shown.
func (v *patientView) whoLooked() {
	b := v.b
	b.u.s.Touch()
	if v.code == "" || v.code == unverifiedRow {
		return
	}
	a := &auditView{v: v, titles: map[piece.ID]string{}}
	for _, vis := range v.visits {
		for _, p := range vis.Pieces {
			a.titles[p.ID] = p.Title
		}
	}
	a.list = widget.NewList(
		func() int { return len(a.entries) },
		func() fyne.CanvasObject {
			when := widget.NewLabel("Mon 30 Nov 2026, 23:59")
			when.TextStyle = fyne.TextStyle{Monospace: true}
			what := widget.NewLabel("")
			what.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, when, nil, what)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(a.entries) {
				return
			}
			e := a.entries[i]
			box := o.(*fyne.Container)
			box.Objects[1].(*widget.Label).SetText(dateText(e.Time.Local(), "Mon 2 Jan 2006, 15:04"))
			box.Objects[0].(*widget.Label).SetText(a.describe(e))
		})
	a.list.OnSelected = func(widget.ListItemID) { a.list.UnselectAll() }
	a.message = widget.NewLabel(tr("gallery.audit.loading"))
	a.message.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel(tr("gallery.audit.hint"))
	hint.Wrapping = fyne.TextWrapWord
	size := canvas.NewRectangle(color.Transparent)
	size.SetMinSize(fyne.NewSize(720, 300))
	body := container.NewBorder(container.NewVBox(hint, a.message), nil, nil, nil, container.NewStack(size, a.list))
	v.showDialog("who looked", trf("gallery.audit.title", formatCode(v.code)), body, fyne.NewSize(800, 580), func() { a.entries = nil })
	v.looks = a
	code, s := v.code, b.u.s
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), auditTimeout)
		defer cancel()
		entries, err := s.PatientAudit(ctx, code)
		b.u.do(func() {
			if b.dropped || v.looks != a {
				return
			}
			switch {
			case err != nil:
				if !errors.Is(err, gallery.ErrLocked) {
					b.u.log.Warn("gallery: who looked not read", "err", err)
				}
				if errors.Is(err, gallery.ErrNoRecords) {
					a.message.SetText(tr("gallery.audit.unavailable"))
				} else {
					a.message.SetText(tr("gallery.audit.failed"))
				}
			case len(entries) == 0:
				a.message.SetText(tr("gallery.audit.none"))
			default:
				a.message.SetText(trf("gallery.audit.count", len(entries)))
			}
			a.entries = entries
			a.list.Refresh()
		})
	}()
}

// describe says who did what.
func (a *auditView) describe(e audit.Entry) string {
	what := tr("gallery.audit.action." + string(e.Action))
	if e.Piece != "" {
		title, ok := a.titles[piece.ID(e.Piece)]
		switch {
		case !ok:
			what = trf("gallery.audit.piece", what, e.Piece)
		case title == "":
			what = trf("gallery.audit.titled", what, tr("gallery.piece.untitled"))
		default:
			what = trf("gallery.audit.titled", what, title)
		}
	}
	return trf("gallery.audit.row", e.Actor, what)
}
