package galleryui

import (
	"fmt"
	"sync"

	"fyne.io/fyne/v2/lang"

	"github.com/afterimage-clinic/afterimage/assets"
)

// english is every text of the gallery's screens, by translation key;
// assets/i18n/gallery.en.json holds the same (a test keeps them equal).
// Texts with %s or %d are formatted with trf.
var english = map[string]string{
	"gallery.window.title":        "Afterimage Gallery",
	"gallery.window.problem":      "Afterimage Gallery — needs attention",
	"gallery.problem.intro":       "The gallery cannot start:\n\n%s",
	"gallery.dev.banner":          "Development mode — reading the local development folder",
	"gallery.title":               "Gallery",
	"gallery.lock.title":          "The gallery is locked",
	"gallery.lock.hint":           "Type the clinic's passphrase to see patients' work.",
	"gallery.lock.devhint":        "Development mode: the development key opens without a passphrase.",
	"gallery.lock.passphrase":     "Passphrase",
	"gallery.lock.unlock":         "Unlock",
	"gallery.lock.unlocking":      "Unlocking… (checking the passphrase takes a few seconds)",
	"gallery.lock.wrong":          "That passphrase does not open the clinic's key. Try again.",
	"gallery.lock.failed":         "The gallery could not be unlocked: %s",
	"gallery.lock.auto":           "Locked after %s without use.",
	"gallery.lock.now":            "Lock now",
	"gallery.search.placeholder":  "Find a patient (code or name)",
	"gallery.patients.none":       "No patients yet. Pieces appear here as kiosks sync them.",
	"gallery.patients.row":        "Last visit %s · pieces: %d",
	"gallery.patients.unverified": "Origin not verified",
	"gallery.unverified.hint":     "These pieces did not come from one of the clinic's trusted kiosks, or were changed after a kiosk made them.\nThey are not part of any patient's work. Ask the clinic's IT person to check the kiosks' keys.",
	"gallery.patient.choose":      "Choose a patient to review their pieces across visits.",
	"gallery.patient.summary":     "Visits: %d · pieces: %d · %s – %s",
	"gallery.visit.heading":       "Visit of %s",
	"gallery.visit.moods":         "Mood arriving %s → leaving %s",
	"gallery.mood":                "pleasant %d/9, energy %d/9",
	"gallery.mood.unknown":        "—",
	"gallery.kind.drawing":        "Drawing",
	"gallery.kind.music":          "Music",
	"gallery.kind.voice":          "Voice",
	"gallery.piece.untitled":      "Untitled",
	"gallery.piece.unfinished":    "Unfinished",
	"gallery.piece.damaged":       "Damaged — not shown",
	"gallery.piece.tampered":      "Changed after it was made",
	"gallery.piece.unverified":    "Origin not verified",
	"gallery.piece.nopicture":     "No picture",
	"gallery.viewer.close":        "Close (Esc)",
	"gallery.viewer.previous":     "← Previous",
	"gallery.viewer.next":         "Next →",
	"gallery.viewer.fit":          "Fit",
	"gallery.viewer.loading":      "Opening the drawing…",
	"gallery.player.loading":      "Opening the recording…",
	"gallery.player.play":         "▶ Play",
	"gallery.player.pause":        "❚❚ Pause",
	"gallery.player.cannot":       "This recording cannot be played.",
	"gallery.player.nospeaker":    "No speaker is available to play it.",
	"gallery.viewer.felt":         "Felt: %s",
	"gallery.replay.play":         "▶ Replay",
	"gallery.replay.pause":        "❚❚ Pause",
	"gallery.replay.none":         "No stroke log to replay",
	"gallery.find.placeholder":    "Search titles and reflections (Ctrl+F)",
	"gallery.find.none":           "No piece's title or reflection has these words.",
	"gallery.chart.pleasant":      "Pleasant",
	"gallery.chart.energy":        "Energy",
	"gallery.status.waiting":      "Looking for new pieces…",
	"gallery.status.pulling":      "Fetching new pieces: %d of %d",
	"gallery.status.last":         "Last pull %s",
	"gallery.status.counts":       "Pieces: %d · Damaged: %d · Origin not verified: %d",
	"gallery.status.offline":      "Offline: can't reach the clinic's storage — trying again",
	"gallery.status.index":        "Index: %s",
	"gallery.status.noindex":      "The gallery's index is unavailable.",
	"gallery.status.error":        "Could not read the gallery's index.",
}

// tr is the text for key in the current language.
func tr(key string) string { return lang.X(key, english[key]) }

// trf formats the text for key.
func trf(key string, args ...any) string { return fmt.Sprintf(tr(key), args...) }

var (
	addOnce sync.Once
	addErr  error
)

// AddTranslations loads the gallery's text in every language of assets/i18n.
func AddTranslations() error {
	addOnce.Do(func() {
		if err := lang.AddTranslationsFS(assets.GalleryText, "i18n"); err != nil {
			addErr = fmt.Errorf("galleryui: add translations: %w", err)
			return
		}
		if err := lang.AddTranslationsFS(assets.EmotionText, "i18n"); err != nil {
			addErr = fmt.Errorf("galleryui: add translations: %w", err)
		}
	})
	return addErr
}
