package takehome

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// testText is the page's wording in tests.
var testText = Text{
	Lang: "en", Title: "Your pieces from Afterimage", About: "Afterimage is where you made these after your sessions.",
	MadeOn: "Made on %s", Untitled: "Untitled", Drawing: "Drawing", Music: "Music", Voice: "Voice",
	Felt: "Felt:", VoiceNote: "Your voice note", Download: "Save the file", NoPlayer: "This browser cannot play it here.",
}

// testPNG is a w×h PNG with a gradient (a real image a browser decodes).
func testPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 160, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// testFLAC is secs seconds of a 440 Hz tone at 48 kHz, as FLAC.
func testFLAC(t testing.TB, secs float64) []byte {
	t.Helper()
	pcm := make([]int16, int(secs*48000))
	for i := range pcm {
		pcm[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(i)/48000))
	}
	var b bytes.Buffer
	if err := media.EncodeFLAC(&b, pcm, 48000); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fixture is a set of pieces and their files.
type fixture struct {
	pieces   []Piece
	pictures [][]byte // nil: none
	sounds   [][]byte
}

func (f *fixture) open(_ context.Context, i int) (Files, error) {
	var fs Files
	if f.pictures[i] != nil {
		fs.Picture = io.NopCloser(bytes.NewReader(f.pictures[i]))
	}
	if f.sounds[i] != nil {
		fs.Sound = io.NopCloser(bytes.NewReader(f.sounds[i]))
	}
	return fs, nil
}

// threePieces: a drawing with a voice note and a hostile title, a music
// piece, a voice piece without a title.
func threePieces(t testing.TB) *fixture {
	made := time.Date(2026, 11, 20, 10, 30, 0, 0, time.Local)
	return &fixture{
		pieces: []Piece{
			{Kind: piece.Drawing, Title: `<script>alert("x")</script> & the sea`, Reflection: "Blue, then <b>calm</b>.\nSecond line.", Words: []string{"hopeful", "calm"}, Made: made},
			{Kind: piece.Music, Title: "Rain on the roof", Reflection: "Slow.", Words: []string{"peaceful"}, Made: made.Add(time.Hour)},
			{Kind: piece.Voice, Made: made.Add(2 * time.Hour)},
		},
		pictures: [][]byte{testPNG(t, 320, 200), nil, nil},
		sounds:   [][]byte{testFLAC(t, 1), testFLAC(t, 2), testFLAC(t, 0.5)},
	}
}

func (f *fixture) request(dest string, format Format) Request {
	return Request{Dest: dest, Format: format, Pieces: f.pieces, Open: f.open, Text: testText,
		Made: time.Date(2026, 12, 1, 15, 0, 0, 0, time.Local)}
}

// wantFiles is what an export of threePieces holds.
func (f *fixture) wantFiles() map[string][]byte {
	return map[string][]byte{
		"pictures/001-drawing.png":           f.pictures[0],
		"sounds/001-drawing-voice-note.flac": f.sounds[0],
		"sounds/002-music.flac":              f.sounds[1],
		"sounds/003-voice.flac":              f.sounds[2],
	}
}

// readFolder is every file under dir, by slash path.
func readFolder(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readZip is every file in the zip at path, by name.
func readZip(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = b
	}
	return out
}

func checkFiles(t *testing.T, got map[string][]byte, f *fixture) {
	t.Helper()
	want := f.wantFiles()
	var names []string
	for name := range got {
		names = append(names, name)
	}
	slices.Sort(names)
	if len(got) != len(want)+1 || got["index.html"] == nil {
		t.Fatalf("files %v; want index.html and %d pieces' files", names, len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s: %d bytes, want the piece's %d stored bytes", name, len(got[name]), len(b))
		}
	}
}

