package kioskui

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/station"
	"github.com/afterimage-clinic/afterimage/internal/ui/paintview"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
	"github.com/afterimage-clinic/afterimage/internal/ui/writeview"
)

// Launch reads the configuration at configPath ("" for AFTERIMAGE_CONFIG or
// development mode), assembles the kiosk and returns its window, running.
// Whatever is wrong with the configuration is shown to staff on a screen of
// its own: the kiosk never runs unprotected and never crashes for it.
func Launch(ctx context.Context, a fyne.App, configPath string, log *slog.Logger) fyne.Window {
	if err := errors.Join(AddTranslations(), tagging.AddTranslations()); err != nil {
		return problemWindow(a, nil, "", []string{err.Error()})
	}
	cfg, err := config.Load(configPath)
	if err != nil {
		source := configPath
		if cfg != nil {
			source = cfg.Source
		}
		log.Error("kiosk: configuration refused", "err", err)
		return problemWindow(a, cfg, source, problemLines(err))
	}
	st, err := station.Open(ctx, cfg, log)
	if err != nil {
		log.Error("kiosk: cannot start", "err", err)
		return problemWindow(a, cfg, cfg.Source, problemLines(err))
	}
	deps := Deps{Config: cfg, Station: st, Logger: log}
	// The text audit logs what screens say: only ever in development mode.
	deps.TextAudit = os.Getenv("AFTERIMAGE_TEXT_AUDIT") == "1" && cfg.Mode == config.Development
	if deps.Vocabulary, err = emotion.Default(); err != nil {
		return problemWindow(a, cfg, cfg.Source, []string{err.Error()})
	}
	if deps.Prompts, err = paintview.LoadPrompts(assets.Prompts); err != nil {
		return problemWindow(a, cfg, cfg.Source, []string{err.Error()})
	}
	if deps.WritingPrompts, err = writeview.LoadPrompts(assets.Prompts); err != nil {
		return problemWindow(a, cfg, cfg.Source, []string{err.Error()})
	}
	if cfg.Kiosk.CodesRegistry != "" {
		reg, err := patientcode.Load(cfg.Kiosk.CodesRegistry)
		if err != nil {
			return problemWindow(a, cfg, cfg.Source, []string{"kiosk.codes_registry: " + err.Error()})
		}
		deps.Codes = reg
	}
	deps.HelpChannels = []kiosk.HelpChannel{{Name: "chime", Alerter: kiosk.AlerterFunc(chime)}}
	if cfg.Kiosk.HelpWebhook != "" {
		hook, err := kiosk.NewWebhook(cfg.Kiosk.HelpWebhook, cfg.KioskID)
		if err != nil {
			return problemWindow(a, cfg, cfg.Source, []string{"kiosk.help_webhook: " + err.Error()})
		}
		// One quick try: the help desk retries, and meanwhile the patient is
		// told to wave or call out rather than kept waiting on a slow server.
		hook.Attempts = 1
		hook.Client = &http.Client{Timeout: 5 * time.Second}
		deps.HelpChannels = append(deps.HelpChannels, kiosk.HelpChannel{Name: "webhook", Alerter: hook})
	}
	u, err := New(a, deps)
	if err != nil {
		return problemWindow(a, cfg, cfg.Source, []string{err.Error()})
	}
	u.Start(ctx)
	return u.Window()
}

func problemLines(err error) []string {
	var ps config.Problems
	if errors.As(err, &ps) {
		lines := make([]string, len(ps))
		for i, p := range ps {
			lines[i] = p.Error()
		}
		return lines
	}
	return []string{strings.TrimPrefix(err.Error(), "config: ")}
}

// problemWindow is the staff's window when the kiosk cannot run. Its
// language is the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as lang
// read them when Launch added the translations), English when the kiosk has
// no translation for it: the configuration, and its kiosk.language, could
// not be used. The problem lines stay as the configuration's validator
// words them (English): they name the file's keys, for whoever edits it.
func problemWindow(a fyne.App, cfg *config.Config, source string, problems []string) fyne.Window {
	a.Settings().SetTheme(theme.New())
	w := a.NewWindow(tr("kiosk.problem.window"))
	w.Resize(fyne.NewSize(1280, 800))
	// A kiosk shows this where it would show patients: full screen, unless
	// a configuration that could be read asks for a window.
	if cfg == nil || cfg.Kiosk.FullScreen == nil || *cfg.Kiosk.FullScreen {
		w.SetFullScreen(true)
	}
	w.SetContent(container.New(boundedLayout{max: MaxMinSize},
		container.NewStack(canvas.NewRectangle(theme.Paper), container.NewPadded(problemScreen(source, problems)))))
	return w
}

// chime is the help channel that calls staff with the kiosk's speaker.
func chime(ctx context.Context, _ kiosk.Alert) error { return audio.Chime(ctx) }
