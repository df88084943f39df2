package galleryui

import (
	"maps"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// findText is the filter bar's text (also in assets/i18n/gallery.en.json).
var findText = map[string]string{
	"gallery.filter.new":           "New since last visit · %d",
	"gallery.filter.kind.any":      "All kinds",
	"gallery.filter.word.any":      "Any feeling",
	"gallery.filter.quadrant.any":  "Any quadrant",
	"gallery.filter.dates.any":     "Any date",
	"gallery.filter.dates.week":    "Last 7 days",
	"gallery.filter.dates.month":   "Last 30 days",
	"gallery.filter.dates.quarter": "Last 3 months",
	"gallery.filter.dates.year":    "Last 12 months",
	"gallery.filter.dates.custom":  "Dates…",
	"gallery.filter.dates.to":      "–",
	"gallery.filter.clear":         "Clear filters",
	"gallery.filter.since":         "new since %s",
	"gallery.filter.first":         "first review here: every piece is new",
}

func init() { maps.Copy(english, findText) }

// The date presets, in the dates menu's order.
const (
	datesAny = iota
	datesWeek
	datesMonth
	datesQuarter
	datesYear
	datesCustom
)

// presetDays is how many days back each preset reaches (today included).
var presetDays = map[int]int{datesWeek: 7, datesMonth: 30, datesQuarter: 91, datesYear: 365}

var filterKinds = []piece.Kind{piece.Drawing, piece.Music, piece.Voice, piece.Writing}

// filterBar is the row under the window's header that narrows what the
// gallery shows, as a photo library's filter bar does: new since the last
// follow-up, kind, feeling word, quadrant, dates, and Clear filters. One
// Find (gallery.Find) narrows the open patient's visits and the full-text
// search's hits alike; the patients list is never narrowed. The filters
// stay as they are when another patient is opened.
type filterBar struct {
	b       *browser
	content fyne.CanvasObject

	newOnly  *widget.Button
	kind     *widget.Select
	word     *widget.Select
	quadrant *widget.Select
	dates    *widget.Select
	from, to *widget.DateEntry
	custom   *fyne.Container
	clear    *widget.Button
	shown    *widget.Label

	f      gallery.Find
	preset int
	words  []string // the words offered, in the word menu's order after "any"
	quiet  bool     // widgets set in code: no reload
	now    func() time.Time
}

func newFilterBar(b *browser) *filterBar {
	f := &filterBar{b: b, now: time.Now}
	f.newOnly = widget.NewButtonWithIcon(trf("gallery.filter.new", 0), fynetheme.HistoryIcon(), func() {
		f.f.New = !f.f.New
		f.changed()
	})
	kinds := []string{tr("gallery.filter.kind.any")}
	for _, k := range filterKinds {
		kinds = append(kinds, kindText(k))
	}
	f.kind = widget.NewSelect(kinds, func(string) {
		f.f.Kinds = nil
		if i := f.kind.SelectedIndex(); i > 0 {
			f.f.Kinds = []piece.Kind{filterKinds[i-1]}
		}
		f.changed()
	})
	f.word = widget.NewSelect(nil, func(string) {
		f.f.Word = ""
		if i := f.word.SelectedIndex(); i > 0 && i-1 < len(f.words) {
			f.f.Word = f.words[i-1]
		}
		f.changed()
	})
	quads := []string{tr("gallery.filter.quadrant.any")}
	for _, q := range emotion.Quadrants {
		quads = append(quads, lang.X(emotion.QuadrantKey(q), string(q)))
	}
	f.quadrant = widget.NewSelect(quads, func(string) {
		f.f.Quadrant = ""
		if i := f.quadrant.SelectedIndex(); i > 0 {
			f.f.Quadrant = string(emotion.Quadrants[i-1])
		}
		f.changed()
	})
	f.dates = widget.NewSelect([]string{
		tr("gallery.filter.dates.any"), tr("gallery.filter.dates.week"), tr("gallery.filter.dates.month"),
		tr("gallery.filter.dates.quarter"), tr("gallery.filter.dates.year"), tr("gallery.filter.dates.custom"),
	}, func(string) {
		f.preset = max(f.dates.SelectedIndex(), datesAny)
		f.changed()
	})
	f.from, f.to = widget.NewDateEntry(), widget.NewDateEntry()
	f.from.OnChanged = func(*time.Time) { f.changed() }
	f.to.OnChanged = func(*time.Time) { f.changed() }
	f.custom = container.NewHBox(atLeast(150, f.from), canvas.NewText(tr("gallery.filter.dates.to"), theme.Ink), atLeast(150, f.to))
	f.clear = widget.NewButtonWithIcon(tr("gallery.filter.clear"), fynetheme.ContentClearIcon(), f.reset)
	f.shown = widget.NewLabel("")
	f.reset()
	f.shown.Truncation = fyne.TextTruncateEllipsis
	controls := container.NewHBox(f.newOnly, atLeast(110, f.kind), atLeast(130, f.word), atLeast(170, f.quadrant),
		atLeast(140, f.dates), f.custom, f.clear)
	f.content = container.NewPadded(container.NewThemeOverride(container.NewBorder(nil, nil, controls, nil, f.shown),
		compactTheme{theme.NewWithOptions(theme.Options{TextScale: desktopText})}))
	return f
}

// atLeast gives o at least width w: a menu as wide as its usual choices.
func atLeast(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(minWidth(w), o)
}

// minWidth lays out one object over the whole space, at least this wide.
type minWidth float32

func (m minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	return fyne.NewSize(max(s.Width, float32(m)), s.Height)
}

func (m minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// compactTheme is the gallery's theme with a toolbar's tighter padding and
// smaller icons: the filter bar takes one slim row, as a desktop app's.
type compactTheme struct{ fyne.Theme }

func (c compactTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case fynetheme.SizeNameInnerPadding:
		return 7
	case fynetheme.SizeNamePadding:
		return 4
	case fynetheme.SizeNameInlineIcon:
		return 18
	case fynetheme.SizeNameInputRadius, fynetheme.SizeNameSelectionRadius:
		return 8
	}
	return c.Theme.Size(n)
}

// find is what the bar asks for now.
func (f *filterBar) find() gallery.Find {
	q := f.f
	q.From, q.To = time.Time{}, time.Time{}
	switch f.preset {
	case datesAny:
	case datesCustom:
		if d := f.from.Date; d != nil {
			q.From = dateOf(*d)
		}
		if d := f.to.Date; d != nil {
			q.To = dateOf(*d).AddDate(0, 0, 1)
		}
	default:
		q.From = dayStart(f.now()).AddDate(0, 0, 1-presetDays[f.preset])
	}
	return q
}

// dayStart is the local midnight that starts t's day.
func dayStart(t time.Time) time.Time {
	t = t.In(time.Local)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.Local)
}

