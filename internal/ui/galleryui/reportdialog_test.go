package galleryui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestReportDialogWritesAPDFAndCancelLeavesNone: the dialog writes the
// report into the chosen folder and says under which name; a report
// cancelled while it is written leaves no file in its folder.
func TestReportDialogWritesAPDFAndCancelLeavesNone(t *testing.T) {
	c := newClinic(t)
	for _, title := range []string{"Lighthouse", "Tide", "Stones"} {
		c.save("K7Q4M2X", title, "")
	}
	u := unlockClinic(t, c, 3)
	folder := t.TempDir()
	var r *reportDialog
	u.inUI(func() {
		test.Tap(button(u.browse.view.tools, tr("gallery.report.open")))
		r = u.browse.view.report
		if !r.write.Disabled() {
			t.Error("Make report is enabled before a folder is chosen")
		}
		r.setFolder(folder)
		test.Tap(r.write)
	})
	waitFor(t, u, "the report written", true, func() bool {
		return r.running == nil && strings.HasPrefix(r.message.Text, "Saved as ")
	})
	files, _ := os.ReadDir(folder)
	if len(files) != 1 || !strings.HasPrefix(files[0].Name(), "afterimage-followup-K7Q4M2X-") {
		t.Fatalf("the folder holds %v", files)
	}
	data, err := os.ReadFile(filepath.Join(folder, files[0].Name()))
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %v", err)
	}
	u.inUI(func() {
		if !strings.Contains(r.message.Text, files[0].Name()) {
			t.Errorf("the dialog says %q", r.message.Text)
		}
	})

	// Cancel at the first piece: no file.
	empty := t.TempDir()
	u.inUI(func() {
		r.onProgress = func(done, total int) {
			if done == 1 {
				u.inUI(func() { test.Tap(r.cancel) })
			}
		}
		r.setFolder(empty)
		test.Tap(r.write)
	})
	waitFor(t, u, "the report cancelled", true, func() bool {
		return r.running == nil && r.message.Text == tr("gallery.report.cancelled")
	})
	if left, _ := os.ReadDir(empty); len(left) != 0 {
		t.Errorf("a cancelled report left %v", left)
	}
}

// TestReportDialogGolden: the dialog as it opens: the patient's first to
// last visit, no folder yet (golden image).
func TestReportDialogGolden(t *testing.T) {
	var entries []index.Entry
	for i, title := range []string{"Lighthouse", "Tide"} {
		m := drawn("K7Q4M2X", string(rune('a'+i)), day.Add(time.Duration(i)*7*24*time.Hour), piece.Drawing, title, "calm")
		entries = append(entries, index.Entry{Manifest: m, Provenance: index.Verified})
	}
	a := test.NewTempApp(t)
	u := New(a, Options{NoPassphrase: true}, fixedIndex(t, entries, nil))
	u.win.Resize(fyne.NewSize(1366, 768))
	u.win.Show()
	t.Cleanup(func() { closeUI(u) })
	u.inUI(func() { u.lock.submit() })
	waitFor(t, u, "the patient view", false, func() bool { return u.browse != nil && len(u.browse.view.byPiece) == 2 })
	u.inUI(func() {
		test.Tap(button(u.browse.view.tools, tr("gallery.report.open")))
		r := u.browse.view.report
		if r.from.Text != "2026-11-02" || r.to.Text != "2026-11-09" {
			t.Errorf("period %s to %s", r.from.Text, r.to.Text)
		}
		test.AssertImageMatches(t, "report-dialog.png", u.win.Canvas().Capture())
	})
}
