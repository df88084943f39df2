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
	"gallery.kind.writing":        "Writing",
	"gallery.piece.notext":        "The written text can't be shown: it is damaged or missing.",
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
	"gallery.find.placeholder":    "Search titles, reflections and writing (Ctrl+F)",
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

	// The clinical record: notes, display names, who looked, reports.
	"gallery.notes.title":                   "Notes",
	"gallery.notes.open":                    "Notes…",
	"gallery.notes.dialog":                  "Notes on a visit of %s",
	"gallery.notes.visit":                   "Visit of %s",
	"gallery.notes.placeholder":             "Write a note (only the clinic's staff see notes)",
	"gallery.notes.save":                    "Save note",
	"gallery.notes.saveedit":                "Save edit",
	"gallery.notes.canceledit":              "Stop editing",
	"gallery.notes.edit":                    "Edit",
	"gallery.notes.none":                    "No notes yet.",
	"gallery.notes.by":                      "%s · %s",
	"gallery.notes.edited":                  "edited",
	"gallery.notes.saving":                  "Saving…",
	"gallery.notes.cannotread":              "The notes could not be read from the gallery's index.",
	"gallery.notes.locked":                  "The gallery locked before this was saved. Unlock and try again.",
	"gallery.notes.unavailable":             "Notes cannot be saved in this gallery: it has no place in the clinic's storage for them.",
	"gallery.notes.offline":                 "Not saved: the clinic's storage did not answer. Your text is still here; try again.",
	"gallery.notes.failed":                  "Not saved: something went wrong storing it (see the gallery's log). Your text is still here; try again.",
	"gallery.notes.toolong":                 "A note can be at most %d characters.",
	"gallery.dialog.close":                  "Close",
	"gallery.name.edit":                     "Display name…",
	"gallery.name.title":                    "Display name of %s",
	"gallery.name.hint":                     "A name the clinic uses for this patient. It is kept only on the clinic's side (sealed, shared with the clinic's other galleries), never shown at the kiosk. Leave it empty to remove it.",
	"gallery.name.placeholder":              "Display name",
	"gallery.name.save":                     "Save name",
	"gallery.name.toolong":                  "A display name can be at most %d characters.",
	"gallery.name.oneline":                  "A display name is one line of text.",
	"gallery.name.unavailable":              "Names cannot be saved in this gallery: it has no place in the clinic's storage for them.",
	"gallery.name.failed":                   "Not saved: the clinic's storage did not take it (see the gallery's log). Try again.",
	"gallery.audit.open":                    "Who looked",
	"gallery.audit.title":                   "Who looked at %s",
	"gallery.audit.hint":                    "From the clinic's audit log: every opening of this patient, every piece viewed or played, every note, report and export, by every gallery of the clinic. `afterimage audit verify` checks that the log is whole.",
	"gallery.audit.loading":                 "Reading the audit log…",
	"gallery.audit.none":                    "The audit log has no entry for this patient yet.",
	"gallery.audit.count":                   "Entries: %d (newest first)",
	"gallery.audit.unavailable":             "This gallery has no audit log to read.",
	"gallery.audit.failed":                  "The audit log could not be read from the clinic's storage. Try again later.",
	"gallery.audit.row":                     "%s — %s",
	"gallery.audit.titled":                  "%s “%s”",
	"gallery.audit.piece":                   "%s %s",
	"gallery.audit.action.unlock":           "unlocked the gallery",
	"gallery.audit.action.patient-opened":   "opened the patient",
	"gallery.audit.action.piece-viewed":     "viewed",
	"gallery.audit.action.piece-played":     "played",
	"gallery.audit.action.note-written":     "wrote a note",
	"gallery.audit.action.report-made":      "made a report",
	"gallery.audit.action.export-made":      "made a take-home copy",
	"gallery.audit.action.consent-recorded": "recorded consent",
	"gallery.report.open":                   "Report…",
	"gallery.report.title":                  "Follow-up report of %s",
	"gallery.report.hint":                   "A PDF of the visits in the period: moods, pieces with thumbnails, titles, feelings and reflections, and the therapists' notes. It is written unencrypted to the folder you choose: keep it where the clinic keeps records.",
	"gallery.report.clinic":                 "Afterimage",
	"gallery.report.from":                   "From (YYYY-MM-DD)",
	"gallery.report.to":                     "To (YYYY-MM-DD)",
	"gallery.report.folder":                 "Folder",
	"gallery.report.nofolder":               "No folder chosen",
	"gallery.report.choose":                 "Choose…",
	"gallery.report.notlocal":               "Choose a folder on this computer or a drive attached to it.",
	"gallery.report.make":                   "Make report",
	"gallery.report.cancel":                 "Cancel",
	"gallery.report.baddates":               "Type the dates as YYYY-MM-DD, the first no later than the second.",
	"gallery.report.writing":                "Writing the report…",
	"gallery.report.cancelled":              "Cancelled: no file was written.",
	"gallery.report.failed":                 "The report could not be written (see the gallery's log). No file was left behind.",
	"gallery.report.done":                   "Saved as %s in %s",
	"gallery.find.notes":                    "Notes",
	"gallery.find.noteonpiece":              "note on a piece",
	"gallery.find.noteonvisit":              "note on a visit",
	"gallery.body.piece":                    "Where it was felt",
	"gallery.body.legend":                   "warm: more sensation · cool: less",
	"gallery.body.region":                   "%s (%s)",
	"gallery.body.warm":                     "warm",
	"gallery.body.cool":                     "cool",
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
