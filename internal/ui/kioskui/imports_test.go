package kioskui

import (
	"go/build"
	"strings"
	"testing"
)

// TestHoldsNoPieceLife: kioskui keeps widgets, screens and text; the life
// of a piece (spool, media files, the drawing's encoding) belongs to
// kiosk.Pieces, so kioskui's own code imports none of those packages.
func TestHoldsNoPieceLife(t *testing.T) {
	pkg, err := build.Default.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	const mod = "github.com/afterimage-clinic/afterimage/internal/"
	for _, imp := range pkg.Imports {
		switch strings.TrimPrefix(imp, mod) {
		case "spool", "media", "drawing":
			t.Errorf("kioskui imports %s: that belongs to kiosk.Pieces", imp)
		}
	}
	if len(pkg.Imports) == 0 {
		t.Fatal("no imports read: the check checks nothing")
	}
}
