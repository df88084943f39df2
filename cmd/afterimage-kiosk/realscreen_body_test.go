package main

import (
	"image"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/bodymap"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// realBodyMap (issue 17): on the real screen the body step opens from the
// words step's "Where I feel it"; a tap on the front's chest marks it warm
// and, after Cool, a tap on the back's lower back marks it cool (each
// waited for on screen, where it was tapped); Next and Done save the
// piece, and the manifest in the bucket holds exactly those two regions.
func realBodyMap(t *testing.T, bin string, w, h int) {
	s := startReal(t, bin, w, h, kioskConfig{})
	s.toChoose()
	s.studioTile(0, "Draw")
	s.scribble(s.canvasRect())
	s.settle("drawn")
	s.tap(s.finishedButton(), "I'm finished", "tag")

	before := s.shot
	s.click(s.largest(quadrantColour(t, "pleasant-high"), "a feeling"))
	s.shot = s.app.Settled(t, "root", before, "", func(image.Image) bool { return true })
	s.settle("body-words")
	// "Where I feel it": the quiet button in the middle of the bottom row.
	done := s.lowestSage("the words step's Done")
	var where image.Rectangle
	for _, q := range s.regions(theme.Mist) {
		c := testbench.Center(q)
		if abs(c.Y-testbench.Center(done).Y) < 12 && abs(c.X-w/2) < 100 {
			where = q
		}
	}
	if where.Empty() {
		s.fail("no \"Where I feel it\" in the middle of the words step's buttons")
	}
	before = s.shot
	s.click(where)
	s.shot = s.app.Settled(t, "root", before, "", func(img image.Image) bool { return len(bodyFigures(img)) == 2 })
	s.settle("body-step")

	o, err := bodymap.Load()
	if err != nil {
		t.Fatal(err)
	}
	figures := bodyFigures(s.shot)
	at := func(box image.Rectangle, side, region string) image.Point {
		min, max := o.Side(side).Bounds()
		c := o.Side(side).Region(region).Centre()
		return image.Pt(box.Min.X+int((c.X-min.X)/(max.X-min.X)*float64(box.Dx())),
			box.Min.Y+int((c.Y-min.Y)/(max.Y-min.Y)*float64(box.Dy())))
	}
	warmAt := func(p image.Point) func(image.Image) bool {
		return func(img image.Image) bool {
			r, _, b, _ := img.At(p.X, p.Y).RGBA()
			return r>>8 > b>>8+60
		}
	}
	coolAt := func(p image.Point) func(image.Image) bool {
		return func(img image.Image) bool {
			r, _, b, _ := img.At(p.X, p.Y).RGBA()
			return b>>8 > r>>8+60
		}
	}
	chest := at(figures[0], "front", "chest")
	before = s.shot
	s.app.Xdotool(t, "mousemove", itoa(chest.X), itoa(chest.Y), "click", "1")
	s.shot = s.app.Settled(t, "root", before, "", warmAt(chest))
	s.settle("body-chest")

	// Cool: the quiet button at the top of the controls, right of the figures.
	var cool image.Rectangle
	for _, q := range byY(s.regions(theme.Mist)) {
		if q.Min.X > figures[1].Max.X && (cool.Empty() || q.Min.Y < cool.Min.Y-12) {
			cool = q
		}
	}
	if cool.Empty() {
		s.fail("no Cool button beside the figures")
	}
	before = s.shot
	s.click(cool)
	s.shot = s.app.Settled(t, "root", before, "", func(img image.Image) bool {
		return !testbench.SameOutside(img, before, cool.Inset(-16))
	})
	s.settle("body-cool")

	back := at(figures[1], "back", "lower-back")
	before = s.shot
	s.app.Xdotool(t, "mousemove", itoa(back.X), itoa(back.Y), "click", "1")
	s.shot = s.app.Settled(t, "root", before, "", coolAt(back))
	s.settle("body-lower-back")
	if !warmAt(chest)(s.shot) {
		s.fail("the chest is no longer warm after the lower back was tapped")
	}

	// Next (the story step), then its Done saves the piece.
	before, next := s.shot, s.lowestSage("Next")
	s.click(next)
	if s.awaitStep(before, next, "another") {
		s.fail("Next on the body step saved the piece; want the story step")
	}
	before, next = s.shot, s.lowestSage("the story step's Done")
	s.click(next)
	if !s.awaitStep(before, next, "another") {
		s.fail("Done on the story step did not save the piece")
	}
	s.tap(s.quietBeside(s.largest(theme.Sage, "Make another"), "I'm finished"), "I'm finished", "check-out")
	s.checkIn()
	s.expect("goodbye", "answering the check-out")

	ps := waitPieces(t, s.data, 1)
	if len(ps) != 1 {
		s.fail("%d pieces reached the remote, want 1", len(ps))
	}
	m := ps[0].m
	want := []piece.BodyRegion{{ID: "front.chest", Feel: piece.FeelWarm}, {ID: "back.lower-back", Feel: piece.FeelCool}}
	if m.Schema != 2 || m.BodyMap == nil || len(m.BodyMap.Regions) != 2 || m.BodyMap.Regions[0] != want[0] || m.BodyMap.Regions[1] != want[1] {
		s.fail("the manifest in the bucket has schema %d and body map %+v, want %+v", m.Schema, m.BodyMap, want)
	}
}

// bodyFigures finds the body step's front and back on a screenshot: the
// spans of columns holding the body's fill, left to right, each with the
// rows it covers.
func bodyFigures(img image.Image) []image.Rectangle {
	fill := bodymap.DefaultStyle.Body
	b := img.Bounds()
	cols := make([]image.Rectangle, b.Dx())
	for x := b.Min.X; x < b.Max.X; x++ {
		for y := b.Min.Y; y < b.Max.Y; y += 2 {
			if near(img.At(x, y), fill, 4) {
				if cols[x-b.Min.X].Empty() {
					cols[x-b.Min.X] = image.Rect(x, y, x+1, y+1)
				}
				cols[x-b.Min.X].Max.Y = y + 1
			}
		}
	}
	var out []image.Rectangle
	var run image.Rectangle
	gap := 0
	flush := func() {
		if run.Dx() >= 60 && run.Dy() >= 200 {
			out = append(out, run)
		}
		run = image.Rectangle{}
	}
	for _, c := range cols {
		if c.Empty() {
			if gap++; gap > 6 && !run.Empty() {
				flush()
			}
			continue
		}
		gap = 0
		if run.Empty() {
			run = c
		} else {
			run = run.Union(c)
		}
	}
	flush()
	return out
}
