package padview

import "fyne.io/fyne/v2/lang"

// english is every text the pad studio shows, by translation key;
// assets/i18n/studio.en.json holds the same (a test keeps them equal).
var english = map[string]string{
	"studio.pads.hint":          "Touch the pads. Every note fits with every other — there is no wrong note.",
	"studio.pads.mood":          "Mood",
	"studio.pads.mood.bright":   "Bright",
	"studio.pads.mood.tender":   "Tender",
	"studio.pads.mood.floating": "Floating",
	"studio.pads.voice":         "Sound",
	"studio.pads.voice.bell":    "Bell",
	"studio.pads.voice.warm":    "Warm",
	"studio.pads.voice.pluck":   "String",
	"studio.pads.voice.low":     "Deep",
	"studio.pads.silent":        "The sound is off on this screen today. Your playing is still kept, and you can listen to it later with your therapist.",
	"studio.pads.full":          "That's the longest a piece can be. It's all kept.",
	"studio.pads.done":          "I'm finished",
	"studio.pads.choose.title":  "How would you like to make music?",
	"studio.pads.choose.pads":   "Play the pads",
	"studio.pads.choose.record": "Record a sound",
}

// tr is the text for key in the current language.
func tr(key string) string { return lang.X(key, english[key]) }
