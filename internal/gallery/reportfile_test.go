package gallery

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestReportFile: the report lands in the chosen folder under a name
// with the patient's code and the period only, whole (a PDF from %PDF to
// %%EOF); a second report of the same period does not overwrite the
// first; a cancelled report leaves no file at all.
func TestReportFile(t *testing.T) {
	c := newClinic(t)
	for i := range 3 {
		c.save("K7Q4M2X", "Piece "+string(rune('A'+i)))
	}
	s := c.unlocked(c.options())
	if err := s.SetDisplayName(t.Context(), "K7Q4M2X", "Ana Sousa"); err != nil {
		t.Fatal(err)
	}
	folder := t.TempDir()
	from, to := time.Now().Add(-24*time.Hour), time.Now().Add(time.Hour)
	req := ReportRequest{Clinic: "Harbour Clinic", Patient: "K7Q4M2X", From: from, To: to}
	path, err := s.WriteReportFile(t.Context(), folder, req)
	if err != nil {
		t.Fatal(err)
	}
	want := "afterimage-followup-K7Q4M2X-" + from.Format("2006-01-02") + "-to-" + to.Format("2006-01-02") + ".pdf"
	if filepath.Base(path) != want || filepath.Dir(path) != folder {
		t.Errorf("report written to %s, want %s in %s", path, want, folder)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[len(data)-16:], []byte("%%EOF")) {
		t.Errorf("not a whole PDF: %d bytes", len(data))
	}
	second, err := s.WriteReportFile(t.Context(), folder, req)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(second) != want[:len(want)-4]+" (2).pdf" {
		t.Errorf("second report: %s", second)
	}

	// Cancelled at the second piece: no file, no temporary file.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	empty := t.TempDir()
	req.Progress = func(done, total int) {
		if done == 2 {
			cancel()
		}
	}
	if _, err := s.WriteReportFile(ctx, empty, req); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled report: %v", err)
	}
	left, _ := os.ReadDir(empty)
	if len(left) != 0 {
		t.Errorf("a cancelled report left %v", left)
	}
}
