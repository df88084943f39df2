package kioskprefs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/config"
)

func TestSaveLoadApply(t *testing.T) {
	dir := t.TempDir()
	p, err := Load(dir)
	if err != nil || p.Microphone != nil || p.HighContrast != nil {
		t.Fatalf("fresh folder: %+v, %v", p, err)
	}
	k := config.Kiosk{Microphone: "from config", HighContrast: true}
	p.Apply(&k)
	if k.Microphone != "from config" || !k.HighContrast {
		t.Fatalf("no choices changed the config: %+v", k)
	}
	mic, hc := "USB Audio: mic (hw:1,0)", false
	if err := Save(dir, Prefs{Microphone: &mic, HighContrast: &hc}); err != nil {
		t.Fatal(err)
	}
	p, err = Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	p.Apply(&k)
	if k.Microphone != mic || k.HighContrast {
		t.Fatalf("after load: %+v", k)
	}
	if fi, err := os.Stat(filepath.Join(dir, FileName)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("prefs file: %v %v", fi, err)
	}
}

func TestDamagedFile(t *testing.T) {
	for name, content := range map[string]string{
		"truncated": `{"microphone": "US`,
		"unknown":   `{"microphone": "x", "volume": 3}`,
		"trailing":  `{} {}`,
		"wrongtype": `{"high_contrast": "yes"}`,
		"long":      `{"microphone": "` + strings.Repeat("m", 300) + `"}`,
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, FileName), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := Load(dir)
		if err == nil || !strings.Contains(err.Error(), FileName) {
			t.Errorf("%s: got %+v, %v; want an error naming the file", name, p, err)
		}
		if p.Microphone != nil || p.HighContrast != nil {
			t.Errorf("%s: a damaged file gave choices %+v", name, p)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"microphone": "default", "high_contrast": true}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"microphone": ""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Prefs
		if err := Decode(data, &p); err != nil {
			return
		}
		if p.Microphone != nil && len(*p.Microphone) > 256 {
			t.Fatalf("accepted a %d-byte name", len(*p.Microphone))
		}
	})
}
