package main

import (
	"fmt"
	"image"
	"image/color"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// toChoose walks a new patient from Welcome to Choose: Begin, the code
// typed on the keyboard, the check-in answered.
func (s *screenRun) toChoose() {
	s.t.Helper()
	s.expect("welcome", "starting the kiosk")
	s.tap(s.largest(theme.Sage, "Begin"), "Begin", "patient-code")
	s.typeKeys(strings.ReplaceAll(newCode(s.t).String(), "-", ""))
	s.app.Xdotool(s.t, "key", "Return")
	s.expect("check-in", "typing the right code")
	s.checkIn()
	s.expect("choose", "answering the check-in")
}

// studioTile taps the i-th studio tile (0 Draw, 1 Music, 2 Voice).
func (s *screenRun) studioTile(i int, name string) {
	s.t.Helper()
	tiles := byX(s.regions(theme.Sage))
	if len(tiles) < 3 {
		s.fail("expected the Draw, Music and Voice tiles, found %d sage areas", len(tiles))
	}
	s.tap(tiles[i], name, "studio")
}

// recordSound answers the music studio's first question: Record a sound
// (the right-hand tile; the left plays the pads).
func (s *screenRun) recordSound() {
	s.t.Helper()
	tiles := byX(s.regions(theme.Sage))
	if len(tiles) < 2 {
		s.fail("expected Play the pads and Record a sound, found %d sage areas", len(tiles))
	}
	s.click(tiles[len(tiles)-1])
	s.settle("recorder")
}

// defectStrokes (issue 11 #1): right after drawing, before anything is laid
// out again, the canvas on screen shows the strokes the saved PNG holds.
func defectStrokes(t *testing.T, bin string, w, h int) {
	s := startReal(t, bin, w, h, kioskConfig{})
	s.toChoose()
	s.studioTile(0, "Draw")
	canvas := s.canvasRect()
	s.scribble(canvas)
	drawn := s.settle("drawn")
	s.tap(s.finishedButton(), "I'm finished", "tag")
	s.skipTags()
	s.expect("another", "skipping the tags")
	// The drawing leaves once tagged; check out all the same, as a patient would.
	s.tap(s.quietBeside(s.largest(theme.Sage, "Make another"), "I'm finished"), "I'm finished", "check-out")
	s.checkIn()
	s.expect("goodbye", "answering the check-out")
	ps := waitPieces(t, s.data, 1)
	if len(ps) != 1 {
		t.Fatalf("%d pieces reached the remote, want the drawing", len(ps))
	}
	found, true_ := inkMatch(drawn, canvas, ps[0].png(t), inkSlack)
	t.Logf("canvas %v on screen vs saved PNG: %.1f%% of its ink shown, %.1f%% of the shown ink in it", canvas, 100*found, 100*true_)
	if found < inkFound || true_ < inkTrue {
		s.cur = "studio"
		s.fail("strokes on screen do not match the saved drawing: %.1f%% of its ink shown (want ≥ %.0f%%), %.1f%% of the shown ink in it (want ≥ %.0f%%)",
			100*found, 100*inkFound, 100*true_, 100*inkTrue)
	}
}

// defectRecordingTouch (issue 11 #2): after a recording's review, the
// window still equals the screen (checked on every screen), Keep lands, and
// the next patient's taps land too: Begin, and the code tapped key by key.
func defectRecordingTouch(t *testing.T, bin string, w, h int) {
	audio := testbench.Audio(t)
	s := startReal(t, bin, w, h, kioskConfig{})
	s.toChoose()
	s.studioTile(1, "Music")
	s.recordSound()
	audio.Play(t, testbench.Sine(440, 0.5, 48000, 48000*20), 48000)
	audio.WaitHeard(t, 10*time.Second)
	s.record(2 * time.Second)
	s.tap(s.keepButton(), "Keep", "tag")
	s.skipTags()
	s.expect("another", "skipping the tags")
	s.tap(s.quietBeside(s.largest(theme.Sage, "Make another"), "I'm finished"), "I'm finished", "check-out")
	s.checkIn()
	s.expect("goodbye", "answering the check-out")
	s.tap(s.largest(theme.Sage, "Done"), "Done", "welcome")
	// The next patient.
	s.tap(s.largest(theme.Sage, "Begin"), "Begin (next patient)", "patient-code")
	s.tapCode(strings.ReplaceAll(newCode(t).String(), "-", ""))
	s.expect("check-in", "tapping the right code on the keypad")
}

// tapCode taps the code's symbols on the on-screen keypad: its keys are the
// quiet buttons laid out in rows of codeAlphabet order.
func (s *screenRun) tapCode(code string) {
	s.t.Helper()
	keys := s.keypad()
	for _, r := range code {
		i := strings.IndexRune(keypadAlphabet, r)
		s.click(keys[i])
	}
	s.app.Xdotool(s.t, "key", "Return")
}

const keypadAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// keypad finds the 32 symbol keys: same-sized quiet buttons, read in rows.
func (s *screenRun) keypad() []image.Rectangle {
	s.t.Helper()
	var keys []image.Rectangle
	sizes := map[image.Point]int{}
	all := s.regions(theme.Mist)
	for _, r := range all {
		sizes[r.Size()]++
	}
	var common image.Point
	for sz, n := range sizes {
		if n > sizes[common] {
			common = sz
		}
	}
	for _, r := range all {
		if abs(r.Dx()-common.X) <= 4 && abs(r.Dy()-common.Y) <= 4 {
			keys = append(keys, r)
		}
	}
	if len(keys) != len(keypadAlphabet) {
		s.fail("the keypad shows %d keys of %v, want %d", len(keys), common, len(keypadAlphabet))
	}
	rowsThenCols(keys)
	return keys
}

func rowsThenCols(rs []image.Rectangle) {
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			a, b := rs[i], rs[j]
			if abs(a.Min.Y-b.Min.Y) > 8 && b.Min.Y < a.Min.Y || abs(a.Min.Y-b.Min.Y) <= 8 && b.Min.X < a.Min.X {
				rs[i], rs[j] = rs[j], rs[i]
			}
		}
	}
}

