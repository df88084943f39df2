package kioskui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/ui/recorder"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
)

// TestEveryScreenFits builds every screen and overlay of a development-mode
// kiosk (banner and bottom bar included) in its fullest state and checks
// that the window's content asks for no more than 1280×800 at scale 1, and
// that the window's root never asks for more than that whatever it holds:
// on the real driver a larger minimum grows the window past the display
// and every later touch lands off what is drawn.
func TestEveryScreenFits(t *testing.T) {
	k := newKiosk(t, withStaffPIN(t))
	m := k.ui.Machine()
	check := func(name string) {
		t.Helper()
		if s := k.ui.layer.MinSize(); s.Width > MaxMinSize.Width || s.Height > MaxMinSize.Height {
			t.Errorf("%s (showing %q) needs %v, more than %v", name, k.ui.Rendered(), s, MaxMinSize)
		}
		if s := k.win.Content().MinSize(); s.Width > MaxMinSize.Width || s.Height > MaxMinSize.Height {
			t.Errorf("%s: the window's root asks for %v", name, s)
		}
	}
	help := func(under kiosk.Screen) {
		t.Helper()
		must(t, m.RequestHelp())
		k.waitScreen(t, m.Screen())
		check(string(under) + " + " + string(m.Screen()))
		must(t, m.HelpDone())
		k.waitScreen(t, under)
	}

	k.waitScreen(t, kiosk.Welcome)
	check("welcome")
	help(kiosk.Welcome)
	must(t, m.StaffGesture())
	k.waitScreen(t, kiosk.StaffUnlock)
	check("staff PIN pad")
	must(t, m.StaffPIN("2468"))
	k.waitScreen(t, kiosk.StaffPanel)
	check("staff panel")
	must(t, m.StaffClose())

	k.waitScreen(t, kiosk.Welcome)
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	check("code, empty")
	code, _ := patientcode.New()
	wrong := wrongCode(code)
	for _, ch := range wrong {
		k.tap(t, string(ch))
	}
	k.waitCodeChecked(t, k.ui.page.pad)
	check("code, refused")
	k.tap(t, "⌫")
	k.tap(t, string(codeSymbols(code)[patientcode.Length-1]))
	k.waitScreen(t, kiosk.CheckIn)
	check("check-in")
	help(kiosk.CheckIn)
	m.Tick(k.clock.Add(3 * time.Minute))
	k.waitScreen(t, kiosk.IdleWarning)
	check("idle warning")
	m.Activity()
	k.waitScreen(t, kiosk.CheckIn)
	k.tap(t, "Skip")
	k.waitScreen(t, kiosk.Choose)
	check("choose")

	k.openMusic(t, "Play the pads")
	k.padStudio(t)
	check("the pads")
	k.tap(t, "Back") // nothing played: straight back
	k.waitScreen(t, kiosk.Choose)
	for _, studio := range []string{"Make music", "Say something", "Write"} {
		k.tap(t, studio)
		k.waitScreen(t, kiosk.Studio)
		check(studio)
		if studio == "Make music" {
			k.tap(t, "Record a sound")
			check("recording music")
		}
		k.tap(t, "Back") // nothing recorded: straight back
		k.waitScreen(t, kiosk.Choose)
	}
	k.tap(t, "Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	check("drawing studio")
	k.paintSomething(t)
	k.tap(t, "Back")
	k.waitScreen(t, kiosk.LeaveStudio)
	check("leave studio")
	k.tap(t, "Go back to it")
	k.waitScreen(t, kiosk.Studio)
	k.ui.showFailure(nil)
	check("save failed")
	k.tap(t, tr("kiosk.help.ok"))
	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.Tag)
	check("feel")
	flow := find(t, k, func(*tagging.Flow) bool { return true })
	grid := find(t, k, func(*tagging.Grid) bool { return true })
	test.TapAt(grid, fyne.NewPos(grid.Size().Width*0.2, grid.Size().Height*0.2))
	k.win.Resize(fyne.NewSize(1280, 800))
	for i := 0; i < 3; i++ {
		test.Tap(find(t, k, func(c *tagging.Chip) bool { return !c.Selected && c.OnTapped != nil }))
	}
	check("words, three chosen")
	k.tap(t, "Add a name or a note")
	check("story")
	if flow.Step() != tagging.StepStory {
		t.Fatalf("tagging is at step %d, want the story", flow.Step())
	}
	k.tap(t, "Say it out loud instead")
	find(t, k, func(*recorder.Recorder) bool { return true })
	check("voice note")
	k.tap(t, "Back")
	find(t, k, func(*tagging.Flow) bool { return true })
	k.tap(t, "Done")
	k.waitScreen(t, kiosk.Another)
	check("another")
	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.CheckOut)
	check("check-out")
	k.tap(t, "Skip")
	k.waitScreen(t, kiosk.Goodbye)
	check("goodbye")

	long := strings.Repeat("kiosk.storage: a very long problem with the configuration that goes on and on ", 4)
	problems := make([]string, 40)
	for i := range problems {
		problems[i] = long
	}
	w := problemWindow(test.NewTempApp(t), nil, "/etc/afterimage/kiosk.toml", problems)
	defer w.Close()
	if s := w.Content().MinSize(); s.Width > MaxMinSize.Width || s.Height > MaxMinSize.Height {
		t.Errorf("the bad-configuration screen needs %v", s)
	}
}

// codeSymbols is code as typed on the keypad.
func codeSymbols(c patientcode.Code) string { return strings.ReplaceAll(c.String(), "-", "") }

// wrongCode is code with its last symbol changed, which its check symbol
// refuses.
func wrongCode(c patientcode.Code) string {
	s := []byte(codeSymbols(c))
	last := s[len(s)-1]
	for i := 0; i < len(codeAlphabet); i++ {
		if codeAlphabet[i] != last {
			s[len(s)-1] = codeAlphabet[i]
			if _, err := patientcode.Parse(string(s)); err != nil {
				return string(s)
			}
		}
	}
	panic("every last symbol is accepted")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
