package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
)

type palette map[fyne.ThemeColorName]color.Color

// Named colours of the calm palette, for screens that draw their own shapes.
var (
	Paper    = color.NRGBA{R: 0xf6, G: 0xf2, B: 0xea, A: 0xff} // warm off-white
	Ink      = color.NRGBA{R: 0x2f, G: 0x36, B: 0x3a, A: 0xff} // soft charcoal, 11.6:1 on Paper
	Sage     = color.NRGBA{R: 0x4f, G: 0x6f, B: 0x63, A: 0xff} // primary, 5.6:1 with Paper text
	Mist     = color.NRGBA{R: 0xe4, G: 0xe9, B: 0xe4, A: 0xff} // quiet button face
	Dusk     = color.NRGBA{R: 0x5b, G: 0x5f, B: 0x86, A: 0xff} // secondary accent
	Sand     = color.NRGBA{R: 0xe9, G: 0xdf, B: 0xcc, A: 0xff} // cards
	Clay     = color.NRGBA{R: 0x9a, G: 0x5b, B: 0x3f, A: 0xff} // gentle warning, never red
	Banner   = color.NRGBA{R: 0xf1, G: 0xd3, B: 0x8a, A: 0xff} // development-mode banner
	Overlay  = color.NRGBA{R: 0x2f, G: 0x36, B: 0x3a, A: 0xb0}
	Disabled = color.NRGBA{R: 0x8c, G: 0x92, B: 0x90, A: 0xff}
	Record   = color.NRGBA{R: 0xb5, G: 0x4a, B: 0x3c, A: 0xff} // the record button's muted red, 4.7:1 with Paper
)

// ColorNameRecord is the record button's colour: the one red a patient sees,
// kept for "tap here to record" (never for errors).
const ColorNameRecord fyne.ThemeColorName = "afterimage-record"

// Beacon is the help beacon's lamp, lit on every screen while a help request
// is open: a warm, saturated amber that staff can see across the room, unlike
// any other colour here (Ink text on it is 5.7:1). The same in both palettes.
var Beacon = color.NRGBA{R: 0xf0, G: 0xa0, B: 0x20, A: 0xff}

var calm = palette{
	fynetheme.ColorNameBackground:          Paper,
	fynetheme.ColorNameForeground:          Ink,
	fynetheme.ColorNamePrimary:             Sage,
	fynetheme.ColorNameForegroundOnPrimary: Paper,
	fynetheme.ColorNameButton:              Mist,
	fynetheme.ColorNameDisabledButton:      color.NRGBA{R: 0xec, G: 0xea, B: 0xe4, A: 0xff},
	fynetheme.ColorNameDisabled:            Disabled,
	fynetheme.ColorNameHover:               color.NRGBA{R: 0x4f, G: 0x6f, B: 0x63, A: 0x1a},
	fynetheme.ColorNamePressed:             color.NRGBA{R: 0x4f, G: 0x6f, B: 0x63, A: 0x33},
	fynetheme.ColorNameFocus:               color.NRGBA{R: 0x4f, G: 0x6f, B: 0x63, A: 0x40},
	fynetheme.ColorNameSelection:           color.NRGBA{R: 0x4f, G: 0x6f, B: 0x63, A: 0x30},
	fynetheme.ColorNameInputBackground:     color.NRGBA{R: 0xff, G: 0xfd, B: 0xf8, A: 0xff},
	fynetheme.ColorNameInputBorder:         color.NRGBA{R: 0xc9, G: 0xc4, B: 0xb8, A: 0xff},
	fynetheme.ColorNamePlaceHolder:         color.NRGBA{R: 0x6e, G: 0x72, B: 0x70, A: 0xff},
	fynetheme.ColorNameSeparator:           color.NRGBA{R: 0xdd, G: 0xd7, B: 0xcb, A: 0xff},
	fynetheme.ColorNameShadow:              color.NRGBA{A: 0x22},
	fynetheme.ColorNameOverlayBackground:   Paper,
	fynetheme.ColorNameMenuBackground:      Paper,
	fynetheme.ColorNameHeaderBackground:    Sand,
	fynetheme.ColorNameScrollBar:           color.NRGBA{R: 0x2f, G: 0x36, B: 0x3a, A: 0x55},
	fynetheme.ColorNameSuccess:             Sage,
	fynetheme.ColorNameWarning:             Clay,
	// Afterimage never shows red error text to a patient; errors are calm.
	fynetheme.ColorNameError:               Clay,
	fynetheme.ColorNameForegroundOnError:   Paper,
	fynetheme.ColorNameForegroundOnSuccess: Paper,
	fynetheme.ColorNameForegroundOnWarning: Paper,
	fynetheme.ColorNameHyperlink:           Dusk,
	ColorNameRecord:                        Record,
}

var highContrast = palette{
	fynetheme.ColorNameBackground:          color.White,
	fynetheme.ColorNameForeground:          color.Black,
	fynetheme.ColorNamePrimary:             color.NRGBA{R: 0x1d, G: 0x3b, B: 0x30, A: 0xff},
	fynetheme.ColorNameForegroundOnPrimary: color.White,
	fynetheme.ColorNameButton:              color.NRGBA{R: 0xe6, G: 0xe6, B: 0xe6, A: 0xff},
	fynetheme.ColorNameDisabledButton:      color.NRGBA{R: 0xf0, G: 0xf0, B: 0xf0, A: 0xff},
	fynetheme.ColorNameDisabled:            color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff},
	fynetheme.ColorNameHover:               color.NRGBA{A: 0x22},
	fynetheme.ColorNamePressed:             color.NRGBA{A: 0x44},
	fynetheme.ColorNameFocus:               color.NRGBA{R: 0x1d, G: 0x3b, B: 0x30, A: 0x80},
	fynetheme.ColorNameSelection:           color.NRGBA{R: 0x1d, G: 0x3b, B: 0x30, A: 0x40},
	fynetheme.ColorNameInputBackground:     color.White,
	fynetheme.ColorNameInputBorder:         color.Black,
	fynetheme.ColorNamePlaceHolder:         color.NRGBA{R: 0x44, G: 0x44, B: 0x44, A: 0xff},
	fynetheme.ColorNameSeparator:           color.Black,
	fynetheme.ColorNameShadow:              color.NRGBA{A: 0x44},
	fynetheme.ColorNameOverlayBackground:   color.White,
	fynetheme.ColorNameMenuBackground:      color.White,
	fynetheme.ColorNameHeaderBackground:    color.NRGBA{R: 0xe6, G: 0xe6, B: 0xe6, A: 0xff},
	fynetheme.ColorNameScrollBar:           color.Black,
	fynetheme.ColorNameSuccess:             color.NRGBA{R: 0x1d, G: 0x3b, B: 0x30, A: 0xff},
	fynetheme.ColorNameWarning:             color.NRGBA{R: 0x6b, G: 0x35, B: 0x1c, A: 0xff},
	fynetheme.ColorNameError:               color.NRGBA{R: 0x6b, G: 0x35, B: 0x1c, A: 0xff},
	fynetheme.ColorNameForegroundOnError:   color.White,
	fynetheme.ColorNameForegroundOnSuccess: color.White,
	fynetheme.ColorNameForegroundOnWarning: color.White,
	fynetheme.ColorNameHyperlink:           color.NRGBA{R: 0x1d, G: 0x2b, B: 0x6b, A: 0xff},
	ColorNameRecord:                        color.NRGBA{R: 0x9e, G: 0x1b, B: 0x10, A: 0xff},
}
