package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	stdpng "image/png"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/disintegration/imaging"

	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// newCode is a fresh, valid patient code.
func newCode(t testing.TB) patientcode.Code {
	t.Helper()
	c, err := patientcode.New()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wrongCode is code with its check symbol changed: well formed, refused.
func wrongCode(code patientcode.Code) string {
	return wrongSymbols(strings.ReplaceAll(code.String(), "-", ""))
}

// wrongSymbols is the 7 symbols s with the check symbol changed.
func wrongSymbols(s string) string {
	last := s[len(s)-1]
	for _, r := range "0123456789ABCDEFGHJKMNPQRSTVWXYZ" {
		if byte(r) != last {
			if _, err := patientcode.Parse(s[:len(s)-1] + string(r)); err != nil {
				return s[:len(s)-1] + string(r)
			}
		}
	}
	panic("no wrong check symbol")
}

// typeKeys types text on the keyboard (the code's keys are not taps).
func (s *screenRun) typeKeys(text string) {
	s.t.Helper()
	s.app.Xdotool(s.t, "type", "--delay", "40", text)
}

// canvasRect finds the drawing canvas on screen (paper-coloured, before
// anything is drawn on it), exact to the pixel.
func (s *screenRun) canvasRect() image.Rectangle {
	s.t.Helper()
	r := s.largest(paint.Paper, "the drawing canvas")
	return exact(s.shot, r, paint.Paper)
}

// exact grows or shrinks r, found on a 4 px grid, to the exact edges of the
// area of colour c through its middle.
func exact(img image.Image, r image.Rectangle, c color.Color) image.Rectangle {
	m := testbench.Center(r)
	in := func(x, y int) bool { return image.Pt(x, y).In(img.Bounds()) && near(img.At(x, y), c, 3) }
	x0, x1, y0, y1 := m.X, m.X, m.Y, m.Y
	for in(x0-1, m.Y) {
		x0--
	}
	for in(x1+1, m.Y) {
		x1++
	}
	for in(m.X, y0-1) {
		y0--
	}
	for in(m.X, y1+1) {
		y1++
	}
	return image.Rect(x0, y0, x1+1, y1+1)
}

func near(a, b color.Color, tol int) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { v := int(x>>8) - int(y>>8); return v >= -tol && v <= tol }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}

// stroke drags a finger through pts (screen coordinates) in one gesture.
func (s *screenRun) stroke(pts []image.Point) {
	s.t.Helper()
	args := []string{"mousemove", itoa(pts[0].X), itoa(pts[0].Y), "mousedown", "1"}
	for _, p := range pts[1:] {
		args = append(args, "sleep", "0.02", "mousemove", itoa(p.X), itoa(p.Y))
	}
	args = append(args, "sleep", "0.05", "mouseup", "1")
	s.app.Xdotool(s.t, args...)
}

// scribble draws three strokes across canvas c: a wave, a diagonal and a
// short hook, well inside the edges.
func (s *screenRun) scribble(c image.Rectangle) {
	s.t.Helper()
	at := func(fx, fy float64) image.Point {
		return image.Pt(c.Min.X+int(fx*float64(c.Dx())), c.Min.Y+int(fy*float64(c.Dy())))
	}
	var wave, diag, hook []image.Point
	for i := 0; i <= 24; i++ {
		f := float64(i) / 24
		wave = append(wave, at(0.15+0.7*f, 0.35+0.12*math.Sin(f*4*math.Pi)))
		diag = append(diag, at(0.2+0.5*f, 0.8-0.3*f))
	}
	for i := 0; i <= 12; i++ {
		a := float64(i) / 12 * math.Pi
		hook = append(hook, at(0.75+0.08*math.Cos(a), 0.65+0.12*math.Sin(a)))
	}
	s.stroke(wave)
	s.stroke(diag)
	s.stroke(hook)
}

