package galleryui

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// prefValues is every value in the test app's preferences.
func prefValues(t *testing.T, a fyne.App) map[string]any {
	t.Helper()
	r, ok := a.Preferences().(interface{ ReadValues(func(map[string]any)) })
	if !ok {
		t.Fatalf("the test app's preferences (%T) cannot be listed", a.Preferences())
	}
	out := map[string]any{}
	r.ReadValues(func(m map[string]any) {
		for k, v := range m {
			out[k] = v
		}
	})
	return out
}

// filesHolding lists the files under dir whose bytes hold s in clear.
func filesHolding(t *testing.T, dir, s string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(s)) {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRemembersSizeAndLastPatientWhileUnlocked: the window opens at the
// size it had when it last locked or closed (a size that makes no sense is
// not used); while unlocked the gallery returns to the patient last shown,
// also when its screen is built again; locking forgets that patient: no
// patient code is left in the preferences, in the UI or in clear in the
// gallery's data folder, and the next unlock opens the most recent
// patient, not the one remembered before.
func TestRemembersSizeAndLastPatientWhileUnlocked(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetFloat(prefWidth, 1600)
	a.Preferences().SetFloat(prefHeight, 900)
	c := newClinic(t)
	c.at = day
	c.save("VAFQM2E", "Stones", "The older patient.")
	c.save("K7Q4M2X", "Lighthouse", "The most recent patient.")
	u := New(a, Options{}, c.sessionOptions(nil))
	u.win.Show()
	defer closeUI(u)
	if got := u.win.Canvas().Size(); got != fyne.NewSize(1600, 900) {
		t.Fatalf("the window opens at %v, want the remembered 1600x900", got)
	}

	unlock := func() {
		u.inUI(func() {
			test.Type(u.lock.entry, "right")
			test.Tap(u.lock.unlock)
		})
		waitFor(t, u, "both patients", true, func() bool { return u.browse != nil && len(u.browse.rows) == 2 })
	}
	unlock()
	waitFor(t, u, "the most recent patient", true, func() bool { return u.browse.view.code == "K7Q4M2X" })
	u.inUI(func() { u.browse.list.Select(1) })
	waitFor(t, u, "the chosen patient", true, func() bool {
		return u.browse.view.code == "VAFQM2E" && len(u.browse.view.byPiece) == 1
	})
	// The screen built again while unlocked returns to the patient.
	u.inUI(func() { u.showBrowser() })
	waitFor(t, u, "the chosen patient again", true, func() bool {
		b := u.browse
		return b.view.code == "VAFQM2E" && len(b.view.byPiece) == 1 && len(b.rows) == 2 && b.list != nil
	})

	u.inUI(func() { u.win.Resize(fyne.NewSize(1500, 850)) })
	u.s.Lock()
	waitFor(t, u, "the lock screen", false, func() bool { return u.browse == nil && u.lock != nil })
	<-u.s.Closed()
	u.inUI(func() {
		if u.lastPatient != "" {
			t.Errorf("after locking the UI still remembers %q", u.lastPatient)
		}
	})
	prefs := prefValues(t, a)
	if w, h := prefs[prefWidth], prefs[prefHeight]; w != float64(1500) || h != float64(850) {
		t.Errorf("the window size saved at lock is %vx%v, want 1500x850", w, h)
	}
	for _, code := range []string{"VAFQM2E", "VAF-QM2E", "K7Q4M2X", "K7Q-4M2X"} {
		for k, v := range prefs {
			if bytes.Contains([]byte(k+fmt.Sprint(v)), []byte(code)) {
				t.Errorf("after locking the preferences hold %s: %s = %v", code, k, v)
			}
		}
		if files := filesHolding(t, c.data, code); len(files) > 0 {
			t.Errorf("after locking %s is in clear in %v", code, files)
		}
	}

	unlock()
	waitFor(t, u, "the most recent patient after unlocking", true, func() bool { return u.browse.view.code == "K7Q4M2X" })
}

// TestSavedSizeBounds: a remembered size too small, too large or missing
// gives the default size.
func TestSavedSizeBounds(t *testing.T) {
	a := test.NewTempApp(t)
	p := a.Preferences()
	for _, tc := range []struct {
		w, h float64
		want fyne.Size
	}{
		{0, 0, defaultSize},
		{1920, 1080, fyne.NewSize(1920, 1080)},
		{3840, 2160, fyne.NewSize(3840, 2160)},
		{200, 100, defaultSize},
		{100000, 900, defaultSize},
		{1600, -5, defaultSize},
	} {
		p.SetFloat(prefWidth, tc.w)
		p.SetFloat(prefHeight, tc.h)
		if got := savedSize(p); got != tc.want {
			t.Errorf("saved %vx%v: window %v, want %v", tc.w, tc.h, got, tc.want)
		}
	}
}
