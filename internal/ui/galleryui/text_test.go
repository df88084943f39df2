package galleryui

import (
	"encoding/json"
	"testing"

	"github.com/afterimage-clinic/afterimage/assets"
)

// TestTranslationFileMatches: assets/i18n/gallery.en.json, which clinics
// copy to translate, holds exactly the gallery's texts.
func TestTranslationFileMatches(t *testing.T) {
	data, err := assets.GalleryText.ReadFile("i18n/gallery.en.json")
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
			t.Errorf("gallery.en.json %s = %s, the gallery says %q", k, file[k], v)
		}
	}
	for k, v := range englishPlural {
		var got struct{ One, Other string }
		if err := json.Unmarshal(file[k], &got); err != nil || got.One != v.One || got.Other != v.Other {
			t.Errorf("gallery.en.json %s = %s, the gallery says %+v", k, file[k], v)
		}
	}
	for k, v := range dateNames {
		var got string
		if err := json.Unmarshal(file[k], &got); err != nil || got != v {
			t.Errorf("gallery.en.json %s = %s, the gallery says %q", k, file[k], v)
		}
	}
	for k := range file {
		_, plain := english[k]
		_, plural := englishPlural[k]
		_, date := dateNames[k]
		if !plain && !plural && !date {
			t.Errorf("gallery.en.json has %s, which the gallery never shows", k)
		}
	}
}
