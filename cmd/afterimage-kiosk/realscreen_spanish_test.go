package main

import (
	"image"
	"image/color"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// auditLine is the kiosk's report of a view it audited for text that does
// not fit (AFTERIMAGE_TEXT_AUDIT=1); misfitLine one text that does not.
var (
	auditLine  = regexp.MustCompile(`msg="text audit".* screen=([a-z-]+) texts=(\d+) problems=(\d+)`)
	misfitLine = regexp.MustCompile(`msg="text does not fit"`)
)

// audited waits for the kiosk's text audit of the view now on screen (its
// first report after the last thing waited for: the screen's line, or the
// settled picture of a step) and checks it is of screen and found text to
// look at. It returns the number of texts.
func (s *screenRun) audited(screen, view string) int {
	s.t.Helper()
	l, next, ok := s.app.WaitLine(s.mark, 20*time.Second, auditLine.MatchString)
	if !ok {
		s.fail("no text audit of %s came", view)
	}
	s.mark = next
	m := auditLine.FindStringSubmatch(l)
	if m[1] != screen {
		s.fail("the text audit after %s was of the screen %q, want %q", view, m[1], screen)
	}
	n, _ := strconv.Atoi(m[2])
	if n == 0 {
		s.fail("the text audit of %s found no text at all", view)
	}
	return n
}

// afterClick clicks r and waits for the picture to change and settle (a
// step within one screen, which logs no screen line).
func (s *screenRun) afterClick(r image.Rectangle) {
	s.t.Helper()
	before := s.shot
	s.click(r)
	s.shot = s.app.Settled(s.t, "root", before, "", func(image.Image) bool { return true })
}

// realSpanish (issue 17): a patient chooses Español on Welcome and walks
// through every screen of the kiosk in Spanish on the real binary at w×h —
// code, check-in, choose, the drawing studio, each tagging step with the
// on-screen keyboard and the body map, another, the writing studio, the
// quiet space's choices and the space itself, the music question, the pad
// studio, the sound studio, help, the staff PIN and panel, check-out and goodbye —
// while the kiosk audits every view for text that does not fit
// (AFTERIMAGE_TEXT_AUDIT): none may. After goodbye, Welcome is in English
// again.
func realSpanish(t *testing.T, bin string, w, h int) {
	testbench.Audio(t) // it plays into the bench's sink: hold it, or another package's listening test hears this
	start := time.Now()
	s := startReal(t, bin, w, h, kioskConfig{languages: []string{"en", "es"}, textAudit: true})
	s.expect("welcome", "starting the kiosk")
	s.audited("welcome", "welcome in English")
	views := 1

	// The language in use is the quiet button with a background; the other
	// is text only, mirrored across the middle of the screen.
	english := s.languageButton()
	if testbench.Center(english).X >= w/2 {
		s.fail("English, in use, is not the left of the two languages (%v)", english)
	}
	c := testbench.Center(english)
	s.click(image.Rect(w-c.X-2, c.Y-2, w-c.X+2, c.Y+2))
	s.expect("welcome", "tapping Español")
	s.audited("welcome", "welcome in Spanish")
	if es := s.languageButton(); testbench.Center(es).X <= w/2 {
		s.fail("after tapping Español the language in use is still on the left (%v)", es)
	}

	s.tap(s.largest(theme.Sage, "Empezar"), "Empezar", "patient-code")
	s.audited("patient-code", "code")
	s.typeKeys(strings.ReplaceAll(newCode(t).String(), "-", ""))
	s.app.Xdotool(t, "key", "Return")
	s.expect("check-in", "typing the right code")
	s.audited("check-in", "check-in")
	s.checkIn()
	s.expect("choose", "answering the check-in")
	s.audited("choose", "choose")
	views += 4

	// A drawing, tagged step by step with the on-screen keyboard.
	s.studioTile(0, "Dibujar o pintar")
	s.audited("studio", "drawing studio")
	s.scribble(s.canvasRect())
	s.settle("drawn")
	s.tap(s.finishedButton(), "He terminado", "tag")
	s.audited("tag", "tagging feel")
	s.afterClick(s.largest(quadrantColour(t, "pleasant-high"), "the pleasant, high-energy colour"))
	s.audited("tag", "tagging words")
	// "Dónde lo siento": the quiet button in the middle of the words
	// step's row opens the body map; its Next (the lowest filled button)
	// goes on to the story.
	done := s.lowestSage("the words step's filled button")
	var where image.Rectangle
	for _, q := range s.regions(theme.Mist) {
		if c := testbench.Center(q); abs(c.Y-testbench.Center(done).Y) < 12 && abs(c.X-w/2) < 100 {
			where = q
		}
	}
	if where.Empty() {
		s.fail("no \"Dónde lo siento\" in the middle of the words step's buttons")
	}
	s.afterClick(where)
	s.audited("tag", "tagging body map")
	s.afterClick(s.lowestSage("the body map's Next"))
	s.audited("tag", "tagging story")
	inputs := byY(s.regions(color.NRGBA{R: 0xff, G: 0xfd, B: 0xf8, A: 0xff}))
	if len(inputs) < 1 {
		s.fail("the story step shows no text field")
	}
	s.afterClick(inputs[0])
	s.audited("tag", "tagging keyboard")
	s.afterClick(s.lowestSage("the keyboard's Listo"))
	s.audited("tag", "tagging keyboard away")
	s.click(s.lowestSage("Listo"))
	s.expect("another", "finishing the tags")
	s.audited("another", "another")
	views += 8

	// Writing: the studio with a prompt and the keyboard up; the keyboard
	// put away; Back with nothing written.
	s.tap(s.largest(theme.Sage, "Hacer otra"), "Hacer otra", "choose")
	s.writeTile()
	s.audited("studio", "writing studio")
	s.afterClick(s.lowestSage("the keyboard's Listo"))
	s.audited("studio", "writing studio, keyboard away")
	s.tap(s.backButton(), "Volver (nothing written)", "choose")
	// The quiet space: its choices, then the space itself, left by a tap.
	s.tap(s.quietButton(), "Espacio de calma", "quiet-choose")
	s.audited("quiet-choose", "quiet space's choices")
	s.tap(s.backButton(), "Volver (no quiet space)", "choose")
	s.enterQuiet(0)
	s.audited("quiet", "quiet space")
	s.click(image.Rect(w/5, h*2/3, w/5+4, h*2/3+4))
	s.expect("choose", "tapping the quiet space")
	views += 4

	// Music: the question, the pads, the sound studio.
	s.studioTile(1, "Hacer música")
	s.audited("studio", "music question")
	tiles := byX(s.regions(theme.Sage))
	if len(tiles) < 2 {
		s.fail("expected Tocar los pads and Grabar un sonido, found %d sage areas", len(tiles))
	}
	s.afterClick(tiles[0])
	s.audited("studio", "pad studio")
	s.tap(s.backButton(), "Volver (the pads, nothing played)", "choose")
	s.studioTile(1, "Hacer música")
	s.recordSound()
	s.audited("studio", "sound studio")
	s.tap(s.backButton(), "Volver (nothing recorded)", "choose")
	views += 3

	// Help, and the staff's corner.
	s.click(s.helpButton())
	s.expectHelp()
	s.banner = -1 // from here on the help beacon covers the development banner
	s.click(s.largest(theme.Sage, "the help card's button"))
	s.expect("choose", "closing the help card")
	s.app.LongPress(t, s.win, image.Pt(12, 12), 2500*time.Millisecond)
	s.expect("staff-unlock", "a 2.5 s press on the top-left corner")
	s.audited("staff-unlock", "staff PIN")
	s.tapPIN(staffPIN)
	s.expect("staff-panel", "the right PIN")
	s.audited("staff-panel", "staff panel")
	closeButtons := byX(s.regions(theme.Sage))
	s.tap(closeButtons[len(closeButtons)-1], "Cerrar", "choose")
	views += 3

	// Check-out and goodbye; then Welcome is in English again.
	s.tap(s.quietLeftOf(s.helpButton(), "He terminado"), "He terminado", "check-out")
	s.audited("check-out", "check-out")
	s.checkIn()
	s.expect("goodbye", "answering the check-out")
	s.audited("goodbye", "goodbye")
	s.tap(s.largest(theme.Sage, "Listo"), "Listo", "welcome")
	s.audited("welcome", "welcome after goodbye")
	if en := s.languageButton(); testbench.Center(en).X >= w/2 {
		s.fail("after goodbye the language in use is not English (%v)", en)
	}
	views += 3

	s.noMisfits()
	t.Logf("%d views audited in Spanish (and Welcome in English twice), in %v", views, time.Since(start).Round(time.Second))
}

// expectHelp waits for the help card (help-confirm, or help-not-delivered
// where no channel reached staff) and its text audit.
func (s *screenRun) expectHelp() {
	s.t.Helper()
	var shown string
	_, next, ok := s.app.WaitLine(s.mark, 20*time.Second, func(l string) bool {
		m := screenLine.FindStringSubmatch(l)
		if m != nil && (m[1] == "help-confirm" || m[1] == "help-not-delivered") {
			shown = m[1]
			return true
		}
		return false
	})
	if !ok {
		s.fail("asking for help brought no help card")
	}
	s.mark, s.cur = next, shown
	s.settle(shown)
	s.audited(shown, "help card")
}

// languageButton is Welcome's language in use: the lowest quiet (mist)
// button between Begin and the bottom bar.
func (s *screenRun) languageButton() image.Rectangle {
	s.t.Helper()
	begin := s.largest(theme.Sage, "Begin")
	var lowest image.Rectangle // the languages are the last row; Quiet space is above them
	for _, r := range s.regions(theme.Mist) {
		if r.Min.Y > begin.Max.Y && r.Max.Y < s.size.Y-100 && (lowest.Empty() || r.Min.Y > lowest.Min.Y) {
			lowest = r
		}
	}
	if lowest.Empty() {
		s.fail("no language marked as in use under Begin")
	}
	return lowest
}

// quietLeftOf is the nearest quiet button on the row of r, to its left.
func (s *screenRun) quietLeftOf(r image.Rectangle, what string) image.Rectangle {
	s.t.Helper()
	var best image.Rectangle
	for _, q := range s.regions(theme.Mist) {
		if abs(testbench.Center(q).Y-testbench.Center(r).Y) < 12 && q.Max.X <= r.Min.X && (best.Empty() || q.Max.X > best.Max.X) {
			best = q
		}
	}
	if best.Empty() {
		s.fail("no %q left of the button at %v", what, r)
	}
	return best
}

// noMisfits fails the test for every text the kiosk's audit found not to
// fit (its "text does not fit" lines), and if it audited nothing at all.
func (s *screenRun) noMisfits() {
	s.t.Helper()
	var misfits []string
	audits := 0
	for _, l := range strings.Split(s.app.Output(), "\n") {
		if misfitLine.MatchString(l) {
			misfits = append(misfits, l)
		}
		if auditLine.MatchString(l) {
			audits++
		}
	}
	if audits == 0 {
		s.t.Error("the kiosk audited no view for text that does not fit (AFTERIMAGE_TEXT_AUDIT)")
	}
	if len(misfits) > 0 {
		s.t.Errorf("%d texts do not fit:\n%s", len(misfits), strings.Join(misfits, "\n"))
	}
}
