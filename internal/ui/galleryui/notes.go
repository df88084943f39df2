package galleryui

import (
	"context"
	"errors"
	"image/color"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/notes"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// notesPanel shows the therapists' notes on a piece or a visit, newest
// first (an edited note shows its newest version, marked "edited"), and a
// box to write a note or edit one. Notes are read and saved off the UI
// goroutine; a note that could not be saved stays in the box.
type notesPanel struct {
	b       *browser
	content fyne.CanvasObject
	heading *canvas.Text
	list    *fyne.Container
	entry   *widget.Entry
	save    *widget.Button
	cancel  *widget.Button // stops editing
	message *widget.Label

	patient string
	on      string
	target  piece.ID
	shown   []notes.Note
	editing *notes.Note // nil: the box writes a new note
	seq     int
	saving  bool
	// relayout lays out what holds the panel again when the panel's
	// height changed (a scroll does not follow its content by itself).
	relayout func()
}

func newNotesPanel(b *browser) *notesPanel {
	n := &notesPanel{b: b}
	n.heading = canvas.NewText(tr("gallery.notes.title"), theme.Ink)
	n.heading.TextStyle = fyne.TextStyle{Bold: true}
	n.heading.TextSize = 17
	n.list = container.NewVBox()
	n.entry = widget.NewMultiLineEntry()
	n.entry.SetPlaceHolder(tr("gallery.notes.placeholder"))
	n.entry.Wrapping = fyne.TextWrapWord
	n.entry.SetMinRowsVisible(3)
	n.entry.OnChanged = func(string) {
		b.u.s.Touch()
		n.enable()
	}
	n.save = widget.NewButton(tr("gallery.notes.save"), n.submit)
	n.save.Importance = widget.HighImportance
	n.cancel = widget.NewButton(tr("gallery.notes.canceledit"), n.stopEditing)
	n.cancel.Hide()
	n.message = widget.NewLabel("")
	n.message.Wrapping = fyne.TextWrapWord
	n.message.Hide()
	n.content = container.NewVBox(n.heading, n.entry,
		container.NewHBox(n.message, layout.NewSpacer(), n.cancel, n.save), n.list)
	n.enable()
	return n
}

// show shows the notes on target (a piece or a visit of patient).
func (n *notesPanel) show(patient, on string, target piece.ID) {
	n.patient, n.on, n.target = patient, on, target
	n.shown, n.editing = nil, nil
	n.entry.SetText("")
	n.setMessage("")
	n.cancel.Hide()
	n.save.SetText(tr("gallery.notes.save"))
	n.render()
	n.reload()
}

// reload reads the notes again, off the UI goroutine.
func (n *notesPanel) reload() {
	n.seq++
	seq, on, target, s := n.seq, n.on, n.target, n.b.u.s
	go func() {
		ns, err := s.Notes(on, target)
		n.b.u.do(func() {
			if n.b.dropped || seq != n.seq {
				return
			}
			if err != nil {
				if !errors.Is(err, gallery.ErrLocked) {
					n.b.u.log.Error("gallery: read notes", "err", err)
				}
				n.setMessage(tr("gallery.notes.cannotread"))
				return
			}
			slices.SortStableFunc(ns, func(a, b notes.Note) int { return b.Written.Compare(a.Written) })
			n.shown = ns
			n.render()
		})
	}()
}

// render lays out the notes shown.
func (n *notesPanel) render() {
	n.list.RemoveAll()
	if len(n.shown) == 0 {
		none := widget.NewLabel(tr("gallery.notes.none"))
		none.Importance = widget.LowImportance
		n.list.Add(none)
	}
	for i := range n.shown {
		n.list.Add(n.noteView(n.shown[i]))
	}
	n.changed()
}

// changed lays the panel and what holds it out again.
func (n *notesPanel) changed() {
	n.content.Refresh()
	if n.relayout != nil {
		n.relayout()
	}
}

// noteView is one note: who and when ("edited" for a later version), its
// text and an Edit button.
func (n *notesPanel) noteView(note notes.Note) fyne.CanvasObject {
	who := trf("gallery.notes.by", note.Author, dateText(note.Written.Local(), "2 Jan 2006, 15:04"))
	if note.Supersedes != "" {
		who += " · " + tr("gallery.notes.edited")
	}
	by := canvas.NewText(who, theme.Dusk)
	by.TextSize = 13
	text := widget.NewLabel(note.Text)
	text.Wrapping = fyne.TextWrapWord
	edit := widget.NewButton(tr("gallery.notes.edit"), func() { n.startEditing(note) })
	edit.Importance = widget.LowImportance
	return container.NewVBox(container.NewBorder(nil, nil, nil, edit, by), text, widget.NewSeparator())
}

func (n *notesPanel) startEditing(note notes.Note) {
	n.b.u.s.Touch()
	if n.saving {
		return
	}
	n.editing = &note
	n.entry.SetText(note.Text)
	n.save.SetText(tr("gallery.notes.saveedit"))
	n.cancel.Show()
	n.setMessage("")
	n.b.u.win.Canvas().Focus(n.entry)
}

func (n *notesPanel) stopEditing() {
	n.editing = nil
	n.entry.SetText("")
	n.save.SetText(tr("gallery.notes.save"))
	n.cancel.Hide()
	n.setMessage("")
}

func (n *notesPanel) enable() {
	if n.saving || strings.TrimSpace(n.entry.Text) == "" || n.target == "" {
		n.save.Disable()
	} else {
		n.save.Enable()
	}
}

func (n *notesPanel) setMessage(text string) {
	n.message.SetText(text)
	n.message.Hidden = text == ""
	n.changed()
}

// noteTimeout bounds one save (the bucket may be slow or away).
const noteTimeout = 30 * time.Second

// submit saves what is in the box as a new note or as the next version of
// the note being edited, off the UI goroutine.
func (n *notesPanel) submit() {
	s := n.b.u.s
	s.Touch()
	text := strings.TrimSpace(n.entry.Text)
	if text == "" || n.saving || n.target == "" {
		return
	}
	if utf8.RuneCountInString(text) > notes.MaxText {
		n.setMessage(trf("gallery.notes.toolong", notes.MaxText))
		return
	}
	var note notes.Note
	if n.editing != nil {
		note = s.EditNote(*n.editing, text)
	} else {
		note = s.NewNote(n.patient, n.on, n.target, text)
	}
	n.saving = true
	n.enable()
	n.entry.Disable()
	n.setMessage(tr("gallery.notes.saving"))
	seq := n.seq
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), noteTimeout)
		defer cancel()
		err := s.WriteNote(ctx, note)
		n.b.u.do(func() {
			if n.b.dropped {
				return
			}
			n.saving = false
			n.entry.Enable()
			if err != nil {
				n.b.u.log.Warn("gallery: note not saved", "err", err)
				n.setMessage(noteError(err))
				n.enable()
				return
			}
			if seq == n.seq || n.target == note.Target {
				n.stopEditing()
				n.reload()
			}
			n.b.u.log.Info("note saved", "edit", note.Supersedes != "")
		})
	}()
}

