package main

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/bodymap"
	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/testbench/audiobench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// scene is a development gallery for the screen tests: one patient, the
// most recent, whose last visit holds (newest first) a drawing with a
// 31-second stroke log, an unfinished drawing, a damaged piece and a 4 s
// 440 Hz music recording; two older visits with drawings give the mood
// chart three visits; and a second patient.
type scene struct {
	code                string
	drawing, music      piece.ID
	unfinished, damaged piece.ID
}

// paintSlow is a 640x400 drawing of five strokes drawn over 31 s, as the
// kiosk encodes it (PNG, thumbnail, stroke log).
func paintSlow(tb testing.TB) *drawing.Encoded {
	tb.Helper()
	p := paint.New(paint.Options{Width: 640, Height: 400, Seed: 5})
	t := time.Duration(0)
	for s := range 5 {
		y := 60 + float64(s)*70
		p.BeginStroke(40, y, t)
		for i := 1; i <= 40; i++ {
			t += 150 * time.Millisecond // a replay at the viewer's 4x lasts 8 s: long enough to catch in the middle
			p.StrokeTo(40+float64(i)*14, y+20*math.Sin(float64(i)/4), t)
		}
		p.EndStroke()
		t += 200 * time.Millisecond
	}
	enc, err := drawing.Capture(p, "", time.Now()).Encode()
	if err != nil {
		tb.Fatal(err)
	}
	return enc
}

func drawingBlobs(enc *drawing.Encoded) []seedBlob {
	return []seedBlob{
		{drawing.BlobOriginal, piece.RoleOriginal, drawing.MediaTypePNG, enc.PNG},
		{drawing.BlobThumbnail, piece.RoleThumbnail, drawing.MediaTypeJPEG, enc.Thumbnail},
		{drawing.BlobStrokes, piece.RoleStrokes, drawing.MediaTypeStrokes, enc.Strokes},
	}
}

// tone440 is seconds of a 440 Hz sine at half scale.
func tone440(seconds float64) []int16 {
	out := make([]int16, int(seconds*audio.SampleRate))
	for i := range out {
		out[i] = int16(0.5 * 32767 * math.Sin(2*math.Pi*440*float64(i)/audio.SampleRate))
	}
	return out
}

func seedScene(tb testing.TB, cfg *config.Config) scene {
	tb.Helper()
	s := newSeeder(tb, cfg)
	slow, diag := paintSlow(tb), paintDiagonal(tb)
	rec, err := media.RecordingOutputs(tone440(4), audio.SampleRate)
	if err != nil {
		tb.Fatal(err)
	}
	var sound []seedBlob
	for i, o := range rec {
		sound = append(sound, seedBlob{fmt.Sprintf("b%d", i+1), o.Role, o.MediaType, o.Data})
	}
	sc := scene{code: "K7Q4M2X"}
	last := time.Now().Add(-2 * time.Hour)
	add := func(code, visit string, at time.Time, kind piece.Kind, title string, blobs []seedBlob, in, out piece.Mood, word, quadrant string, change func(*piece.Manifest)) piece.ID {
		m := piece.New(kind, cfg.KioskID, code, at)
		m.Finished, m.VisitID, m.Title = at.Add(4*time.Minute), visit, title
		m.Reflection = "It felt lighter by the end."
		m.MoodCheckIn, m.MoodCheckOut = &in, &out
		m.Emotions = &piece.Emotions{Quadrant: quadrant, X: 0.7, Y: 0.4, Words: []piece.EmotionTag{{Word: word, Intensity: 3}}}
		if change != nil {
			change(m)
		}
		s.put(tb, m, blobs)
		if tb.Failed() {
			tb.FailNow()
		}
		return m.ID
	}
	calm, tense, lifted := piece.Mood{Pleasantness: 3, Energy: 6}, piece.Mood{Pleasantness: 2, Energy: 7}, piece.Mood{Pleasantness: 6, Energy: 4}
	sc.drawing = add(sc.code, "visit-3", last, piece.Drawing, "Harbour at dawn", drawingBlobs(slow), tense, lifted, "hopeful", "pleasant-high",
		func(m *piece.Manifest) { m.BodyMap = chestWarmLowerBackCool(tb) })
	sc.unfinished = add(sc.code, "visit-3", last.Add(-10*time.Minute), piece.Drawing, "Left open", drawingBlobs(diag), tense, lifted, "restless", "unpleasant-high",
		func(m *piece.Manifest) { m.Unfinished, m.Finished = true, time.Time{} })
	sc.damaged = add(sc.code, "visit-3", last.Add(-20*time.Minute), piece.Drawing, "Torn page", drawingBlobs(diag), tense, lifted, "heavy", "unpleasant-low", nil)
	sc.music = add(sc.code, "visit-3", last.Add(-30*time.Minute), piece.Music, "Humming", sound, tense, lifted, "tender", "pleasant-low", nil)
	for v, mood := range []piece.Mood{calm, tense} {
		at := last.Add(-time.Duration(v+1) * 7 * 24 * time.Hour)
		for i := range 3 {
			add(sc.code, fmt.Sprintf("visit-%d", 2-v), at.Add(-time.Duration(i)*10*time.Minute), piece.Drawing, fmt.Sprintf("Week %d, %d", 2-v, i+1),
				drawingBlobs(diag), mood, lifted, "calm", "pleasant-low", nil)
		}
	}
	add("VAFQM2E", "other-1", last.Add(-48*time.Hour), piece.Drawing, "Garden", drawingBlobs(diag), calm, lifted, "open", "pleasant-high", nil)
	if n := s.index(tb, map[piece.ID]string{sc.damaged: "blob b1 does not match its manifest"}); n != 11 {
		tb.Fatalf("the index holds %d pieces, want 11", n)
	}
	return sc
}

