package kioskui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/afterimage-clinic/afterimage/internal/config"
)

// TestDevBannerSaysWherePiecesGo: a development kiosk that sends pieces
// to an S3 server does not tell the room they stay on this computer.
func TestDevBannerSaysWherePiecesGo(t *testing.T) {
	for remote, want := range map[config.RemoteType]string{
		config.RemoteDir: "stay on this computer",
		config.RemoteS3:  "test storage server",
	} {
		got := bannerText(devBanner(remote))
		if !strings.Contains(got, want) {
			t.Errorf("remote %s: banner %q, want it to say %q", remote, got, want)
		}
		if remote == config.RemoteS3 && strings.Contains(got, "this computer") {
			t.Errorf("remote s3: banner %q says pieces stay on this computer", got)
		}
	}
}

func bannerText(o fyne.CanvasObject) string {
	switch o := o.(type) {
	case *canvas.Text:
		return o.Text
	case *fyne.Container:
		var b strings.Builder
		for _, c := range o.Objects {
			b.WriteString(bannerText(c))
		}
		return b.String()
	}
	return ""
}
