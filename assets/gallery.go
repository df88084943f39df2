package assets

import "embed"

// GalleryText holds the Fyne translation files for the clinician gallery's
// screens (i18n/gallery.<lang>.json); a clinic translates by adding files
// with the same keys.
//
//go:embed i18n/gallery.*.json
var GalleryText embed.FS
