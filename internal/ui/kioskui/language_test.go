package kioskui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/keyboard"
	"github.com/afterimage-clinic/afterimage/internal/ui/uilang"
)

// bilingual offers English and Spanish, English first.
func bilingual(d *Deps) { d.Config.Kiosk.Languages = []string{"en", "es"} }

// TestChoosingSpanishOnWelcome: a patient taps "Español" on Welcome; Welcome
// redraws in Spanish at once and the visit goes on in Spanish; after an
// idle reset the next patient meets Welcome in the kiosk's language.
func TestChoosingSpanishOnWelcome(t *testing.T) {
	k := newKiosk(t, bilingual)
	m := k.ui.Machine()
	k.wantText(t, "Welcome")
	test.AssertImageMatches(t, "welcome_languages_1280x800.png", k.win.Canvas().Capture())

	k.tap(t, "Español")
	k.wantText(t, "Te damos la bienvenida", "Aquí nada es obligatorio.")
	k.wantNoText(t, "Welcome")
	if b := find(t, k, func(b *widget.Button) bool { return b.Text == "Español" }); b.Importance != widget.MediumImportance {
		t.Error("Español is not marked as the language in use")
	}
	test.AssertImageMatches(t, "welcome_es_1280x800.png", k.win.Canvas().Capture())

	k.tap(t, "Empezar")
	k.waitScreen(t, kiosk.PatientCode)
	k.wantText(t, "Tu código", "Escribe el código que te dio la clínica.")
	test.AssertImageMatches(t, "code_es_1280x800.png", k.win.Canvas().Capture())
	if find(t, k, func(b *widget.Button) bool { return b.Text == "Quiero que venga alguien" }) == nil {
		t.Fatal("the help button is not in Spanish")
	}
	code, _ := patientcode.New()
	k.enterCode(t, code)
	k.waitScreen(t, kiosk.CheckIn)
	k.wantText(t, "¿Cómo te sientes al llegar?")
	k.setMood(t, piece.Mood{Pleasantness: 6, Energy: 4})
	k.waitScreen(t, kiosk.Choose)
	k.wantText(t, "¿Qué te gustaría hacer?")
	k.tap(t, "Dibujar o pintar")
	k.waitScreen(t, kiosk.Studio)
	find(t, k, func(b *widget.Button) bool { return b.Text == "He terminado" })

	// The patient walks away: the idle warning counts down in Spanish, and
	// the reset brings Welcome back in English.
	m.Tick(k.clock.Add(4 * time.Minute))
	k.waitScreen(t, kiosk.IdleWarning)
	k.wantText(t, "¿Sigues aquí?", "segundos")
	m.Tick(k.clock.Add(61 * time.Second))
	k.waitScreen(t, kiosk.Welcome)
	k.wantText(t, "Welcome", "Nothing here is required.")
	k.wantNoText(t, "Te damos la bienvenida")
	if uilang.Current() != "en" {
		t.Fatalf("after the reset the kiosk speaks %q", uilang.Current())
	}
	if b := find(t, k, func(b *widget.Button) bool { return b.Text == "English" }); b.Importance != widget.MediumImportance {
		t.Error("English is not marked as the language in use after the reset")
	}
}

// TestSpanishEndsWithGoodbye: the choice lasts the visit and no longer: a
// patient who says goodbye leaves Welcome in English.
func TestSpanishEndsWithGoodbye(t *testing.T) {
	k := newKiosk(t, bilingual)
	k.tap(t, "Español")
	k.tap(t, "Empezar")
	k.waitScreen(t, kiosk.PatientCode)
	code, _ := patientcode.New()
	k.enterCode(t, code)
	k.waitScreen(t, kiosk.CheckIn)
	k.tap(t, "Omitir")
	k.waitScreen(t, kiosk.Choose)
	k.tap(t, "He terminado")
	k.waitScreen(t, kiosk.CheckOut)
	k.wantText(t, "¿Cómo te sientes al irte?")
	k.tap(t, "Omitir")
	k.waitScreen(t, kiosk.Goodbye)
	k.wantText(t, "Gracias")
	k.tap(t, "Listo")
	k.waitScreen(t, kiosk.Welcome)
	k.wantText(t, "Welcome")
	k.wantNoText(t, "Te damos la bienvenida")
}

// TestSpanishOnWelcomeForgotten: a language chosen on Welcome by someone
// who then walks away without beginning does not greet the next patient.
func TestSpanishOnWelcomeForgotten(t *testing.T) {
	k := newKiosk(t, bilingual)
	k.tap(t, "Español")
	k.wantText(t, "Te damos la bienvenida")
	k.ui.tickAt(k.clock.Add(time.Minute))
	k.wantText(t, "Te damos la bienvenida") // not yet: someone may be reading
	k.ui.tickAt(k.clock.Add(3 * time.Minute))
	k.wantText(t, "Welcome")
	k.wantNoText(t, "Te damos la bienvenida")
}

