package galleryui

import (
	"maps"

	"fyne.io/fyne/v2/lang"
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
}

// pluralText is a text's English forms for one and for other counts.
type pluralText struct{ One, Other string }

// trn is the text for key in the plural form the current language uses for
// count; its template gets .Count and data's other entries.
func trn(key string, count int, data ...map[string]any) string {
	d := map[string]any{"Count": count}
	for _, x := range data {
		maps.Copy(d, x)
	}
	en := englishPlural[key]
	fallback := en.Other
	if count == 1 {
		fallback = en.One
	}
	return lang.LocalizePluralKey(key, fallback, count, d)
}
