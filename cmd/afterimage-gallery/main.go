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
	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("afterimage.png", assets.Icon))
	galleryui.Launch(ctx, a, *configPath, slog.New(slog.NewTextHandler(os.Stderr, nil))).ShowAndRun()
}
