package paint

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden images in testdata")

// assertGolden compares img with testdata/name.png bit for bit. On a
// mismatch it writes testdata/failed/name.png (git-ignored) to look at;
// with -update it rewrites the master instead. Same layout as Fyne's
// test.AssertImageMatches, without importing Fyne into the engine.
func assertGolden(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	master := filepath.Join("testdata", name+".png")
	if *update {
		writePNG(t, master, img)
		return
	}
	want, err := readPNG(master)
	if err == nil && equalRGBA(want, img) {
		return
	}
	failed := filepath.Join("testdata", "failed", name+".png")
	writePNG(t, failed, img)
	if err != nil {
		t.Errorf("golden %s: %v (wrote %s)", name, err, failed)
		return
	}
	t.Errorf("golden %s: image differs from the master (wrote %s)", name, failed)
}

func readPNG(path string) (*image.RGBA, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	rgba := image.NewRGBA(m.Bounds())
	for y := m.Bounds().Min.Y; y < m.Bounds().Max.Y; y++ {
		for x := m.Bounds().Min.X; x < m.Bounds().Max.X; x++ {
			rgba.Set(x, y, m.At(x, y))
		}
	}
	return rgba, nil
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func equalRGBA(a, b *image.RGBA) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Rect.Min.Y; y < a.Rect.Max.Y; y++ {
		ra := a.Pix[a.PixOffset(a.Rect.Min.X, y):][:a.Rect.Dx()*4]
		rb := b.Pix[b.PixOffset(b.Rect.Min.X, y):][:b.Rect.Dx()*4]
		if !bytes.Equal(ra, rb) {
			return false
		}
	}
	return true
}
