package main

import (
	"os"
	"strings"
	"testing"
)

// TestMetadataDeclaresFyneDo: the binary opts into Fyne's fyneDo migration
// whether built by the fyne tool (FyneApp.toml) or by plain go build
// (app.SetMetadata in main), so fyne.DoAndWait behaves the same in both.
func TestMetadataDeclaresFyneDo(t *testing.T) {
	m := metadata()
	if m.ID != appID || !m.Migrations["fyneDo"] {
		t.Fatalf("metadata %+v, want ID %s and the fyneDo migration", m, appID)
	}
	toml, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(toml), "[Migrations]\nfyneDo = true") || !strings.Contains(string(toml), `ID = "`+appID+`"`) {
		t.Fatalf("FyneApp.toml does not declare the fyneDo migration for %s:\n%s", appID, toml)
	}
}