func TestFolderHoldsThePiecesAndAnEscapedPage(t *testing.T) {
	f := threePieces(t)
	dest := filepath.Join(t.TempDir(), "Afterimage take-home")
	var progress []int
	req := f.request(dest, Folder)
	req.Progress = func(done, total int) {
		if total != 3 {
			t.Errorf("progress total %d, want 3", total)
		}
		progress = append(progress, done)
	}
	sum, err := Export(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Path != dest || sum.Pieces != 3 || sum.Pictures != 1 || sum.Sounds != 3 {
		t.Errorf("summary %+v", sum)
	}
	if !slices.Equal(progress, []int{0, 1, 2, 3}) {
		t.Errorf("progress %v, want 0 1 2 3", progress)
	}
	got := readFolder(t, dest)
	checkFiles(t, got, f)
	page := string(got["index.html"])
	for _, want := range []string{
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; the sea`,
		`Blue, then &lt;b&gt;calm&lt;/b&gt;.`, "Rain on the roof", "Untitled", "hopeful", "peaceful",
		`src="pictures/001-drawing.png" width="320" height="200"`, `src="sounds/002-music.flac"`,
		"Made on 2026-12-01", "2026-11-20 10:30", "0:02", "Afterimage is where you made these",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(page), "<script") {
		t.Error("the page holds a <script> element: a title was not escaped, or the page needs scripts")
	}
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Error("the page refers to the network; it must work offline")
	}
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
		t.Errorf("the destination's folder holds %d entries, want the export only", len(entries))
	}
}

func TestZipHoldsTheSameAsTheFolder(t *testing.T) {
	f := threePieces(t)
	dir := t.TempDir()
	if _, err := Export(context.Background(), f.request(filepath.Join(dir, "folder"), Folder)); err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(dir, "Take home.zip")
	if _, err := Export(context.Background(), f.request(zipPath, Zip)); err != nil {
		t.Fatal(err)
	}
	folder := readFolder(t, filepath.Join(dir, "folder"))
	inZip := readZip(t, zipPath)
	if len(inZip) != len(folder) {
		t.Fatalf("the zip holds %d files, the folder %d", len(inZip), len(folder))
	}
	for name, b := range folder {
		if !bytes.Equal(inZip["Take home/"+name], b) {
			t.Errorf("the zip's Take home/%s differs from the folder's", name)
		}
	}
	if st, err := os.Stat(zipPath); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("zip mode %v, %v; want a readable 0644 file", st.Mode(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d entries beside the exports, want the two exports only", len(entries))
	}
}

// leftovers lists what is in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestCancelledOrFailedExportLeavesNothing(t *testing.T) {
	for _, format := range []Format{Folder, Zip} {
		t.Run(format.String(), func(t *testing.T) {
			f := threePieces(t)
			dir := t.TempDir()
			dest := filepath.Join(dir, "export")
			if format == Zip {
				dest += ".zip"
			}

			// Cancelled while the second piece is read.
			ctx, cancel := context.WithCancel(context.Background())
			req := f.request(dest, format)
			req.Open = func(ctx context.Context, i int) (Files, error) {
				fs, err := f.open(ctx, i)
				if i == 1 {
					fs.Sound = io.NopCloser(io.MultiReader(bytes.NewReader(f.sounds[1][:100]), cancelling{cancel}, bytes.NewReader(f.sounds[1][100:])))
				}
				return fs, err
			}
			if _, err := Export(ctx, req); !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled export: %v, want context.Canceled", err)
			}
			if left := leftovers(t, dir); len(left) != 0 {
				t.Errorf("a cancelled export left %v", left)
			}

			// A piece that is not what it says.
			req = f.request(dest, format)
			req.Open = func(ctx context.Context, i int) (Files, error) {
				fs, err := f.open(ctx, i)
				if i == 2 {
					fs.Sound = io.NopCloser(strings.NewReader("RIFF....WAVEfmt not a flac stream"))
				}
				return fs, err
			}
			if _, err := Export(context.Background(), req); !errors.Is(err, ErrNotFLAC) {
				t.Errorf("export with a bad sound: %v, want ErrNotFLAC", err)
			}
			if left := leftovers(t, dir); len(left) != 0 {
				t.Errorf("a failed export left %v", left)
			}

			// The caller's last check (the audit record) fails.
			req = f.request(dest, format)
			refused := errors.New("the audit log cannot record")
			req.BeforeCommit = func() error { return refused }
			if _, err := Export(context.Background(), req); !errors.Is(err, refused) {
				t.Errorf("export refused before commit: %v", err)
			}
			if left := leftovers(t, dir); len(left) != 0 {
				t.Errorf("a refused export left %v", left)
			}
		})
	}
}

// cancelling cancels its context when read, then ends.
type cancelling struct{ cancel func() }

func (c cancelling) Read([]byte) (int, error) { c.cancel(); return 0, io.EOF }

func TestExportNeverOverwrites(t *testing.T) {
	f := threePieces(t)
	dir := t.TempDir()
	dest := filepath.Join(dir, "x.zip")
	if err := os.WriteFile(dest, []byte("the clinic's other file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(context.Background(), f.request(dest, Zip)); !errors.Is(err, ErrExists) {
		t.Fatalf("export onto a file: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "the clinic's other file" {
		t.Error("the existing file was changed")
	}
}

func TestPictureThatIsNotAPNGIsRefused(t *testing.T) {
	f := threePieces(t)
	f.pictures[0] = []byte("\xff\xd8\xff\xe0 a jpeg is not what the page promises")
	if _, err := Export(context.Background(), f.request(filepath.Join(t.TempDir(), "x"), Folder)); !errors.Is(err, ErrNotPNG) {
		t.Fatalf("export: %v, want ErrNotPNG", err)
	}
	huge := testPNG(t, 4, 4)
	copy(huge[16:24], []byte{0, 0, 0x40, 0, 0, 0, 0x40, 0}) // 16384×16384 declared
	f.pictures[0] = huge
	if _, err := Export(context.Background(), f.request(filepath.Join(t.TempDir(), "x"), Folder)); !errors.Is(err, ErrNotPNG) {
		t.Fatalf("export of a 268-megapixel PNG: %v, want ErrNotPNG", err)
	}
}

// heapAfterExport exports n pieces of 2 MB each (files made as they are
// read, so the source holds nothing) and returns the live heap measured
// after a collection when the last piece is written.
func heapAfterExport(t *testing.T, n int, format Format) uint64 {
	t.Helper()
	head := testPNG(t, 64, 64)[:24]
	pieces := make([]Piece, n)
	for i := range pieces {
		pieces[i] = Piece{Kind: piece.Drawing, Title: "A drawing", Reflection: "Some words about it.", Words: []string{"calm"}, Made: time.Now()}
	}
	var heap uint64
	dest := filepath.Join(t.TempDir(), "x")
	_, err := Export(context.Background(), Request{Dest: dest, Format: format, Pieces: pieces, Text: testText,
		Open: func(context.Context, int) (Files, error) {
			return Files{Picture: io.NopCloser(io.MultiReader(bytes.NewReader(head), io.LimitReader(zeros{}, 2<<20)))}, nil
		},
		Progress: func(done, total int) {
			if done == total {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				heap = ms.HeapAlloc
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	return heap
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestMemoryDoesNotGrowWithThePieces(t *testing.T) {
	for _, format := range []Format{Folder, Zip} {
		t.Run(format.String(), func(t *testing.T) {
			heapAfterExport(t, 5, format) // warm up: buffers, the template
			small := heapAfterExport(t, 10, format)
			large := heapAfterExport(t, 40, format) // 80 MB of files
			t.Logf("live heap after 10 pieces (20 MB): %d KiB; after 40 (80 MB): %d KiB", small>>10, large>>10)
			if large > small+4<<20 {
				t.Errorf("the live heap grew by %d KiB from 10 to 40 pieces; an export must hold one piece at a time", (large-small)>>10)
			}
		})
	}
}
