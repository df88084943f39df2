package kioskui

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
	"github.com/afterimage-clinic/afterimage/internal/ui/uilang"
)

// language is one the kiosk offers a patient: its tag and its own name.
type language struct{ tag, name string }

// offeredLanguages are the languages of tags, each named in itself (the
// key kiosk.language.name of its translation file). A language without a
// kiosk translation file is an error: staff would offer English under
// another name.
func offeredLanguages(tags []string) ([]language, error) {
	have, err := uilang.Available(assets.KioskText, "i18n", "kiosk")
	if err != nil {
		return nil, fmt.Errorf("kioskui: languages: %w", err)
	}
	out := make([]language, 0, len(tags))
	for _, tag := range tags {
		if !slices.Contains(have, tag) {
			return nil, fmt.Errorf("kiosk.languages: the kiosk has no translation for %q (it has %q)", tag, have)
		}
		data, err := assets.KioskText.ReadFile("i18n/kiosk." + tag + ".json")
		if err != nil {
			return nil, fmt.Errorf("kioskui: languages: %w", err)
		}
		var file struct {
			Name string `json:"kiosk.language.name"`
		}
		if err := json.Unmarshal(data, &file); err != nil {
			return nil, fmt.Errorf("kioskui: languages: kiosk.%s.json: %w", tag, err)
		}
		if file.Name == "" {
			file.Name = tag
		}
		out = append(out, language{tag: tag, name: file.Name})
	}
	return out, nil
}

// languagePicker is Welcome's quiet row of languages, each by its own name,
// the one in use marked; nil when the kiosk offers only one.
func languagePicker(langs []language, current string, choose func(tag string)) fyne.CanvasObject {
	if len(langs) < 2 {
		return nil
	}
	row := container.NewHBox()
	for _, l := range langs {
		b := widget.NewButton(l.name, func() { choose(l.tag) })
		b.Importance = widget.LowImportance
		if l.tag == current {
			b.Importance = widget.MediumImportance
		}
		row.Add(theme.Touch(b, fyne.NewSize(180, theme.MinTouchTarget)))
	}
	return container.NewCenter(row)
}

// chooseLanguage is a patient's choice on Welcome: the kiosk speaks tag
// until the visit ends, and Welcome redraws in it at once. Fyne thread only.
func (u *UI) chooseLanguage(tag string) {
	if err := uilang.Use(tag); err != nil {
		u.log.Error("language not changed", "err", err)
		return
	}
	u.langChosenAt.Store(u.deps.Clock.Now().UnixNano())
	u.page = page{} // rebuilt in the new language
	u.render(u.m.Screen())
}

// backToWelcome is Back on the code screen: the patient who chose a
// language a moment ago finds Welcome still in it (the visit is forgotten,
// but it is the same person); it lapses after the idle time as a choice
// made on Welcome does. Fyne thread only.
func (u *UI) backToWelcome() {
	u.keepLanguage = true
	if err := u.m.Back(); err != nil {
		u.keepLanguage = false
		return
	}
	if uilang.Current() != u.deps.Config.Kiosk.Language {
		u.langChosenAt.Store(u.deps.Clock.Now().UnixNano())
	}
}

// resetLanguage goes back to the kiosk's language, reporting whether it
// changed (then the caller redraws); not after backToWelcome. Fyne thread
// only.
func (u *UI) resetLanguage() bool {
	if u.keepLanguage {
		u.keepLanguage = false
		return false
	}
	u.langChosenAt.Store(0)
	def := u.deps.Config.Kiosk.Language
	if uilang.Current() == def {
		return false
	}
	if err := uilang.Use(def); err != nil {
		u.log.Error("language not reset", "err", err)
		return false
	}
	return true
}

// forgetLanguageOnWelcome puts Welcome back in the kiosk's language when a
// language was chosen there and nothing followed for the idle time (no
// visit began, so no reset will): the next patient is not greeted in the
// last one's choice. From the clock's goroutine.
func (u *UI) forgetLanguageOnWelcome(now time.Time) {
	at := u.langChosenAt.Load()
	if at == 0 || now.Sub(time.Unix(0, at)) < u.deps.Config.Kiosk.IdleAfter() || u.m.Screen() != kiosk.Welcome {
		return
	}
	fyne.Do(func() {
		if u.m.Screen() == kiosk.Welcome && u.resetLanguage() {
			u.page = page{}
			u.render(u.m.Screen())
		}
	})
}

// monthNames are the kiosk's short month names, by translation key, in
// English as Go writes them ("Jan"); a translation gives its language's.
var monthNames = func() map[string]string {
	m := map[string]string{}
	for i := time.January; i <= time.December; i++ {
		m["kiosk.month."+i.String()[:3]] = i.String()[:3]
	}
	return m
}()

// monthText is t written with layout (Go's, with "Jan"), the month's name
// in the current language.
func monthText(t time.Time, layout string) string {
	en := t.Month().String()[:3]
	return strings.Replace(t.Format(layout), en, lang.X("kiosk.month."+en, en), 1)
}