// helpButton is "I'd like someone to come": the widest quiet button at
// the bottom right.
func (s *screenRun) helpButton() image.Rectangle {
	s.t.Helper()
	var best image.Rectangle
	for _, r := range s.regions(theme.Mist) {
		if r.Min.Y > s.size.Y*3/4 && r.Max.X > s.size.X/2 && (best.Empty() || r.Max.X > best.Max.X) {
			best = r
		}
	}
	if best.Empty() {
		s.fail("no help button at the bottom right")
	}
	return best
}

// defectHelpHonest (issue 11 #3): with no speaker and no webhook nobody is
// told, so the kiosk must not say someone is coming; with a webhook that
// answers 200 it says so.
func defectHelpHonest(t *testing.T, bin string, w, h int) {
	t.Run("not-delivered", func(t *testing.T) {
		s := startReal(t, bin, w, h, kioskConfig{noSound: true})
		s.expect("welcome", "starting the kiosk")
		s.click(s.helpButton())
		s.expect("help-not-delivered", "asking for help with no speaker and no webhook")
	})
	t.Run("delivered", func(t *testing.T) {
		var calls atomic.Int32
		hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.WriteHeader(http.StatusOK)
		}))
		defer hook.Close()
		s := startReal(t, bin, w, h, kioskConfig{webhook: hook.URL, noSound: true})
		s.expect("welcome", "starting the kiosk")
		s.click(s.helpButton())
		s.expect("help-confirm", "asking for help with a webhook answering 200")
		if calls.Load() == 0 {
			s.fail("the kiosk said staff were told, but the webhook was never called")
		}
	})
}

