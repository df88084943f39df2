package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestReportPrintsTheWrittenText: a written piece's text is in the report
// whole, read as the piece is laid out.
func TestReportPrintsTheWrittenText(t *testing.T) {
	start := time.Date(2026, 10, 5, 9, 30, 0, 0, time.UTC)
	letter := "Dear me, you never have to send this.\n" + strings.Repeat("The tide comes in and goes out again. ", 40) + "Slowly, the lighthouse."
	loads := 0
	r := Report{Clinic: "Harbour", Clinician: "Dr. Rivera", Patient: "K7Q4-M2X", From: start, To: start, Made: start,
		Visits: []Visit{{Start: start, Pieces: []Piece{{Kind: piece.Writing, Title: "A letter",
			LoadText: func() string { loads++; return letter }}}}}}
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, r, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(poppler(t, "pdftotext"), "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Writing", "Dear me, you never have to send this.", "Slowly, the lighthouse."} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	if n := strings.Count(text, "The tide comes in and goes out again."); n != 40 {
		t.Errorf("the letter's sentence is in the PDF %d times, want 40", n)
	}
	if loads != 1 {
		t.Errorf("the text was read %d times", loads)
	}
}
