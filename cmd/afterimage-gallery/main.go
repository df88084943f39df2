// Command afterimage-gallery is the clinician gallery: every piece a patient
// made, synced from the clinic's storage, to review together at follow-up.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/ui/galleryui"
	"github.com/afterimage-clinic/afterimage/internal/version"
)

const appID = "health.afterimage.gallery" // also in FyneApp.toml

// metadata is what FyneApp.toml says, for binaries built with plain "go
// build" too (Fyne reads FyneApp.toml only through the fyne tool, or from
// the executable's folder in development builds). It declares the fyneDo
// migration: Fyne's UI goroutine rules are final, fyne.Do and
// fyne.DoAndWait always run their function on the UI goroutine and
// DoAndWait waits for it (never call it on the UI goroutine).
func metadata() fyne.AppMetadata {
	return fyne.AppMetadata{
		ID:         appID,
		Name:       "Afterimage Gallery",
		Version:    version.Version,
		Migrations: map[string]bool{"fyneDo": true},
	}
}

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
	app.SetMetadata(metadata())
	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("afterimage.png", assets.Icon))
	galleryui.Launch(ctx, a, *configPath, slog.New(slog.NewTextHandler(os.Stderr, nil))).ShowAndRun()
}
