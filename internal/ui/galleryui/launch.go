package galleryui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/remoteconfig"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Launch reads the configuration, opens the clinic's identity (asking for
// its passphrase) and the remote, and returns the running gallery window.
// A configuration problem is shown in the window, never a crash.
func Launch(ctx context.Context, a fyne.App, configPath string, log *slog.Logger) fyne.Window {
	cfg, err := config.Load(configPath)
	if err != nil && (cfg == nil || !galleryUsable(err)) {
		return problemWindow(a, err)
	}
	rem, err := remoteconfig.Open(cfg)
	if err != nil {
		return problemWindow(a, err)
	}
	trust, err := trustedKiosks(cfg)
	if err != nil {
		return problemWindow(a, err)
	}
	if trust.Len() == 0 {
		log.Warn("gallery: no trusted_kiosks configured: every piece is shown as origin not verified")
	}
	u := New(a, Options{Development: cfg.Mode == config.Development, Logger: log})
	// After unlock: open the index and the library off the UI goroutine
	// (a rebuild reads back every cached manifest), then start pulling.
	start := func(ids []age.Identity) {
		go func() {
			lib, err := openLibrary(cfg.DataDir, rem, ids, library.Options{Logger: log, Trust: trust, Progress: u.Progress}, u)
			if err != nil {
				log.Error("gallery: open the library", "err", err)
				fyne.Do(func() { dialog.ShowError(err, u.win) })
				return
			}
			u.opts.Library = lib
			u.Start(ctx)
		}()
		go func() {
			cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			u.SetNotice(remoteconfig.CheckVersioning(cctx, rem, log))
		}()
	}
	if cfg.Mode == config.Development && cfg.IdentityFile == "" {
		id, _, err := seal.DevIdentity(cfg.DataDir)
		if err != nil {
			return problemWindow(a, err)
		}
		start([]age.Identity{id})
		return u.win
	}
	askPassphrase(u.win, cfg.IdentityFile, start)
	return u.win
}

// trustedKiosks is the configured list of trusted kiosks; in development
// mode only, the development kiosk (its key in the shared data folder) too.
func trustedKiosks(cfg *config.Config) (*provenance.Trust, error) {
	trust := provenance.NewTrust()
	for i, k := range cfg.TrustedKiosks {
		if err := trust.Add(k.ID, k.Key); err != nil {
			return nil, config.Problems{{Field: fmt.Sprintf("trusted_kiosks[%d]", i), Message: err.Error()}}
		}
	}
	if cfg.Mode == config.Development {
		s, err := provenance.LoadOrCreateSigner(filepath.Join(cfg.DataDir, provenance.DevKeyFile))
		if err != nil {
			return nil, config.Problems{{Field: "data_dir", Message: fmt.Sprintf("development kiosk key: %v", err)}}
		}
		if err := trust.Add(cfg.KioskID, s.PublicKey()); err != nil {
			return nil, config.Problems{{Field: "kiosk_id", Message: err.Error()}}
		}
	}
	return trust, nil
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

// openLibrary opens the gallery's encrypted index (its key derived from the
// unlocked identities) and the library with its state kept there. An index
// that had to be rebuilt, or was new where pieces were already pulled, is
// refilled from the library's cache and the window says so. The index is
// closed when the window is.
func openLibrary(dataDir string, rem remote.Remote, ids []age.Identity, opts library.Options, u *UI) (*library.Library, error) {
	o, err := seal.NewOpener(ids...)
	if err != nil {
		return nil, err
	}
	secret, err := index.KeyMaterial(ids...)
	if err != nil {
		return nil, err
	}
	libDir := filepath.Join(dataDir, "gallery")
	if err := os.MkdirAll(libDir, 0o700); err != nil {
		return nil, fmt.Errorf("gallery: %w", err)
	}
	ix, rep, err := index.Open(index.DefaultPath(dataDir), secret, &index.Options{Logger: opts.Logger})
	if err != nil {
		return withoutIndex(libDir, rem, o, opts, u, err)
	}
	lib, fill, err := library.OpenIndexed(libDir, rem, o, opts, ix, rep)
	if err != nil {
		ix.Close()
		return withoutIndex(libDir, rem, o, opts, u, err)
	}
	if fill.Rebuilt {
		u.SetIndexNote(fmt.Sprintf("index rebuilt (%s)", fill.Reason))
	}
	fyne.Do(func() {
		u.win.SetOnClosed(func() {
			if err := ix.Close(); err != nil {
				opts.Logger.Warn("gallery: close the index", "err", err)
			}
		})
	})
	return lib, nil
}

// withoutIndex opens the library with its own state file when the index
// cannot be opened (a folder that cannot be written, a file held by
// another program): the gallery still pulls and shows pieces, and says the
// index is unavailable.
func withoutIndex(libDir string, rem remote.Remote, o *seal.Opener, opts library.Options, u *UI, why error) (*library.Library, error) {
	opts.Logger.Error("gallery: the index cannot be opened; going on without it", "err", why)
	u.SetIndexNote("index unavailable")
	opts.Store = nil
	return library.OpenOptions(libDir, rem, o, opts)
}

// askPassphrase opens the clinic's identity file with the passphrase the
// clinician types; a wrong one asks again.
func askPassphrase(w fyne.Window, path string, open func([]age.Identity)) {
	entry := widget.NewPasswordEntry()
	dialog.ShowForm("Unlock the clinic's key", "Unlock", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Passphrase", entry)}, func(ok bool) {
			if !ok {
				return
			}
			f, err := os.Open(path)
			if err != nil {
				dialog.ShowError(err, w)
				return
			}
			defer f.Close()
			ids, err := seal.ReadIdentityFile(f, func() (string, error) { return entry.Text, nil })
			if errors.Is(err, seal.ErrWrongPassphrase) {
				askPassphrase(w, path, open)
				return
			}
			if err != nil {
				dialog.ShowError(err, w)
				return
			}
			open(ids)
		}, w)
}

func problemWindow(a fyne.App, err error) fyne.Window {
	a.Settings().SetTheme(theme.New())
	w := a.NewWindow("Afterimage Gallery — needs attention")
	w.Resize(fyne.NewSize(1280, 800))
	l := widget.NewLabel("The gallery cannot start:\n\n" + err.Error())
	l.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewStack(canvas.NewRectangle(theme.Paper), container.NewPadded(l)))
	return w
}
