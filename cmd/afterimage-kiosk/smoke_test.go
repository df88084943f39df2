package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	stdpng "image/png"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

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

// TestSmokeKioskWindow starts the real kiosk binary on the bench's Xvfb and
// checks that its first screen is drawn in the product's theme.
func TestSmokeKioskWindow(t *testing.T) {
	s := startKiosk(t, t.TempDir())
	img := s.settled(t, nil, "")
	if paper := share(img, theme.Paper); paper < 0.3 || share(img, theme.Sage) < 0.002 {
		t.Fatalf("welcome screen is not drawn in the theme (paper %.3f, sage %.4f)", paper, share(img, theme.Sage))
	}
}

// TestSmokeKioskDrawingVisit drives the real kiosk with xdotool through one
// visit with a drawing — as a patient's finger would, finding buttons by
// their colours on screen — saves a screenshot of every screen, and finds
// the piece sealed in the kiosk's spool.
func TestSmokeKioskDrawingVisit(t *testing.T) {
	data := t.TempDir()
	s := startKiosk(t, data)
	code, err := patientcode.New()
	if err != nil {
		t.Fatal(err)
	}
	shot := s.settled(t, nil, "kiosk-01-welcome")
	s.click(t, largest(t, regions(shot, theme.Sage), "Begin"))
	shot = s.settled(t, shot, "")
	s.app.Xdotool(t, "type", "--delay", "30", strings.ReplaceAll(code.String(), "-", ""))
	shot = s.settled(t, shot, "kiosk-02-code")
	s.app.Xdotool(t, "key", "Return")
	shot = s.settled(t, shot, "kiosk-03-check-in")
	s.click(t, largest(t, regions(shot, theme.Sage), "Done"))
	shot = s.settled(t, shot, "kiosk-04-choose")
	tiles := regions(shot, theme.Sage)
	sort.Slice(tiles, func(i, j int) bool { return tiles[i].Min.X < tiles[j].Min.X })
	if len(tiles) != 3 {
		t.Fatalf("choose screen shows %d tiles, want Draw, Music and Voice", len(tiles))
	}
	s.click(t, tiles[0])
	shot = s.settled(t, shot, "")
	paper := largest(t, regions(shot, paint.Paper), "the canvas")
	c := center(paper)
	s.app.Xdotool(t, "mousemove", "--window", s.win, itoa(c.X-200), itoa(c.Y), "mousedown", "1")
	for i := 1; i <= 20; i++ {
		s.app.Xdotool(t, "mousemove", "--window", s.win, itoa(c.X-200+20*i), itoa(c.Y+int(40*sin(i))))
	}
	s.app.Xdotool(t, "mouseup", "1")
	shot = s.settled(t, shot, "kiosk-05-studio")
	// "I'm finished" is the rightmost filled button of the studio.
	sage := regions(shot, theme.Sage)
	sort.Slice(sage, func(i, j int) bool { return sage[i].Max.X > sage[j].Max.X })
	s.click(t, sage[0])
	shot = s.settled(t, shot, "kiosk-06-feel")
	vocab, err := emotion.Default()
	if err != nil {
		t.Fatal(err)
	}
	region, _ := vocab.Region(emotion.Quadrant("pleasant-high"))
	s.click(t, largest(t, regions(shot, region.Colour), "the pleasant, high-energy colour"))
	shot = s.settled(t, shot, "kiosk-07-words")
	s.click(t, largest(t, regions(shot, theme.Sage), "Next"))
	shot = s.settled(t, shot, "")
	inputs := regions(shot, color.NRGBA{R: 0xff, G: 0xfd, B: 0xf8, A: 0xff})
	sort.Slice(inputs, func(i, j int) bool { return inputs[i].Min.Y < inputs[j].Min.Y })
	if len(inputs) < 2 {
		t.Fatalf("story screen shows %d text fields, want title and reflection", len(inputs))
	}
	s.click(t, inputs[0])
	s.app.Xdotool(t, "type", "--delay", "30", "Lighthouse")
	shot = s.settled(t, shot, "kiosk-08-story")
	s.click(t, largest(t, regions(shot, theme.Sage), "Done"))
	shot = s.settled(t, shot, "kiosk-09-another")
	// "I'm finished" is the quiet button beside the filled "Make another".
	another := largest(t, regions(shot, theme.Sage), "Make another")
	var finished image.Rectangle
	for _, r := range regions(shot, theme.Mist) {
		if abs(center(r).Y-center(another).Y) < 10 && r.Min.X > another.Max.X {
			finished = r
		}
	}
	if finished.Empty() {
		t.Fatal("no \"I'm finished\" beside \"Make another\"")
	}
	s.click(t, finished)
	shot = s.settled(t, shot, "kiosk-10-check-out")
	s.click(t, largest(t, regions(shot, theme.Sage), "Done"))
	shot = s.settled(t, shot, "kiosk-11-goodbye")
	s.click(t, largest(t, regions(shot, theme.Sage), "Done"))
	s.settled(t, shot, "")

	// The piece reached the development remote (the outbox uploads at
	// once), sealed to the development key.
	_, opener, err := seal.NewDevSealer(filepath.Join(data, "afterimage"))
	if err != nil {
		t.Fatal(err)
	}
	rem, err := dir.Open(filepath.Join(data, "afterimage", "dev-remote"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var manifests []string
	rem.List(ctx, remote.PiecesPrefix(), "", func(i remote.Info) error {
		if strings.HasSuffix(i.Key, "/manifest.age") {
			manifests = append(manifests, i.Key)
		}
		return nil
	})
	if len(manifests) != 1 {
		t.Fatalf("remote holds %d pieces after the visit, want the drawing", len(manifests))
	}
	m, err := piece.Decode(readSealed(t, rem, opener, manifests[0]))
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != piece.Drawing || m.PatientCode != string(code) || m.Title != "Lighthouse" ||
		m.Emotions == nil || m.Emotions.Quadrant != "pleasant-high" || m.Unfinished || !m.Development {
		t.Fatalf("saved drawing: kind %s code ok %v title %q emotions %+v unfinished %v development %v",
			m.Kind, m.PatientCode == string(code), m.Title, m.Emotions, m.Unfinished, m.Development)
	}
	png := readSealed(t, rem, opener, strings.TrimSuffix(manifests[0], "manifest.age")+"b1.age")
	if sum := sha256.Sum256(png); hex.EncodeToString(sum[:]) != m.Blob("b1").SHA256 {
		t.Fatal("the drawing's image does not match its manifest")
	}
	if img, err := stdpng.Decode(bytes.NewReader(png)); err != nil || img.Bounds().Dx() != 1920 {
		t.Fatalf("the drawing's image: %v", err)
	}
}

func readSealed(t *testing.T, rem remote.Remote, o *seal.Opener, key string) []byte {
	t.Helper()
	rc, err := rem.Get(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	r, err := o.Open(rc)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

type kioskSession struct {
	app *testbench.App
	win string
	dir string
}

func startKiosk(t *testing.T, dataHome string) *kioskSession {
	t.Helper()
	bin := testbench.BuildCommand(t, "./cmd/afterimage-kiosk")
	app := testbench.StartApp(t, bin, []string{"XDG_DATA_HOME=" + dataHome, "AFTERIMAGE_CONFIG="})
	return &kioskSession{app: app, win: app.WaitWindow(t, "Afterimage", 60*time.Second), dir: testbench.ScreenshotDir(t)}
}

// settled waits until the window shows something other than before and has
// stopped changing, and returns it; a name saves it as a screenshot.
func (s *kioskSession) settled(t *testing.T, before image.Image, name string) image.Image {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shot.png")
	if name != "" {
		path = filepath.Join(s.dir, name+".png")
	}
	deadline := time.Now().Add(30 * time.Second)
	var last image.Image
	for {
		img := s.app.Screenshot(t, s.win, path)
		if (before == nil || !same(img, before)) && last != nil && same(img, last) && share(img, theme.Paper) > 0.05 {
			return img
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen did not settle on a new picture within 30s (step %q); last in %s", name, path)
		}
		last = img
		time.Sleep(150 * time.Millisecond) // polling an external process
	}
}

func (s *kioskSession) click(t *testing.T, r image.Rectangle) {
	t.Helper()
	c := center(r)
	s.app.Xdotool(t, "mousemove", "--window", s.win, itoa(c.X), itoa(c.Y), "click", "1")
}

// regions finds the areas of at least 40×30 px filled with c (within a
// small tolerance), sampled every 4 px.
func regions(img image.Image, c color.Color) []image.Rectangle {
	const step = 4
	b := img.Bounds()
	w, h := b.Dx()/step, b.Dy()/step
	hit := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			hit[y*w+x] = near(img.At(b.Min.X+x*step, b.Min.Y+y*step), c)
		}
	}
	seen := make([]bool, w*h)
	var out []image.Rectangle
	for i := range hit {
		if !hit[i] || seen[i] {
			continue
		}
		r := image.Rectangle{Min: image.Pt(i%w, i/w), Max: image.Pt(i%w+1, i/w+1)}
		stack := []int{i}
		seen[i] = true
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := j%w, j/w
			r = r.Union(image.Rect(x, y, x+1, y+1))
			for _, k := range []int{j - 1, j + 1, j - w, j + w} {
				if k >= 0 && k < len(hit) && hit[k] && !seen[k] && (k/w == y || k%w == x) {
					seen[k] = true
					stack = append(stack, k)
				}
			}
		}
		r = image.Rect(r.Min.X*step, r.Min.Y*step, r.Max.X*step, r.Max.Y*step).Add(b.Min)
		if r.Dx() >= 40 && r.Dy() >= 30 {
			out = append(out, r)
		}
	}
	return out
}

func largest(t *testing.T, rs []image.Rectangle, what string) image.Rectangle {
	t.Helper()
	var best image.Rectangle
	for _, r := range rs {
		if r.Dx()*r.Dy() > best.Dx()*best.Dy() {
			best = r
		}
	}
	if best.Empty() {
		t.Fatalf("%s is not on screen", what)
	}
	return best
}

func center(r image.Rectangle) image.Point { return image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2) }

func same(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	bd := a.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 2 {
		for x := bd.Min.X; x < bd.Max.X; x += 2 {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// share is the fraction of img's pixels within a small tolerance of c.
func share(img image.Image, c color.Color) float64 {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			if near(img.At(x, y), c) {
				n++
			}
		}
	}
	return float64(n) / float64((b.Dx()/2)*(b.Dy()/2))
}

func near(a, b color.Color) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { v := int(x>>8) - int(y>>8); return v >= -3 && v <= 3 }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func sin(i int) float64 { return float64((i%4)-2) / 2 }

func itoa(n int) string { return fmt.Sprint(n) }
