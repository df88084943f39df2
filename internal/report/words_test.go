package report

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// spanish is a report's wording in Spanish as a test writes it: the
// gallery fills Words from assets/i18n (galleryui tests that); here it
// shows that every word the report prints comes from Words.
func spanish() Words {
	months := []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
	days := []string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}
	count := func(one, other string) func(int) string {
		return func(n int) string { return plural(n, one, other) }
	}
	return Words{
		Title: "Informe de seguimiento", Patient: "Paciente %s", Period: "Del %s al %s",
		Visits: count("%d visita", "%d visitas"), Pieces: count("%d pieza", "%d piezas"),
		Made: "Elaborado el %s por %s", Page: "página %d de %s",
		MoodChart: "Estado de ánimo al llegar y al salir de cada visita", NoVisits: "No hay visitas en este periodo",
		Pleasantness: "agrado", Energy: "energía", ChartKey: "punto: al llegar · punta de flecha: al salir (escala del 1 al 9)",
		Visit: "Visita %d · %s", Moods: "Al llegar: %s.  Al salir: %s.", Mood: "agrado %s, energía %s", NoMood: "no indicado",
		Untitled: "Sin título", Unfinished: "sin terminar", Damaged: "dañada: no se pudo leer",
		Drawing: "Dibujo", Music: "Música", Voice: "Voz", Writing: "Escritura", Piece: "Pieza",
		Feelings: "Sentimientos: %s", Body: "Sentido en el cuerpo: %s", Written: "Texto escrito",
		NoteOnPiece: "Nota de %s, %s", NoteOnVisit: "Nota sobre la visita, de %s, %s",
		Date: func(t time.Time, form DateForm) string {
			month, short := months[t.Month()-1], months[t.Month()-1][:3]
			switch form {
			case DateShort:
				return fmt.Sprintf("%d %s", t.Day(), short)
			case DateNote:
				return fmt.Sprintf("%d %s %d %s", t.Day(), short, t.Year(), t.Format("15:04"))
			case DateMade:
				return fmt.Sprintf("%d de %s de %d, %s", t.Day(), month, t.Year(), t.Format("15:04"))
			case DateVisit:
				return fmt.Sprintf("%s %d de %s de %d, %s", days[t.Weekday()], t.Day(), month, t.Year(), t.Format("15:04"))
			}
			return fmt.Sprintf("%d %s %d", t.Day(), short, t.Year())
		},
	}
}

// pdfText is the text of the PDF at path, as pdftotext reads it, its
// spaces and line breaks made single spaces.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command(poppler(t, "pdftotext"), "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// TestReportInSpanish: with Spanish words, the report's headings, labels,
// counts, dates and page numbers read in Spanish, and none of its English
// ones is left.
func TestReportInSpanish(t *testing.T) {
	r := thirtyPieces()
	r.Words = spanish()
	r.Visits = append(r.Visits, Visit{Start: r.To, Notes: []Note{{Author: "Dr. Inés Rivera", Time: r.To, Text: "Sin piezas hoy."}}})
	text := pdfText(t, write(t, r))
	for _, want := range []string{
		"Informe de seguimiento", "Paciente K7Q4-M2X — Zoë Ångström",
		"Del 5 oct 2026 al 14 nov 2026 · 7 visitas · 30 piezas",
		"Elaborado el 20 de noviembre de 2026, 16:00 por Dr. Inés Rivera",
		"Estado de ánimo al llegar y al salir de cada visita", "agrado", "energía", "punta de flecha",
		"Visita 1 · lunes 5 de octubre de 2026, 09:30", "Al llegar: agrado 2, energía 7.",
		"Visita 7 · sábado 14 de noviembre de 2026, 09:30", "Al llegar: no indicado.",
		"12 oct", "Dibujo", "Música", "Voz", "sin terminar", "dañada: no se pudo leer",
		"Sentimientos: calm (3/5), tender", "Sentido en el cuerpo: Chest (warm)",
		"Nota sobre la visita, de Dr. Inés Rivera, 6 oct 2026 09:30",
		"página 1 de", "página 2 de",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the Spanish report lacks %q", want)
		}
	}
	for _, english := range []string{"Follow-up report", "Patient ", "visits", "pieces", "Made ", "page ", "October", "Oct ",
		"Mood at check-in", "Visit 1 ·", "Check-in", "pleasantness", "Drawing", "unfinished", "damaged", "Feelings", "Felt in the body", "Note on the visit"} {
		if strings.Contains(text, english) {
			t.Errorf("the Spanish report says %q", english)
		}
	}
	pages := 0
	for n := 1; strings.Contains(text, fmt.Sprintf("página %d de", n)); n++ {
		pages = n
	}
	if pages < 2 || !strings.Contains(text, fmt.Sprintf("página 1 de %d", pages)) {
		t.Errorf("the pages are not numbered \"página n de %d\"", pages)
	}
}

// TestReportPageOneGoldenSpanish: page 1 in Spanish (header, chart with
// Spanish dates, legend and key) matches its golden image.
func TestReportPageOneGoldenSpanish(t *testing.T) {
	r := thirtyPieces()
	r.Words = spanish()
	matchPageOne(t, write(t, r), "page1-es.png")
}

// TestReportEmptyWordsAreEnglish: a report whose Words leave fields empty
// says those in English (as a report with no Words at all does).
func TestReportEmptyWordsAreEnglish(t *testing.T) {
	r := thirtyPieces()
	r.Words = Words{Title: "Informe de seguimiento"}
	text := pdfText(t, write(t, r))
	for _, want := range []string{"Informe de seguimiento", "Patient K7Q4-M2X", "5 Oct 2026 to 14 Nov 2026 · 6 visits · 30 pieces", "page 1 of", "Visit 1 · Monday 5 October 2026, 09:30"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(text, "Follow-up report") {
		t.Error("the report's own title was not used")
	}
}
