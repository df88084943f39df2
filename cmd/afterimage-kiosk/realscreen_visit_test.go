package main

import (
	"image"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Tolerance of the canvas check: of the saved PNG's ink (scaled to the
// canvas's size on screen) at least inkFound must show on screen, and at
// least inkTrue of the ink on screen must be in the PNG, each within
// inkSlack pixels (scaling and anti-aliasing move edges by a pixel or two).
const (
	inkFound = 0.95
	inkTrue  = 0.95
	inkSlack = 2
)

// realVisit is one patient's whole visit at w×h: a wrong code then the
// right one, check-in, a drawing (tagged with a feeling, words and a title),
// a music piece recorded for real through the bench's PulseAudio (with a
// voice note), check-out and goodbye; then the drawing's saved PNG must
// match what the canvas showed. The kiosk audits every view it shows for
// text that does not fit (in English; realSpanish does Spanish): none may.
func realVisit(t *testing.T, bin string, w, h int) {
	audio := testbench.Audio(t)
	s := startReal(t, bin, w, h, kioskConfig{textAudit: true})
	s.expect("welcome", "starting the kiosk")
	s.tap(s.largest(theme.Sage, "Begin"), "Begin", "patient-code")

	code := newCode(t)
	s.typeKeys(wrongCode(code))
	s.app.Xdotool(t, "key", "Return")
	s.noScreenWithin(time.Second, "a wrong code")
	s.settle("wrong-code")
	s.app.Xdotool(t, "key", "ctrl+a") // nothing: keys other than the code's are ignored
	for range 7 {
		s.app.Xdotool(t, "key", "BackSpace")
	}
	s.typeKeys(strings.ReplaceAll(code.String(), "-", ""))
	s.app.Xdotool(t, "key", "Return")
	s.expect("check-in", "typing the right code")
	s.checkIn()
	s.expect("choose", "answering the check-in")

	// A drawing.
	tiles := byX(s.regions(theme.Sage))
	if len(tiles) < 3 {
		s.fail("expected the Draw, Music and Voice tiles, found %d sage areas", len(tiles))
	}
	s.tap(tiles[0], "Draw", "studio")
	canvas := s.canvasRect()
	s.scribble(canvas)
	drawn := s.settle("drawn")
	s.tap(s.finishedButton(), "I'm finished", "tag")
	s.tagFully()
	s.expect("another", "finishing the tags")

	// Music, recorded for real.
	s.tap(s.largest(theme.Sage, "Make another"), "Make another", "choose")
	tiles = byX(s.regions(theme.Sage))
	s.tap(tiles[1], "Music", "studio")
	s.recordSound()
	audio.Play(t, testbench.Sine(440, 0.5, 48000, 48000*20), 48000)
	audio.WaitHeard(t, 10*time.Second)
	s.record(2500 * time.Millisecond)
	s.tap(s.keepButton(), "Keep", "tag")
	s.voiceNote()
	s.expect("another", "a voice note as the music's story")

	// Check-out.
	s.tap(s.quietBeside(s.largest(theme.Sage, "Make another"), "I'm finished"), "I'm finished", "check-out")
	s.checkIn()
	s.expect("goodbye", "answering the check-out")
	s.tap(s.largest(theme.Sage, "Done"), "Done", "welcome")
	s.noMisfits()

	// What the canvas showed is what was saved.
	ps := waitPieces(t, s.data, 2)
	var drawing *savedPiece
	for i := range ps {
		if ps[i].m.Kind == piece.Drawing {
			drawing = &ps[i]
		}
	}
	if drawing == nil {
		t.Fatalf("no drawing reached the remote (%d pieces)", len(ps))
	}
	found, true_ := inkMatch(drawn, canvas, drawing.png(t), inkSlack)
	t.Logf("canvas on screen %v vs saved PNG: %.1f%% of the PNG's ink shown, %.1f%% of the shown ink in the PNG",
		canvas, 100*found, 100*true_)
	if found < inkFound || true_ < inkTrue {
		s.cur = "studio"
		t.Errorf("the canvas on screen does not match the saved drawing: %.1f%% of its ink shown (want ≥ %.0f%%), %.1f%% of the shown ink is in it (want ≥ %.0f%%); screen in %s",
			100*found, 100*inkFound, 100*true_, 100*inkTrue, s.lastShot("drawn"))
	}
}

// recordRed is the record button's own muted red (theme.Record); before it
// had one, the button was Clay.
var recordRed = color.NRGBA{R: 0xb5, G: 0x4a, B: 0x3c, A: 0xff}

// recordButton is the largest area of the record colour.
func (s *screenRun) recordButton() image.Rectangle {
	s.t.Helper()
	rs := append(s.regions(recordRed), s.regions(theme.Clay)...)
	if len(rs) == 0 {
		s.fail("no record button (muted red or clay) on screen")
	}
	return testbench.Largest(s.t, rs, "the record button")
}

// keepButton is the recording review's Keep: the lowest filled button (the
// waveform above it is sage too).
func (s *screenRun) keepButton() image.Rectangle {
	s.t.Helper()
	rs := byY(s.regions(theme.Sage))
	if len(rs) == 0 {
		s.fail("no Keep (filled button) under the recording")
	}
	return rs[len(rs)-1]
}

// checkIn answers a mood screen (check-in or check-out): a picture on each
// scale, then Done.
func (s *screenRun) checkIn() {
	s.t.Helper()
	s.click(s.largest(theme.Sage, "Done"))
}

// finishedButton is the studio's "I'm finished": the widest filled button
// (the selected tool and size are filled too, but small).
func (s *screenRun) finishedButton() image.Rectangle {
	s.t.Helper()
	rs := s.regions(theme.Sage)
	if len(rs) == 0 {
		s.fail("no \"I'm finished\" (filled button) on screen")
	}
	best := rs[0]
	for _, r := range rs {
		if r.Dx() > best.Dx() {
			best = r
		}
	}
	return best
}

// quietBeside is the quiet (mist) button on the same row as r, to its
// right (or, with left, to its left).
func (s *screenRun) quietBeside(r image.Rectangle, what string, left ...bool) image.Rectangle {
	s.t.Helper()
	for _, q := range s.regions(theme.Mist) {
		if abs(testbench.Center(q).Y-testbench.Center(r).Y) >= 12 {
			continue
		}
		if len(left) > 0 && q.Max.X < r.Min.X || len(left) == 0 && q.Min.X > r.Max.X {
			return q
		}
	}
	s.fail("no %q beside the button at %v", what, r)
	return image.Rectangle{}
}

// tagFully tags the open piece: a feeling, then the story step (the quiet
// button beside the filled one: Skip the words, or "add a name or note"),
// a title typed, Done.
func (s *screenRun) tagFully() {
	s.t.Helper()
	before := s.shot
	s.click(s.largest(quadrantColour(s.t, "pleasant-high"), "the pleasant, high-energy colour"))
	s.shot = s.app.Settled(s.t, "root", before, "", func(image.Image) bool { return true })
	s.settle("tag-words")
	before = s.shot
	s.click(s.quietBeside(s.lowestSage("the words step's filled button"), "the story step's button", true))
	s.shot = s.app.Settled(s.t, "root", before, "", func(image.Image) bool { return true })
	s.settle("tag-story")
	inputs := byY(s.regions(color.NRGBA{R: 0xff, G: 0xfd, B: 0xf8, A: 0xff}))
	if len(inputs) < 1 {
		s.fail("the story step shows no text field")
	}
	s.click(inputs[0])
	s.typeKeys("Lighthouse")
	s.settle("tag-title")
	// The field's tap opened the on-screen keyboard; its Done (the lowest
	// filled key) puts it away and brings the step's Done back.
	before = s.shot
	s.click(s.lowestSage("the keyboard's Done"))
	s.shot = s.app.Settled(s.t, "root", before, "", func(image.Image) bool { return true })
	s.settle("tag-keyboard-away")
	s.click(s.lowestSage("Done"))
}

// lowestSage is the lowest filled button on screen.
func (s *screenRun) lowestSage(what string) image.Rectangle {
	s.t.Helper()
	rs := byY(s.regions(theme.Sage))
	if len(rs) == 0 {
		s.fail("no %s (a filled button) on screen", what)
	}
	return rs[len(rs)-1]
}

// voiceNote skips the feeling, says the story out loud (a voice note
// recorded for real) and is done.
func (s *screenRun) voiceNote() {
	s.t.Helper()
	before := s.shot
	s.click(s.quietBottomLeft("Skip"))
	s.shot = s.app.Settled(s.t, "root", before, "", func(image.Image) bool { return true })
	s.settle("tag-story")
	var speak image.Rectangle
	for _, r := range s.regions(theme.Mist) {
		if r.Dx() >= 400 && r.Max.Y < s.size.Y*4/5 && r.Dx()*r.Dy() > speak.Dx()*speak.Dy() {
			speak = r
		}
	}
	if speak.Empty() {
		s.fail("no \"say it out loud\" button on the story step")
	}
	s.tap(speak, "say it out loud", "tag")
	s.record(1500 * time.Millisecond)
	s.tap(s.keepButton(), "Keep (the voice note)", "tag")
	s.click(s.lowestSage("Done"))
}

// skipTags skips every tagging step.
func (s *screenRun) skipTags() {
	s.t.Helper()
	before := s.shot
	s.click(s.quietBottomLeft("Skip"))
	s.shot = s.app.Settled(s.t, "root", before, "", func(image.Image) bool { return true })
	s.click(s.quietBottomLeft("Skip"))
}

// quietBottomLeft is the leftmost quiet button in the lower half of the
// screen, above the bottom bar (Back, help): the step's Skip.
func (s *screenRun) quietBottomLeft(what string) image.Rectangle {
	s.t.Helper()
	var best image.Rectangle
	for _, r := range s.regions(theme.Mist) {
		if r.Min.Y > s.size.Y/2 && r.Min.Y < s.size.Y-100 && (best.Empty() || r.Min.X < best.Min.X) {
			best = r
		}
	}
	if best.Empty() {
		s.fail("no %q at the bottom", what)
	}
	return best
}

// record taps the record button, records for d and stops.
func (s *screenRun) record(d time.Duration) {
	s.t.Helper()
	rec := s.recordButton()
	s.click(rec)
	time.Sleep(d) // the recording's length, not a wait for the kiosk
	// The stop button may sit elsewhere; found with the pointer away
	// from it (hover tints it).
	s.app.Xdotool(s.t, "mousemove", "0", itoa(s.size.Y/2))
	s.snap("recording") // the meter moves: it never settles
	s.click(s.recordButton())
	s.settle("review")
}

func (s *screenRun) lastShot(name string) string { return s.shots + "/…-" + name + ".png" }

var _ = paint.Paper
