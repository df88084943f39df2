package main

import (
	"image"
	"sort"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

// writeTile taps Write, the fourth of the choose screen's tall tiles.
func (s *screenRun) writeTile() {
	s.t.Helper()
	var tiles []image.Rectangle
	for _, r := range s.regions(theme.Sage) {
		if r.Dy() >= 150 {
			tiles = append(tiles, r)
		}
	}
	if len(tiles) != 4 {
		s.fail("expected the Draw, Music, Voice and Write tiles, found %d tall sage areas", len(tiles))
	}
	s.tap(byX(tiles)[3], "Write", "studio")
}

// screenKeys finds the on-screen keyboard's keys on the last screenshot:
// each letter of the English layout, "space" and "⌫", by where it is drawn
// (the rows of key-sized quiet faces, top to bottom; space is the widest
// quiet face below them).
func (s *screenRun) screenKeys() map[string]image.Rectangle {
	s.t.Helper()
	rows := map[int][]image.Rectangle{}
	var space image.Rectangle
	for _, r := range s.regions(theme.Mist) {
		switch {
		case r.Dx() >= 60 && r.Dx() <= 180 && r.Dy() >= 50 && r.Dy() <= 90:
			rows[r.Min.Y/8] = append(rows[r.Min.Y/8], r)
		case r.Dx() >= 400 && r.Dy() >= 50 && r.Dy() <= 90 && r.Min.Y > space.Min.Y:
			space = r
		}
	}
	var ys []int
	for y, row := range rows {
		if len(row) >= 8 {
			ys = append(ys, y)
		}
	}
	sort.Ints(ys)
	layout := []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	if len(ys) < 3 || space.Empty() {
		s.fail("no on-screen keyboard: %d rows of keys, space bar %v", len(ys), space)
	}
	keys := map[string]image.Rectangle{"space": space}
	for i, letters := range layout {
		row := byX(rows[ys[i]])
		if i == 2 {
			row = row[1:] // Shift comes first
		}
		if len(row) < len(letters) {
			s.fail("keyboard row %d has %d keys, want at least %d", i, len(row), len(letters))
		}
		for j, l := range letters {
			keys[string(l)] = row[j]
		}
		if i == 0 && len(row) > len(letters) {
			keys["⌫"] = row[len(letters)] // backspace ends the top row
		}
	}
	return keys
}

// tapKeys types text by tapping the on-screen keys, waiting after each tap
// for something outside the key to change (the letter on the page).
func (s *screenRun) tapKeys(keys map[string]image.Rectangle, text string) {
	s.t.Helper()
	for _, r := range text {
		name := string(r)
		if r == ' ' {
			name = "space"
		}
		k, ok := keys[name]
		if !ok {
			s.fail("no key %q on screen", name)
		}
		before := s.shot
		s.click(k)
		s.shot = s.app.Settled(s.t, "root", nil, "", func(img image.Image) bool {
			return !testbench.SameOutside(img, before, k.Inset(-8))
		})
	}
	s.settle("written")
}

// realWriting (issue 17): a patient chooses Write, types a few words by
// tapping the on-screen keys, finishes, skips the tags, and the kiosk's
// remote holds a sealed written piece with those words and the prompt.
func realWriting(t *testing.T, bin string, w, h int) {
	s := startReal(t, bin, w, h, kioskConfig{})
	s.toChoose()
	s.writeTile()
	const text = "calm sea"
	s.tapKeys(s.screenKeys(), text)
	// "I'm finished" is the highest filled button (the keyboard's Done is
	// the lowest).
	s.tap(byY(s.regions(theme.Sage))[0], "I'm finished", "tag")
	s.skipTags()
	s.expect("another", "skipping the tags")
	ps := waitPieces(t, s.data, 1)
	if len(ps) != 1 {
		t.Fatalf("%d pieces reached the remote, want the written one", len(ps))
	}
	m := ps[0].m
	if m.Kind != piece.Writing || m.PromptID == "" || m.Unfinished {
		t.Fatalf("in the remote: kind %s prompt %q unfinished %v", m.Kind, m.PromptID, m.Unfinished)
	}
	b := m.Blob(writing.BlobText)
	if b == nil {
		t.Fatalf("no text among %+v", m.Blobs)
	}
	got, err := writing.Decode(ps[0].blobs[b.Name])
	if err != nil || strings.TrimSpace(got) != text {
		t.Fatalf("the sealed text is %q (%v), want %q", got, err, text)
	}
}
