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
	var file map[string]string
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	for k, v := range english {
		if file[k] != v {
			t.Errorf("gallery.en.json %s = %q, the gallery says %q", k, file[k], v)
		}
	}
	for k := range file {
		if _, ok := english[k]; !ok {
			t.Errorf("gallery.en.json has %s, which the gallery never shows", k)
		}
	}
}
