package audit

import "path/filepath"

// DefaultDir is the gallery install's audit folder in its data folder.
func DefaultDir(dataDir string) string { return filepath.Join(dataDir, "gallery", "audit") }
