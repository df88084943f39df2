package tagging

import (
	"fmt"
	"sync"

	"fyne.io/fyne/v2/lang"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/emotion"
)

// Translation keys of the screens' text (assets/i18n/emotion.<lang>.json).
const (
	keyFeelTitle        = "tagging.feel.title"
	keyFeelHint         = "tagging.feel.hint"
	keyAxisPleasant     = "tagging.axis.pleasant"
	keyAxisUnpleasant   = "tagging.axis.unpleasant"
	keyAxisHigh         = "tagging.axis.high"
	keyAxisLow          = "tagging.axis.low"
	keyWordsTitle       = "tagging.words.title"
	keyWordsHint        = "tagging.words.hint"
	keyWordsChosen      = "tagging.words.chosen"
	keyWordsMore        = "tagging.words.more"
	keyStoryTitle       = "tagging.story.title"
	keyStoryName        = "tagging.story.name"
	keyStoryNameHint    = "tagging.story.namePlaceholder"
	keyStoryReflection  = "tagging.story.reflection"
	keyStoryReflectHint = "tagging.story.reflectionPlaceholder"
	keyStorySpeak       = "tagging.story.speak"
	keyStoryVoiceKept   = "tagging.story.voiceKept"
	keySkip             = "tagging.skip"
	keyDone             = "tagging.done"
	keyCheckInTitle     = "mood.checkin.title"
	keyCheckOutTitle    = "mood.checkout.title"
	keyMoodHint         = "mood.hint"
	keyMoodPleasantness = "mood.pleasantness"
	keyMoodEnergy       = "mood.energy"
	keyWordsBody        = "tagging.words.body"
	keyBodyTitle        = "tagging.body.title"
	keyBodyHint         = "tagging.body.hint"
	keyBodyWarm         = "tagging.body.warm"
	keyBodyCool         = "tagging.body.cool"
	keyBodyUndo         = "tagging.body.undo"
	keyBodyClear        = "tagging.body.clear"
	keyBodyNext         = "tagging.body.next"
)

// textKeys lists every key above, for the test that checks each
// translation file has them all.
var textKeys = []string{
	keyFeelTitle, keyFeelHint, keyAxisPleasant, keyAxisUnpleasant, keyAxisHigh, keyAxisLow,
	keyWordsTitle, keyWordsHint, keyWordsChosen, keyWordsMore, keyStoryTitle, keyStoryName, keyStoryNameHint,
	keyStoryReflection, keyStoryReflectHint, keyStorySpeak, keyStoryVoiceKept, keySkip,
	keyDone, keyCheckInTitle, keyCheckOutTitle, keyMoodHint, keyMoodPleasantness, keyMoodEnergy,
	keyWordsBody, keyBodyTitle, keyBodyHint, keyBodyWarm, keyBodyCool, keyBodyUndo, keyBodyClear, keyBodyNext,
}

var (
	addOnce sync.Once
	addErr  error
)

// AddTranslations loads the emotion and tagging text of every language in
// assets/i18n into Fyne's lang package. Call it once before showing a
// screen; later calls do nothing and return the first call's result.
func AddTranslations() error {
	addOnce.Do(func() {
		if err := lang.AddTranslationsFS(assets.EmotionText, "i18n"); err != nil {
			addErr = fmt.Errorf("tagging: add translations: %w", err)
		}
	})
	return addErr
}

// wordText is a word's display text in the current language.
func wordText(w string) string { return lang.X(emotion.WordKey(w), w) }