// startScene seeds the scene and starts the gallery on a private Xvfb of
// width×height; the window is then sized to the whole screen (as a
// clinician maximising it would: there is no window manager).
func startScene(tb testing.TB, width, height int) (*testbench.App, string, scene) {
	tb.Helper()
	data := tb.TempDir()
	tb.Setenv("XDG_DATA_HOME", data)
	tb.Setenv("AFTERIMAGE_CONFIG", "")
	cfg, err := config.Load("")
	if err != nil {
		tb.Fatal(err)
	}
	sc := seedScene(tb, cfg)
	bin := testbench.BuildCommand(tb, "./cmd/afterimage-gallery")
	display := testbench.PrivateDisplay(tb, width, height)
	app := testbench.StartAppOn(tb, display, bin, []string{"XDG_DATA_HOME=" + data, "AFTERIMAGE_CONFIG="})
	win := app.WaitWindow(tb, "Afterimage Gallery", 60*time.Second)
	// The gallery opens at 1366x768 (the smallest screen); on a
	// 1280 px wide screen that is wider than the screen until sized.
	tb.Logf("the gallery opens at %v on a %v screen", app.WindowGeometry(tb, win), app.ScreenSize(tb))
	return app, win, sc
}

// fitScreen sizes the window to the whole screen, as a clinician
// maximising it would (there is no window manager), and waits until X has
// it at that size or larger (a window whose content needs more grows past
// the screen: checkLayout says so).
func fitScreen(tb testing.TB, app *testbench.App, win string) {
	tb.Helper()
	s := app.ScreenSize(tb)
	app.Xdotool(tb, "windowmove", win, "0", "0")
	app.Xdotool(tb, "windowsize", win, fmt.Sprint(s.X), fmt.Sprint(s.Y))
	deadline := time.Now().Add(15 * time.Second)
	for {
		g := app.WindowGeometry(tb, win)
		if g.Dx() >= s.X && g.Dy() >= s.Y {
			return
		}
		if time.Now().After(deadline) {
			tb.Errorf("the window is %v 15 s after sizing it to the %v screen", g, s)
			return
		}
		time.Sleep(50 * time.Millisecond) // polling the X server
	}
}