// defectStaffCorner (issue 11 #4): a real long press on the top-left corner
// asks for the PIN; the PIN tapped on its keypad opens the staff panel.
func defectStaffCorner(t *testing.T, bin string, w, h int) {
	s := startReal(t, bin, w, h, kioskConfig{})
	s.expect("welcome", "starting the kiosk")
	s.app.LongPress(t, s.win, image.Pt(12, 12), 2500*time.Millisecond)
	s.expect("staff-unlock", "a 2.5 s press on the top-left corner")
	s.tapPIN(staffPIN)
	s.expect("staff-panel", "the right PIN")
	close := byX(s.regions(theme.Sage))
	s.tap(close[len(close)-1], "Close", "welcome")
}

// tapPIN taps pin on the staff keypad (1–9 in rows, then ⌫ 0 OK).
func (s *screenRun) tapPIN(pin string) {
	s.t.Helper()
	var keys []image.Rectangle
	for _, r := range s.regions(theme.Mist) {
		if r.Dx() < 200 && r.Dy() < 200 {
			keys = append(keys, r)
		}
	}
	rowsThenCols(keys)
	if len(keys) < 11 {
		s.fail("the PIN pad shows %d keys, want 1–9, ⌫ and 0", len(keys))
	}
	for _, d := range pin {
		i := int(d - '1')
		if d == '0' {
			i = 10
		}
		s.click(keys[i])
	}
	s.click(s.largest(theme.Sage, "OK"))
}

// defectLeaveStudio (issue 11 #5): Back from a studio with a drawing asks
// first, and nothing is saved or uploaded behind the patient's back.
func defectLeaveStudio(t *testing.T, bin string, w, h int) {
	s := startReal(t, bin, w, h, kioskConfig{})
	s.toChoose()
	s.studioTile(0, "Draw")
	s.scribble(s.canvasRect())
	s.settle("drawn")
	s.tap(s.backButton(), "Back", "leave-studio")
	if ps := savedPieces(t, s.data); len(ps) != 0 {
		s.fail("Back uploaded %d piece(s) before the patient chose", len(ps))
	}
}

// backButton is Back: the leftmost quiet button at the bottom.
func (s *screenRun) backButton() image.Rectangle {
	s.t.Helper()
	var best image.Rectangle
	for _, r := range s.regions(theme.Mist) {
		if r.Min.Y > s.size.Y*3/4 && r.Min.X < s.size.X/2 && (best.Empty() || r.Min.X < best.Min.X) {
			best = r
		}
	}
	if best.Empty() {
		s.fail("no Back at the bottom left")
	}
	return best
}

