package galleryui

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/afterimage-clinic/afterimage/internal/bodymap"
	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/report"
)

// reportText is the wording of the follow-up PDF (part of english;
// assets/i18n/gallery.en.json holds the same). The dates are Go templates
// given .Weekday, .Day, .Month, .Mon (the short month), .Year and .Time,
// so a language puts them in its own order ("5 de octubre de 2026").
var reportText = map[string]string{
	"gallery.report.pdf.title":        "Follow-up report",
	"gallery.report.pdf.patient":      "Patient %s",
	"gallery.report.pdf.period":       "%s to %s",
	"gallery.report.pdf.made":         "Made %s by %s",
	"gallery.report.pdf.page":         "page %d of %s",
	"gallery.report.pdf.chart":        "Mood at check-in and check-out of each visit",
	"gallery.report.pdf.novisits":     "No visits in this period",
	"gallery.report.pdf.pleasantness": "pleasantness",
	"gallery.report.pdf.energy":       "energy",
	"gallery.report.pdf.chartkey":     "dot: check-in · arrow head: check-out (scale 1 to 9)",
	"gallery.report.pdf.visit":        "Visit %d · %s",
	"gallery.report.pdf.moods":        "Check-in: %s.  Check-out: %s.",
	"gallery.report.pdf.mood":         "pleasantness %s, energy %s",
	"gallery.report.pdf.nomood":       "not given",
	"gallery.report.pdf.unfinished":   "unfinished",
	"gallery.report.pdf.damaged":      "damaged: could not be read",
	"gallery.report.pdf.piece":        "Piece",
	"gallery.report.pdf.feelings":     "Feelings: %s",
	"gallery.report.pdf.body":         "Felt in the body: %s",
	"gallery.report.pdf.written":      "Written",
	"gallery.report.pdf.noteonpiece":  "Note by %s, %s",
	"gallery.report.pdf.noteonvisit":  "Note on the visit by %s, %s",
	"gallery.report.pdf.date.day":     "{{.Day}} {{.Mon}} {{.Year}}",
	"gallery.report.pdf.date.short":   "{{.Day}} {{.Mon}}",
	"gallery.report.pdf.date.note":    "{{.Day}} {{.Mon}} {{.Year}} {{.Time}}",
	"gallery.report.pdf.date.made":    "{{.Day}} {{.Month}} {{.Year}}, {{.Time}}",
	"gallery.report.pdf.date.visit":   "{{.Weekday}} {{.Day}} {{.Month}} {{.Year}}, {{.Time}}",
}

// reportPlural is the PDF's counts (part of englishPlural).
var reportPlural = map[string]pluralText{
	"gallery.report.pdf.visits": {One: "{{.Count}} visit", Other: "{{.Count}} visits"},
	"gallery.report.pdf.pieces": {One: "{{.Count}} piece", Other: "{{.Count}} pieces"},
}

// reportDateKeys are the translation keys of the report's date forms.
var reportDateKeys = map[report.DateForm]string{
	report.DateDay:   "gallery.report.pdf.date.day",
	report.DateShort: "gallery.report.pdf.date.short",
	report.DateNote:  "gallery.report.pdf.date.note",
	report.DateMade:  "gallery.report.pdf.date.made",
	report.DateVisit: "gallery.report.pdf.date.visit",
}

func init() {
	maps.Copy(english, reportText)
	maps.Copy(englishPlural, reportPlural)
	// Whole month and weekday names, which the report writes out (part of
	// dateNames).
	for m := time.January; m <= time.December; m++ {
		dateNames["gallery.report.pdf.month."+m.String()] = m.String()
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		dateNames["gallery.report.pdf.weekday."+d.String()] = d.String()
	}
}

// reportLanguage is the follow-up PDF's wording in the current language,
// with the names of the pieces' emotion words and body regions.
type reportLanguage struct {
	words  report.Words
	word   func(string) string                // an emotion word (a vocabulary key)
	region func(id, name, feel string) string // a body map region felt warm or cool
}

