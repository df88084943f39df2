package kioskui

import (
	"encoding/json"
	"testing"

	"github.com/afterimage-clinic/afterimage/assets"
)

// TestTranslationFileMatches: assets/i18n/kiosk.en.json, which clinics copy
// to translate, holds exactly the kiosk's texts.
func TestTranslationFileMatches(t *testing.T) {
	data, err := assets.KioskText.ReadFile("i18n/kiosk.en.json")
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]string
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	for k, v := range english {
		if file[k] != v {
			t.Errorf("kiosk.en.json %s = %q, the kiosk says %q", k, file[k], v)
		}
	}
	for k := range file {
		if _, ok := english[k]; !ok {
			t.Errorf("kiosk.en.json has %s, which the kiosk never shows", k)
		}
	}
}
