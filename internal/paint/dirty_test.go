package paint

import (
	"bytes"
	"math"
	"testing"
	"time"
)

// shadow is what a UI that uploads only the tiles TakeDirty names has on
// screen: a copy of each tile taken when it was last reported dirty.
type shadow struct {
	c     *Canvas
	tiles [][]uint8
	dirty []int
}

func newShadow(c *Canvas) *shadow {
	s := &shadow{c: c, tiles: make([][]uint8, c.NumTiles())}
	for i := range s.tiles {
		s.tiles[i] = bytes.Clone(c.Tile(i).Pix)
	}
	c.TakeDirty(nil)
	return s
}

// flush uploads the dirty tiles, then reports every tile whose screen copy
// differs from the canvas (a piece missing on screen).
func (s *shadow) flush(t *testing.T, what string) {
	t.Helper()
	s.dirty = s.c.TakeDirty(s.dirty[:0])
	for _, i := range s.dirty {
		copy(s.tiles[i], s.c.Tile(i).Pix)
	}
	for i, pix := range s.tiles {
		if !bytes.Equal(pix, s.c.Tile(i).Pix) {
			t.Fatalf("after %s: tile %d (%v) changed but was not reported dirty: the screen would miss it", what, i, s.c.TileRect(i))
		}
	}
}

// TestDirtyAfterEveryChange flushes after every input sample, as the UI
// does while a finger moves, and requires that the tiles reported dirty
// cover every pixel that changed — also when a stroke returns to a tile it
// already painted earlier in the same stroke.
func TestDirtyAfterEveryChange(t *testing.T) {
	p := New(Options{Width: 400, Height: 300, Seed: 7})
	s := newShadow(p.Canvas())
	var tm time.Duration
	for _, k := range Kinds {
		p.SetBrush(Brush{Kind: k, Color: Palette[int(k)*3], Size: SizeLarge, Opacity: 0.8})
		// a loop that stays inside the first tiles and crosses itself
		for i := 0; i <= 60; i++ {
			a := float64(i) / 60 * 4 * math.Pi
			x, y := 64+40*math.Cos(a), 64+40*math.Sin(a)
			if i == 0 {
				p.BeginStroke(x, y, tm)
			} else {
				p.StrokeTo(x, y, tm)
			}
			tm += 8 * time.Millisecond
			s.flush(t, k.String()+" sample")
		}
		p.EndStroke()
		s.flush(t, k.String()+" end")
	}
	p.Fill(300, 250, tm)
	s.flush(t, "fill")
	for range 3 {
		p.Undo(tm)
		s.flush(t, "undo")
	}
	p.Redo(tm)
	s.flush(t, "redo")
	p.Clear(tm)
	s.flush(t, "clear")
	p.Undo(tm)
	s.flush(t, "undo clear")
}