// newReportLanguage reads the report's wording. Call it on the UI
// goroutine: everything is translated here, into plain text and tables,
// except the two plural counts, whose form depends on a count only the
// report knows. Those (Visits, Pieces) call lang from the goroutine
// writing the report; that is safe in the gallery, whose language is set
// once at launch before any window (uilang.Use is never called again), so
// nothing writes lang's translations while a report reads them.
func newReportLanguage() reportLanguage {
	w := report.Words{
		Title: tr("gallery.report.pdf.title"), Patient: tr("gallery.report.pdf.patient"), Period: tr("gallery.report.pdf.period"),
		Visits: func(n int) string { return trn("gallery.report.pdf.visits", n) },
		Pieces: func(n int) string { return trn("gallery.report.pdf.pieces", n) },
		Made:   tr("gallery.report.pdf.made"), Page: tr("gallery.report.pdf.page"),
		MoodChart: tr("gallery.report.pdf.chart"), NoVisits: tr("gallery.report.pdf.novisits"),
		Pleasantness: tr("gallery.report.pdf.pleasantness"), Energy: tr("gallery.report.pdf.energy"), ChartKey: tr("gallery.report.pdf.chartkey"),
		Visit: tr("gallery.report.pdf.visit"), Moods: tr("gallery.report.pdf.moods"), Mood: tr("gallery.report.pdf.mood"), NoMood: tr("gallery.report.pdf.nomood"),
		Untitled: tr("gallery.piece.untitled"), Unfinished: tr("gallery.report.pdf.unfinished"), Damaged: tr("gallery.report.pdf.damaged"),
		Drawing: tr("gallery.kind.drawing"), Music: tr("gallery.kind.music"), Voice: tr("gallery.kind.voice"), Writing: tr("gallery.kind.writing"),
		Piece: tr("gallery.report.pdf.piece"), Feelings: tr("gallery.report.pdf.feelings"), Body: tr("gallery.report.pdf.body"),
		Written: tr("gallery.report.pdf.written"), NoteOnPiece: tr("gallery.report.pdf.noteonpiece"), NoteOnVisit: tr("gallery.report.pdf.noteonvisit"),
		Date: newReportDates(),
	}
	words := map[string]string{}
	if v, err := emotion.Default(); err == nil {
		for _, r := range v.Regions {
			for _, x := range r.Words {
				words[x.Word] = lang.X(emotion.WordKey(x.Word), x.Word)
			}
		}
	}
	regions := map[string]string{}
	if o, err := bodymap.Load(); err == nil {
		for _, side := range o.Sides {
			for _, r := range side.Regions {
				regions[r.ID] = lang.X("body.region."+r.ID, r.Name)
			}
		}
	}
	format, warm, cool := tr("gallery.body.region"), tr("gallery.body.warm"), tr("gallery.body.cool")
	return reportLanguage{
		words: w,
		word: func(key string) string {
			if t, ok := words[key]; ok {
				return t
			}
			return key
		},
		region: func(id, name, feel string) string {
			if t, ok := regions[id]; ok {
				name = t
			}
			f := warm
			if feel == piece.FeelCool {
				f = cool
			}
			return fmt.Sprintf(format, name, f)
		},
	}
}

// newReportDates is the report's date writer in the current language: its
// layouts and names are read now; it translates nothing when called.
func newReportDates() func(time.Time, report.DateForm) string {
	fields := []string{"Weekday", "Day", "Month", "Mon", "Year", "Time"}
	marks := map[string]any{}
	for _, f := range fields {
		marks[f] = "\x00" + f + "\x00"
	}
	// Each form's template, its fields left as marks to fill in later.
	layouts := map[report.DateForm]string{}
	for form, key := range reportDateKeys {
		layouts[form] = lang.X(key, reportText[key], marks)
	}
	var months, short [12]string
	for m := time.January; m <= time.December; m++ {
		months[m-1] = lang.X("gallery.report.pdf.month."+m.String(), m.String())
		short[m-1] = lang.X("gallery.month."+m.String()[:3], m.String()[:3])
	}
	var days [7]string
	for d := time.Sunday; d <= time.Saturday; d++ {
		days[d] = lang.X("gallery.report.pdf.weekday."+d.String(), d.String())
	}
	return func(t time.Time, form report.DateForm) string {
		layout, ok := layouts[form]
		if !ok {
			return report.EnglishDate(t, form)
		}
		return strings.NewReplacer(
			"\x00Weekday\x00", days[t.Weekday()], "\x00Day\x00", strconv.Itoa(t.Day()),
			"\x00Month\x00", months[t.Month()-1], "\x00Mon\x00", short[t.Month()-1],
			"\x00Year\x00", strconv.Itoa(t.Year()), "\x00Time\x00", t.Format("15:04"),
		).Replace(layout)
	}
}
