package keyboard

import (
	"strings"

	"fyne.io/fyne/v2/lang"
)

// english is every text of the keyboard, by translation key;
// assets/i18n/kiosk.en.json holds the same (a test keeps them equal). The
// rows are keys separated by spaces, rows by "|"; the accents are a base
// letter and its variants, groups separated by "|".
var english = map[string]string{
	"keyboard.letters":    "q w e r t y u i o p|a s d f g h j k l|z x c v b n m",
	"keyboard.symbols":    "1 2 3 4 5 6 7 8 9 0|- / : ; ( ) & @ \" '|. , ? ! # % + =",
	"keyboard.accents":    "a à á â ä ã å æ|e é è ê ë|i í ì î ï|o ó ò ô ö õ ø œ|u ú ù û ü|c ç|n ñ|s ß|y ý ÿ",
	"keyboard.shift":      "Shift",
	"keyboard.to.symbols": "123",
	"keyboard.to.letters": "abc",
	"keyboard.space":      "space",
	"keyboard.backspace":  "⌫",
	"keyboard.done":       "Done",
	"keyboard.return":     "New line",
}

func tr(key string) string { return lang.X(key, english[key]) }

// Layout is the keys of a language: letter rows, symbol rows, and the
// accented variants a long press on a letter offers.
type Layout struct {
	Letters, Symbols [][]string
	Accents          map[string][]string
}

// CurrentLayout is the layout of the current language's translation file.
func CurrentLayout() Layout {
	l := Layout{Letters: rows(tr("keyboard.letters")), Symbols: rows(tr("keyboard.symbols")), Accents: map[string][]string{}}
	for _, group := range strings.Split(tr("keyboard.accents"), "|") {
		if f := strings.Fields(group); len(f) > 1 {
			l.Accents[f[0]] = f[1:]
		}
	}
	return l
}

func rows(s string) [][]string {
	var out [][]string
	for _, r := range strings.Split(s, "|") {
		if f := strings.Fields(r); len(f) > 0 {
			out = append(out, f)
		}
	}
	return out
}
