package assets

import "embed"

// KioskText holds the Fyne translation files for the kiosk's own screens
// (i18n/kiosk.<lang>.json) and its drawing and sound studios
// (i18n/studio.<lang>.json); a clinic translates by adding files with the
// same keys.
//
//go:embed i18n/kiosk.*.json i18n/studio.*.json
var KioskText embed.FS
