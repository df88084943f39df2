package galleryui

import (
	"errors"
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Sizes of the visit grid, in Fyne units.
const (
	cardWidth     = 220
	thumbHeight   = 140
	visitRowHight = 64
)

// patientView is the chosen patient: a header, then the visits newest
// first, each a grid of its pieces. The grid is one virtualised list whose
// rows are visit headings and rows of cards: only the rows on screen exist
// as widgets, so a patient with 1,000 pieces scrolls like one with ten.
type patientView struct {
	b       *browser
	content fyne.CanvasObject
	heading *canvas.Text
	summary *widget.Label
	chart   *moodChart
	body    *bodyMapPanel // the patient's body maps, summed
	list    *widget.List
	// takeHome opens the patient's take-home copy (takehome.go).
	takeHome       *widget.Button
	takeHomeScreen *takeHome // the last take-home screen opened

	code    string
	visits  []index.Visit
	rows    []viewRow
	byPiece map[piece.ID]int // the row showing each piece
	cols    int
	seq     int
	// offset is the grid's scroll offset when rows were last bound;
	// jumping: the grid is moved in code (not scrolled by the therapist).
	offset  float32
	jumping bool
	pending piece.ID // a piece to open in the viewer once shown (a search hit)

	// The clinical record (names.go, notes.go, auditview.go,
	// reportdialog.go): the header's tools and the dialogs they open.
	name       string // the patient's display name, "" when none
	tools      *fyne.Container
	dialogs    []dialog.Dialog
	nameEd     *nameEditor
	looks      *auditView
	report     *reportDialog
	visitPanel *notesPanel
	// pendingVisit: a visit whose notes to open once shown (a note hit).
	pendingVisit piece.ID
}

// viewRow is one row of the grid: a visit's heading, or up to cols pieces.
type viewRow struct {
	visit  *index.Visit  // a heading row
	pieces []index.Piece // a row of cards
}

func newPatientView(b *browser) *patientView {
	v := &patientView{b: b, byPiece: map[piece.ID]int{}}
	v.cols = columnsFor(b.u.win.Canvas().Size().Width)
	v.heading = canvas.NewText("", theme.Ink)
	v.heading.TextSize = 26
	v.summary = widget.NewLabel(tr("gallery.patient.choose"))
	v.summary.Truncation = fyne.TextTruncateEllipsis
	v.list = widget.NewList(
		func() int { return len(v.rows) },
		v.newRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			v.noteScroll()
			if i < len(v.rows) {
				v.updateRow(v.rows[i], o.(*rowView))
			}
		})
	v.list.OnSelected = func(widget.ListItemID) { v.list.UnselectAll() } // rows are not chosen; their cards are
	v.chart = newMoodChart(v.scrollToVisit)
	v.chart.Hide()
	v.body = newBodyMapPanel(fyne.NewSize(150, chartHeight-40), false)
	v.takeHome = v.takeHomeButton()
	v.takeHome.Hide()
	v.tools = container.NewHBox(
		widget.NewButton(tr("gallery.name.edit"), v.editName),
		widget.NewButton(tr("gallery.audit.open"), v.whoLooked),
		widget.NewButton(tr("gallery.report.open"), v.makeReport))
	v.tools.Hide()
	head := container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(v.tools, v.takeHome)), container.NewPadded(v.heading))
	v.content = container.NewBorder(container.NewVBox(head, v.summary, container.NewPadded(container.NewBorder(nil, nil, nil, v.body.content, v.chart))), nil, nil, nil,
		container.New(shortLayout{height: visitRowHight, resized: v.reflow}, v.list)) // the grid scrolls; a card row never makes the window taller
	return v
}

// columnsFor is how many cards fit beside each other in a window this wide.
func columnsFor(width float32) int {
	if width <= 0 {
		width = 1366
	}
	return max(2, int((width*0.74-40)/(cardWidth+8)))
}

