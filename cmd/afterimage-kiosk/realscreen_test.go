package main

import (
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/staffpin"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// The real-screen suite runs the real kiosk binary full screen on a private
// Xvfb (Mesa GL) at each screen size a clinic has, and drives it with
// xdotool as a patient's finger and a staff member's would: buttons are
// found by their colours on screen, every tap must lead to the screen the
// kiosk then says it shows (its "screen shown" log line), and on every
// screen the window must equal the screen.

// realScreens are the screen sizes the kiosk must fit, full screen.
var realScreens = []struct {
	name string
	w, h int
}{{"1280x800", 1280, 800}, {"1920x1080", 1920, 1080}}

// staffPIN is the PIN the suite's kiosks are configured with.
const staffPIN = "2468"

// kioskConfig is what one kiosk of the suite runs with.
type kioskConfig struct {
	webhook    string   // kiosk.help_webhook ("" none)
	idle       float64  // kiosk.idle_minutes (0: the default, 3)
	countdown  float64  // kiosk.idle_countdown_seconds (0: the default)
	noSound    bool     // no audio device at all: no chime, no microphone
	production bool     // a production config without recipients: refused
	languages  []string // kiosk.languages (nil: English only); the first is kiosk.language
	textAudit  bool     // AFTERIMAGE_TEXT_AUDIT=1: the kiosk logs text that does not fit
	env        []string // more of the kiosk's environment, e.g. "LANG=es_ES.UTF-8"
}

// screenRun is one kiosk on one private screen.
type screenRun struct {
	t     testing.TB
	app   *testbench.App
	win   string
	size  image.Point
	data  string // the kiosk's data folder
	shots string // where every screen is saved
	tag   string // names this run's screenshots: the test and screen size
	n     int    // screenshots taken
	mark  int    // log read up to here
	cur   string // the screen last shown
	shot  image.Image
	// banner is the development banner's height on the first screen.
	banner int
}

var screenLine = regexp.MustCompile(`msg="screen shown".* screen=([a-z-]+)`)

// startReal starts the kiosk binary bin full screen on a private w×h Xvfb.
func startReal(t testing.TB, bin string, w, h int, kc kioskConfig) *screenRun {
	t.Helper()
	display := testbench.PrivateDisplay(t, w, h)
	app, data := startWithConfig(t, bin, display, kc)
	s := &screenRun{t: t, app: app, size: image.Pt(w, h), data: data, shots: testbench.ScreenshotDir(t),
		tag: "realscreen-" + strings.ReplaceAll(strings.TrimPrefix(t.Name(), "TestRealScreen/"), "/", "-")}
	s.win = app.WaitWindow(t, "Afterimage", 90*time.Second)
	return s
}

// startWithConfig starts bin on display with a config file written from kc
// and a data folder of its own.
func startWithConfig(t testing.TB, bin, display string, kc kioskConfig) (*testbench.App, string) {
	t.Helper()
	data := t.TempDir()
	cfgPath := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(cfgPath, []byte(kc.toml(t, data)), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"AFTERIMAGE_CONFIG=" + cfgPath, "XDG_DATA_HOME=" + data}
	if kc.textAudit {
		env = append(env, "AFTERIMAGE_TEXT_AUDIT=1")
	}
	if kc.noSound {
		// No PulseAudio server to reach: PortAudio finds no device.
		env = append(env, "PULSE_SERVER=unix:"+filepath.Join(data, "no-such-socket"))
	}
	env = append(env, kc.env...)
	return testbench.StartAppOn(t, display, bin, env), data
}

func (kc kioskConfig) toml(t testing.TB, data string) string {
	t.Helper()
	hash, err := staffpin.Hash(staffPIN)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if kc.production {
		fmt.Fprintf(&b, "mode = %q\nkiosk_id = \"lounge-1\"\ndata_dir = %q\n", "production", data)
		fmt.Fprintf(&b, "[remote]\ntype = \"s3\"\nurl = \"http://127.0.0.1:1\"\nbucket = \"pieces\"\n")
	} else {
		fmt.Fprintf(&b, "mode = %q\ndata_dir = %q\n", "development", data)
	}
	fmt.Fprintf(&b, "[kiosk]\nfull_screen = true\nstaff_pin_hash = %q\n", hash)
	if kc.idle > 0 {
		fmt.Fprintf(&b, "idle_minutes = %v\n", kc.idle)
	}
	if kc.countdown > 0 {
		fmt.Fprintf(&b, "idle_countdown_seconds = %v\n", kc.countdown)
	}
	if kc.webhook != "" {
		fmt.Fprintf(&b, "help_webhook = %q\n", kc.webhook)
	}
	if len(kc.languages) > 0 {
		fmt.Fprintf(&b, "language = %q\nlanguages = [\"%s\"]\n", kc.languages[0], strings.Join(kc.languages, `", "`))
	}
	return b.String()
}

// fail stops the test saying on which screen, what was expected, and where
// the screenshot of what was on screen is.
func (s *screenRun) fail(format string, args ...any) {
	s.t.Helper()
	path := s.keepFailure()
	s.t.Fatalf("on screen %q (%s): %s\nscreenshot: %s", s.cur, s.tag, fmt.Sprintf(format, args...), path)
}

// errorf is fail that lets the test go on (for layout checks: what the
// taps then do is worth seeing too).
func (s *screenRun) errorf(format string, args ...any) {
	s.t.Helper()
	path := s.keepFailure()
	s.t.Errorf("on screen %q (%s): %s\nscreenshot: %s", s.cur, s.tag, fmt.Sprintf(format, args...), path)
}

// keepFailure saves the screen in a folder that outlives the test.
func (s *screenRun) keepFailure() string {
	dir := os.Getenv("AFTERIMAGE_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "afterimage-realscreen-failures")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "(none: " + err.Error() + ")"
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-FAILED-%s.png", s.tag, time.Now().Format("150405.000")))
	if out, err := s.app.X("import", "-window", "root", path); err != nil {
		return "(none: " + out + ")"
	}
	return path
}

// expect waits for the kiosk to show screen want next (its log line),
// having done what describes; then for the picture to settle, saves it and
// checks the window still equals the screen.
func (s *screenRun) expect(want, what string) image.Image {
	s.t.Helper()
	var seen []string
	_, next, ok := s.app.WaitLine(s.mark, 20*time.Second, func(l string) bool {
		m := screenLine.FindStringSubmatch(l)
		if m == nil {
			return false
		}
		seen = append(seen, m[1])
		return m[1] == want
	})
	if !ok {
		s.fail("after %s, expected the screen %q; the kiosk showed %v instead", what, want, seen)
	}
	s.mark, s.cur = next, want
	return s.settle(want)
}

// expectNot checks, after waiting within, that the kiosk showed no screen
// at all after what (a tap that must change nothing shown by name).
func (s *screenRun) noScreenWithin(within time.Duration, what string) {
	s.t.Helper()
	if l, next, ok := s.app.WaitLine(s.mark, within, screenLine.MatchString); ok {
		s.mark = next
		s.fail("after %s, expected to stay; the kiosk showed %s", what, screenLine.FindStringSubmatch(l)[1])
	}
}

// settle waits for the picture to stop changing, saves it as name and
// checks the window.
func (s *screenRun) settle(name string) image.Image {
	s.t.Helper()
	s.n++
	path := filepath.Join(s.shots, fmt.Sprintf("%s-%02d-%s.png", s.tag, s.n, name))
	s.shot = s.app.Settled(s.t, "root", nil, path, func(image.Image) bool { return true })
	s.checkWindow()
	s.checkBanner()
	return s.shot
}

// snap saves the screen as it is now (for screens that keep moving, like
// a recording's meter) and checks the window.
func (s *screenRun) snap(name string) image.Image {
	s.t.Helper()
	s.n++
	path := filepath.Join(s.shots, fmt.Sprintf("%s-%02d-%s.png", s.tag, s.n, name))
	s.shot = s.app.Screenshot(s.t, "root", path)
	s.checkWindow()
	return s.shot
}

// bannerHeight is how many rows from the top of the screen show the
// development banner at its left edge.
func bannerHeight(img image.Image) int {
	n := 0
	for y := 0; y < img.Bounds().Dy() && near(img.At(4, y), theme.Banner, 6); y++ {
		n++
	}
	return n
}

// checkBanner asserts the development banner is whole at the top of the
// screen (the first screen's height): a window whose content grew past the
// screen pushes it off the top, and then every tap lands off what is drawn.
func (s *screenRun) checkBanner() {
	s.t.Helper()
	if strings.HasPrefix(s.cur, "help-") || strings.HasPrefix(s.cur, "staff-") || s.cur == "idle-warning" || s.cur == "leave-studio" {
		return // an overlay dims the banner
	}
	if s.banner < 0 {
		return // not in development mode: no banner
	}
	h := bannerHeight(s.shot)
	if s.banner == 0 {
		s.banner = h
	}
	if h < s.banner-2 || h == 0 {
		s.errorf("the development banner shows %d px at the top, want its whole %d px: the content is pushed off the screen", h, s.banner)
	}
}

// checkWindow asserts the kiosk's window is exactly the screen: not grown
// past it, not shifted, not smaller.
func (s *screenRun) checkWindow() {
	s.t.Helper()
	g := s.app.WindowGeometry(s.t, s.win)
	if want := image.Rect(0, 0, s.size.X, s.size.Y); g != want {
		s.errorf("the window is %v (%dx%d), want the screen %v", g, g.Dx(), g.Dy(), want)
	}
}

// tap taps the middle of r (screen coordinates) and expects screen want.
func (s *screenRun) tap(r image.Rectangle, what, want string) image.Image {
	s.t.Helper()
	s.click(r)
	return s.expect(want, "tapping "+what)
}

// click taps the middle of r without expecting a new screen.
func (s *screenRun) click(r image.Rectangle) {
	s.t.Helper()
	c := testbench.Center(r)
	s.app.Xdotool(s.t, "mousemove", itoa(c.X), itoa(c.Y), "click", "1")
}

// regions finds areas filled with c on the last screenshot.
func (s *screenRun) regions(c color.Color) []image.Rectangle { return testbench.Regions(s.shot, c) }

// largest is the biggest area of colour c, or the test fails naming what.
func (s *screenRun) largest(c color.Color, what string) image.Rectangle {
	s.t.Helper()
	rs := s.regions(c)
	if len(rs) == 0 {
		s.fail("%s (colour %v) is not on screen", what, c)
	}
	return testbench.Largest(s.t, rs, what)
}

// byX sorts rectangles left to right; byY top to bottom.
func byX(rs []image.Rectangle) []image.Rectangle {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Min.X < rs[j].Min.X })
	return rs
}

