package assets

import _ "embed"

// Icon is the application icon (512×512 PNG), shared by the kiosk and the gallery.
//
//go:embed icons/afterimage.png
var Icon []byte