// cards are the visit grid's cards in shot (Sand regions of a card's
// size: the mood chart is Sand too, and wider), in reading order.
func cards(shot image.Image) []image.Rectangle {
	var out []image.Rectangle
	for _, r := range testbench.Regions(shot, theme.Sand) {
		if r.Dx() < shot.Bounds().Dx()/3 && r.Dy() > 60 {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b image.Rectangle) int {
		if a.Min.Y/40 != b.Min.Y/40 {
			return a.Min.Y - b.Min.Y
		}
		return a.Min.X - b.Min.X
	})
	return out
}

// unlockScene unlocks with Return and waits for the patient's view.
func unlockScene(tb testing.TB, app *testbench.App) {
	tb.Helper()
	mark := app.Mark()
	app.Xdotool(tb, "key", "Return")
	if _, _, ok := app.WaitLine(mark, 60*time.Second, func(l string) bool {
		return strings.Contains(l, `msg="patient view shown"`) && strings.Contains(l, "pieces=10")
	}); !ok {
		tb.Fatal("Return did not unlock the gallery into the patient's view")
	}
}

// dark counts the pixels of img in r far from the paper (a stroke's).
func dark(img image.Image, r image.Rectangle) int {
	n := 0
	pr, pg, pb, _ := paint.Paper.RGBA()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			d := math.Abs(float64(cr>>8)-float64(pr>>8)) + math.Abs(float64(cg>>8)-float64(pg>>8)) + math.Abs(float64(cb>>8)-float64(pb>>8))
			if d > 120 {
				n++
			}
		}
	}
	return n
}

// inkRows counts, for each row of r, the pixels dark enough to be text.
func inkRows(img image.Image, r image.Rectangle) []int {
	out := make([]int, r.Dy())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if (cr>>8)+(cg>>8)+(cb>>8) < 3*110 {
				out[y-r.Min.Y]++
			}
		}
	}
	return out
}

// checkLayout asserts that the unlocked window, sized to the screen,
// shows its parts whole: the development banner across the whole width,
// the "Lock now" button inside the right edge, cards inside the window,
// and the status line's text whole above the bottom edge.
func checkLayout(tb testing.TB, app *testbench.App, win string, shot image.Image) {
	tb.Helper()
	b := shot.Bounds()
	if g, s := app.WindowGeometry(tb, win), app.ScreenSize(tb); g.Dx() != s.X || g.Dy() != s.Y {
		tb.Errorf("the window is %v on a %v screen", g, s)
	}
	banner := testbench.Largest(tb, testbench.Regions(shot, theme.Banner), "the development banner")
	if banner.Dx() < b.Dx()*9/10 {
		tb.Errorf("the banner %v does not span the %d px window", banner, b.Dx())
	}
	var button image.Rectangle
	for _, r := range testbench.Regions(shot, theme.Mist) {
		if r.Min.Y < b.Dy()/4 && r.Min.X > b.Dx()/2 {
			button = r
		}
	}
	if button.Empty() || button.Max.X >= b.Max.X-2 {
		tb.Errorf("the Lock now button (%v) is not whole inside the %d px window", button, b.Dx())
	}
	cs := cards(shot)
	if len(cs) < 3 {
		tb.Errorf("%d cards on screen, want at least 3", len(cs))
	}
	for _, c := range cs {
		if c.Max.X >= b.Max.X-2 {
			tb.Errorf("a card (%v) reaches the window's right edge", c)
		}
	}
	// The status line: text in the bottom 48 px, none in the last 3 rows
	// (text there would be cut by the edge).
	rows := inkRows(shot, image.Rect(b.Min.X, b.Max.Y-48, b.Max.X, b.Max.Y))
	text := 0
	for _, n := range rows {
		text += n
	}
	if text < 30 {
		tb.Errorf("no status line text in the bottom 48 px (%d dark pixels)", text)
	}
	if edge := rows[len(rows)-3:]; slices.Max(edge) > 0 {
		tb.Errorf("text touches the window's bottom edge (dark pixels in the last rows: %v): the status line is cut", edge)
	}
}

