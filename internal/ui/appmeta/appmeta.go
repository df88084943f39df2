package appmeta

import (
	"fmt"

	"fyne.io/fyne/v2"
	"github.com/BurntSushi/toml"
)

// fyneApp is the part of FyneApp.toml the apps declare at start.
type fyneApp struct {
	Details struct {
		ID, Name string
	}
	Migrations map[string]bool
}

// Parse reads an app's FyneApp.toml (embedded by its main package) and
// returns its metadata with version as the version. It refuses a file that
// names no ID or does not declare the fyneDo migration: the apps' threading
// depends on it.
func Parse(fyneAppTOML []byte, version string) (fyne.AppMetadata, error) {
	var f fyneApp
	if err := toml.Unmarshal(fyneAppTOML, &f); err != nil {
		return fyne.AppMetadata{}, fmt.Errorf("appmeta: FyneApp.toml: %w", err)
	}
	if f.Details.ID == "" || !f.Migrations["fyneDo"] {
		return fyne.AppMetadata{}, fmt.Errorf("appmeta: FyneApp.toml must give Details.ID and declare [Migrations] fyneDo = true")
	}
	return fyne.AppMetadata{ID: f.Details.ID, Name: f.Details.Name, Version: version, Migrations: f.Migrations}, nil
}