// TestOneLanguageNoChoice: a kiosk with one language shows no choice, and
// one offering a language it has no translation for refuses to start.
func TestOneLanguageNoChoice(t *testing.T) {
	k := newKiosk(t)
	k.wantNoText(t, "Español")
	if walk(k.win.Canvas().Content(), func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && (b.Text == "English" || b.Text == "Español")
	}) {
		t.Fatal("a one-language kiosk offers a language choice")
	}
	if _, err := offeredLanguages([]string{"en", "fr"}); err == nil {
		t.Fatal("a language without a translation was offered")
	}
	langs, err := offeredLanguages([]string{"es", "en"})
	if err != nil || len(langs) != 2 || langs[0].name != "Español" || langs[1].name != "English" {
		t.Fatalf("offered languages: %+v, %v", langs, err)
	}
}

// TestSpanishPluralsAndKeyboard: counts read naturally in Spanish too, and
// the on-screen keyboard is laid out for Spanish: ñ on the letters, ¿ and
// ¡ among the symbols, accented vowels by a long press.
func TestSpanishPluralsAndKeyboard(t *testing.T) {
	if err := AddTranslations(); err != nil {
		t.Fatal(err)
	}
	if err := uilang.Use("es"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = uilang.Use("en") })
	for _, c := range []struct {
		n    int
		want string
	}{{1, "Volvemos al inicio en 1 segundo"}, {0, "Volvemos al inicio en 0 segundos"}, {2, "Volvemos al inicio en 2 segundos"}, {1000000, "Volvemos al inicio en 1000000 segundos"}} {
		if got := trn("kiosk.idle.countdown", c.n); got != c.want {
			t.Errorf("countdown at %d: %q, want %q", c.n, got, c.want)
		}
	}
	if got := trn("kiosk.staff.pending", 1); got != "Esperando para subir: 1 pieza" {
		t.Errorf("pending: %q", got)
	}
	if got := trn("kiosk.staff.help.notdelivered", 3, map[string]any{"Time": "10:42:05"}); got != "10:42:05 — AÚN NO entregada (3 intentos); se sigue intentando" {
		t.Errorf("help line: %q", got)
	}
	if got := monthText(time.Date(2026, 12, 1, 18, 9, 8, 0, time.UTC), "2 Jan 15:04:05"); got != "1 dic 18:09:08" {
		t.Errorf("the staff panel's date: %q", got)
	}
	l := keyboard.CurrentLayout()
	has := func(rows [][]string, key string) bool {
		for _, r := range rows {
			if slices.Contains(r, key) {
				return true
			}
		}
		return false
	}
	if !has(l.Letters, "ñ") || !has(l.Symbols, "¿") || !has(l.Symbols, "¡") {
		t.Errorf("Spanish keyboard: letters %v, symbols %v", l.Letters, l.Symbols)
	}
	for base, accented := range map[string]string{"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ"} {
		if !slices.Contains(l.Accents[base], accented) {
			t.Errorf("a long press on %s offers %v, not %s", base, l.Accents[base], accented)
		}
	}
	if !slices.Contains(l.Accents["u"], "ü") {
		t.Errorf("a long press on u offers %v, not ü", l.Accents["u"])
	}
}

// TestBackFromCodeKeepsLanguage: a patient who chose Español and then taps
// Volver on the code screen finds Welcome still in Spanish; left there, it
// returns to English after the idle time.
func TestBackFromCodeKeepsLanguage(t *testing.T) {
	k := newKiosk(t, bilingual)
	k.tap(t, "Español")
	k.tap(t, "Empezar")
	k.waitScreen(t, kiosk.PatientCode)
	k.tap(t, "Volver")
	k.waitScreen(t, kiosk.Welcome)
	k.wantText(t, "Te damos la bienvenida")
	k.ui.tickAt(k.clock.Add(4 * time.Minute))
	k.wantText(t, "Welcome")
	// And an idle reset from the code screen does not keep it.
	k.tap(t, "Español")
	k.tap(t, "Empezar")
	k.waitScreen(t, kiosk.PatientCode)
	k.ui.Machine().Tick(k.clock.Add(4 * time.Minute))
	k.waitScreen(t, kiosk.IdleWarning)
	k.ui.Machine().Tick(k.clock.Add(61 * time.Second))
	k.waitScreen(t, kiosk.Welcome)
	k.wantText(t, "Welcome")
}

// TestFreeSpaceInSpanish: the staff panel's free storage is written with
// the language's decimal mark.
func TestFreeSpaceInSpanish(t *testing.T) {
	newKiosk(t) // the translations
	dir := t.TempDir()
	if en := freeSpace(dir); !strings.HasSuffix(en, " GB") || !strings.Contains(en, ".") || strings.Contains(en, ",") {
		t.Errorf("in English the free space reads %q", en)
	}
	if err := uilang.Use("es"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = uilang.Use("en") })
	if es := freeSpace(dir); !strings.HasSuffix(es, " GB") || !strings.Contains(es, ",") || strings.Contains(es, ".") {
		t.Errorf("in Spanish the free space reads %q, want a decimal comma", es)
	}
}
