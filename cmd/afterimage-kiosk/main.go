// Command afterimage-kiosk is the patient kiosk: a touch screen in a
// clinic's recovery lounge for drawing, music and spoken reflections.
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
	"github.com/afterimage-clinic/afterimage/internal/ui/kioskui"
	"github.com/afterimage-clinic/afterimage/internal/version"
)

const appID = "health.afterimage.kiosk" // also in FyneApp.toml

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	configPath := flag.String("config", "", "config file (default: $AFTERIMAGE_CONFIG, else development mode)")
	flag.Parse()
	if *showVersion {
		fmt.Println("afterimage-kiosk", version.Version)
		return
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("afterimage.png", assets.Icon))
	kioskui.Launch(ctx, a, *configPath, log).ShowAndRun()
}
