package galleryui

import (
	"errors"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// unverifiedRow is the patients list's last row, apart from every patient:
// pieces whose origin is not verified.
const unverifiedRow = "\x00unverified"

// browser is the unlocked window: a searchable patients list and the
// chosen patient's view. Everything it shows comes from the index, asked
// off the UI goroutine; it is dropped whole when the gallery locks.
type browser struct {
	u       *UI
	content fyne.CanvasObject
	search  *widget.Entry
	list    *widget.List
	empty   *widget.Label

	rows       []index.Patient // the list's rows; unverifiedRow last when there are such pieces
	unverified int
	selected   string // a code, unverifiedRow, or ""
	seq        int    // the latest patients query; older answers are dropped
	quiet      bool   // selecting a row in code: do not open it again
	view       *patientView
	viewer     *viewer // nil: closed
	body       *fyne.Container
	split      fyne.CanvasObject
	lockNow    *widget.Button
	find       *search
	bar        *filterBar
	newCounts  map[string]int // pieces new since each patient's last follow-up
	searching  bool
	dropped    bool
}

func newBrowser(u *UI) *browser {
	b := &browser{u: u}
	b.search = widget.NewEntry()
	b.search.SetPlaceHolder(tr("gallery.search.placeholder"))
	b.search.OnChanged = func(string) {
		u.s.Touch()
		b.reloadPatients()
	}
	b.list = widget.NewList(
		func() int { return len(b.rows) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("XXXX-XXX")
			name.TextStyle = fyne.TextStyle{Bold: true}
			name.Truncation = fyne.TextTruncateEllipsis
			detail := canvas.NewText("", theme.Ink)
			detail.TextSize = 13
			return container.NewVBox(name, container.NewPadded(detail))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			name := box.Objects[0].(*widget.Label)
			detail := box.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
			if i >= len(b.rows) {
				return
			}
			p := b.rows[i]
			if p.Code == unverifiedRow {
				name.SetText(tr("gallery.patients.unverified"))
				detail.Text = ""
				detail.Refresh()
				return
			}
			text := formatCode(p.Code)
			if p.DisplayName != "" {
				text += " · " + p.DisplayName
			}
			name.SetText(text)
			detail.Text = trf("gallery.patients.row", dateText(p.LastVisit.Local(), "2 Jan 2006"), p.Pieces) + b.newBadge(p.Code)
			detail.Refresh()
		})
	b.list.OnSelected = func(i widget.ListItemID) {
		u.s.Touch()
		if b.quiet || i >= len(b.rows) {
			return
		}
		b.open(b.rows[i].Code)
	}
	b.empty = widget.NewLabel(tr("gallery.patients.none"))
	b.empty.Wrapping = fyne.TextWrapWord
	b.empty.Hide()
	b.view = newPatientView(b)

	title := canvas.NewText(tr("gallery.title"), theme.Ink)
	title.TextSize = 28
	b.lockNow = widget.NewButton(tr("gallery.lock.now"), func() { u.s.Lock() })
	b.find = newSearch(b)
	b.bar = newFilterBar(b)
	header := container.NewBorder(nil, nil, container.NewPadded(title), container.NewPadded(b.lockNow), container.NewPadded(b.find.entry))
	header = container.NewVBox(header, b.bar.content)
	if u.opts.Development {
		header = container.NewBorder(devBanner(), nil, nil, nil, header)
	}
	left := container.NewBorder(container.NewPadded(b.search), nil, nil, nil, container.NewStack(b.list, b.empty))
	split := container.NewHSplit(left, b.view.content)
	split.Offset = 0.24
	b.split = split
	b.body = container.NewStack(split)
	b.content = u.background(container.NewBorder(header, container.NewPadded(u.status), nil, nil, b.body))
	return b
}

// drop forgets everything shown: the gallery locked.
func (b *browser) drop() {
	b.dropped = true
	b.rows = nil
	if b.viewer != nil {
		b.viewer.drop()
		b.viewer = nil
	}
	b.view.drop()
	b.search.SetText("")
}

// reloadPatients asks the index for the patients matching the search, off
// the UI goroutine, and shows them in place.
func (b *browser) reloadPatients() {
	b.seq++
	seq, text, unverified := b.seq, b.search.Text, b.unverified
	go func() {
		ps, err := b.u.s.Patients(text)
		counts, cerr := b.u.s.NewCounts()
		if cerr != nil && !errors.Is(cerr, gallery.ErrLocked) {
			b.u.log.Warn("gallery: count new pieces", "err", cerr)
		}
		b.u.do(func() {
			if b.dropped || seq != b.seq {
				return
			}
			if err != nil && !errors.Is(err, gallery.ErrLocked) {
				b.u.log.Error("gallery: list patients", "err", err)
				b.empty.SetText(tr("gallery.status.error"))
			}
			if unverified > 0 && text == "" {
				ps = append(ps, index.Patient{Code: unverifiedRow, Pieces: unverified})
			}
			b.rows, b.newCounts = ps, counts
			b.view.listed(ps)
			b.empty.Hidden = len(ps) > 0 || text != ""
			b.empty.Refresh()
			b.list.Refresh()
			b.reselect()
		})
	}()
}

// reselect keeps the chosen patient highlighted where the list now shows
// it, and opens the most recent patient when none is chosen yet.
func (b *browser) reselect() {
	if b.selected == "" {
		if len(b.rows) > 0 && b.rows[0].Code != unverifiedRow {
			b.list.Select(0)
		}
		return
	}
	i := slices.IndexFunc(b.rows, func(p index.Patient) bool { return p.Code == b.selected })
	b.quiet = true
	defer func() { b.quiet = false }()
	if i < 0 {
		b.list.UnselectAll()
		return
	}
	b.list.Select(i)
}

// open shows a patient (or the origin-not-verified pieces).
func (b *browser) open(code string) {
	b.selected = code
	b.view.show(code)
}

// setUnverified updates the origin-not-verified row's count.
func (b *browser) setUnverified(n int) {
	if n == b.unverified {
		return
	}
	b.unverified = n
	b.reloadPatients()
}

// piecesAdded: a pull indexed new pieces of these patients ("" for pieces
// whose origin is not verified): the list and the open view update in
// place.
func (b *browser) piecesAdded(patients []string) {
	b.reloadPatients()
	for _, p := range patients {
		if p == b.selected || (p == "" && b.selected == unverifiedRow) {
			b.view.reload()
		}
	}
}

func (b *browser) thumbnailReady(id piece.ID) { b.view.thumbnailReady(id) }

// openViewer shows a piece of the open patient in the viewer.
func (b *browser) openViewer(id piece.ID) {
	var pieces []index.Piece
	at := -1
	for _, vis := range b.view.visits {
		for _, p := range vis.Pieces {
			if p.ID == id {
				at = len(pieces)
			}
			pieces = append(pieces, p)
		}
	}
	if at < 0 {
		return
	}
	if b.viewer != nil {
		b.viewer.drop()
	}
	b.u.win.Canvas().Unfocus() // the viewer's keys go to the window
	b.viewer = newViewer(b, pieces, at)
	b.searching = false
	b.body.Objects = []fyne.CanvasObject{b.viewer.content}
	b.bar.show(false) // one piece: nothing to filter
	b.body.Refresh()
	b.u.log.Info("screen shown", "screen", "viewer")
}

// closeViewer goes back to the patient's view.
func (b *browser) closeViewer() {
	if b.viewer == nil {
		return
	}
	b.viewer.drop()
	b.viewer = nil
	b.body.Objects = []fyne.CanvasObject{b.split}
	b.bar.show(true)
	b.body.Refresh()
	b.u.log.Info("screen shown", "screen", "patients")
}

// newBadge is the patients list's mark of a patient's new pieces ("" for
// none).
func (b *browser) newBadge(code string) string {
	if n := b.newCounts[code]; n > 0 {
		return " · ● " + trn("gallery.patients.new", n)
	}
	return ""
}

// filtersChanged narrows the open patient and the search's hits again.
func (b *browser) filtersChanged() {
	if b.view == nil || b.find == nil {
		return // being built
	}
	b.view.reload()
	if b.searching {
		b.find.query()
	}
}

// showSearch shows the search's hits in place of the patients (or back).
func (b *browser) showSearch(on bool) {
	if on == b.searching && b.viewer == nil {
		return
	}
	if b.viewer != nil {
		b.viewer.drop()
		b.viewer = nil
	}
	b.searching = on
	b.bar.show(true)
	if on {
		b.body.Objects = []fyne.CanvasObject{b.find.content}
	} else {
		b.body.Objects = []fyne.CanvasObject{b.split}
	}
	b.body.Refresh()
}

// typedKey handles the window's keys while unlocked; it reports whether
// the key was used.
func (b *browser) typedKey(k fyne.KeyName) bool {
	if b.viewer == nil {
		return false
	}
	switch k {
	case fyne.KeyEscape:
		b.closeViewer()
	case fyne.KeyLeft:
		b.viewer.step(-1)
	case fyne.KeyRight:
		b.viewer.step(1)
	case fyne.KeySpace:
		b.viewer.playPause()
	default:
		return false
	}
	return true
}

// typedRune: + and - zoom the viewer.
func (b *browser) typedRune(r rune) {
	if r == '/' {
		b.find.focus()
		return
	}
	if b.viewer == nil {
		return
	}
	switch r {
	case '+', '=':
		b.viewer.pic.zoomBy(zoomStep)
	case '-':
		b.viewer.pic.zoomBy(1 / zoomStep)
	}
}
