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
	if paper := testbench.Share(img, theme.Paper); paper < 0.3 || testbench.Share(img, theme.Sage) < 0.002 {
		t.Fatalf("welcome screen is not drawn in the theme (paper %.3f, sage %.4f)", paper, testbench.Share(img, theme.Sage))
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
	s.click(t, testbench.Largest(t, testbench.Regions(shot, theme.Sage), "Begin"))
	shot = s.settled(t, shot, "")
	typed := strings.ReplaceAll(code.String(), "-", "")
	s.app.Xdotool(t, "type", "--delay", "30", typed[:len(typed)-1])
	shot = s.settled(t, shot, "kiosk-02-code")
	s.app.Xdotool(t, "type", typed[len(typed)-1:]) // a complete code goes on by itself
	shot = s.settled(t, shot, "kiosk-03-check-in")
	s.click(t, testbench.Largest(t, testbench.Regions(shot, theme.Sage), "Done"))
	shot = s.settled(t, shot, "kiosk-04-choose")
	tiles := testbench.Regions(shot, theme.Sage)
	sort.Slice(tiles, func(i, j int) bool { return tiles[i].Min.X < tiles[j].Min.X })
	if len(tiles) != 4 {
		t.Fatalf("choose screen shows %d tiles, want Draw, Music, Voice and Write", len(tiles))
	}
	s.click(t, tiles[0])
	shot = s.settled(t, shot, "")
	paper := testbench.Largest(t, testbench.Regions(shot, paint.Paper), "the canvas")
	c := testbench.Center(paper)
	s.app.Xdotool(t, "mousemove", "--window", s.win, itoa(c.X-200), itoa(c.Y), "mousedown", "1")
	for i := 1; i <= 20; i++ {
		s.app.Xdotool(t, "mousemove", "--window", s.win, itoa(c.X-200+20*i), itoa(c.Y+int(40*sin(i))))
	}
	s.app.Xdotool(t, "mouseup", "1")
	shot = s.settled(t, shot, "kiosk-05-studio")
	// "I'm finished" is the widest filled button of the studio (the chosen
	// tool and size are filled too, but narrow).
	sage := testbench.Regions(shot, theme.Sage)
	sort.Slice(sage, func(i, j int) bool { return sage[i].Dx() > sage[j].Dx() })
	s.click(t, sage[0])
	shot = s.settled(t, shot, "kiosk-06-feel")
	vocab, err := emotion.Default()
	if err != nil {
		t.Fatal(err)
	}
	region, _ := vocab.Region(emotion.Quadrant("pleasant-high"))
	s.click(t, testbench.Largest(t, testbench.Regions(shot, region.Colour), "the pleasant, high-energy colour"))
	shot = s.settled(t, shot, "kiosk-07-words")
	// Done (filled) would end tagging here; "Add a name or a note" is the
	// left-most quiet button level with it ("Where I feel it" is the middle
	// one).
	done := testbench.Largest(t, testbench.Regions(shot, theme.Sage), "Done")
	var addName image.Rectangle
	for _, r := range testbench.Regions(shot, theme.Mist) {
		if abs(testbench.Center(r).Y-testbench.Center(done).Y) < 10 && r.Max.X < done.Min.X && (addName.Empty() || r.Min.X < addName.Min.X) {
			addName = r
		}
	}
	if addName.Empty() {
		t.Fatal("no \"Add a name or a note\" level with Done on the words step")
	}
	s.click(t, addName)
	shot = s.settled(t, shot, "")
	inputs := testbench.Regions(shot, color.NRGBA{R: 0xff, G: 0xfd, B: 0xf8, A: 0xff})
	sort.Slice(inputs, func(i, j int) bool { return inputs[i].Min.Y < inputs[j].Min.Y })
	if len(inputs) < 2 {
		t.Fatalf("story screen shows %d text fields, want title and reflection", len(inputs))
	}
	s.click(t, inputs[0])
	s.app.Xdotool(t, "type", "--delay", "30", "Lighthous")
	shot = s.settled(t, shot, "")
	// The last letter on the on-screen keyboard: the third key of its top
	// row (q w e …), the highest row of ten or more key-sized areas.
	s.click(t, keyboardTopRow(t, shot)[2])
	shot = s.settled(t, shot, "kiosk-08-story")
	// The field's tap opened the on-screen keyboard: its Done puts it away
	// and brings back the step's own Done.
	s.click(t, testbench.Largest(t, testbench.Regions(shot, theme.Sage), "the keyboard's Done"))
	shot = s.settled(t, shot, "")
	s.click(t, testbench.Largest(t, testbench.Regions(shot, theme.Sage), "Done"))
	shot = s.settled(t, shot, "kiosk-09-another")
	// "I'm finished" is the quiet button beside the filled "Make another".
	another := testbench.Largest(t, testbench.Regions(shot, theme.Sage), "Make another")
	var finished image.Rectangle
	for _, r := range testbench.Regions(shot, theme.Mist) {
		if abs(testbench.Center(r).Y-testbench.Center(another).Y) < 10 && r.Min.X > another.Max.X {
			finished = r
		}
	}
	if finished.Empty() {
		t.Fatal("no \"I'm finished\" beside \"Make another\"")
	}
	s.click(t, finished)
	shot = s.settled(t, shot, "kiosk-10-check-out")
	s.click(t, testbench.Largest(t, testbench.Regions(shot, theme.Sage), "Done"))
	shot = s.settled(t, shot, "kiosk-11-goodbye")
	s.click(t, testbench.Largest(t, testbench.Regions(shot, theme.Sage), "Done"))
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
	var manifests []*piece.Manifest
	rem.List(ctx, remote.PiecesPrefix(), "", func(i remote.Info) error {
		if strings.HasSuffix(i.Key, "/manifest.age") {
			m, err := piece.Decode(readSealed(t, rem, opener, i.Key))
			if err != nil {
				t.Fatal(err)
			}
			if m.Kind != piece.Visit { // the visit's record, not a piece
				manifests = append(manifests, m)
			}
		}
		return nil
	})
	if len(manifests) != 1 {
		t.Fatalf("remote holds %d pieces after the visit, want the drawing", len(manifests))
	}
	m := manifests[0]
	if m.Kind != piece.Drawing || m.PatientCode != string(code) || m.Title != "Lighthouse" ||
		m.Emotions == nil || m.Emotions.Quadrant != "pleasant-high" || m.Unfinished || !m.Development {
		t.Fatalf("saved drawing: kind %s code ok %v title %q emotions %+v unfinished %v development %v",
			m.Kind, m.PatientCode == string(code), m.Title, m.Emotions, m.Unfinished, m.Development)
	}
	png := readSealed(t, rem, opener, remote.BlobKey(m.KioskID, string(m.ID), "b1"))
	if sum := sha256.Sum256(png); hex.EncodeToString(sum[:]) != m.Blob("b1").SHA256 {
		t.Fatal("the drawing's image does not match its manifest")
	}
	if img, err := stdpng.Decode(bytes.NewReader(png)); err != nil || img.Bounds().Dx() != 1920 {
		t.Fatalf("the drawing's image: %v", err)
	}
}

