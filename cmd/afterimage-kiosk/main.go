// Command afterimage-kiosk is the patient kiosk: a touch screen in a
// clinic's recovery lounge for drawing, music and spoken reflections.
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/logsetup"
	"github.com/afterimage-clinic/afterimage/internal/ui/appmeta"
	"github.com/afterimage-clinic/afterimage/internal/ui/kioskui"
	"github.com/afterimage-clinic/afterimage/internal/version"
)

// fyneApp is the app's FyneApp.toml: its ID, name and the fyneDo migration,
// declared at start for plain "go build" binaries too (see appmeta).
//
//go:embed FyneApp.toml
var fyneApp []byte

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	configPath := flag.String("config", "", "config file (default: $AFTERIMAGE_CONFIG, else development mode)")
	flag.Parse()
	if *showVersion {
		fmt.Println("afterimage-kiosk", version.Version)
		return
	}
	log := logsetup.New(os.Stderr)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	meta, err := appmeta.Parse(fyneApp, version.Version)
	if err != nil {
		fmt.Fprintln(os.Stderr, err) // appmeta's test reads FyneApp.toml: a release never gets here
		os.Exit(1)
	}
	app.SetMetadata(meta)
	a := app.NewWithID(meta.ID)
	a.SetIcon(fyne.NewStaticResource("afterimage.png", assets.Icon))
	kioskui.Launch(ctx, a, *configPath, log).ShowAndRun()
}
