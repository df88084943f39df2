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
// for (the card is refreshed when it is ready).
func (c *pieceCard) set(p index.Piece) {
	c.p, c.shown = p, true
	c.badge.Text = strings.ToUpper(kindText(p.Kind))
	title := p.Title
	if title == "" {
		title = tr("gallery.piece.untitled")
	}
	c.title.SetText(title)
	for i, t := range c.chips {
		t.Text = ""
		if i < len(p.Words) {
			w := p.Words[i]
			t.Text = "● " + lang.X(emotion.WordKey(w.Word), w.Word)
			t.Color = quadrantColour(w.Quadrant)
		}
		t.Refresh()
	}
	c.chipBox.Refresh() // the words' widths changed
	c.mark.Text = strings.Join(pieceMarks(p), " · ")
	c.mark.Refresh()
	c.badge.Refresh()

	img, ready := c.v.b.u.s.Thumbnail(p)
	c.img.Image = img
	c.noPic.Text = ""
	if ready && img == nil {
		c.noPic.Text = tr("gallery.piece.nopicture")
		if p.Damage != "" {
			c.noPic.Text = tr("gallery.piece.damaged")
		}
	}
	c.img.Refresh()
	c.noPic.Refresh()
}

// clear drops what the card showed.
func (c *pieceCard) clear() {
	if !c.shown {
		return
	}
	c.p, c.shown = index.Piece{}, false
	c.img.Image = nil
	c.img.Refresh()
	c.title.SetText("")
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