// defectCountdown (issue 11 #6): on the code screen, the idle warning
// (after the shortest idle time the config allows, 30 s) counts down its
// default 60 s to a reset that is painted (Welcome on screen, not the
// warning stuck at 1), and says "1 second", not "1 seconds": of the
// countdown's renderings (digits are all the same width), the last must be
// narrower than the one before by about an "s".
func defectCountdown(t *testing.T, bin string, w, h int) {
	const countdown = 60 * time.Second
	s := startReal(t, bin, w, h, kioskConfig{idle: 0.5})
	s.expect("welcome", "starting the kiosk")
	s.tap(s.largest(theme.Sage, "Begin"), "Begin", "patient-code")
	s.typeKeys("K7Q")
	_, next, ok := s.app.WaitLine(s.mark, 45*time.Second, func(l string) bool { return strings.Contains(l, "screen=idle-warning") })
	if !ok {
		s.fail("no idle warning within 45 s of the last key (idle time 30 s)")
	}
	warned := time.Now()
	s.mark, s.cur = next, "idle-warning"
	// Watch the middle of the screen (where the warning's card is) until
	// the reset, keeping each new picture.
	// The framebuffer is read straight from the X server (milliseconds),
	// not through a screenshot tool, which on a busy machine can take
	// longer than the one second "1 second" is shown.
	centre := image.Rect(w/4, h/4, w*3/4, h*3/4)
	x := testbench.DialX(t, s.app.Display)
	var frames []image.Image
	reset := false
	for !reset && time.Since(warned) < countdown+20*time.Second {
		pix, err := x.Pixels(centre)
		if err != nil {
			s.fail("read the screen: %v", err)
		}
		f := bgrxImage(pix, centre)
		if len(frames) == 0 || !testbench.Same(f, frames[len(frames)-1]) {
			frames = append(frames, f)
		}
		time.Sleep(20 * time.Millisecond) // polling the X server
		if _, next, ok := s.app.WaitLine(s.mark, 0, func(l string) bool { return strings.Contains(l, "screen=welcome") }); ok {
			s.mark, reset = next, true
		}
	}
	took := time.Since(warned)
	if !reset || took > countdown+3*time.Second {
		s.fail("the %v countdown reset the visit after %v (want ≤ %v)", countdown, took.Round(100*time.Millisecond), countdown+3*time.Second)
	}
	s.cur = "welcome"
	s.settle("after-idle-reset")
	if p := testbench.Share(s.shot, theme.Paper); p < 0.6 {
		s.fail("the kiosk reset to Welcome, but the screen still shows the warning (paper %.0f%% of it)", 100*p)
	}
	// The frames of the warning are those that differ from the one in the
	// middle by one line of text at most (the first may be from before
	// it was drawn, the last from after the reset).
	ref := frames[len(frames)/2]
	var band image.Rectangle
	var warning []image.Image
	for _, f := range frames {
		if d := diffBounds(ref, f, image.Rectangle{}); d.Dy() <= 80 {
			band = band.Union(d)
			warning = append(warning, f)
		}
	}
	if band.Empty() {
		s.fail("the countdown did not change on screen in 10 s")
	}
	// Only the digits change: widen the band to the card the line is on
	// (paper just above it).
	for y := band.Min.Y - 3; band.Min.X > ref.Bounds().Min.X && near(ref.At(band.Min.X-1, y), theme.Paper, 6); {
		band.Min.X--
	}
	for y := band.Min.Y - 3; band.Max.X < ref.Bounds().Max.X && near(ref.At(band.Max.X, y), theme.Paper, 6); {
		band.Max.X++
	}
	var widths []int
	for _, f := range warning {
		widths = append(widths, inkWidth(f, band)) // each frame is a new picture
	}
	t.Logf("countdown: %d renderings, text widths in order: %v", len(widths), widths)
	if len(widths) < 3 {
		s.fail("the countdown showed %d different texts in 10 s, want one a second", len(widths))
	}
	// "1 second" is one of the last renderings (a "0" may follow it) and
	// narrower than the "2 seconds" before it.
	one := false
	for i := max(1, len(widths)-3); i < len(widths); i++ {
		one = one || widths[i] <= widths[i-1]-4
	}
	if !one {
		s.fail("the countdown's last texts are %v px wide, all as wide as \"2 seconds\": it says \"1 seconds\", want \"1 second\"", widths[max(0, len(widths)-3):])
	}
}

// bgrxImage is the picture in pix, r's pixels as the X server holds them at
// 24-bit depth (B, G, R, unused), at r's place on the screen.
func bgrxImage(pix []byte, r image.Rectangle) *image.RGBA {
	img := image.NewRGBA(r)
	for i := 0; i+3 < len(pix) && i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = pix[i+2], pix[i+1], pix[i], 0xff
	}
	return img
}

// inkWidth is the width of what is drawn in r (pixels far from paper).
func inkWidth(img image.Image, r image.Rectangle) int {
	x0, x1 := r.Max.X, r.Min.X
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !near(img.At(x, y), theme.Paper, 48) {
				x0, x1 = min(x0, x), max(x1, x)
			}
		}
	}
	return max(0, x1-x0+1)
}