// noteError says plainly why a note was not saved.
func noteError(err error) string {
	switch {
	case errors.Is(err, gallery.ErrLocked):
		return tr("gallery.notes.locked")
	case errors.Is(err, gallery.ErrNoRecords):
		return tr("gallery.notes.unavailable")
	case errors.Is(err, context.DeadlineExceeded):
		return tr("gallery.notes.offline")
	}
	return tr("gallery.notes.failed")
}

// drop forgets the notes shown and what was typed (the gallery locked).
func (n *notesPanel) drop() {
	n.seq++
	n.shown, n.editing, n.target = nil, nil, ""
	n.entry.SetText("")
	n.list.RemoveAll()
}

// visitNotes opens the notes on a visit in a dialog over the patient's
// view (a visit without a visit id, from kiosks before visits were
// recorded, has none).
func (v *patientView) visitNotes(vis *index.Visit) {
	v.b.u.s.Touch()
	id := piece.ID(vis.ID)
	if id.Validate() != nil || v.code == unverifiedRow {
		return
	}
	panel := newNotesPanel(v.b)
	panel.heading.Text = trf("gallery.notes.visit", dateText(vis.Started.Local(), "Mon 2 Jan 2006, 15:04"))
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(620, 500))
	scroll := container.NewVScroll(panel.content)
	panel.relayout = scroll.Refresh
	body := container.NewStack(width, scroll)
	v.showDialog("visit notes", trf("gallery.notes.dialog", formatCode(v.code)), body, fyne.NewSize(680, 640), panel.drop)
	panel.show(v.code, notes.OnVisit, id)
	v.visitPanel = panel
}

// showDialog shows content over the window with a Close button (name,
// never a patient's code, goes to the log); every dialog the patient's
// view opened is closed, and onClose run, when the gallery locks (dialogs
// are the window's overlays, not its content).
func (v *patientView) showDialog(name, title string, content fyne.CanvasObject, size fyne.Size, onClose func()) dialog.Dialog {
	d := dialog.NewCustom(title, tr("gallery.dialog.close"), content, v.b.u.win)
	d.SetOnClosed(func() {
		v.dialogs = slices.DeleteFunc(v.dialogs, func(o dialog.Dialog) bool { return o == d })
		if onClose != nil {
			onClose()
		}
	})
	v.dialogs = append(v.dialogs, d)
	d.Show()
	// Wrapped labels ask for one line's height until laid out: the
	// dialog is given its size rather than asked for it.
	d.Resize(size)
	v.b.u.log.Info("dialog shown", "dialog", name)
	return d
}

// closeDialogs closes every dialog the view opened (the gallery locked,
// or another patient was chosen).
func (v *patientView) closeDialogs() {
	for _, d := range slices.Clone(v.dialogs) {
		d.Hide()
	}
	v.dialogs = nil
}

// showNotes shows the notes on the viewer's piece; a piece without a
// patient's code (its origin not verified) takes none.
func (v *viewer) showNotes(p index.Piece) {
	if _, err := patientcode.Parse(p.Patient); err != nil || p.Provenance != index.Verified {
		v.notes.drop()
		v.notes.content.Hide()
		return
	}
	v.notes.content.Show()
	v.notes.show(p.Patient, notes.OnPiece, p.ID)
}
