package quietview

import "fyne.io/fyne/v2/lang"

// english is every text of the quiet space, by translation key;
// assets/i18n/studio.en.json holds the same (a test keeps them equal).
var english = map[string]string{
	"studio.quiet.title":       "A quiet space",
	"studio.quiet.hint":        "Rest here for a little while. Nothing is recorded.\nTap anywhere when you would like to leave.",
	"studio.quiet.one":         "1 minute",
	"studio.quiet.three":       "3 minutes",
	"studio.quiet.five":        "5 minutes",
	"studio.quiet.breathe.on":  "Breathing guide: on",
	"studio.quiet.breathe.off": "Breathing guide: off",
	"studio.quiet.sound.on":    "Soft sound: on",
	"studio.quiet.sound.off":   "Soft sound: off",
	"studio.quiet.in":          "Breathe in",
	"studio.quiet.out":         "Breathe out",
	"studio.quiet.leave":       "Tap anywhere to leave",
	"studio.quiet.silent":      "The sound is off on this screen today. The space is just as quiet without it.",
}

// tr is the text for key in the current language.
func tr(key string) string { return lang.X(key, english[key]) }