// defectWrongCode (issue 11 #7): a wrong code keeps its symbols, so the
// patient mends one instead of typing all seven again.
func defectWrongCode(t *testing.T, bin string, w, h int) {
	s := startReal(t, bin, w, h, kioskConfig{})
	s.expect("welcome", "starting the kiosk")
	s.tap(s.largest(theme.Sage, "Begin"), "Begin", "patient-code")
	code := strings.ReplaceAll(newCode(t).String(), "-", "")
	wrong := wrongSymbols(code)
	s.typeKeys(wrong)
	s.app.Xdotool(t, "key", "Return")
	s.noScreenWithin(time.Second, "a wrong code")
	s.settle("wrong-code")
	s.app.Xdotool(t, "key", "BackSpace")
	s.typeKeys(code[len(code)-1:])
	s.app.Xdotool(t, "key", "Return")
	s.expect("check-in", "mending the wrong code's last symbol")
}

// defectRecorder (issue 11 #8): the record button is a large circle, and
// with no microphone the calm message shows near the button, not at the
// bottom of the screen.
func defectRecorder(t *testing.T, bin string, w, h int) {
	t.Run("round-button", func(t *testing.T) {
		s := startReal(t, bin, w, h, kioskConfig{})
		s.toChoose()
		s.studioTile(2, "Voice")
		b := s.recordButton()
		fill := 1 - max(cornerShare(s.shot, b, theme.Clay), cornerShare(s.shot, b, recordRed))
		t.Logf("record button %v, corners %.0f%% not clay", b, 100*fill)
		if b.Dx() < 96 || b.Dy() < 96 {
			s.fail("the record button is %dx%d px, want at least 96x96", b.Dx(), b.Dy())
		}
		if fill < 0.5 {
			s.fail("the record button is a square (its corners are filled), want a circle")
		}
	})
	t.Run("no-microphone-message", func(t *testing.T) {
		s := startReal(t, bin, w, h, kioskConfig{noSound: true})
		s.toChoose()
		s.studioTile(2, "Voice")
		before := s.shot
		b := s.recordButton()
		s.click(b)
		after := s.app.Settled(t, "root", before, "", func(image.Image) bool { return true })
		s.shot = after
		s.settle("no-microphone")
		changed := diffBounds(before, after, b)
		t.Logf("record button %v; the message appeared in %v", b, changed)
		if changed.Empty() {
			s.fail("nothing new on screen after tapping record with no microphone")
		}
		if changed.Min.Y > b.Max.Y+s.size.Y/4 {
			s.fail("the no-microphone message shows at y=%d, far below the button (bottom %d)", changed.Min.Y, b.Max.Y)
		}
	})
}

// cornerShare is the share of the four corner patches (a tenth of r's size)
// that are of colour c: 1 for a filled square, 0 for a circle.
func cornerShare(img image.Image, r image.Rectangle, c color.Color) float64 {
	d := max(r.Dx()/10, 2)
	n, in := 0, 0
	for _, o := range []image.Point{r.Min, {r.Max.X - d, r.Min.Y}, {r.Min.X, r.Max.Y - d}, {r.Max.X - d, r.Max.Y - d}} {
		for y := o.Y; y < o.Y+d; y++ {
			for x := o.X; x < o.X+d; x++ {
				n++
				if near(img.At(x, y), c, 6) {
					in++
				}
			}
		}
	}
	return float64(in) / float64(n)
}

// diffBounds is the bounding box of what changed between a and b, outside skip.
func diffBounds(a, b image.Image, skip image.Rectangle) image.Rectangle {
	var out image.Rectangle
	bd := a.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 2 {
		for x := bd.Min.X; x < bd.Max.X; x += 2 {
			if image.Pt(x, y).In(skip) || near(a.At(x, y), b.At(x, y), 8) {
				continue
			}
			out = out.Union(image.Rect(x, y, x+1, y+1))
		}
	}
	return out
}

