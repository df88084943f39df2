package i18ncheck

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/assets"
)

// English checks the kiosk's translation file name (e.g. "studio.en.json")
// against english, the texts of the UI package who (e.g. "the pad
// studio"): each of them is in the file as it is in the package, and each
// key of the file under prefix is one of them. It returns the file's plain
// texts (plural forms, objects, are left out) for further checks.
func English(t testing.TB, name string, english map[string]string, prefix, who string) map[string]string {
	t.Helper()
	data, err := assets.KioskText.ReadFile("i18n/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	file := map[string]string{}
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			file[k] = s
		}
	}
	for k, v := range english {
		if got, ok := file[k]; !ok || got != v {
			t.Errorf("%s %s = %q, %s says %q", name, k, got, who, v)
		}
	}
	for k := range raw {
		if _, ok := english[k]; strings.HasPrefix(k, prefix) && !ok {
			t.Errorf("%s has %s, which %s never shows", name, k, who)
		}
	}
	return file
}