// TestSmokeGalleryScreens: the real gallery binary at 1280x800, sized to
// the screen, lays out whole (checkLayout); a tap on a drawing's card opens
// the viewer with the drawing's strokes on screen; space replays it (mid
// replay fewer strokes are on screen than at the end); the arrow keys reach
// the music piece, whose space plays it and the null sink's monitor hears
// 440 Hz; Esc closes the viewer and the sound stops. Screenshots of each
// screen go to docs/screenshots under make screenshots.
func TestSmokeGalleryScreens(t *testing.T) {
	testbench.Audio(t) // once: the sink is held until the test ends
	app, win, sc := startScene(t, 1280, 800)
	shots := testbench.ScreenshotDir(t)
	app.Settled(t, win, nil, filepath.Join(shots, "gallery-05-lock-1280.png"), func(img image.Image) bool {
		return testbench.Share(img, theme.Paper) > 0.3
	})
	unlockScene(t, app)
	fitScreen(t, app, win)
	shot := app.Settled(t, win, nil, filepath.Join(shots, "gallery-06-patient-chart-1280.png"), func(img image.Image) bool {
		return len(cards(img)) >= 3
	})
	checkLayout(t, app, win, shot)
	// The patient's body maps, summed beside the mood chart.
	chart := testbench.Largest(t, testbench.Regions(shot, theme.Sand), "the mood chart")
	beside := image.Rect(chart.Max.X, chart.Min.Y-10, shot.Bounds().Max.X, chart.Max.Y+10)
	if n := heatPixels(shot, beside, bodymap.DefaultStyle.Warm); n < 20 {
		t.Errorf("the patient view shows %d warm body-map pixels beside the mood chart, want the summed chest", n)
	} else {
		t.Logf("summed body map beside the mood chart: %d warm pixels", n)
	}

	// The newest piece's card: the top left one.
	mark := app.Mark()
	app.Click(t, win, cards(shot)[0])
	if _, _, ok := app.WaitLine(mark, 15*time.Second, func(l string) bool {
		return strings.Contains(l, `msg="piece shown"`) && strings.Contains(l, "piece="+string(sc.drawing))
	}); !ok {
		t.Fatal("a click on the newest card did not show its drawing")
	}
	full := app.Settled(t, win, shot, "", func(img image.Image) bool { return testbench.Share(img, paint.Paper) > 0.1 })
	paper := testbench.Largest(t, testbench.Regions(full, paint.Paper), "the drawing's paper")
	strokes := dark(full, paper)
	if strokes < 500 {
		t.Fatalf("the viewer shows the paper but %d stroke pixels", strokes)
	}
	// Its body map, beside the drawing: the chest warm, the lower back cool.
	panel := image.Rect(paper.Max.X, full.Bounds().Min.Y, full.Bounds().Max.X, full.Bounds().Max.Y)
	if w, c := heatPixels(full, panel, bodymap.DefaultStyle.Warm), heatPixels(full, panel, bodymap.DefaultStyle.Cool); w < 50 || c < 50 {
		t.Errorf("the viewer's body map shows %d warm and %d cool pixels beside the drawing, want the chest and the lower back", w, c)
	} else {
		t.Logf("the viewer's body map: %d warm, %d cool pixels", w, c)
	}

	// Space replays the stroke log: part way through, part of the strokes.
	app.Xdotool(t, "key", "space")
	mid := until(t, app, win, filepath.Join(shots, "gallery-07-viewer-replay-1280.png"), func(img image.Image) bool {
		n := dark(img, paper)
		return n > strokes/20 && n < strokes*9/10
	})
	t.Logf("stroke pixels: %d at the end, %d mid-replay", strokes, dark(mid, paper))

	// The music piece: three pieces on (unfinished, damaged, music).
	rec := audio.NewRecorder(audio.RecorderOptions{Preset: audio.Music})
	for range 3 {
		app.Xdotool(t, "key", "Right")
	}
	mark = app.Mark()
	if _, _, ok := app.WaitLine(0, 15*time.Second, func(l string) bool {
		return strings.Contains(l, `msg="recording shown"`) && strings.Contains(l, "piece="+string(sc.music))
	}); !ok {
		t.Fatal("the right arrow did not reach the music piece's player")
	}
	if err := rec.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	app.Xdotool(t, "key", "space")
	until(t, app, win, filepath.Join(shots, "gallery-08-player-1280.png"), func(image.Image) bool { return rec.Elapsed() > 1500*time.Millisecond })
	got, err := rec.Stop()
	if err != nil {
		t.Fatal(err)
	}
	trim := audio.SuggestTrim(got.Samples, -30, 0)
	heard := got.Samples[trim.Start:trim.End]
	if len(heard) < audio.SampleRate/2 {
		t.Fatalf("the monitor heard %d samples of sound after space on the music piece", len(heard))
	}
	if f := audiobench.DominantFrequency(audiobench.Floats(heard), audio.SampleRate, 300, 600, 1); math.Abs(f-440) > 3 {
		t.Errorf("the monitor heard %.0f Hz, want 440", f)
	}

	// Esc closes the viewer, and the sound stops.
	app.Xdotool(t, "key", "Escape")
	if _, _, ok := app.WaitLine(mark, 10*time.Second, func(l string) bool { return strings.Contains(l, "screen=patients") }); !ok {
		t.Fatal("Esc did not close the viewer")
	}
	after := audio.NewRecorder(audio.RecorderOptions{Preset: audio.Music})
	if err := after.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	for after.Elapsed() < 800*time.Millisecond {
		time.Sleep(20 * time.Millisecond) // recording a fixed stretch of sound
	}
	quiet, err := after.Stop()
	if err != nil {
		t.Fatal(err)
	}
	peak := 0
	for _, x := range quiet.Samples[len(quiet.Samples)/2:] {
		peak = max(peak, int(math.Abs(float64(x))))
	}
	if peak > 328 { // -40 dBFS
		t.Errorf("after Esc the monitor still hears sound (peak %d)", peak)
	}
}

