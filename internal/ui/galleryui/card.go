package galleryui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// maxChips is how many emotion words a card shows.
const maxChips = 3

func cardHeight() float32 { return thumbHeight + 165 }

// pieceCard is one piece in a visit's grid: its thumbnail (decoded off
// the UI goroutine by the session), kind, title, emotion words, and marks
// for unfinished, damaged and changed pieces. The list reuses cards: set
// shows another piece.
type pieceCard struct {
	widget.BaseWidget
	v     *patientView
	p     index.Piece
	shown bool

	bg      *canvas.Rectangle
	img     *canvas.Image
	noPic   *canvas.Text
	badge   *canvas.Text
	title   *widget.Label
	chips   []*canvas.Text
	chipBox *fyne.Container
	mark    *canvas.Text
}

var _ desktop.Hoverable = (*pieceCard)(nil)

func newPieceCard(v *patientView) *pieceCard {
	c := &pieceCard{v: v}
	c.bg = canvas.NewRectangle(theme.Sand)
	c.bg.CornerRadius = 10
	c.img = canvas.NewImageFromImage(nil)
	c.img.FillMode = canvas.ImageFillContain
	c.img.ScaleMode = canvas.ImageScaleFastest
	c.img.SetMinSize(fyne.NewSize(cardWidth-16, thumbHeight))
	c.noPic = canvas.NewText("", theme.Disabled)
	c.noPic.Alignment = fyne.TextAlignCenter
	c.noPic.TextSize = 14
	c.badge = canvas.NewText("", theme.Dusk)
	c.badge.TextSize = 13
	c.badge.TextStyle = fyne.TextStyle{Bold: true}
	c.title = widget.NewLabel("")
	c.title.Truncation = fyne.TextTruncateEllipsis
	c.chipBox = container.NewHBox()
	for range maxChips {
		t := canvas.NewText("", theme.Ink)
		t.TextSize = 13
		c.chips = append(c.chips, t)
		c.chipBox.Add(t)
	}
	c.mark = canvas.NewText("", theme.Clay)
	c.mark.TextSize = 13
	c.mark.TextStyle = fyne.TextStyle{Bold: true}
	c.ExtendBaseWidget(c)
	return c
}

func (c *pieceCard) CreateRenderer() fyne.WidgetRenderer {
	pic := container.NewStack(canvas.NewRectangle(theme.Mist), c.img, container.NewCenter(c.noPic))
	body := container.NewVBox(pic, c.badge, c.title, c.chipBox, c.mark)
	size := canvas.NewRectangle(color.Transparent)
	size.SetMinSize(fyne.NewSize(cardWidth, cardHeight()-8))
	return widget.NewSimpleRenderer(container.NewStack(size, c.bg, container.NewPadded(body)))
}

// set shows p; its thumbnail comes from the session's cache, or is asked
// for (the card is refreshed when it is ready). Only what changed is
// refreshed: a refreshed canvas object loses its texture, and a list row
// is set again whenever one of its thumbnails arrives.
func (c *pieceCard) set(p index.Piece) {
	if c.shown && c.p.ID != p.ID {
		c.v.b.u.s.CancelThumbnail(c.p.ID) // its row left the screen
	}
	c.p, c.shown = p, true
	setText(c.badge, strings.ToUpper(kindText(p.Kind)))
	title := p.Title
	if title == "" {
		title = tr("gallery.piece.untitled")
	}
	if c.title.Text != title {
		c.title.SetText(title)
	}
	chips := false
	for i, t := range c.chips {
		text, colour := "", t.Color
		if i < len(p.Words) {
			w := p.Words[i]
			text = "● " + lang.X(emotion.WordKey(w.Word), w.Word)
			colour = quadrantColour(w.Quadrant)
		}
		if t.Text != text || t.Color != colour {
			t.Text, t.Color = text, colour
			t.Refresh()
			chips = true
		}
	}
	if chips {
		c.chipBox.Refresh() // the words' widths changed
	}
	setText(c.mark, strings.Join(pieceMarks(p), " · "))

	img, ready := c.v.b.u.s.Thumbnail(p)
	if c.img.Image != img {
		c.img.Image = img
		c.img.Refresh()
	}
	noPic := ""
	if ready && img == nil {
		noPic = tr("gallery.piece.nopicture")
		if p.Damage != "" {
			noPic = tr("gallery.piece.damaged")
		}
	}
	setText(c.noPic, noPic)
}

// setText shows text in t, refreshing it only if it changed.
func setText(t *canvas.Text, text string) {
	if t.Text != text {
		t.Text = text
		t.Refresh()
	}
}

// clear drops what the card showed.
func (c *pieceCard) clear() {
	if !c.shown {
		return
	}
	c.v.b.u.s.CancelThumbnail(c.p.ID)
	c.p, c.shown = index.Piece{}, false
	if c.img.Image != nil {
		c.img.Image = nil
		c.img.Refresh()
	}
	if c.title.Text != "" {
		c.title.SetText("")
	}
}

func (c *pieceCard) MouseIn(*desktop.MouseEvent)    { c.v.b.u.s.Touch() }
func (c *pieceCard) MouseMoved(*desktop.MouseEvent) { c.v.b.u.s.Touch() }
func (c *pieceCard) MouseOut()                      {}

// Tapped opens the piece in the viewer.
func (c *pieceCard) Tapped(*fyne.PointEvent) {
	c.v.b.u.s.Touch()
	if c.shown {
		c.v.b.openViewer(c.p.ID)
	}
}
