package galleryui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// search is the full-text search over every patient's titles and
// reflections: hits best first, the matched words in bold; a hit opens its
// piece in the viewer.
type search struct {
	b       *browser
	entry   *widget.Entry
	list    *widget.List
	empty   *widget.Label
	content fyne.CanvasObject
	hits    []index.Hit
	seq     int
	notes   *noteHits // the notes found (notehits.go)
}

func newSearch(b *browser) *search {
	s := &search{b: b}
	s.entry = widget.NewEntry()
	s.entry.SetPlaceHolder(tr("gallery.find.placeholder"))
	s.entry.OnChanged = func(string) {
		b.u.s.Touch()
		s.query()
	}
	s.list = widget.NewList(
		func() int { return len(s.hits) },
		func() fyne.CanvasObject {
			title := widget.NewRichText()
			where := widget.NewLabel("")
			where.Truncation = fyne.TextTruncateEllipsis
			snippet := widget.NewRichText()
			snippet.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(title, where, snippet)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(s.hits) {
				return
			}
			h := s.hits[i]
			box := o.(*fyne.Container)
			title := h.Title
			if len(title) == 0 {
				title = []index.Segment{{Text: tr("gallery.piece.untitled")}}
			}
			setSegments(box.Objects[0].(*widget.RichText), title, true)
			box.Objects[1].(*widget.Label).SetText(formatCode(h.Patient) + " · " + kindText(h.Kind) + " · " + dateText(h.Created.Local(), "Mon 2 Jan 2006"))
			setSegments(box.Objects[2].(*widget.RichText), hitSnippet(h), false)
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i < len(s.hits) {
			h := s.hits[i]
			b.openPiece(h.Patient, h.ID)
		}
	}
	s.empty = widget.NewLabel(tr("gallery.find.none"))
	s.empty.Hide()
	s.notes = newNoteHits(b)
	s.content = s.notes.around(container.NewStack(s.list, container.NewPadded(s.empty)))
	return s
}

// setSegments shows text with the matched runs in bold.
func setSegments(r *widget.RichText, segs []index.Segment, heading bool) {
	r.Segments = r.Segments[:0]
	for _, sg := range segs {
		style := widget.RichTextStyleInline
		if heading {
			style = widget.RichTextStyleStrong
		}
		if sg.Match {
			style.TextStyle = fyne.TextStyle{Bold: true}
			style.ColorName = fynetheme.ColorNamePrimary
		}
		r.Segments = append(r.Segments, &widget.TextSegment{Text: sg.Text, Style: style})
	}
	r.Refresh()
}

// query searches for what is typed, off the UI goroutine; an empty search
// goes back to the patient's view.
func (s *search) query() {
	s.seq++
	seq, text := s.seq, s.entry.Text
	s.notes.query(text)
	if index.MatchQuery(text) == "" {
		s.hits = nil
		s.b.showSearch(false)
		return
	}
	s.b.showSearch(true)
	sess, find := s.b.u.s, s.b.bar.find()
	go func() {
		hits, err := sess.SearchFind(text, find)
		s.b.u.do(func() {
			if s.b.dropped || seq != s.seq {
				return
			}
			if err != nil && !errors.Is(err, gallery.ErrLocked) {
				s.b.u.log.Error("gallery: search", "err", err)
			}
			s.hits = hits
			s.empty.Hidden = len(hits) > 0
			s.empty.Refresh()
			s.list.Refresh()
			s.list.ScrollToTop()
			s.b.u.log.Info("search shown", "hits", len(hits))
		})
	}()
}

// focus puts the cursor in the search field (Ctrl+F, /).
func (s *search) focus() { s.b.u.win.Canvas().Focus(s.entry) }

// openPiece opens a patient's view and then the piece in the viewer.
func (b *browser) openPiece(code string, id piece.ID) {
	b.find.entry.SetText("") // back to the patients
	b.selected = code
	b.reselect()
	b.view.pending = id
	b.view.show(code)
}