// defectCanvasSize (issue 11 #9): at 1280×800 the canvas takes most of the
// screen, and the default brush makes a confident mark.
func defectCanvasSize(t *testing.T, bin string, w, h int) {
	s := startReal(t, bin, w, h, kioskConfig{})
	s.toChoose()
	s.studioTile(0, "Draw")
	c := s.canvasRect()
	share := float64(c.Dx()*c.Dy()) / float64(w*h)
	t.Logf("canvas %dx%d = %.0f%% of the %dx%d screen", c.Dx(), c.Dy(), 100*share, w, h)
	if share < 0.55 {
		s.errorf("the canvas is %dx%d, %.0f%% of the screen; want at least 55%%", c.Dx(), c.Dy(), 100*share)
	}
	// One straight stroke with the default brush, measured across.
	y := c.Min.Y + c.Dy()/2
	var line []image.Point
	for x := c.Min.X + c.Dx()/4; x <= c.Min.X+c.Dx()*3/4; x += 20 {
		line = append(line, image.Pt(x, y))
	}
	s.stroke(line)
	s.settle("default-brush")
	x := c.Min.X + c.Dx()/2
	width := 0
	for yy := y - 60; yy <= y+60; yy++ {
		if !near(s.shot.At(x, yy), paint.Paper, 48) {
			width++
		}
	}
	t.Logf("default brush: %d px wide on screen", width)
	if width < 6 {
		s.fail("the default brush makes a %d px line on screen, want at least 6 px", width)
	}
}

// defectTapBudget (issue 11 #10): the fewest navigation taps from Welcome
// to a saved, tagged drawing (the code's keys not counted) is at most 6.
func defectTapBudget(t *testing.T, bin string, w, h int) {
	s := startReal(t, bin, w, h, kioskConfig{})
	taps := 0
	nav := func(r image.Rectangle) { taps++; s.click(r) }
	s.expect("welcome", "starting the kiosk")
	nav(s.largest(theme.Sage, "Begin"))
	s.expect("patient-code", "Begin")
	s.typeKeys(strings.ReplaceAll(newCode(t).String(), "-", ""))
	if _, next, ok := s.app.WaitLine(s.mark, 2*time.Second, func(l string) bool { return strings.Contains(l, "screen=check-in") }); ok {
		s.mark, s.cur = next, "check-in"
		s.settle("check-in")
	} else {
		s.settle("code-typed")
		nav(s.largest(theme.Sage, "Continue"))
		s.expect("check-in", "Continue")
	}
	nav(s.largest(theme.Sage, "the check-in's answer"))
	s.expect("choose", "answering the check-in")
	tiles := byX(s.regions(theme.Sage))
	nav(tiles[0])
	s.expect("studio", "Draw")
	s.scribble(s.canvasRect())
	s.settle("drawn")
	nav(s.finishedButton())
	s.expect("tag", "I'm finished")
	// Tagged and saved (sealed and queued at once) once "another" shows.
	before, next := s.shot, s.largest(quadrantColour(t, "pleasant-high"), "a feeling")
	for {
		nav(next)
		if s.awaitStep(before, next, "another") {
			break
		}
		if taps > 12 {
			s.fail("still tagging after %d navigation taps", taps)
		}
		before, next = s.shot, s.lowestSage("the next step")
	}
	t.Logf("Welcome to a saved, tagged drawing: %d navigation taps", taps)
	// Check out (not counted) and find the drawing uploaded with its feeling.
	s.tap(s.quietBeside(s.largest(theme.Sage, "Make another"), "I'm finished"), "I'm finished", "check-out")
	s.checkIn()
	s.expect("goodbye", "answering the check-out")
	if ps := waitPieces(t, s.data, 1); len(ps) != 1 || ps[0].m.Emotions == nil {
		s.fail("no drawing with its feeling reached the remote after check-out (%d pieces)", len(ps))
	}
	if taps > 6 {
		s.fail("%d navigation taps from Welcome to a saved, tagged drawing, want at most 6", taps)
	}
}