func readSealed(t testing.TB, rem remote.Remote, o *seal.Opener, key string) []byte {
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

func (s *kioskSession) settled(t *testing.T, before image.Image, name string) image.Image {
	t.Helper()
	path := ""
	if name != "" {
		path = filepath.Join(s.dir, name+".png")
	}
	return s.app.Settled(t, s.win, before, path, func(img image.Image) bool { return testbench.Share(img, theme.Paper) > 0.05 })
}

func (s *kioskSession) click(t *testing.T, r image.Rectangle) { s.app.Click(t, s.win, r) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func sin(i int) float64 { return float64((i%4)-2) / 2 }

func itoa(n int) string { return fmt.Sprint(n) }

// keyboardTopRow is the on-screen keyboard's top row of keys, left to
// right: the highest row of ten or more key-sized button faces.
func keyboardTopRow(t *testing.T, img image.Image) []image.Rectangle {
	t.Helper()
	rows := map[int][]image.Rectangle{}
	for _, r := range testbench.Regions(img, theme.Mist) {
		if r.Dx() >= 60 && r.Dx() <= 180 && r.Dy() >= 50 && r.Dy() <= 90 {
			rows[r.Min.Y/8] = append(rows[r.Min.Y/8], r)
		}
	}
	top := -1
	for y, row := range rows {
		if len(row) >= 10 && (top < 0 || y < top) {
			top = y
		}
	}
	if top < 0 {
		t.Fatal("no on-screen keyboard: no row of ten keys")
	}
	row := rows[top]
	sort.Slice(row, func(i, j int) bool { return row[i].Min.X < row[j].Min.X })
	return row
}
