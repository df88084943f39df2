package galleryui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// writtenPage shows a written piece's text in the viewer: on paper,
// wrapped, scrolling when it is long; hidden for other pieces.
type writtenPage struct {
	root   fyne.CanvasObject
	text   *widget.Label
	scroll *container.Scroll
}

func newWrittenPage() *writtenPage {
	w := &writtenPage{text: widget.NewLabel("")}
	w.text.Wrapping = fyne.TextWrapWord
	w.scroll = container.NewVScroll(container.NewPadded(w.text))
	paper := canvas.NewRectangle(theme.Paper)
	w.root = container.NewPadded(container.NewStack(paper, w.scroll))
	w.root.Hide()
	return w
}

// set shows text from its start.
func (w *writtenPage) set(text string) {
	w.text.SetText(text)
	w.scroll.ScrollToTop()
	w.root.Show()
}

// clear hides the page and forgets its text.
func (w *writtenPage) clear() {
	w.text.SetText("")
	w.root.Hide()
}

// showWritten reads p's text off the UI goroutine and shows it, unless the
// viewer moved on meanwhile.
func (v *viewer) showWritten(p index.Piece, seq int) {
	v.note.Text = tr("gallery.viewer.loading")
	s := v.b.u.s
	go func() {
		text, err := s.WrittenText(p)
		v.b.u.do(func() {
			if v.b.dropped || v.b.viewer != v || seq != v.seq {
				return
			}
			if err != nil {
				if !errors.Is(err, gallery.ErrLocked) {
					v.b.u.log.Warn("gallery: written text not shown", "piece", p.ID, "err", err)
				}
				v.note.Text = tr("gallery.piece.notext")
				v.note.Refresh()
				return
			}
			v.note.Text = ""
			v.note.Refresh()
			v.written.set(text)
			v.b.u.log.Info("piece shown", "piece", p.ID, "bytes", len(text))
		})
	}()
}

// hitSnippet is what a search hit shows under its title: the reflection's
// snippet, or a written piece's text where the words were found there.
func hitSnippet(h index.Hit) []index.Segment {
	for _, s := range h.Reflection {
		if s.Match {
			return h.Reflection
		}
	}
	if len(h.Body) > 0 {
		return h.Body
	}
	return h.Reflection
}
