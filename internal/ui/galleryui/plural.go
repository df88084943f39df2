package galleryui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"
	"github.com/afterimage-clinic/afterimage/internal/ui/uilang"
)

// englishPlural is every text of the gallery that counts something, by
// translation key, in its English plural forms: Go templates given .Count
// (and any other data). assets/i18n/gallery.en.json holds the same as
// {"one": …, "other": …}; a translation gives its language's forms.
var englishPlural = map[string]pluralText{
	"gallery.filter.shown": {
		One:   "{{.Shown}} of {{.Count}} piece",
		Other: "{{.Shown}} of {{.Count}} pieces",
	},
	"gallery.patients.new": {
		One:   "{{.Count}} new",
		Other: "{{.Count}} new",
	},
	"gallery.body.patient": {
		One:   "Where it was felt, in {{.Count}} piece",
		Other: "Where it was felt, over {{.Count}} pieces",
	},
}

// pluralText is a text's English forms for one and for other counts.
type pluralText = uilang.Forms

// trn is the text for key in the plural form the current language uses for
// count; its template gets .Count and data's other entries.
func trn(key string, count int, data ...map[string]any) string {
	return uilang.Plural(key, count, englishPlural[key], data...)
}

// dateNames are the gallery's names of months and weekdays, by translation
// key, in English as Go writes them ("Jan", "Mon"); a translation gives its
// language's short names.
var dateNames = func() map[string]string {
	m := map[string]string{}
	for i := time.January; i <= time.December; i++ {
		m["gallery.month."+i.String()[:3]] = i.String()[:3]
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		m["gallery.weekday."+d.String()[:3]] = d.String()[:3]
	}
	return m
}()

// dateText is t written with layout (Go's: "Mon 2 Jan 2006, 15:04"), its
// month and weekday names in the current language.
func dateText(t time.Time, layout string) string {
	s := t.Format(layout)
	if strings.Contains(layout, "Jan") {
		en := t.Month().String()[:3]
		s = strings.Replace(s, en, lang.X("gallery.month."+en, en), 1)
	}
	if strings.Contains(layout, "Mon") {
		en := t.Weekday().String()[:3]
		s = strings.Replace(s, en, lang.X("gallery.weekday."+en, en), 1)
	}
	return s
}
