// Command canvasapp shows one paintview.Canvas filling a window, for the
// real-driver tests of the canvas (canvas_screen_test.go). It is test
// support, not a product: it lives under testdata so that ./... skips it,
// and the test builds it by path.
//
// Environment:
//
//	CANVASAPP_SIZE   window size "WxH" (default: full screen)
//	CANVASAPP_BRUSH  "kind:size" with kind a paint.Kind number (default "2:32", ink)
//	CANVASAPP_OUT    on the F12 key the painter's canvas is written here as
//	                 PNG (to a temporary file, then renamed)
//
// The Delete key clears the canvas.
package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/ui/paintview"
)

func main() {
	a := app.NewWithID("health.afterimage.canvasapp")
	w := a.NewWindow("Afterimage canvas test")
	p := paint.New(paint.Options{Seed: 1})
	b := paint.DefaultBrush
	b.Kind, b.Size, b.Color = paint.Ink, 32, paint.Palette[16]
	if v := os.Getenv("CANVASAPP_BRUSH"); v != "" {
		k, s, _ := strings.Cut(v, ":")
		kn, err1 := strconv.Atoi(k)
		sz, err2 := strconv.ParseFloat(s, 64)
		if err1 != nil || err2 != nil {
			fmt.Fprintln(os.Stderr, "canvasapp: CANVASAPP_BRUSH must be kind:size")
			os.Exit(2)
		}
		b.Kind, b.Size = paint.Kind(kn), sz
	}
	p.SetBrush(b)
	c := paintview.NewCanvas(p, nil)
	w.SetContent(c)
	w.SetPadded(false)
	if v := os.Getenv("CANVASAPP_SIZE"); v != "" {
		var wd, ht float32
		if _, err := fmt.Sscanf(v, "%fx%f", &wd, &ht); err != nil {
			fmt.Fprintln(os.Stderr, "canvasapp: CANVASAPP_SIZE must be WxH")
			os.Exit(2)
		}
		w.Resize(fyne.NewSize(wd, ht))
		w.SetFixedSize(true)
	} else {
		w.SetFullScreen(true)
	}

	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyDelete {
			c.Clear()
			return
		}
		if ev.Name != fyne.KeyF12 {
			return
		}
		img := p.Canvas().Snapshot() // on the UI goroutine; encode off it
		go func() {
			var buf bytes.Buffer
			if err := png.Encode(&buf, img); err != nil {
				fmt.Fprintln(os.Stderr, "canvasapp: encode:", err)
				return
			}
			out := os.Getenv("CANVASAPP_OUT")
			if err := os.WriteFile(out+".tmp", buf.Bytes(), 0o600); err != nil {
				fmt.Fprintln(os.Stderr, "canvasapp: save:", err)
				return
			}
			if err := os.Rename(out+".tmp", out); err != nil { // whole or absent
				fmt.Fprintln(os.Stderr, "canvasapp: save:", err)
			}
		}()
	})
	w.ShowAndRun()
}
