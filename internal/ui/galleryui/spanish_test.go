package galleryui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/textaudit"
	"github.com/afterimage-clinic/afterimage/internal/ui/uilang"
)

// TestGalleryInSpanish: with Spanish chosen (gallery.language, or the
// system's locale), the locked screen and a patient's visits read in
// Spanish at 1366×768, every text whole; counts are Spanish plurals.
func TestGalleryInSpanish(t *testing.T) {
	if err := AddTranslations(); err != nil {
		t.Fatal(err)
	}
	if err := uilang.Use("es"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = uilang.Use("en") })
	a1 := drawn("K7Q4M2X", "v1", day, piece.Drawing, "Faro", "calm", "hopeful")
	a1.MoodCheckIn, a1.MoodCheckOut = &piece.Mood{Pleasantness: 3, Energy: 6}, &piece.Mood{Pleasantness: 6, Energy: 4}
	a2 := drawn("K7Q4M2X", "v1", day.Add(20*time.Minute), piece.Voice, "Lo que vi")
	b1 := drawn("K7Q4M2X", "v2", day.Add(7*24*time.Hour), piece.Music, "Marea", "tenderness", "overwhelmed", "nostalgia")
	var entries []index.Entry
	for _, m := range []*piece.Manifest{a1, a2, b1} {
		entries = append(entries, index.Entry{Manifest: m, Provenance: index.Verified})
	}
	audit := func(u *UI, view string) {
		t.Helper()
		u.inUI(func() {
			r := textaudit.Audit(u.win.Canvas())
			if r.Checked == 0 {
				t.Errorf("%s: no text to check", view)
			}
			for _, p := range r.Problems {
				t.Errorf("%s: %v", view, p)
			}
		})
	}

	a := test.NewTempApp(t)
	u := New(a, Options{NoPassphrase: true}, fixedIndex(t, entries, nil))
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	t.Cleanup(func() { closeUI(u) })
	if got := texts(u); !strings.Contains(got, "La galería está bloqueada") {
		t.Errorf("the locked gallery is not in Spanish:\n%s", got)
	}
	audit(u, "locked")
	u.inUI(func() { u.lock.submit() })
	waitFor(t, u, "the patient view", false, func() bool {
		return u.browse != nil && len(u.browse.view.byPiece) == 3 && len(u.browse.rows) > 0
	})
	all := texts(u)
	for _, want := range []string{"Visita del", "ternura", "agobio", "nostalgia", "Agradable", "Energía"} {
		if !strings.Contains(all, want) {
			t.Errorf("the patient view does not say %q:\n%s", want, all)
		}
	}
	for _, english := range []string{"Visit of", "tenderness", "overwhelmed", "Pleasant"} {
		if strings.Contains(all, english) {
			t.Errorf("the patient view says %q in English:\n%s", english, all)
		}
	}
	audit(u, "patient view")
	if got := trn("gallery.filter.shown", 1, map[string]any{"Shown": 1}); got != "1 de 1 pieza" {
		t.Errorf("1 of 1: %q", got)
	}
	if got := dateText(time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC), "Mon 2 Jan 2006, 15:04"); got != "lun 7 dic 2026, 09:30" {
		t.Errorf("a date in Spanish: %q", got)
	}
	if got := trn("gallery.patients.new", 2); got != "2 nuevas" {
		t.Errorf("2 new: %q", got)
	}
}

// TestGalleryFollowsSystemLocale: with no gallery.language, a desktop
// whose locale is Spanish (LANG=es_MX.UTF-8) gets the gallery in Spanish.
func TestGalleryFollowsSystemLocale(t *testing.T) {
	if err := AddTranslations(); err != nil {
		t.Fatal(err)
	}
	// Runs last, after the environment is back: lang matches it again.
	t.Cleanup(func() { _ = lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale("en")) })
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "es_MX.UTF-8")
	// Translations added after the desktop's locale is read, as at start.
	if err := lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale("en")); err != nil {
		t.Fatal(err)
	}
	if got := tr("gallery.lock.title"); got != "La galería está bloqueada" {
		t.Errorf("with LANG=es_MX.UTF-8 the gallery says %q", got)
	}
}
