package config

import (
	"fmt"
	"os"
	"path/filepath"
)

// DefaultDataDir is where an app keeps its data when the config names no
// folder: $XDG_DATA_HOME/afterimage, or ~/.local/share/afterimage.
func DefaultDataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "afterimage"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("config: data dir: %w", err)
	}
	return filepath.Join(home, ".local", "share", "afterimage"), nil
}
