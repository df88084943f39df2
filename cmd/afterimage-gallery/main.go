// Command afterimage-gallery is the clinician gallery: every piece a patient
// made, synced from the clinic's storage, to review together at follow-up.
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"os"
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/logsetup"
	"github.com/afterimage-clinic/afterimage/internal/ui/appmeta"
	"github.com/afterimage-clinic/afterimage/internal/ui/galleryui"
	"github.com/afterimage-clinic/afterimage/internal/version"
)

// fyneApp is the app's FyneApp.toml: its ID, name and the fyneDo migration,
// declared at start for plain "go build" binaries too (see appmeta).
//
//go:embed FyneApp.toml
var fyneApp []byte

// memoryLimit is the Go runtime's soft memory limit for the gallery (the
// issue's budget is 500 MB for the whole process; the rest is the GL
// driver's and the C libraries').
const memoryLimit = 320 << 20

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	configPath := flag.String("config", "", "config file (default: $AFTERIMAGE_CONFIG, else development mode)")
	flag.Parse()
	if *showVersion {
		fmt.Println("afterimage-gallery", version.Version)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	meta, err := appmeta.Parse(fyneApp, version.Version)
	if err != nil {
		fmt.Fprintln(os.Stderr, err) // appmeta's test reads FyneApp.toml: a release never gets here
		os.Exit(1)
	}
	app.SetMetadata(meta)
	log := logsetup.New(os.Stderr)
	startProfiling(log)
	if os.Getenv("GOMEMLIMIT") == "" {
		// Most of the gallery's heap lives long (fonts, the thumbnail
		// cache): collect before it doubles, rather than hold the garbage.
		debug.SetMemoryLimit(memoryLimit)
	}
	a := app.NewWithID(meta.ID)
	a.SetIcon(fyne.NewStaticResource("afterimage.png", assets.Icon))
	galleryui.Launch(ctx, a, *configPath, log).ShowAndRun()
}
