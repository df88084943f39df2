package kioskui

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/assets"
)

// TestTranslationFileMatches: assets/i18n/kiosk.en.json, which clinics copy
// to translate, holds exactly the kiosk's texts, plural ones as
// {"one": …, "other": …}.
func TestTranslationFileMatches(t *testing.T) {
	data, err := assets.KioskText.ReadFile("i18n/kiosk.en.json")
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]json.RawMessage
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	for k, v := range english {
		var got string
		if err := json.Unmarshal(file[k], &got); err != nil || got != v {
			t.Errorf("kiosk.en.json %s = %s, the kiosk says %q", k, file[k], v)
		}
	}
	for k, v := range englishPlural {
		var got struct{ One, Other string }
		if err := json.Unmarshal(file[k], &got); err != nil || got.One != v.One || got.Other != v.Other {
			t.Errorf("kiosk.en.json %s = %s, the kiosk says %+v", k, file[k], v)
		}
	}
	for k, v := range monthNames {
		var got string
		if err := json.Unmarshal(file[k], &got); err != nil || got != v {
			t.Errorf("kiosk.en.json %s = %s, the kiosk says %q", k, file[k], v)
		}
	}
	for k := range file {
		_, month := monthNames[k]
		_, plain := english[k]
		_, plural := englishPlural[k]
		// The on-screen keyboard's keys are checked by its own package.
		if !plain && !plural && !month && !strings.HasPrefix(k, "keyboard.") {
			t.Errorf("kiosk.en.json has %s, which the kiosk never shows", k)
		}
	}
}

// TestPlurals: counts read naturally ("1 second", "2 seconds"), through the
// translation files.
func TestPlurals(t *testing.T) {
	if err := AddTranslations(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		n    int
		want string
	}{{1, "Starting over in 1 second"}, {0, "Starting over in 0 seconds"}, {2, "Starting over in 2 seconds"}, {60, "Starting over in 60 seconds"}} {
		if got := trn("kiosk.idle.countdown", c.n); got != c.want {
			t.Errorf("countdown at %d: %q, want %q", c.n, got, c.want)
		}
	}
	if got := trn("kiosk.staff.wait", 1); got != "Please wait 1 second before trying again." {
		t.Errorf("staff wait: %q", got)
	}
	if got := trn("kiosk.staff.help.notdelivered", 3, map[string]any{"Time": "10:42:05"}); got != "10:42:05 — NOT delivered yet (3 tries); still trying" {
		t.Errorf("help line: %q", got)
	}
}