// show opens a patient, asking the index off the UI goroutine.
func (v *patientView) show(code string) {
	if code != v.code {
		v.closeDialogs()
	}
	v.code = code
	v.b.u.rememberPatient(code)
	v.name = v.b.displayName(code)
	v.visits, v.rows, v.byPiece = nil, nil, map[piece.ID]int{}
	v.b.u.s.CancelThumbnails() // the last patient's
	v.list.Refresh()
	v.jump(v.list.ScrollToTop)
	v.reload()
}

// noteScroll tells the session when rows come into view because the
// grid scrolled (the wheel, the scroll bar): thumbnails of rows the wheel
// carries past are not decoded (gallery.Session.GridScrolled).
func (v *patientView) noteScroll() {
	off := v.list.GetScrollOffset()
	if off == v.offset {
		return
	}
	v.offset = off
	if !v.jumping {
		v.b.u.s.GridScrolled()
	}
}

// jump moves the grid in code (to the top, to a visit): that is not
// scrolling, and does not hold back the decoding of what it shows.
func (v *patientView) jump(move func()) {
	v.jumping = true
	defer func() { v.jumping = false; v.offset = v.list.GetScrollOffset() }()
	move()
}

// reload asks the index again for the shown patient and updates the rows in
// place (new pieces appear where they belong; the scroll position stays).
func (v *patientView) reload() {
	if v.code == "" {
		return
	}
	v.seq++
	seq, code, s, find, first := v.seq, v.code, v.b.u.s, v.b.bar.find(), 3*v.cols
	cols, height := v.cols, v.list.Size().Height
	go func() {
		var visits []index.Visit
		var since time.Time
		var err error
		if code == unverifiedRow {
			var ps []index.Piece
			ps, err = s.Unverified()
			if len(ps) > 0 {
				visits = []index.Visit{{ID: "unverified", Started: ps[len(ps)-1].Created, Ended: ps[0].Created, Pieces: ps}}
			}
		} else {
			visits, err = s.Timeline(code)
			if err == nil {
				since, err = s.NewSince(code)
			}
		}
		shown := find.Visits(visits, since)
		// The view appears with its first screen of pictures in one
		// frame, or without those not decoded within firstScreenWait;
		// the next rows are asked for only then, so that they do not
		// take a core from the first screen.
		s.AwaitThumbnails(firstScreen(shown, cols, height), firstScreenWait)
		prefetchThumbnails(s, shown, first)
		v.b.u.do(func() {
			if v.b.dropped || seq != v.seq {
				return
			}
			if errors.Is(err, gallery.ErrLocked) {
				return // the lock screen comes next
			}
			if err != nil {
				v.b.u.log.Error("gallery: read a patient's visits", "err", err)
				v.summary.SetText(tr("gallery.status.error"))
				return
			}
			v.b.bar.setPatient(code, visits, shown, since)
			v.set(code, shown, visits)
		})
	}()
}

// firstScreenWait bounds how long a patient's view waits for the
// thumbnails of its first screen before it is shown without them.
const firstScreenWait = 120 * time.Millisecond

// firstScreen is the pieces of visits whose cards a grid height tall shows
// before it is scrolled (at least the first row's).
func firstScreen(visits []index.Visit, cols int, height float32) []index.Piece {
	var ps []index.Piece
	y := float32(0)
	for _, vis := range visits {
		y += visitRowHight
		for at := 0; at < len(vis.Pieces); at += cols {
			if y >= height && len(ps) > 0 {
				return ps
			}
			ps = append(ps, vis.Pieces[at:min(at+cols, len(vis.Pieces))]...)
			y += cardHeight()
		}
	}
	return ps
}

// prefetchThumbnails asks for the thumbnails of the first n pieces of
// visits, first piece first (a request already queued moves up), so that
// the rows under the first screen have theirs when scrolled to.
func prefetchThumbnails(s *gallery.Session, visits []index.Visit, n int) {
	var first []index.Piece
	for _, vis := range visits {
		for _, p := range vis.Pieces {
			if len(first) == n {
				break
			}
			first = append(first, p)
		}
	}
	for i := len(first) - 1; i >= 0; i-- { // the newest request is decoded first
		s.Thumbnail(first[i])
	}
}

