package galleryui

import (
	"errors"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/notes"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// noteHits are the therapists' notes the search finds, under the pieces
// it finds: a note on a piece opens the piece, a note on a visit opens
// the visit's notes.
type noteHits struct {
	b    *browser
	box  fyne.CanvasObject
	list *widget.List
	hits []index.NoteHit
	seq  int
}

func newNoteHits(b *browser) *noteHits {
	h := &noteHits{b: b}
	h.list = widget.NewList(
		func() int { return len(h.hits) },
		func() fyne.CanvasObject {
			where := widget.NewLabel("")
			where.Truncation = fyne.TextTruncateEllipsis
			text := widget.NewRichText()
			text.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(where, text)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(h.hits) {
				return
			}
			n := h.hits[i].Note
			box := o.(*fyne.Container)
			on := tr("gallery.find.noteonpiece")
			if n.On == notes.OnVisit {
				on = tr("gallery.find.noteonvisit")
			}
			box.Objects[0].(*widget.Label).SetText(formatCode(n.Patient) + " · " + on + " · " + trf("gallery.notes.by", n.Author, dateText(n.Written.Local(), "2 Jan 2006, 15:04")))
			setSegments(box.Objects[1].(*widget.RichText), h.hits[i].Text, false)
		})
	h.list.OnSelected = func(i widget.ListItemID) {
		h.list.UnselectAll()
		if i < len(h.hits) {
			n := h.hits[i].Note
			if n.On == notes.OnVisit {
				b.openVisitNotes(n.Patient, n.Target)
			} else {
				b.openPiece(n.Patient, n.Target)
			}
		}
	}
	heading := canvas.NewText(tr("gallery.find.notes"), theme.Ink)
	heading.TextStyle = fyne.TextStyle{Bold: true}
	height := canvas.NewRectangle(color.Transparent)
	height.SetMinSize(fyne.NewSize(0, 220))
	h.box = container.NewBorder(container.NewVBox(widget.NewSeparator(), container.NewPadded(heading)), nil, nil, nil, container.NewStack(height, h.list))
	h.box.Hide()
	return h
}

// around puts the note hits under the search's piece hits.
func (h *noteHits) around(pieces fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, h.box, nil, nil, pieces)
}

// query searches the notes for what is typed, off the UI goroutine.
func (h *noteHits) query(text string) {
	h.seq++
	seq, s := h.seq, h.b.u.s
	if index.MatchQuery(text) == "" {
		h.hits = nil
		h.box.Hide()
		return
	}
	go func() {
		hits, err := s.SearchNotes(text)
		h.b.u.do(func() {
			if h.b.dropped || seq != h.seq {
				return
			}
			if err != nil && !errors.Is(err, gallery.ErrLocked) {
				h.b.u.log.Error("gallery: search notes", "err", err)
			}
			h.hits = hits
			if len(hits) == 0 {
				h.box.Hide()
			} else {
				h.box.Show()
			}
			h.list.Refresh()
			h.b.find.content.Refresh()
		})
	}()
}

// openVisitNotes opens a patient's view and then the notes of one of its
// visits.
func (b *browser) openVisitNotes(code string, visit piece.ID) {
	b.find.entry.SetText("") // back to the patients
	b.selected = code
	b.reselect()
	b.view.pendingVisit = visit
	b.view.show(code)
}

// openPendingVisit opens the notes of the visit a note hit named, once
// the patient's visits are shown.
func (v *patientView) openPendingVisit() {
	id := v.pendingVisit
	v.pendingVisit = ""
	for i := range v.visits {
		if id != "" && piece.ID(v.visits[i].ID) == id {
			v.visitNotes(&v.visits[i])
			return
		}
	}
}
