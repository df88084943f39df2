package uilang

import (
	"maps"

	"fyne.io/fyne/v2/lang"
)

// Forms is a text's English forms for one and for other counts.
type Forms struct{ One, Other string }

// Plural is the text for key in the plural form the current language uses
// for count; its template gets .Count and data's other entries. en is the
// English, said where the language has no translation for key.
func Plural(key string, count int, en Forms, data ...map[string]any) string {
	d := map[string]any{"Count": count}
	for _, x := range data {
		maps.Copy(d, x)
	}
	fallback := en.Other
	if count == 1 {
		fallback = en.One
	}
	return lang.LocalizePluralKey(key, fallback, count, d)
}
