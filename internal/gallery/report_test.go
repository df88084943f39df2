package gallery

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/notes"
)

// TestReportOfAPatient: the gallery's report of a patient holds the
// pieces' titles and the therapist's notes as pdftotext reads them, and
// making it is audited.
func TestReportOfAPatient(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (make test does)")
	}
	c := newClinic(t)
	m := c.save("K7Q4M2X", "Lighthouse at dusk")
	c.save("K7Q4M2X", "Θάλασσα")
	opts := c.options()
	opts.Clinician = "Dr. Inés Rivera"
	s := c.unlocked(opts)
	if err := s.WriteNote(t.Context(), s.NewNote("K7Q4M2X", notes.OnPiece, m.ID, "Calmer lines than in October.")); err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	var done, total int
	err = s.WriteReport(t.Context(), &pdf, ReportRequest{Clinic: "Harbour Clinic", Patient: "K7Q4M2X",
		From: time.Now().Add(-time.Hour), To: time.Now().Add(time.Hour), Progress: func(d, n int) { done, total = d, n }})
	if err != nil {
		t.Fatal(err)
	}
	if done != 2 || total != 2 {
		t.Errorf("progress ended at %d of %d, want 2 of 2", done, total)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Harbour Clinic", "K7Q4M2X", "Lighthouse at dusk", "Θάλασσα", "Calmer lines than in October.", "Dr. Inés Rivera"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}
