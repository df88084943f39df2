package galleryui

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/report"
	"github.com/afterimage-clinic/afterimage/internal/ui/uilang"
)

// TestReportWordsInEnglishAreTheReports: in English, the words the
// gallery gives a report (from gallery.en.json) are the report's own
// English, date forms and counts included, so the report's English tests
// and golden image show what the gallery prints.
func TestReportWordsInEnglishAreTheReports(t *testing.T) {
	if err := AddTranslations(); err != nil {
		t.Fatal(err)
	}
	if err := uilang.Use("en"); err != nil {
		t.Fatal(err)
	}
	got, want := newReportLanguage().words, report.English()
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range g.NumField() {
		if f := g.Type().Field(i); f.Type.Kind() == reflect.String && g.Field(i).String() != w.Field(i).String() {
			t.Errorf("%s: the gallery says %q, the report %q", f.Name, g.Field(i).String(), w.Field(i).String())
		}
	}
	for _, n := range []int{0, 1, 2, 30} {
		if got.Visits(n) != want.Visits(n) || got.Pieces(n) != want.Pieces(n) {
			t.Errorf("%d: the gallery says %q, %q; the report %q, %q", n, got.Visits(n), got.Pieces(n), want.Visits(n), want.Pieces(n))
		}
	}
	for _, at := range []time.Time{time.Date(2026, 10, 5, 9, 30, 0, 0, time.UTC), time.Date(2027, 5, 23, 18, 4, 0, 0, time.UTC)} {
		for form := report.DateDay; form <= report.DateVisit; form++ {
			if g, w := got.Date(at, form), report.EnglishDate(at, form); g != w {
				t.Errorf("date form %d: the gallery says %q, the report %q", form, g, w)
			}
		}
	}
}

// TestReportDatesInSpanish: the report's dates in Spanish, every form.
func TestReportDatesInSpanish(t *testing.T) {
	if err := AddTranslations(); err != nil {
		t.Fatal(err)
	}
	if err := uilang.Use("es"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = uilang.Use("en") })
	rl := newReportLanguage()
	at := time.Date(2026, 1, 2, 9, 5, 0, 0, time.UTC)
	for form, want := range map[report.DateForm]string{
		report.DateDay:   "2 ene 2026",
		report.DateShort: "2 ene",
		report.DateNote:  "2 ene 2026, 09:05",
		report.DateMade:  "2 de enero de 2026 a las 09:05",
		report.DateVisit: "viernes 2 de enero de 2026, 09:05",
	} {
		if got := rl.words.Date(at, form); got != want {
			t.Errorf("date form %d: %q, want %q", form, got, want)
		}
	}
	for n, want := range map[int]string{1: "1 visita · 1 pieza", 2: "2 visitas · 2 piezas", 0: "0 visitas · 0 piezas"} {
		if got := rl.words.Visits(n) + " · " + rl.words.Pieces(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
	if got := rl.word("hopeful"); got != "esperanza" {
		t.Errorf("hopeful: %q", got)
	}
	if got := rl.region("chest", "Chest", piece.FeelCool); !strings.HasSuffix(got, "(fresco)") || strings.Contains(got, "Chest") {
		t.Errorf("the chest felt cool: %q", got)
	}
}

// TestReportDialogWritesSpanish: with the gallery in Spanish, the report
// the dialog writes reads in Spanish (pdftotext): heading, counts, dates
// with Spanish month and weekday names, emotion words, page numbers; its
// English heading and labels are gone.
func TestReportDialogWritesSpanish(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (make test does)")
	}
	if err := AddTranslations(); err != nil {
		t.Fatal(err)
	}
	if err := uilang.Use("es"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = uilang.Use("en") })
	c := newClinic(t)
	c.at = time.Date(2026, 10, 15, 12, 0, 0, 0, time.Local) // a Thursday
	c.visit = string(piece.NewID())
	c.save("K7Q4M2X", "Faro", "")
	c.save("K7Q4M2X", "Marea", "")
	u := unlockClinic(t, c, 2)
	folder := t.TempDir()
	var r *reportDialog
	u.inUI(func() {
		test.Tap(button(u.browse.view.tools, tr("gallery.report.open")))
		r = u.browse.view.report
		r.setFolder(folder)
		test.Tap(r.write)
	})
	waitFor(t, u, "the report written", true, func() bool {
		return r.running == nil && strings.HasPrefix(r.message.Text, "Guardado como ")
	})
	files, _ := os.ReadDir(folder)
	if len(files) != 1 {
		t.Fatalf("the folder holds %v", files)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", filepath.Join(folder, files[0].Name()), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		"Informe de seguimiento", "Paciente K7Q4M2X", "Del 15 oct 2026 al 15 oct 2026 · 1 visita · 2 piezas",
		"Elaborado el ", " por Dr. Inés Rivera", "Estado de ánimo al llegar y al irse", "agradable", "energía",
		"Visita 1 · jueves 15 de octubre de 2026", "Al llegar: agradable 3, energía 6.", "Dibujo", "Emociones: esperanza (4/5)",
		"Faro", "Marea", "página 1 de 1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the Spanish report lacks %q:\n%s", want, text)
		}
	}
	if !regexp.MustCompile(`Elaborado el \d+ de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4} a las \d\d:\d\d por`).MatchString(text) {
		t.Errorf("the date it was made is not in Spanish:\n%s", text)
	}
	for _, english := range []string{"Follow-up report", "Patient", "visits", "pieces", "Made ", "page ", "October", "Oct ", "Thursday",
		"Mood at", "Check-in", "pleasantness", "Drawing", "Feelings", "hopeful"} {
		if strings.Contains(text, english) {
			t.Errorf("the Spanish report says %q:\n%s", english, text)
		}
	}
}