// TestSmokeGalleryLayout4K: the real gallery binary on a 3840x2160 screen,
// its window sized to the screen, lays out whole (checkLayout).
func TestSmokeGalleryLayout4K(t *testing.T) {
	app, win, _ := startScene(t, 3840, 2160)
	unlockScene(t, app)
	fitScreen(t, app, win)
	// until, not Settled: at this size a screenshot takes longer than
	// the status line's clock (the last pull, every 2 s) stays the same.
	shot := until(t, app, win, filepath.Join(t.TempDir(), "4k.png"), func(img image.Image) bool {
		banner := testbench.Regions(img, theme.Banner)
		return img.Bounds().Dx() == 3840 && len(banner) > 0 && banner[0].Dx() > 3000 && len(cards(img)) >= 3 // laid out at the new size
	})
	checkLayout(t, app, win, shot)
}

// until takes screenshots of win (kept at path) until one satisfies cond,
// for screens in motion (a replay, a player), which Settled would wait on
// to stop; it fails after 30 s.
func until(tb testing.TB, app *testbench.App, win, path string, cond func(image.Image) bool) image.Image {
	tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		img := app.Screenshot(tb, win, path)
		if cond(img) {
			return img
		}
		if time.Now().After(deadline) {
			tb.Fatalf("the screen did not show what was expected within 30 s; last in %s", path)
		}
	}
}

// chestWarmLowerBackCool is a body map: the front's chest warm, the back's
// lower back cool.
func chestWarmLowerBackCool(tb testing.TB) *piece.BodyMap {
	tb.Helper()
	o, err := bodymap.Load()
	if err != nil {
		tb.Fatal(err)
	}
	m := o.NewMap()
	m.TapRegion("front", o.Side("front").Region("chest").Centre(), bodymap.Warm)
	m.TapRegion("back", o.Side("back").Region("lower-back").Centre(), bodymap.Cool)
	return m.Piece()
}

// heatPixels counts the pixels of r in the colour a body map paints a
// fully marked cell (heat over the body's fill).
func heatPixels(img image.Image, r image.Rectangle, heat color.NRGBA) int {
	body := bodymap.DefaultStyle.Body
	mix := func(a, b uint8) int { return (int(a)*9 + int(b)) / 10 }
	want := [3]int{mix(heat.R, body.R), mix(heat.G, body.G), mix(heat.B, body.B)}
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if abs(int(cr>>8)-want[0]) <= 10 && abs(int(cg>>8)-want[1]) <= 10 && abs(int(cb>>8)-want[2]) <= 10 {
				n++
			}
		}
	}
	return n
}
