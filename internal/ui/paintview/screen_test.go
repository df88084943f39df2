package paintview_test

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// TestScreenStrokesShowWhole draws with xdotool on a paintview.Canvas in
// the real Fyne driver (Xvfb, Mesa GL) and compares the canvas on screen
// with the painter's own pixels. The strokes loop back over tiles they
// painted earlier in the same stroke, at a hand's pace (one move per
// 20 ms, so across many frames): before the dirty-tile fix those later
// pieces were missing on screen until a re-layout.
//
// Tolerance: only screen pixels whose whole footprint in the canvas (the
// canvas pixels they are scaled from, widened by 1.5 px for GL's bilinear
// sampling and rounding) is solid ink or solid paper are judged; at most
// 0.2% of either may show the other on screen.
func TestScreenStrokesShowWhole(t *testing.T) {
	if !testbench.Active() {
		t.Skip("needs the bench's Xvfb: run under .tools/bin/runbench (make test)")
	}
	bin := testbench.BuildCommand(t, "./internal/ui/paintview/testdata/canvasapp")
	for _, tc := range []struct{ name, size string }{
		{"full-screen-1to1", ""},
		{"window-1280x720", "1280x720"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "canvas.png")
			app := testbench.StartApp(t, bin, []string{"FYNE_SCALE=1", "CANVASAPP_OUT=" + out, "CANVASAPP_SIZE=" + tc.size})
			win := app.WaitWindow(t, "Afterimage canvas test", 60*time.Second)
			dir := testbench.ScreenshotDir(t)
			blank := app.Settled(t, win, nil, "", func(img image.Image) bool { return testbench.Share(img, paint.Paper) > 0.3 })
			b := blank.Bounds()
			sc, off := letterbox(b.Dx(), b.Dy())

			// two loops round the middle of the canvas, then a zigzag that
			// stays inside a few tiles: every stroke returns to its tiles
			cx, cy := off.X+int(960*sc), off.Y+int(540*sc)
			r := 300 * sc
			var path []image.Point
			for i := 0; i <= 90; i++ {
				a := float64(i) / 60 * 2 * math.Pi
				path = append(path, image.Pt(cx+int(r*math.Cos(a)), cy+int(r*0.6*math.Sin(a))))
			}
			stroke(t, app, win, path)
			path = path[:0]
			for i := 0; i <= 24; i++ {
				x := off.X + int((300+float64(i%2)*120)*sc)
				path = append(path, image.Pt(x, off.Y+int((200+float64(i)*10)*sc)))
			}
			stroke(t, app, win, path)

			shotPath := filepath.Join(dir, "paintview-strokes-"+tc.name+".png")
			shot := app.Settled(t, win, blank, shotPath, func(image.Image) bool { return true })
			want := saved(t, app, out)
			missing, ink, ghost, paper := compare(shot, want, sc, off)
			t.Logf("%s: window %dx%d, canvas scale %.3f; ink pixels judged %d, missing on screen %d; paper pixels judged %d, wrongly inked %d",
				tc.name, b.Dx(), b.Dy(), sc, ink, missing, paper, ghost)
			if ink < 2000 {
				t.Fatalf("only %d solid ink pixels to judge: the strokes did not land (screenshot %s)", ink, shotPath)
			}
			if missing*500 > ink || ghost*500 > paper {
				t.Fatalf("the screen does not show the painter's canvas: %d of %d ink pixels missing, %d of %d paper pixels inked (tolerance 0.2%%; screenshot %s)",
					missing, ink, ghost, paper, shotPath)
			}
		})
	}
}

// letterbox is where the widget puts a 1920×1080 canvas in a w×h window.
func letterbox(w, h int) (float64, image.Point) {
	sc := math.Min(float64(w)/1920, float64(h)/1080)
	return sc, image.Pt(int(math.Round((float64(w)-1920*sc)/2)), int(math.Round((float64(h)-1080*sc)/2)))
}

// stroke drags along path at about 50 moves a second, as a hand would.
func stroke(t *testing.T, app *testbench.App, win string, path []image.Point) {
	t.Helper()
	args := []string{"mousemove", "--window", win, fmt.Sprint(path[0].X), fmt.Sprint(path[0].Y), "mousedown", "1"}
	for _, p := range path[1:] {
		args = append(args, "sleep", "0.02", "mousemove", "--window", win, fmt.Sprint(p.X), fmt.Sprint(p.Y))
	}
	args = append(args, "sleep", "0.05", "mouseup", "1")
	app.Xdotool(t, args...)
}

// saved asks the app for the painter's canvas and reads it.
func saved(t *testing.T, app *testbench.App, path string) image.Image {
	t.Helper()
	app.Xdotool(t, "key", "F12")
	// the app writes a temporary file and renames it: once the path
	// exists, it is whole
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(path); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the app did not save its canvas within 20s")
		}
		time.Sleep(50 * time.Millisecond) // polling another process's file
	}
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

// compare judges the screen pixels of the canvas region whose footprint
// in want is all ink (not paper) or all paper.
func compare(shot, want image.Image, sc float64, off image.Point) (missing, ink, ghost, paperN int) {
	wb := want.Bounds()
	W, H := wb.Dx(), wb.Dy()
	// summed-area table of paper pixels in want
	sum := make([]int32, (W+1)*(H+1))
	for y := 0; y < H; y++ {
		var row int32
		for x := 0; x < W; x++ {
			if near(want.At(x, y), paint.Paper, 6) {
				row++
			}
			sum[(y+1)*(W+1)+x+1] = sum[y*(W+1)+x+1] + row
		}
	}
	count := func(x0, y0, x1, y1 int) (paper, all int) { // [x0,x1)×[y0,y1), clipped
		x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, W), min(y1, H)
		if x1 <= x0 || y1 <= y0 {
			return 0, 0
		}
		p := sum[y1*(W+1)+x1] - sum[y0*(W+1)+x1] - sum[y1*(W+1)+x0] + sum[y0*(W+1)+x0]
		return int(p), (x1 - x0) * (y1 - y0)
	}
	reach := 0.5/sc + 1.5
	sb := shot.Bounds()
	for sy := off.Y + 2; sy < off.Y+int(1080*sc)-2; sy++ {
		for sx := off.X + 2; sx < off.X+int(1920*sc)-2; sx++ {
			cx, cy := (float64(sx)+0.5-float64(off.X))/sc, (float64(sy)+0.5-float64(off.Y))/sc
			p, all := count(int(math.Floor(cx-reach)), int(math.Floor(cy-reach)), int(math.Ceil(cx+reach)), int(math.Ceil(cy+reach)))
			if all == 0 {
				continue
			}
			got := shot.At(sb.Min.X+sx, sb.Min.Y+sy)
			switch p {
			case 0: // all ink
				ink++
				if near(got, paint.Paper, 24) {
					missing++
				}
			case all:
				paperN++
				if !near(got, paint.Paper, 24) {
					ghost++
				}
			}
		}
	}
	return missing, ink, ghost, paperN
}

func near(a, b color.Color, tol int) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { v := int(x>>8) - int(y>>8); return v >= -tol && v <= tol }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}
