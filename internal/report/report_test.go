package report

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

var update = flag.Bool("update", false, "rewrite the golden image of page 1")

// poppler finds a poppler tool; make test installs poppler-utils, and a
// report that nothing can read back is not checked, so its absence fails.
func poppler(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found: install poppler-utils (make test does)", name)
	}
	return p
}

// thirtyPieces is a patient's report with 30 pieces over 6 visits, in
// English, French, Spanish, German, Greek and Russian.
func thirtyPieces() Report {
	texts := [][2]string{
		{"Morning light", "It felt like waking up slowly, and that was fine."},
		{"Café au lait", "Je me suis sentie légère, presque transparente à la fin."},
		{"Mañana tranquila", "El miedo se hizo pequeño y después desapareció del todo."},
		{"Übergänge", "Ich habe gemerkt, dass ich atmen kann, auch wenn es schwer ist."},
		{"Θάλασσα", "Ένιωσα ήρεμη σαν το νερό πριν ξημερώσει."},
		{"Тишина", "Я почувствовала, как напряжение уходит из плеч."},
	}
	start := time.Date(2026, 10, 5, 9, 30, 0, 0, time.UTC)
	r := Report{
		Clinic: "Harbour Integration Clinic", Clinician: "Dr. Inés Rivera",
		Patient: "K7Q4-M2X", Name: "Zoë Ångström",
		From: start, To: start.AddDate(0, 0, 40), Made: time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC),
	}
	for v := range 6 {
		visit := Visit{
			Start:    start.AddDate(0, 0, 7*v),
			CheckIn:  &piece.Mood{Pleasantness: 2 + v%4, Energy: 7 - v%3},
			CheckOut: &piece.Mood{Pleasantness: 5 + v%4, Energy: 4 + v%2},
			Notes:    []Note{{Author: "Dr. Inés Rivera", Time: start.AddDate(0, 0, 7*v+1), Text: fmt.Sprintf("Visit %d: calmer at the end; talked about the sea.", v+1)}},
		}
		for p := range 5 {
			tx := texts[(v+p)%len(texts)]
			pc := Piece{
				Kind:       []piece.Kind{piece.Drawing, piece.Music, piece.Voice}[p%3],
				Title:      fmt.Sprintf("%s %d", tx[0], v*5+p+1),
				Reflection: fmt.Sprintf("%s (%d)", tx[1], v*5+p+1),
				Words:      []piece.EmotionTag{{Word: "calm", Intensity: 3}, {Word: "tender"}},
				Unfinished: p == 4,
			}
			if pc.Kind == piece.Drawing {
				pc.Thumbnail = swatch(color.RGBA{uint8(40 * v), 120, uint8(200 - 30*p), 255})
			}
			visit.Pieces = append(visit.Pieces, pc)
		}
		r.Visits = append(r.Visits, visit)
	}
	r.Visits[2].Pieces[1].Damaged = true
	r.Visits[5].Pieces[0].Body = []string{"Chest (warm)", "Lower back (cool)"}
	return r
}

func swatch(c color.RGBA) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 320, 180))
	for y := range 180 {
		for x := range 320 {
			img.Set(x, y, color.RGBA{c.R, c.G, uint8(int(c.B) * x / 320), 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func write(t *testing.T, r Report) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.pdf")
	var buf bytes.Buffer
	var last [2]int
	if err := Write(context.Background(), &buf, r, func(done, total int) { last = [2]int{done, total} }); err != nil {
		t.Fatal(err)
	}
	if last != [2]int{30, 30} {
		t.Errorf("progress ended at %v, want 30 of 30", last)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReportTextReadsBack: pdftotext finds every title, reflection and
// note, accented, Greek and Cyrillic alike, the patient's name, and page
// numbers.
func TestReportTextReadsBack(t *testing.T) {
	r := thirtyPieces()
	path := write(t, r)
	out, err := exec.Command(poppler(t, "pdftotext"), "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	want := []string{r.Name, r.Patient, r.Clinic, "damaged", "unfinished", "page 1 of", "Felt in the body: Chest (warm), Lower back (cool)"}
	for _, v := range r.Visits {
		for _, n := range v.Notes {
			want = append(want, n.Text)
		}
		for _, p := range v.Pieces {
			want = append(want, p.Title, p.Reflection)
		}
	}
	for _, w := range want {
		if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
	info, err := exec.Command(poppler(t, "pdffonts"), path).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(info), "\n")[2:] {
		if f := strings.Fields(line); len(f) > 4 && !strings.Contains(line, " yes ") {
			t.Errorf("a font is not embedded: %s", line)
		}
	}
}

// TestReportPageOneGolden: page 1 (header and mood chart), rendered by
// pdftoppm, matches the golden image.
func TestReportPageOneGolden(t *testing.T) {
	matchPageOne(t, write(t, thirtyPieces()), "page1.png")
}

// matchPageOne renders page 1 of the PDF at path and compares it with the
// golden image testdata/golden (rewritten with -update).
func matchPageOne(t *testing.T, path, golden string) {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command(poppler(t, "pdftoppm"), "-r", "40", "-gray", "-f", "1", "-l", "1", "-png", "-singlefile", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	got := readPNG(t, prefix+".png")
	golden = filepath.Join("testdata", golden)
	if *update {
		data, _ := os.ReadFile(prefix + ".png")
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := readPNG(t, golden)
	if got.Bounds() != want.Bounds() {
		t.Fatalf("page 1 is %v, the golden image %v", got.Bounds(), want.Bounds())
	}
	// A poppler on another machine may smooth edges differently: allow a
	// few pixels, not a different page.
	differ := 0
	b := got.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g, _, _, _ := got.At(x, y).RGBA()
			w, _, _, _ := want.At(x, y).RGBA()
			if d := int(g>>8) - int(w>>8); d > 64 || d < -64 {
				differ++
			}
		}
	}
	if limit := b.Dx() * b.Dy() / 200; differ > limit {
		kept := filepath.Join(os.TempDir(), "afterimage-report-"+filepath.Base(golden))
		data, _ := os.ReadFile(prefix + ".png")
		os.WriteFile(kept, data, 0o644)
		t.Fatalf("page 1 differs from the golden image in %d pixels (at most %d); kept at %s", differ, limit, kept)
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestReportCancels: a cancelled context stops the report.
func TestReportCancels(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	if err := Write(ctx, &buf, thirtyPieces(), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled report: %v", err)
	}
}

// TestHostileThumbnailIsLeftOut: a thumbnail that is not a PNG, or far
// larger than a thumbnail, is left out; the report is still made.
func TestHostileThumbnailIsLeftOut(t *testing.T) {
	r := thirtyPieces()
	r.Visits[0].Pieces[0].Thumbnail = []byte("\x89PNG\r\n\x1a\nnot really")
	big := image.NewGray(image.Rect(0, 0, 1, 1))
	var b bytes.Buffer
	png.Encode(&b, big)
	data := b.Bytes()
	data[16], data[17], data[18], data[19] = 0, 1, 0, 0 // width 65,536 in the header
	r.Visits[0].Pieces[3].Thumbnail = data
	var out bytes.Buffer
	if err := Write(context.Background(), &out, r, nil); err != nil {
		t.Fatalf("a report with bad thumbnails: %v", err)
	}
}
