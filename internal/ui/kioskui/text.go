package kioskui

import (
	"fmt"
	"sync"

	"fyne.io/fyne/v2/lang"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/ui/uilang"
)

// english is every text of the kiosk's own screens, by translation key;
// assets/i18n/kiosk.en.json holds the same (a test keeps them equal).
var english = map[string]string{
	"kiosk.welcome.title":    "Welcome",
	"kiosk.welcome.intro":    "A quiet place to draw, make sound, or say something\nabout your session. Nothing here is required.",
	"kiosk.welcome.begin":    "Begin",
	"kiosk.dev.banner":       "Development mode — pieces stay on this computer, sealed to a development key",
	"kiosk.dev.banner.s3":    "Development mode — not for patients: pieces go to the test storage server in this kiosk's settings",
	"kiosk.code.title":       "Your code",
	"kiosk.code.hint":        "Type the code the clinic gave you.",
	"kiosk.code.continue":    "Continue",
	"kiosk.code.checking":    "Checking your code…",
	"kiosk.code.again":       "That code doesn't match. Your symbols are still here: check each one, and ⌫ changes the last.",
	"kiosk.code.expired":     "This code has expired. Someone from the clinic can give you a new one.",
	"kiosk.back":             "Back",
	"kiosk.finished":         "I'm finished",
	"kiosk.choose.title":     "What would you like to do?",
	"kiosk.choose.draw":      "Draw or paint",
	"kiosk.choose.music":     "Make music",
	"kiosk.choose.voice":     "Say something",
	"kiosk.choose.write":     "Write",
	"kiosk.leave.title":      "Leave this piece for now?",
	"kiosk.leave.hint":       "You can keep it for later: it is saved, marked unfinished.\nOr you can let it go: it is deleted, and nobody will see it.",
	"kiosk.leave.keep":       "Keep it for later",
	"kiosk.leave.letgo":      "Let it go",
	"kiosk.leave.stay":       "Go back to it",
	"kiosk.another.title":    "Your piece is saved.",
	"kiosk.another.hint":     "Would you like to make another?",
	"kiosk.another.yes":      "Make another",
	"kiosk.goodbye.title":    "Thank you",
	"kiosk.goodbye.hint":     "Everything you made is saved for you and your therapist.\nTake all the time you need.",
	"kiosk.goodbye.done":     "Done",
	"kiosk.idle.title":       "Are you still here?",
	"kiosk.idle.hint":        "Your work is kept safe either way.",
	"kiosk.idle.here":        "I'm still here",
	"kiosk.help.button":      "I'd like someone to come",
	"kiosk.help.title":       "We've let the staff know.",
	"kiosk.help.hint":        "Someone will come to you. You don't need to do anything; stay as you are.",
	"kiosk.help.ok":          "Thank you",
	"kiosk.mic.unavailable":  "The microphone isn't available right now — you can still draw.",
	"kiosk.staff.title":      "Staff",
	"kiosk.staff.pin":        "Enter the staff PIN",
	"kiosk.staff.wrong":      "Not that PIN.",
	"kiosk.staff.close":      "Close",
	"kiosk.staff.exit":       "Quit the kiosk",
	"kiosk.staff.miccheck":   "Test the microphone",
	"kiosk.problem.title":    "This kiosk needs attention from staff",
	"kiosk.problem.hint":     "Afterimage will not run unprotected. Fix the configuration below and restart it.",
	"kiosk.problem.window":   "Afterimage — needs attention",
	"kiosk.save.retry":       "Try again",
	"kiosk.save.failed":      "Your piece is kept on this screen but is not saved yet. Try again or ask staff.",
	"kiosk.staff.lastupload": "Last upload: %s",
	"kiosk.staff.lasterror":  "Last problem: %s",
	"kiosk.staff.storage":    "Free storage: %s",
	"kiosk.staff.never":      "not yet",
	"kiosk.staff.none":       "none",
	"kiosk.staff.micok":      "Microphone works (level %.0f dBFS).",
	"kiosk.staff.micsilent":  "Microphone opened, but it heard nothing.",
	"kiosk.staff.mic":        "Microphone",
	"kiosk.staff.retryheld":  "Try the kept pieces again",
	"kiosk.staff.retrying":   "Trying again: see the count next time",
	"kiosk.staff.micdefault": "The system's default",
	"kiosk.staff.contrast":   "High contrast: %s",
	"kiosk.staff.on":         "on",
	"kiosk.staff.off":        "off",

	"kiosk.help.sending.title":      "Asking staff to come…",
	"kiosk.help.sending.hint":       "This takes a moment. Stay as you are.",
	"kiosk.help.notdelivered.title": "Please wave or call out — staff are close by.",
	"kiosk.help.notdelivered.hint":  "The message to staff hasn't reached them yet; the kiosk keeps trying,\nand the amber light at the top of the screen shows them you asked.",
	"kiosk.help.notdelivered.ok":    "OK",
	"kiosk.help.beacon":             "Help was asked for at %s",
	"kiosk.staff.help.title":        "Help requests",
	"kiosk.staff.help.none":         "No open help requests.",
	"kiosk.staff.help.delivered":    "%s — staff were told (%s)",
	"kiosk.staff.help.sending":      "%s — being sent",
	"kiosk.staff.help.clear":        "Clear",
	"kiosk.quiet.open":              "Quiet space",

	// The help channels, by name (kiosk.HelpChannel), as staff see them.
	"kiosk.staff.help.channel.chime":   "chime",
	"kiosk.staff.help.channel.webhook": "webhook",
	"kiosk.staff.help.channel.alert":   "alert",
	// Free storage on the staff panel: the amount, and the language's
	// decimal mark.
	"kiosk.staff.gigabytes": "%s GB",
	"kiosk.staff.decimal":   ".",

	// The language's own name, as Welcome offers it to a patient.
	"kiosk.language.name": "English",
}