// set shows visits, what the filters leave of all the patient's visits.
func (v *patientView) set(code string, visits, all []index.Visit) {
	v.visits = visits
	v.group()
	pieces := countPieces(visits)
	v.takeHome.Hidden = code == unverifiedRow || pieces == 0
	if code == unverifiedRow {
		v.heading.Text = tr("gallery.patients.unverified")
		v.summary.SetText(tr("gallery.unverified.hint"))
	} else {
		v.setName(v.name)
		if len(all) > 0 {
			v.summary.SetText(trf("gallery.patient.summary", len(all), countPieces(all),
				dateText(all[len(all)-1].Started.Local(), "2 Jan 2006"), dateText(all[0].Started.Local(), "2 Jan 2006")))
		}
	}
	v.chart.set(visits)
	if code == unverifiedRow {
		v.body.setVisits(nil)
	} else {
		v.body.setVisits(visits)
	}
	moods := false
	for _, vis := range visits {
		moods = moods || vis.CheckIn != nil || vis.CheckOut != nil
	}
	v.tools.Hidden = code == unverifiedRow
	if code == unverifiedRow || !moods { // no mood was said: no chart
		v.chart.Hide()
	} else {
		v.chart.Show()
	}
	v.content.Refresh() // the header's height changes with the chart
	v.heading.Refresh()
	v.list.Refresh()
	v.b.u.log.Info("patient view shown", "visits", len(visits), "pieces", pieces)
	v.openPendingVisit()
	if id := v.pending; id != "" {
		v.pending = ""
		if _, ok := v.byPiece[id]; ok {
			v.b.openViewer(id)
		}
	}
}

// group lays the shown visits out in rows of v.cols cards.
func (v *patientView) group() {
	var rows []viewRow
	byPiece := map[piece.ID]int{}
	for i := range v.visits {
		vis := &v.visits[i]
		rows = append(rows, viewRow{visit: vis})
		for at := 0; at < len(vis.Pieces); at += v.cols {
			end := min(at+v.cols, len(vis.Pieces))
			for _, p := range vis.Pieces[at:end] {
				byPiece[p.ID] = len(rows)
			}
			rows = append(rows, viewRow{pieces: vis.Pieces[at:end]})
		}
	}
	v.rows, v.byPiece = rows, byPiece
	for i, r := range rows {
		if r.visit != nil {
			v.list.SetItemHeight(i, visitRowHight)
		} else {
			v.list.SetItemHeight(i, cardHeight())
		}
	}
}

// reflow regroups the grid when the window has been resized to a width
// that fits another number of columns (before the grid is laid out).
func (v *patientView) reflow() {
	cols := columnsFor(v.b.u.win.Canvas().Size().Width)
	if cols == v.cols {
		return
	}
	v.cols = cols
	if len(v.visits) == 0 {
		return
	}
	v.group()
	v.list.Refresh()
}

// scrollToVisit scrolls the grid to visits[i]'s heading (a tap on the
// chart).
func (v *patientView) scrollToVisit(i int) {
	v.b.u.s.Touch()
	if i < 0 || i >= len(v.visits) {
		return
	}
	for row, r := range v.rows {
		if r.visit == &v.visits[i] {
			v.jump(func() { v.list.ScrollTo(row) })
			return
		}
	}
}

func (v *patientView) thumbnailReady(id piece.ID) {
	if row, ok := v.byPiece[id]; ok {
		v.list.RefreshItem(row)
	}
}

// drop forgets what the view showed (the gallery locked).
func (v *patientView) drop() {
	v.closeDialogs()
	v.nameEd, v.looks, v.report, v.visitPanel = nil, nil, nil, nil
	v.name = ""
	v.tools.Hide()
	v.code, v.visits, v.rows, v.byPiece = "", nil, nil, map[piece.ID]int{}
	v.heading.Text = ""
	v.takeHome.Hide()
	v.summary.SetText("")
	v.chart.set(nil)
	v.body.setVisits(nil)
	v.list.Refresh()
}