// show shows or hides the bar (hidden while the viewer shows one piece),
// laying the window out again.
func (f *filterBar) show(on bool) {
	if f.content.Visible() == on {
		return
	}
	if on {
		f.content.Show()
	} else {
		f.content.Hide()
	}
	f.b.content.Refresh()
}

// dateOf is the local midnight starting the calendar day d names (a date
// entry's date is that day's midnight in UTC).
func dateOf(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.Local)
}

// reset clears every filter (Clear filters).
func (f *filterBar) reset() {
	f.quiet = true
	f.f, f.preset = gallery.Find{}, datesAny
	f.kind.SetSelectedIndex(0)
	f.word.SetSelectedIndex(0)
	f.quadrant.SetSelectedIndex(0)
	f.dates.SetSelectedIndex(datesAny)
	f.from.SetDate(nil)
	f.to.SetDate(nil)
	f.quiet = false
	f.changed()
}

// changed shows the bar as it now asks, and narrows the open patient and
// the search again.
func (f *filterBar) changed() {
	if f.quiet {
		return
	}
	f.b.u.s.Touch()
	if f.f.New {
		f.newOnly.Importance = widget.HighImportance
	} else {
		f.newOnly.Importance = widget.MediumImportance
	}
	f.newOnly.Refresh()
	f.custom.Hidden = f.preset != datesCustom
	f.clear.Hidden = !f.find().Narrows()
	if f.clear.Hidden {
		f.shown.SetText("")
	}
	if f.content != nil {
		f.content.Refresh() // lays the row out again for what it now shows
	}
	f.b.filtersChanged()
}

// setPatient shows what the filters leave of a patient's pieces: the
// words the patient used, the count of new pieces, how many are shown.
// all is the patient's whole timeline, since where new pieces start.
func (f *filterBar) setPatient(code string, all, shown []index.Visit, since time.Time) {
	words := gallery.WordsOf(all)
	if f.f.Word != "" && !slices.Contains(words, f.f.Word) {
		words = append(words, f.f.Word) // still chosen: still offered
	}
	options := []string{tr("gallery.filter.word.any")}
	at := 0
	for i, w := range words {
		options = append(options, lang.X(emotion.WordKey(w), w))
		if w == f.f.Word {
			at = i + 1
		}
	}
	f.quiet = true
	f.words = words
	f.word.SetOptions(options)
	f.word.SetSelectedIndex(at)
	f.quiet = false

	newCount := countPieces((gallery.Find{New: true}).Visits(all, since))
	f.newOnly.SetText(trf("gallery.filter.new", newCount))
	if code == unverifiedRow || code == "" {
		f.newOnly.Hide()
	} else {
		f.newOnly.Show()
	}
	if !f.find().Narrows() {
		f.shown.SetText("")
		return
	}
	text := trn("gallery.filter.shown", countPieces(all), map[string]any{"Shown": countPieces(shown)})
	if f.f.New {
		if since.IsZero() {
			text += " · " + tr("gallery.filter.first")
		} else {
			text += " · " + trf("gallery.filter.since", dateText(since.Local(), "2 Jan 2006"))
		}
	}
	f.shown.SetText(text)
}

func countPieces(visits []index.Visit) int {
	n := 0
	for _, v := range visits {
		n += len(v.Pieces)
	}
	return n
}
