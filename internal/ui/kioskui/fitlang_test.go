package kioskui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
	"github.com/afterimage-clinic/afterimage/internal/ui/textaudit"
)

// fits fails the test for every text on screen that does not fit.
func (k *kioskFixture) fits(t *testing.T, view string) {
	t.Helper()
	r := textaudit.Audit(k.win.Canvas())
	if r.Checked == 0 {
		t.Errorf("%s: no text on screen to check", view)
	}
	for _, p := range r.Problems {
		t.Errorf("%s: %v", view, p)
	}
}

// walkLabels are the buttons the walk taps, in each language.
var walkLabels = map[string]map[string]string{
	"en": {"lang": "English", "begin": "Begin", "skip": "Skip", "draw": "Draw or paint", "finished": "I'm finished",
		"music": "Make music", "pads": "Play the pads", "record": "Record a sound", "back": "Back", "another": "Make another",
		"done": "Done", "help": "I'd like someone to come", "ok": "OK", "here": "I'm still here", "keep": "Keep it for later", "shift": "Shift"},
	"es": {"lang": "Español", "begin": "Empezar", "skip": "Omitir", "draw": "Dibujar o pintar", "finished": "He terminado",
		"music": "Hacer música", "pads": "Tocar los pads", "record": "Grabar un sonido", "back": "Volver", "another": "Hacer otra",
		"done": "Listo", "help": "Quiero que venga alguien", "ok": "De acuerdo", "here": "Sigo aquí", "keep": "Guardarla para luego", "shift": "Mayús"},
}

// TestEveryScreenFitsInEachLanguage walks a visit through the kiosk's
// screens and overlays in Spanish, at 1280×800 on the test driver, and
// audits each for text that does not fit (the real-screen suite does the
// same on the real driver, in Spanish and English). English is walked too
// when not under -race, which would take the package past its time.
func TestEveryScreenFitsInEachLanguage(t *testing.T) {
	tags := []string{"es", "en"}
	if raceEnabled {
		tags = tags[:1]
	}
	for _, tag := range tags {
		t.Run(tag, func(t *testing.T) {
			l := walkLabels[tag]
			k := newKiosk(t, bilingual, withStaffPIN(t), func(d *Deps) { d.HelpChannels = nil })
			m := k.ui.Machine()
			k.tap(t, l["lang"])
			k.fits(t, "welcome")
			k.tap(t, l["begin"])
			k.waitScreen(t, kiosk.PatientCode)
			k.fits(t, "code")
			code, _ := patientcode.New()
			k.enterCode(t, code)
			k.waitScreen(t, kiosk.CheckIn)
			k.fits(t, "check-in")
			k.tap(t, l["skip"])
			k.waitScreen(t, kiosk.Choose)
			k.fits(t, "choose")

			k.tap(t, l["draw"])
			k.waitScreen(t, kiosk.Studio)
			k.fits(t, "drawing studio")
			k.paintSomething(t)
			k.tap(t, l["back"])
			k.waitScreen(t, kiosk.LeaveStudio)
			k.fits(t, "leave the studio")
			k.tap(t, l["keep"])
			k.waitScreen(t, kiosk.Choose)

			k.tap(t, l["draw"])
			k.waitScreen(t, kiosk.Studio)
			k.paintSomething(t)
			k.tap(t, l["finished"])
			k.waitScreen(t, kiosk.Tag)
			k.fits(t, "tagging: how it feels")
			k.tap(t, l["skip"])
			flow := find(t, k, func(*tagging.Flow) bool { return true })
			k.fits(t, "tagging: the story")
			test.Tap(flow.TitleEntry())
			k.fits(t, "tagging: the story, keyboard up")
			keyTap(t, flow, l["shift"])
			k.fits(t, "tagging: the keyboard shifted")
			keyTap(t, flow, "123")
			k.fits(t, "tagging: the keyboard's symbols")
			keyTap(t, flow, l["done"])
			k.tap(t, l["done"])
			k.waitScreen(t, kiosk.Another)
			k.fits(t, "another")
			k.tap(t, l["another"])
			k.waitScreen(t, kiosk.Choose)

			k.tap(t, l["music"])
			k.waitScreen(t, kiosk.Studio)
			shown := make(chan struct{})
			k.ui.padsShown = func() { close(shown) }
			k.padsShown = shown
			k.tap(t, l["pads"])
			k.padStudio(t)
			k.fits(t, "pad studio")
			k.tap(t, l["back"])
			k.waitScreen(t, kiosk.Choose)
			k.tap(t, l["music"])
			k.waitScreen(t, kiosk.Studio)
			k.fits(t, "music: how to make it")
			k.tap(t, l["record"])
			k.fits(t, "sound studio")
			k.tap(t, l["back"])
			k.waitScreen(t, kiosk.Choose)

			k.tap(t, l["help"])
			k.waitScreen(t, kiosk.HelpNotDelivered)
			k.fits(t, "help not delivered")
			k.tap(t, l["ok"])
			k.waitScreen(t, kiosk.Choose)
			m.Tick(k.clock.Add(4 * time.Minute))
			k.waitScreen(t, kiosk.IdleWarning)
			k.ui.tickAt(k.clock.Now()) // the countdown's text
			k.fits(t, "idle warning")
			k.tap(t, l["here"])
			k.waitScreen(t, kiosk.Choose)
			k.tap(t, l["finished"])
			k.waitScreen(t, kiosk.CheckOut)
			k.fits(t, "check-out")
			k.tap(t, l["skip"])
			k.waitScreen(t, kiosk.Goodbye)
			k.fits(t, "goodbye")

			pressCorner(t, k, LongPress)
			k.waitScreen(t, kiosk.StaffUnlock)
			k.fits(t, "staff PIN")
			for _, d := range "2468" {
				k.tap(t, string(d))
			}
			k.tap(t, "OK")
			k.waitScreen(t, kiosk.StaffPanel)
			k.fits(t, "staff panel")
		})
	}
}
