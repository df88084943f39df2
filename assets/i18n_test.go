package assets

import (
	"embed"
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// placeholder is what a translation must carry over from the English:
// printf verbs (%s, %d, %.0f) and template fields ({{.Count}}).
var placeholder = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]|\{\{\s*\.[A-Za-z]+\s*\}\}`)

// placeholders lists the placeholders of s, sorted, "%%" left out.
func placeholders(s string) []string {
	var out []string
	for _, p := range placeholder.FindAllString(s, -1) {
		if p != "%%" {
			out = append(out, strings.ReplaceAll(p, " ", ""))
		}
	}
	slices.Sort(out)
	return out
}

// translationFiles maps each English file of the translation folders
// (<prefix>.en.json) to its translations (<prefix>.<tag>.json).
func translationFiles(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, fsys := range []embed.FS{KioskText, EmotionText, GalleryText} {
		err := fs.WalkDir(fsys, "i18n", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			base := path.Base(p)
			parts := strings.Split(base, ".")
			if len(parts) != 3 || parts[2] != "json" {
				t.Errorf("%s: not named <prefix>.<language>.json", p)
				return nil
			}
			en := "i18n/" + parts[0] + ".en.json"
			if parts[1] != "en" {
				out[en] = append(out[en], p)
			} else if _, ok := out[en]; !ok {
				out[en] = nil
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func readText(t *testing.T, name string) map[string]json.RawMessage {
	t.Helper()
	var data []byte
	var err error
	for _, fsys := range []embed.FS{KioskText, EmotionText, GalleryText} {
		if data, err = fsys.ReadFile(name); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// forms decodes a text: a plain string (form "") or plural forms.
func forms(raw json.RawMessage) (map[string]string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return map[string]string{"": s}, true
	}
	var m map[string]string
	if json.Unmarshal(raw, &m) == nil && m["other"] != "" {
		return m, true
	}
	return nil, false
}

// TestTranslationsComplete: every translation has every key of its English
// file and no other, each text of the same shape (plain, or plural forms
// with "one" and "other"), with the same placeholders: a missing %d or
// {{.Count}} would show a patient nonsense.
func TestTranslationsComplete(t *testing.T) {
	files := translationFiles(t)
	if len(files) < 4 {
		t.Fatalf("found English files %v, want kiosk, studio, emotion and gallery", files)
	}
	spanish := 0
	for enName, translations := range files {
		en := readText(t, enName)
		for _, name := range translations {
			if strings.Contains(name, ".es.") {
				spanish++
			}
			tr := readText(t, name)
			for k, raw := range en {
				enForms, ok := forms(raw)
				if !ok {
					t.Errorf("%s %s: neither a string nor plural forms", enName, k)
					continue
				}
				traw, ok := tr[k]
				if !ok {
					t.Errorf("%s has no %s", name, k)
					continue
				}
				trForms, ok := forms(traw)
				if !ok {
					t.Errorf("%s %s: neither a string nor plural forms", name, k)
					continue
				}
				_, enPlain := enForms[""]
				_, trPlain := trForms[""]
				if enPlain != trPlain {
					t.Errorf("%s %s: plain in one file, plural in the other", name, k)
					continue
				}
				if !enPlain && (trForms["one"] == "" || trForms["other"] == "") {
					t.Errorf("%s %s: plural forms %v, want at least one and other", name, k, trForms)
				}
				// Every form of the translation carries the placeholders of
				// the English "other" form; a "one" form may spell the
				// count out ("1 intento") where the English does too.
				want := placeholders(enForms["other"])
				if enPlain {
					want = placeholders(enForms[""])
				}
				for form, text := range trForms {
					got := placeholders(text)
					if form == "one" && !slices.Equal(got, want) && slices.Equal(got, placeholders(enForms["one"])) {
						continue
					}
					if !slices.Equal(got, want) {
						t.Errorf("%s %s (%q form): placeholders %v, the English has %v", name, k, form, got, want)
					}
				}
			}
			for k := range tr {
				if _, ok := en[k]; !ok {
					t.Errorf("%s has %s, which %s does not", name, k, enName)
				}
			}
		}
	}
	if spanish != 4 {
		t.Errorf("found %d Spanish files, want kiosk, studio, emotion and gallery", spanish)
	}
}

// TestPlaceholderPattern: the pattern finds what the apps format.
func TestPlaceholderPattern(t *testing.T) {
	got := placeholders("{{.Time}} — %s of %d (%.0f dBFS) {{ .Count }} 100%%")
	want := []string{"%.0f", "%d", "%s", "{{.Count}}", "{{.Time}}"}
	if !slices.Equal(got, want) {
		t.Fatalf("placeholders = %v, want %v", got, want)
	}
}