// englishPlural is every text of the kiosk's own screens that counts
// something, by translation key, in its English plural forms: Go templates
// given .Count (and any other data). assets/i18n/kiosk.en.json holds the same
// as {"one": …, "other": …}; a translation gives its language's forms.
var englishPlural = map[string]pluralText{
	"kiosk.idle.countdown": {
		One:   "Starting over in {{.Count}} second",
		Other: "Starting over in {{.Count}} seconds",
	},
	"kiosk.staff.wait": {
		One:   "Please wait {{.Count}} second before trying again.",
		Other: "Please wait {{.Count}} seconds before trying again.",
	},
	"kiosk.staff.pending": {
		One:   "Waiting to upload: {{.Count}} piece",
		Other: "Waiting to upload: {{.Count}} pieces",
	},
	"kiosk.staff.held": {
		One:   "Kept on this kiosk, not uploadable (see the log): {{.Count}} piece",
		Other: "Kept on this kiosk, not uploadable (see the log): {{.Count}} pieces",
	},
	"kiosk.staff.help.notdelivered": {
		One:   "{{.Time}} — NOT delivered yet (1 try); still trying",
		Other: "{{.Time}} — NOT delivered yet ({{.Count}} tries); still trying",
	},
}

// pluralText is a text's English forms for one and for other counts.
type pluralText = uilang.Forms

// tr is the text for key in the current language.
func tr(key string) string { return lang.X(key, english[key]) }

// trf formats the text for key.
func trf(key string, args ...any) string { return fmt.Sprintf(tr(key), args...) }

// trn is the text for key in the plural form the current language uses for
// count; its template gets .Count and data's other entries.
func trn(key string, count int, data ...map[string]any) string {
	return uilang.Plural(key, count, englishPlural[key], data...)
}

var (
	addOnce sync.Once
	addErr  error
)

// AddTranslations loads the kiosk's text in every language of assets/i18n.
func AddTranslations() error {
	addOnce.Do(func() {
		if err := lang.AddTranslationsFS(assets.KioskText, "i18n"); err != nil {
			addErr = fmt.Errorf("kioskui: add translations: %w", err)
		}
	})
	return addErr
}
