package kioskui

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/ui/textaudit"
	"github.com/afterimage-clinic/afterimage/internal/ui/uilang"
)

// TestProblemWindowFollowsSystemLocale: a kiosk whose configuration
// cannot be read, on a machine whose locale is Spanish (LANG=es_ES.UTF-8),
// shows staff the problem window in Spanish: its title, heading and hint;
// the problem itself names the file as the validator words it. Every text
// fits at 1280×800.
func TestProblemWindowFollowsSystemLocale(t *testing.T) {
	if err := AddTranslations(); err != nil {
		t.Fatal(err)
	}
	// Runs last, after the environment is back: lang matches it again.
	t.Cleanup(func() { _ = lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale("en")) })
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "es_ES.UTF-8")
	// Launch added the translations before: lang reads the locale again
	// when translations are added, as at a kiosk's start.
	if err := lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale("en")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "afterimage.toml")
	if err := os.WriteFile(path, []byte("kiosk_id = ["), 0o600); err != nil {
		t.Fatal(err)
	}
	w := Launch(context.Background(), test.NewTempApp(t), path, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer w.Close()
	w.Resize(MaxMinSize)
	r := textaudit.Audit(w.Canvas())
	if r.Checked == 0 {
		t.Error("the problem window: no text to check")
	}
	for _, p := range r.Problems {
		t.Errorf("the problem window in Spanish at %v: %v", MaxMinSize, p)
	}
	var texts []string
	walk(w.Content(), func(o fyne.CanvasObject) bool {
		switch v := o.(type) {
		case *widget.Label:
			texts = append(texts, v.Text)
		case *canvas.Text:
			texts = append(texts, v.Text)
		}
		return false
	})
	all := strings.Join(texts, "\n")
	if w.Title() != "Afterimage — necesita revisión" {
		t.Errorf("the window's title is %q", w.Title())
	}
	for _, want := range []string{"Este quiosco necesita que lo revise el personal", "Corrige la configuración", "afterimage.toml"} {
		if !strings.Contains(all, want) {
			t.Errorf("the problem window lacks %q:\n%s", want, all)
		}
	}
	for _, english := range []string{"needs attention", "This kiosk", "Fix the configuration"} {
		if strings.Contains(all+w.Title(), english) {
			t.Errorf("the problem window says %q in English:\n%s", english, all)
		}
	}
}

// TestHelpChannelsNamedInSpanish: staff see how a help request was
// delivered in the kiosk's language: the chime by its Spanish name; a
// channel the kiosk has no name for by its own.
func TestHelpChannelsNamedInSpanish(t *testing.T) {
	if err := AddTranslations(); err != nil {
		t.Fatal(err)
	}
	asked := time.Date(2026, 12, 1, 10, 15, 0, 0, time.Local)
	r := kiosk.HelpRequest{ID: 1, Asked: asked, Attempts: 1, Delivered: asked.Add(time.Second), By: []string{"chime", "alert", "pager"}}
	if err := uilang.Use("es"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = uilang.Use("en") })
	if got, want := helpLine(r), "10:15:00 — se avisó al personal (timbre, alerta, pager)"; got != want {
		t.Errorf("in Spanish: %q, want %q", got, want)
	}
	if err := uilang.Use("en"); err != nil {
		t.Fatal(err)
	}
	if got, want := helpLine(r), "10:15:00 — staff were told (chime, alert, pager)"; got != want {
		t.Errorf("in English: %q, want %q", got, want)
	}
}