// rowView is one list row: a visit heading, a note, or a row of cards.
type rowView struct {
	widget.BaseWidget
	heading *canvas.Text
	moods   *canvas.Text
	notes   *widget.Button // the visit's notes
	visit   *index.Visit
	cards   []*pieceCard
	headBox fyne.CanvasObject
	cardBox *fyne.Container
}

func (v *patientView) newRow() fyne.CanvasObject {
	r := &rowView{}
	r.heading = canvas.NewText("", theme.Ink)
	r.heading.TextSize = 19
	r.heading.TextStyle = fyne.TextStyle{Bold: true}
	r.moods = canvas.NewText("", theme.Ink)
	r.moods.TextSize = 14
	r.notes = widget.NewButton(tr("gallery.notes.open"), func() {
		if r.visit != nil {
			v.visitNotes(r.visit)
		}
	})
	r.headBox = container.NewBorder(nil, nil, nil, container.NewCenter(r.notes), container.NewVBox(r.heading, r.moods))
	r.cardBox = container.NewHBox()
	// thumbnails are decoded at the size a card shows them
	scale := v.b.u.win.Canvas().Scale()
	v.b.u.s.SetThumbnailSize(int(math.Ceil(float64((cardWidth-16)*scale))), int(math.Ceil(float64(thumbHeight*scale))))
	for range v.cols {
		c := newPieceCard(v)
		r.cards = append(r.cards, c)
		r.cardBox.Add(c)
	}
	r.ExtendBaseWidget(r)
	return r
}

func (r *rowView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(r.headBox, r.cardBox))
}

func (v *patientView) updateRow(row viewRow, r *rowView) {
	r.headBox.Hide()
	r.cardBox.Hide()
	switch {
	case row.visit != nil:
		vis := row.visit
		r.visit = vis
		r.notes.Hidden = v.code == unverifiedRow || piece.ID(vis.ID).Validate() != nil
		if v.code == unverifiedRow {
			r.heading.Text = ""
		} else {
			r.heading.Text = trf("gallery.visit.heading", dateText(vis.Started.Local(), "Mon 2 Jan 2006, 15:04"))
		}
		r.moods.Text = ""
		if vis.CheckIn != nil || vis.CheckOut != nil {
			r.moods.Text = trf("gallery.visit.moods", moodText(vis.CheckIn), moodText(vis.CheckOut))
		}
		r.heading.Refresh()
		r.moods.Refresh()
		r.headBox.Show()
	default:
		for len(r.cards) < len(row.pieces) { // a row made before the window grew
			c := newPieceCard(v)
			r.cards = append(r.cards, c)
			r.cardBox.Add(c)
		}
		for i, c := range r.cards {
			if i < len(row.pieces) {
				c.set(row.pieces[i])
				c.Show()
			} else {
				c.clear()
				c.Hide()
			}
		}
		r.cardBox.Show()
	}
}

func moodText(m *piece.Mood) string {
	if m == nil {
		return tr("gallery.mood.unknown")
	}
	return trf("gallery.mood", m.Pleasantness, m.Energy)
}

func kindText(k piece.Kind) string {
	switch k {
	case piece.Drawing:
		return tr("gallery.kind.drawing")
	case piece.Music:
		return tr("gallery.kind.music")
	case piece.Voice:
		return tr("gallery.kind.voice")
	case piece.Writing:
		return tr("gallery.kind.writing")
	}
	return string(k)
}

func formatCode(c string) string {
	if code, err := patientcode.Parse(c); err == nil {
		return code.String()
	}
	return c
}

// quadrantColour is the colour of an emotion word's mark, by the quadrant
// the patient chose (the kiosk's palette).
func quadrantColour(q string) color.Color {
	switch q {
	case "pleasant-high":
		return theme.Beacon
	case "pleasant-low":
		return theme.Sage
	case "unpleasant-high":
		return theme.Clay
	case "unpleasant-low":
		return theme.Dusk
	}
	return theme.Disabled
}
