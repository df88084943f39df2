package galleryui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
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
//
// A card is painted in every frame while the grid scrolls (by Mesa's
// software renderer on a PC without a GPU), so it is a flat set of
// canvas objects placed by its own layout — no nested containers, no
// Label/RichText (whose layout shapes the text again at every refresh):
// the title is one canvas.Text, shortened to the card's width once per
// piece.
type pieceCard struct {
	widget.BaseWidget
	v     *patientView
	p     index.Piece
	shown bool

	bg        *canvas.Rectangle
	picBg     *canvas.Rectangle
	img       *canvas.Image
	noPic     *canvas.Text
	badge     *canvas.Text
	title     *canvas.Text
	chips     []*canvas.Text
	mark      *canvas.Text
	fullTitle string // the piece's title before shortening
}

var _ desktop.Hoverable = (*pieceCard)(nil)

// Text sizes and padding on a card.
const (
	cardSmallText = 13
	cardTitleText = 16
	cardPad       = 8
)

func newPieceCard(v *patientView) *pieceCard {
	c := &pieceCard{v: v}
	c.bg = canvas.NewRectangle(theme.Sand)
	c.bg.CornerRadius = 10
	c.picBg = canvas.NewRectangle(theme.Mist)
	c.img = canvas.NewImageFromImage(nil)
	c.img.FillMode = canvas.ImageFillContain
	c.img.ScaleMode = canvas.ImageScaleFastest
	c.noPic = canvas.NewText("", theme.Disabled)
	c.noPic.Alignment = fyne.TextAlignCenter
	c.noPic.TextSize = 14
	c.badge = canvas.NewText("", theme.Dusk)
	c.badge.TextSize = cardSmallText
	c.badge.TextStyle = fyne.TextStyle{Bold: true}
	c.title = canvas.NewText("", theme.Ink)
	c.title.TextSize = cardTitleText
	for range maxChips {
		t := canvas.NewText("", theme.Ink)
		t.TextSize = cardSmallText
		c.chips = append(c.chips, t)
	}
	c.mark = canvas.NewText("", theme.Clay)
	c.mark.TextSize = cardSmallText
	c.mark.TextStyle = fyne.TextStyle{Bold: true}
	c.ExtendBaseWidget(c)
	return c
}

func (c *pieceCard) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{c.bg, c.picBg, c.img, c.noPic, c.badge, c.title}
	for _, t := range c.chips {
		objs = append(objs, t)
	}
	return &cardRenderer{c: c, objs: append(objs, c.mark)}
}

// cardRenderer places a card's objects: the picture on top, then the
// kind, the title and the emotion words, the marks at the bottom.
type cardRenderer struct {
	c    *pieceCard
	objs []fyne.CanvasObject
	size fyne.Size
}

func (r *cardRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *cardRenderer) Destroy()                     {}
func (r *cardRenderer) MinSize() fyne.Size           { return fyne.NewSize(cardWidth, cardHeight()-8) }
func (r *cardRenderer) Refresh()                     { r.Layout(r.size) }

func (r *cardRenderer) Layout(size fyne.Size) {
	r.size = size
	c := r.c
	c.bg.Move(fyne.NewPos(0, 0))
	c.bg.Resize(size)
	picSize := fyne.NewSize(size.Width-2*cardPad, thumbHeight)
	for _, o := range []fyne.CanvasObject{c.picBg, c.img} {
		o.Move(fyne.NewPos(cardPad, cardPad))
		o.Resize(picSize)
	}
	h := c.noPic.MinSize().Height
	c.noPic.Move(fyne.NewPos(cardPad, cardPad+(thumbHeight-h)/2))
	c.noPic.Resize(fyne.NewSize(picSize.Width, h))
	y := float32(cardPad + thumbHeight + cardPad)
	place := func(t *canvas.Text, x, y float32) float32 {
		ts := t.MinSize()
		t.Move(fyne.NewPos(x, y))
		t.Resize(fyne.NewSize(min(ts.Width, size.Width-x-cardPad), ts.Height))
		return ts.Height
	}
	y += place(c.badge, cardPad, y) + cardPad/2
	y += place(c.title, cardPad, y) + cardPad
	// The emotion words in a row, as many as fit whole (never cut off).
	x := float32(cardPad)
	for _, t := range c.chips {
		w := t.MinSize().Width
		if t.Text == "" || x+w > size.Width-cardPad {
			t.Hide()
			x = size.Width // no later word either: they keep their order
			continue
		}
		t.Show()
		place(t, x, y)
		x += w + cardPad
	}
	place(c.mark, cardPad, size.Height-cardPad-c.mark.MinSize().Height)
}

// shortTitle is title shortened with an ellipsis to fit width at the
// card's title size.
func shortTitle(title string, width float32) string {
	style := fyne.TextStyle{}
	if fyne.MeasureText(title, cardTitleText, style).Width <= width {
		return title
	}
	runes := []rune(title)
	lo, hi := 0, len(runes) // the longest prefix that fits is in [lo, hi)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if fyne.MeasureText(string(runes[:mid])+"…", cardTitleText, style).Width <= width {
			lo = mid
		} else {
			hi = mid
		}
	}
	return strings.TrimRight(string(runes[:lo]), " ") + "…"
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
	if c.fullTitle != title {
		c.fullTitle = title
		setText(c.title, shortTitle(title, cardWidth-2*cardPad))
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
		c.Refresh() // the words' widths changed: placed again
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
	c.fullTitle = ""
	setText(c.title, "")
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
