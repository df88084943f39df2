package appmeta

import (
	"os"
	"path/filepath"
	"testing"
)

// TestBothAppsDeclareFyneDo reads the apps' own FyneApp.toml files, which
// their main packages embed.
func TestBothAppsDeclareFyneDo(t *testing.T) {
	for app, id := range map[string]string{
		"afterimage-kiosk":   "health.afterimage.kiosk",
		"afterimage-gallery": "health.afterimage.gallery",
	} {
		data, err := os.ReadFile(filepath.Join("..", "..", "..", "cmd", app, "FyneApp.toml"))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Parse(data, "v1.2.3")
		if err != nil {
			t.Fatalf("%s: %v", app, err)
		}
		if m.ID != id || !m.Migrations["fyneDo"] || m.Version != "v1.2.3" || m.Name == "" {
			t.Fatalf("%s: metadata %+v", app, m)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for name, text := range map[string]string{
		"no migration":  "[Details]\nID = \"a.b\"\n",
		"migration off": "[Details]\nID = \"a.b\"\n[Migrations]\nfyneDo = false\n",
		"no id":         "[Migrations]\nfyneDo = true\n",
		"not toml":      "[Details\n",
	} {
		if _, err := Parse([]byte(text), "dev"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
