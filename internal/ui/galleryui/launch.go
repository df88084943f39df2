package galleryui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote/remoteconfig"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
	"github.com/afterimage-clinic/afterimage/internal/ui/uilang"
)

// Launch reads the configuration and the remote and returns the gallery
// window, locked: the clinician's passphrase unlocks the clinic's identity
// (off the UI goroutine), which opens the index and starts pulling. A
// configuration problem is shown in the window, never a crash.
func Launch(ctx context.Context, a fyne.App, configPath string, log *slog.Logger) fyne.Window {
	if err := AddTranslations(); err != nil {
		log.Warn("gallery: translations", "err", err)
	}
	cfg, err := config.Load(configPath)
	if err != nil && (cfg == nil || !galleryUsable(err)) {
		return problemWindow(a, err)
	}
	// The gallery speaks the system's language (LANGUAGE, LC_ALL,
	// LC_MESSAGES, LANG) unless its configuration names one.
	if cfg.Gallery.Language != "" {
		if err := uilang.Use(cfg.Gallery.Language); err != nil {
			log.Warn("gallery: language", "err", err)
		}
	}
	rem, err := remoteconfig.Open(cfg)
	if err != nil {
		return problemWindow(a, err)
	}
	trust, err := provenance.FromConfig(cfg)
	if err != nil {
		return problemWindow(a, err)
	}
	if trust.Len() == 0 {
		log.Warn("gallery: no trusted_kiosks configured: every piece is shown as origin not verified")
	}
	devKey := cfg.Mode == config.Development && cfg.IdentityFile == ""
	unlock := func(passphrase string) ([]age.Identity, error) {
		if devKey {
			id, _, err := seal.DevIdentity(cfg.DataDir)
			if err != nil {
				return nil, err
			}
			return []age.Identity{id}, nil
		}
		return readIdentity(cfg.IdentityFile, passphrase)
	}
	open := func(ids []age.Identity, progress func(done, total int)) (*gallery.Opened, error) {
		return gallery.OpenStore(cfg.DataDir, rem, ids, library.Options{Logger: log, Trust: trust, Progress: progress})
	}
	u := New(a, Options{Development: cfg.Mode == config.Development, NoPassphrase: devKey, Logger: log},
		gallery.Options{Unlock: unlock, Open: open, IdleLock: cfg.Gallery.LockAfter(), Logger: log, Clinician: cfg.Gallery.Clinician})
	go func() {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		u.SetNotice(remoteconfig.CheckVersioning(cctx, rem, log))
	}()
	return u.win
}

// readIdentity opens the clinic's identity file with a passphrase (slow:
// the file's KDF). A wrong passphrase is gallery.ErrWrongPassphrase.
func readIdentity(path, passphrase string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gallery: identity file: %w", err)
	}
	defer f.Close()
	ids, err := seal.ReadIdentityFile(f, func() (string, error) { return passphrase, nil })
	if errors.Is(err, seal.ErrWrongPassphrase) {
		return nil, gallery.ErrWrongPassphrase
	}
	return ids, err
}

// galleryUsable: the kiosk-only settings (recipients) do not stop the gallery.
func galleryUsable(err error) bool {
	var ps config.Problems
	if !errors.As(err, &ps) {
		return false
	}
	for _, p := range ps {
		if p.Field != "recipients" && p.Field != "kiosk_id" {
			return false
		}
	}
	return true
}

func problemWindow(a fyne.App, err error) fyne.Window {
	a.Settings().SetTheme(theme.New())
	w := a.NewWindow(tr("gallery.window.problem"))
	w.Resize(fyne.NewSize(1280, 800))
	l := widget.NewLabel(trf("gallery.problem.intro", err.Error()))
	l.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewStack(canvas.NewRectangle(theme.Paper), container.NewPadded(l)))
	return w
}