func byY(rs []image.Rectangle) []image.Rectangle {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Min.Y < rs[j].Min.Y })
	return rs
}

var _ = theme.Paper

// TestRealScreen is the real-screen suite (issue 11): the kiosk full screen
// at every size, through every screen and state, and one subtest for each
// defect found on the real screen.
func TestRealScreen(t *testing.T) {
	if !testbench.Active() {
		t.Skip("needs the test bench: run `make test`")
	}
	bin := testbench.BuildCommand(t, "./cmd/afterimage-kiosk")
	for _, sz := range realScreens {
		t.Run(sz.name, func(t *testing.T) {
			t.Run("visit", func(t *testing.T) { realVisit(t, bin, sz.w, sz.h) })
			t.Run("1-strokes-show", func(t *testing.T) { defectStrokes(t, bin, sz.w, sz.h) })
			t.Run("2-recording-keeps-touch", func(t *testing.T) { defectRecordingTouch(t, bin, sz.w, sz.h) })
			t.Run("bad-config", func(t *testing.T) { badConfig(t, bin, sz.w, sz.h) })
			if sz.w != 1280 {
				return // the rest is hardest on the smallest screen
			}
			t.Run("pads", func(t *testing.T) { realPads(t, bin, sz.w, sz.h) })
			t.Run("write", func(t *testing.T) { realWriting(t, bin, sz.w, sz.h) })
			t.Run("3-help-honest", func(t *testing.T) { defectHelpHonest(t, bin, sz.w, sz.h) })
			t.Run("4-staff-corner", func(t *testing.T) { defectStaffCorner(t, bin, sz.w, sz.h) })
			t.Run("5-leave-studio", func(t *testing.T) { defectLeaveStudio(t, bin, sz.w, sz.h) })
			t.Run("6-countdown", func(t *testing.T) { defectCountdown(t, bin, sz.w, sz.h) })
			t.Run("7-wrong-code", func(t *testing.T) { defectWrongCode(t, bin, sz.w, sz.h) })
			t.Run("8-recorder", func(t *testing.T) { defectRecorder(t, bin, sz.w, sz.h) })
			t.Run("9-canvas-size", func(t *testing.T) { defectCanvasSize(t, bin, sz.w, sz.h) })
			t.Run("10-tap-budget", func(t *testing.T) { defectTapBudget(t, bin, sz.w, sz.h) })
			t.Run("quiet-space", func(t *testing.T) { realQuiet(t, bin, sz.w, sz.h) })
			t.Run("spanish", func(t *testing.T) { realSpanish(t, bin, sz.w, sz.h) })
			t.Run("bad-config-spanish", func(t *testing.T) { badConfigSpanish(t, bin, sz.w, sz.h) })
			t.Run("body-map", func(t *testing.T) { realBodyMap(t, bin, sz.w, sz.h) })
		})
	}
}
