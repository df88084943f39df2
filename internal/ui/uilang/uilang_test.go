package uilang

import (
	"testing"
	"testing/fstest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// TestUseSwitchesBackAndForth: lang.X follows Use, whatever the system
// locale says, including a "C" locale that hides LANGUAGE.
func TestUseSwitchesBackAndForth(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_GB.UTF-8")
	t.Setenv("LC_ALL", "C")
	if err := lang.AddTranslationsForLocale([]byte(`{"uilang.test": "hola"}`), fyne.Locale("es")); err != nil {
		t.Fatal(err)
	}
	if err := lang.AddTranslationsForLocale([]byte(`{"uilang.test": "hello"}`), fyne.Locale("en")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ tag, want string }{{"es", "hola"}, {"en", "hello"}, {"es", "hola"}, {"es-MX", "hola"}, {"en", "hello"}} {
		if err := Use(c.tag); err != nil {
			t.Fatal(err)
		}
		if got := lang.X("uilang.test", "fallback"); got != c.want {
			t.Errorf("after Use(%q): %q, want %q", c.tag, got, c.want)
		}
		if Current() != c.tag {
			t.Errorf("Current() = %q after Use(%q)", Current(), c.tag)
		}
	}
	if err := Use("Spanish"); err == nil {
		t.Error("Use took a name that is not a language tag")
	}
}

func TestAvailable(t *testing.T) {
	fsys := fstest.MapFS{
		"i18n/kiosk.en.json":    {Data: []byte("{}")},
		"i18n/kiosk.es.json":    {Data: []byte("{}")},
		"i18n/studio.fr.json":   {Data: []byte("{}")},
		"i18n/kiosk.bad!.json":  {Data: []byte("{}")},
		"i18n/kiosk.pt-BR.json": {Data: []byte("{}")},
	}
	got, err := Available(fsys, "i18n", "kiosk")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"en", "es", "pt-BR"}; len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("Available = %v, want %v", got, want)
	}
}

// TestPluralFallsBackToTheEnglishForm: a key no translation has is said in
// its English form for the count, its template filled.
func TestPluralFallsBackToTheEnglishForm(t *testing.T) {
	en := Forms{One: "{{.Count}} piece by {{.Who}}", Other: "{{.Count}} pieces by {{.Who}}"}
	who := map[string]any{"Who": "Ana"}
	if got := Plural("uilang.test.nowhere", 1, en, who); got != "1 piece by Ana" {
		t.Errorf("one: %q", got)
	}
	if got := Plural("uilang.test.nowhere", 3, en, who); got != "3 pieces by Ana" {
		t.Errorf("three: %q", got)
	}
}
