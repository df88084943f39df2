package assets

import "embed"

// KioskText holds the Fyne translation files for the kiosk's own screens
// (i18n/kiosk.<lang>.json); a clinic translates by adding a file with the
// same keys.
//
//go:embed i18n/kiosk.*.json
var KioskText embed.FS