// inkMatch compares the canvas as it was on screen with the saved PNG,
// scaled to the on-screen size: the share of the PNG's ink found on screen
// (within slack pixels) and of the screen's ink found in the PNG.
// Ink is any pixel more than 48 levels from the paper in some channel.
func inkMatch(screen image.Image, onScreen image.Rectangle, saved image.Image, slack int) (found, true_ float64) {
	scaled := imaging.Resize(saved, onScreen.Dx(), onScreen.Dy(), imaging.Box)
	w, h := onScreen.Dx(), onScreen.Dy()
	ink := func(c color.Color) bool { return !near(c, paint.Paper, 48) }
	scr := make([]bool, w*h)
	png := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			scr[y*w+x] = ink(screen.At(onScreen.Min.X+x, onScreen.Min.Y+y))
			png[y*w+x] = ink(scaled.At(x, y))
		}
	}
	near := func(m []bool, x, y int) bool {
		for dy := -slack; dy <= slack; dy++ {
			for dx := -slack; dx <= slack; dx++ {
				if xx, yy := x+dx, y+dy; xx >= 0 && yy >= 0 && xx < w && yy < h && m[yy*w+xx] {
					return true
				}
			}
		}
		return false
	}
	var nPNG, nPNGseen, nScr, nScrTrue int
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if png[y*w+x] {
				nPNG++
				if near(scr, x, y) {
					nPNGseen++
				}
			}
			if scr[y*w+x] {
				nScr++
				if near(png, x, y) {
					nScrTrue++
				}
			}
		}
	}
	if nPNG == 0 || nScr == 0 {
		return 0, 0
	}
	return float64(nPNGseen) / float64(nPNG), float64(nScrTrue) / float64(nScr)
}

// savedPieces decrypts every piece in the development remote of the
// kiosk's data folder: manifest and blobs by name. Visit records (kind
// piece.Visit) are not pieces and are left out.
func savedPieces(t testing.TB, data string) []savedPiece {
	t.Helper()
	_, opener, err := seal.NewDevSealer(data)
	if err != nil {
		t.Fatal(err)
	}
	rem, err := dir.Open(filepath.Join(data, "dev-remote"))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	rem.List(context.Background(), remote.PiecesPrefix(), "", func(i remote.Info) error {
		if strings.HasSuffix(i.Key, "/manifest.age") {
			keys = append(keys, i.Key)
		}
		return nil
	})
	var out []savedPiece
	for _, k := range keys {
		m, err := piece.Decode(readSealed(t, rem, opener, k))
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind == piece.Visit {
			continue
		}
		p := savedPiece{m: m, blobs: map[string][]byte{}}
		for _, b := range m.Blobs {
			p.blobs[b.Name] = readSealed(t, rem, opener, strings.TrimSuffix(k, "manifest.age")+b.Name+".age")
		}
		out = append(out, p)
	}
	return out
}

type savedPiece struct {
	m     *piece.Manifest
	blobs map[string][]byte
}

// waitPieces waits until the kiosk uploaded n pieces to its development remote.
func waitPieces(t testing.TB, data string, n int) []savedPiece {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ps := savedPieces(t, data)
		if len(ps) >= n || time.Now().After(deadline) {
			return ps
		}
		time.Sleep(200 * time.Millisecond) // the outbox uploads in the background
	}
}

func (p savedPiece) png(t testing.TB) image.Image {
	t.Helper()
	for _, b := range p.m.Blobs {
		if b.MediaType == "image/png" {
			img, err := stdpng.Decode(bytes.NewReader(p.blobs[b.Name]))
			if err != nil {
				t.Fatal(err)
			}
			return img
		}
	}
	t.Fatalf("piece %s has no PNG", p.m.ID)
	return nil
}

// quadrantColour is the colour of a region of the feelings grid.
func quadrantColour(t testing.TB, q string) color.Color {
	t.Helper()
	vocab, err := emotion.Default()
	if err != nil {
		t.Fatal(err)
	}
	region, _ := vocab.Region(emotion.Quadrant(q))
	return region.Colour
}

var _ = theme.Sage