// awaitStep waits, after a tap on tapped, until the kiosk shows the screen
// called last or the picture changes beyond the tapped button (the next
// step of the same screen). Sealing a piece can take a moment: tapping on
// before that would land on the screen that follows. It reports whether the screen called last is the one showing.
func (s *screenRun) awaitStep(before image.Image, tapped image.Rectangle, last string) bool {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	skip := tapped.Inset(-16)
	for !s.onScreen(last) {
		shot := s.app.Settled(s.t, "root", nil, "", func(image.Image) bool { return true })
		if !testbench.SameOutside(shot, before, skip) {
			s.shot = shot
			return false
		}
		if time.Now().After(deadline) {
			s.fail("nothing changed within 30 s of tapping the button at %v", tapped)
		}
	}
	s.settle(last)
	return true
}

// onScreen reports whether the kiosk has shown name since the mark.
func (s *screenRun) onScreen(name string) bool {
	_, next, ok := s.app.WaitLine(s.mark, 300*time.Millisecond, func(l string) bool { return strings.Contains(l, "screen="+name) })
	if ok {
		s.mark, s.cur = next, name
	}
	return ok
}

// badConfig: a production config that cannot protect patients shows the
// problem screen to staff, full screen too.
func badConfig(t *testing.T, bin string, w, h int) {
	display := testbench.PrivateDisplay(t, w, h)
	s := &screenRun{t: t, size: image.Pt(w, h), shots: testbench.ScreenshotDir(t), tag: "realscreen-bad-config-" + fmt.Sprint(w), banner: -1}
	cfg := kioskConfig{production: true}
	s.app, s.data = startWithConfig(t, bin, display, cfg)
	s.win = s.app.WaitWindow(t, "needs attention", 90*time.Second)
	s.cur = "bad-config"
	s.settle("bad-config")
	if testbench.Share(s.shot, theme.Paper) < 0.3 {
		s.fail("the problem screen is not drawn")
	}
	_ = piece.Drawing
}

// realPads: on the real screen the music studio's question lands, the pad
// studio shows its pads, a press held on a pad lights it (the pad leaves
// its row's colour) and letting go darkens it, and "I'm finished" moves on
// to tagging.
func realPads(t *testing.T, bin string, w, h int) {
	testbench.Audio(t) // it plays into the bench's sink: hold it, or another package's listening test hears this
	s := startReal(t, bin, w, h, kioskConfig{})
	s.toChoose()
	s.studioTile(1, "Music")
	tiles := byX(s.regions(theme.Sage))
	if len(tiles) < 2 {
		s.fail("expected Play the pads and Record a sound, found %d sage areas", len(tiles))
	}
	s.click(tiles[0])
	dusk := color.NRGBA{R: 0x5b, G: 0x5f, B: 0x86, A: 0xff} // the middle row's pads
	padsOf := func(img image.Image) []image.Rectangle {
		var out []image.Rectangle
		for _, r := range testbench.Regions(img, dusk) {
			if r.Dx() > 100 && r.Dy() > 80 {
				out = append(out, r)
			}
		}
		return byX(out)
	}
	before := s.shot
	s.shot = s.app.Settled(s.t, "root", before, "", func(img image.Image) bool { return len(padsOf(img)) == 5 })
	s.settle("pads")
	c := testbench.Center(padsOf(s.shot)[2])
	s.app.Xdotool(t, "mousemove", itoa(c.X), itoa(c.Y), "mousedown", "1")
	lit := s.app.Settled(s.t, "root", s.shot, "", func(img image.Image) bool { return len(padsOf(img)) == 4 })
	s.app.Xdotool(t, "mouseup", "1")
	s.shot = s.app.Settled(s.t, "root", lit, "", func(img image.Image) bool { return len(padsOf(img)) == 5 })
	s.tap(s.lowestSage("I'm finished"), "I'm finished", "tag")
}
