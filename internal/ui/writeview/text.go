package writeview

import "fyne.io/fyne/v2/lang"

// english is every text the writing studio shows, by translation key;
// assets/i18n/studio.en.json holds the same (a test keeps them equal).
var english = map[string]string{
	"write.placeholder":    "Write whatever comes. Spelling doesn't matter, and nobody will mark it.",
	"write.prompt.another": "Another prompt",
	"write.prompt.hide":    "Hide",
	"write.prompt.show":    "Show a prompt",
	"write.done":           "I'm finished",
	"write.tap":            "Tap the page to write.",
	"write.full":           "The page is full. Everything you wrote is kept.",
}

// tr is the text for key in the current language.
func tr(key string) string { return lang.X(key, english[key]) }
