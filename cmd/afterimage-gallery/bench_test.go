package main

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// workspace is the real gallery binary on a private 1366x768 Xvfb over a
// seeded development gallery, unlocked once (untimed) to find where the
// first screen of thumbnails is.
type workspace struct {
	app      *testbench.App
	win      string
	probe    *xprobe
	patients []seededPatient
	// thumbs are the middles of the thumbnails the first screen of a
	// 200-piece patient shows (window coordinates).
	thumbs []image.Point
	// row0 is the patients list's first row, search is its search field
	// (window coordinates).
	row0, search image.Point
	firstUnlock  time.Duration // Return → patient view logged, in a fresh process
	ignored      int           // clicks on a patient's row the gallery did not take
}

// startWorkspace seeds per (patient i has per[i] pieces, visits of 20,
// patient 0 the most recent) and starts the gallery on it, unlocked.
func startWorkspace(tb testing.TB, per []int) *workspace {
	tb.Helper()
	data := tb.TempDir()
	tb.Setenv("XDG_DATA_HOME", data)
	tb.Setenv("AFTERIMAGE_CONFIG", "")
	cfg, err := config.Load("")
	if err != nil {
		tb.Fatal(err)
	}
	w := &workspace{}
	w.patients = seedClinic(tb, cfg, per, 20)
	bin := testbench.BuildCommand(tb, "./cmd/afterimage-gallery")
	display := testbench.PrivateDisplay(tb, 1366, 768)
	// gctrace: the Go runtime prints its heap at each collection, which
	// splits the process's RSS into Go heap and the rest (Mesa, cgo).
	w.app = testbench.StartAppOn(tb, display, bin, []string{"XDG_DATA_HOME=" + data, "AFTERIMAGE_CONFIG=", "GODEBUG=gctrace=1"})
	w.win = w.app.WaitWindow(tb, "Afterimage Gallery", 60*time.Second)
	w.app.Settled(tb, w.win, nil, "", func(img image.Image) bool { return true })
	geo := w.app.WindowGeometry(tb, w.win)
	w.probe = dialProbe(tb, display, w.win, geo.Min)

	mark := w.app.Mark()
	at := time.Now()
	w.app.Xdotool(tb, "key", "Return")
	if _, _, ok := w.app.WaitLine(mark, 60*time.Second, func(l string) bool {
		return strings.Contains(l, `msg="patient view shown"`) && strings.Contains(l, fmt.Sprintf("pieces=%d", per[0]))
	}); !ok {
		tb.Fatal("Return did not unlock the gallery into the most recent patient's view")
	}
	w.firstUnlock = time.Since(at)
	shot := w.app.Settled(tb, w.win, nil, benchShot("first"), func(img image.Image) bool {
		return len(testbench.Regions(img, w.patients[0].colour)) >= 4
	})
	for _, r := range testbench.Regions(shot, w.patients[0].colour) {
		w.thumbs = append(w.thumbs, testbench.Center(r))
	}
	// The patients list is the left quarter: its search field on top, the
	// first row under it. Found from the layout: the first row is
	// selected (the most recent patient), the search field is the
	// entry above it.
	w.search, w.row0 = listPlaces(tb, shot)
	return w
}

// benchShot is where the benchmark keeps a screenshot for a person to look
// at (the system's temporary folder: not docs/screenshots, which make
// screenshots fills from the smoke tests).
func benchShot(name string) string {
	return filepath.Join(os.TempDir(), "afterimage-gallery-bench-"+name+".png")
}

// listPlaces finds the patients search field and the first row in a
// screenshot of the unlocked window: in the left quarter, the first
// row is the topmost band of the selection colour, and the search field
// the band of the entry background above it.
func listPlaces(tb testing.TB, shot image.Image) (search, row0 image.Point) {
	tb.Helper()
	b := shot.Bounds()
	x := b.Dx() / 10
	// Walk down the column at x: the entry (a box with a border), then
	// the rows. The selected first row differs in colour from the rows
	// under it; take the first run of 20+ px of one colour that is not
	// the window's background under the header.
	type run struct {
		y0, y1 int
		c      [3]uint32
	}
	var runs []run
	for y := b.Min.Y; y < b.Max.Y; y++ {
		r, g, bl, _ := shot.At(x, y).RGBA()
		c := [3]uint32{r >> 8, g >> 8, bl >> 8}
		if len(runs) > 0 && runs[len(runs)-1].c == c {
			runs[len(runs)-1].y1 = y
			continue
		}
		runs = append(runs, run{y, y, c})
	}
	var long []run
	for _, r := range runs {
		if r.y1-r.y0 >= 20 {
			long = append(long, r)
		}
	}
	tb.Logf("left column runs of 20+ px at x=%d: %v", x, long)
	if len(long) < 3 {
		tb.Fatalf("cannot find the patients list in the screenshot")
	}
	// long[0] is the full-text search entry (x is under it), then the
	// paper, then the patients search entry (the same colour as the
	// first), then the first row, selected (neither entry nor paper).
	entry, paper := long[0].c, long[1].c
	for i := 2; i+1 < len(long); i++ {
		if long[i].c == entry && long[i+1].c != paper && long[i+1].c != entry {
			return image.Pt(x, (long[i].y0+long[i].y1)/2), image.Pt(x, (long[i+1].y0+long[i+1].y1)/2)
		}
	}
	tb.Fatalf("cannot find the patients search field and its selected first row")
	return
}

// openPatient types code into the patients search, waits for the list to
// show that one patient, then clicks its row, and returns the time of the
// click (after xdotool has sent it). A click the gallery does not answer
// with the patient's view within 3 s is repeated (counted in w.ignored):
// right after an unlock the first click on a filtered row is sometimes
// not taken (seen on the real driver only; see the report).
func (w *workspace) openPatient(tb testing.TB, p seededPatient) time.Time {
	tb.Helper()
	list := image.Rect(0, w.search.Y+30, 2*w.row0.X, w.row0.Y+100)
	// where a second row of the list shows its code and details
	second := image.Rect(8, w.row0.Y+70, 2*w.row0.X-8, w.row0.Y+135)
	w.probe.move(tb, w.search)
	w.probe.click(tb, 1)
	w.app.Xdotool(tb, "key", "ctrl+a")
	w.app.Xdotool(tb, "type", "--delay", "1", p.code)
	// The list filters as the code is typed, each key's answer replacing
	// the last, and under load an answer can take a while: wait until it
	// shows one row (the patient typed), then until it has stopped
	// changing (not timed). A click while it still showed an earlier
	// answer could land on the row of the patient already open, which
	// rightly does nothing.
	if !w.probe.waitUniform(tb, second, 10*time.Second) {
		tb.Logf("the patients list did not come down to one row within 10 s of typing %s", p.code)
	}
	w.probe.waitStill(tb, list, 200*time.Millisecond, 10*time.Second)
	for click := range 3 {
		mark := w.app.Mark()
		at := time.Now()
		w.app.Xdotool(tb, "mousemove", "--window", w.win, fmt.Sprint(w.row0.X), fmt.Sprint(w.row0.Y), "click", "1")
		if _, _, ok := w.app.WaitLine(mark, 3*time.Second, func(l string) bool {
			return strings.Contains(l, `msg="patient view shown"`) && strings.Contains(l, fmt.Sprintf("pieces=%d", p.pieces))
		}); ok {
			return at
		}
		w.ignored++
		tb.Logf("click %d on patient %s's row not taken", click+1, p.code)
	}
	tb.Fatalf("three clicks on the patients list's only row did not open patient %s", p.code)
	return time.Time{}
}

// rss is the gallery process's resident set and its peak, in MiB (from
// /proc/PID/status: VmRSS and VmHWM).
func rss(tb testing.TB, pid int) (now, peak float64) {
	tb.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	kb := func(key string) float64 {
		m := regexp.MustCompile(key + `:\s+(\d+) kB`).FindSubmatch(data)
		if m == nil {
			tb.Fatalf("no %s in /proc/%d/status", key, pid)
		}
		v, _ := strconv.Atoi(string(m[1]))
		return float64(v) / 1024
	}
	return kb("VmRSS"), kb("VmHWM")
}

// cpuTime is the CPU time (user + system, all threads) the process has
// used, from /proc/PID/stat (10 ms resolution).
func cpuTime(tb testing.TB, pid int) time.Duration {
	tb.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		tb.Fatal(err)
	}
	// Fields after the command name, which is in parentheses.
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return time.Duration(utime+stime) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

// BenchmarkGalleryWorkspace measures the gallery workspace on its real path:
// the real binary under Xvfb (Mesa llvmpipe), 10,000 pieces indexed (45
// patients of 200 pieces and one of 1,000, seeded straight into the
// encrypted cache and index; see seedClinic), input faked through XTEST and
// results read from the X server. Per run it reports:
//   - unlock-p50/p95-ms: Return on the lock screen (xdotool started) →
//     every thumbnail of the most recent patient's first screen shows its
//     picture in the framebuffer; after Ctrl+L in the same process (the
//     development key: no passphrase KDF, see BenchmarkIdentityFileKDF in
//     internal/seal). first-unlock-ms: the first unlock of a fresh
//     process, Return → "patient view shown" logged.
//   - switch-p50/p95-ms: click on a 200-piece patient never opened before
//     (released, as the X server took it) → every thumbnail of its first
//     screen shows its picture.
//   - scroll-frame-p50/p99-ms, late-frames-%: the 1,000-piece patient's
//     grid scrolled by the wheel (XTEST button 5, 4 notches every 16.7 ms
//     for 8 s, top to bottom); the interval between consecutive frames
//     the gallery presents (XDamage events on its window), and the share
//     of intervals over 25 ms (a missed 60 Hz tick). Fyne's loop paints at
//     most once per 16.7 ms tick, so 16.7 ms is the floor.
//   - rss-MiB, peak-rss-MiB, thumbnails: the process's VmRSS and VmHWM
//     after that scroll and the patient switches, and how many decoded
//     thumbnails it held then (logged when Ctrl+L drops them).
func BenchmarkGalleryWorkspace(b *testing.B) {
	if !testbench.Active() {
		b.Skip("needs the test bench (make bench)")
	}
	per := make([]int, 46)
	for i := range per {
		per[i] = 200
	}
	per[1] = 1000
	for range b.N {
		runWorkspace(b, b.ReportMetric, per, 5, 20, 8*time.Second)
	}
}

// runWorkspace is one run of BenchmarkGalleryWorkspace with unlocks warm
// unlocks, switches patient switches (at most len(per)-2) and scrollFor
// of scrolling patient 1's grid; it reports its figures through report.
func runWorkspace(b testing.TB, report func(float64, string), per []int, unlocks, switches int, scrollFor time.Duration) {
	w := startWorkspace(b, per)
	report(ms(w.firstUnlock), "first-unlock-ms")
	b.Logf("first screen: %d thumbnails; list search at %v, first row at %v", len(w.thumbs), w.search, w.row0)

	// Unlock, warm process.
	var unlock, unlockCPU []time.Duration
	for range unlocks {
		mark := w.app.Mark()
		w.app.Xdotool(b, "key", "ctrl+l")
		if _, _, ok := w.app.WaitLine(mark, 10*time.Second, func(l string) bool { return strings.Contains(l, "screen=lock") }); !ok {
			b.Fatal("Ctrl+L did not lock")
		}
		w.app.Settled(b, w.win, nil, "", func(img image.Image) bool { return len(testbench.Regions(img, w.patients[0].colour)) == 0 })
		cpu0 := cpuTime(b, w.app.Pid())
		at := time.Now()
		w.app.Xdotool(b, "key", "Return")
		d, ok := w.probe.waitShows(b, w.thumbs, w.patients[0].colour, at, 60*time.Second)
		if !ok {
			b.Fatal("the patient view's thumbnails were not on screen within 60 s of unlocking")
		}
		unlock = append(unlock, d)
		unlockCPU = append(unlockCPU, cpuTime(b, w.app.Pid())-cpu0)
	}
	b.Logf("unlock → first screen of thumbnails (ms): %s; gallery CPU time meanwhile (ms): %s", fmtMs(unlock), fmtMs(unlockCPU))
	report(ms(percentile(unlockCPU, 0.5)), "unlock-cpu-p50-ms")
	report(ms(percentile(unlock, 0.5)), "unlock-p50-ms")
	report(ms(percentile(unlock, 0.95)), "unlock-p95-ms")

	// Switching to patients never opened in this process.
	var sw []time.Duration
	for i := 2; i < 2+switches && i < len(w.patients); i++ {
		p := w.patients[i]
		at := w.openPatient(b, p)
		d, ok := w.probe.waitShows(b, w.thumbs, p.colour, at, 30*time.Second)
		if !ok {
			w.app.Screenshot(b, w.win, benchShot("failed"))
			b.Fatalf("patient %d's thumbnails were not on screen within 30 s of the click", i)
		}
		sw = append(sw, d)
	}
	b.Logf("switch → first screen of thumbnails (ms): %s; clicks not taken: %d", fmtMs(sw), w.ignored)
	report(ms(percentile(sw, 0.5)), "switch-p50-ms")
	report(ms(percentile(sw, 0.95)), "switch-p95-ms")

	// Scrolling the 1,000-piece grid.
	big := w.patients[1]
	w.openPatient(b, big)
	if _, ok := w.probe.waitShows(b, w.thumbs, big.colour, time.Now(), 30*time.Second); !ok {
		b.Fatal("the big patient's thumbnails were not on screen")
	}
	w.probe.move(b, w.thumbs[len(w.thumbs)/2])
	time.Sleep(200 * time.Millisecond) // the hover's frame is not part of the scroll
	w.probe.frames.Start()
	cpu0 := cpuTime(b, w.app.Pid())
	tick := time.NewTicker(time.Second / 60)
	began := time.Now()
	for time.Since(began) < scrollFor {
		<-tick.C
		for range 4 {
			w.probe.click(b, 5)
		}
	}
	tick.Stop()
	scrolled := time.Since(began)
	time.Sleep(500 * time.Millisecond) // the last frames
	frames, events := w.probe.frames.Stop()
	scrollCPU := cpuTime(b, w.app.Pid()) - cpu0
	w.app.Screenshot(b, w.win, benchShot("scrolled"))
	var gaps []time.Duration
	late := 0
	for i := 1; i < len(frames); i++ {
		if frames[i].Sub(began) > scrolled+500*time.Millisecond {
			break // the last frames of the scroll may land after its last event
		}
		g := frames[i].Sub(frames[i-1])
		gaps = append(gaps, g)
		if g > 25*time.Millisecond {
			late++
		}
	}
	if len(gaps) < 1 {
		b.Fatalf("only %d frames (%d damage events) presented while scrolling for %v", len(frames), events, scrolled)
	}
	b.Logf("scroll: %d frames in %v (%.1f/s), interval p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d over 25 ms",
		len(gaps)+1, scrolled.Round(time.Millisecond), float64(len(gaps))/scrolled.Seconds(),
		ms(percentile(gaps, 0.5)), ms(percentile(gaps, 0.99)), ms(slices.Max(gaps)), late)
	report(ms(percentile(gaps, 0.5)), "scroll-frame-p50-ms")
	report(ms(percentile(gaps, 0.99)), "scroll-frame-p99-ms")
	report(100*float64(late)/float64(len(gaps)), "late-frames-%")
	report(float64(len(gaps))/scrolled.Seconds(), "scroll-fps")
	report(ms(scrollCPU)/float64(len(frames)), "scroll-cpu-ms/frame")
	b.Logf("scroll: gallery CPU time %v over %d frames", scrollCPU, len(frames))

	// Memory, after every thumbnail the scroll asked for is decoded.
	time.Sleep(3 * time.Second) // the thumbnail workers finish the last screens' requests
	now, peak := rss(b, w.app.Pid())
	heap := -1.0 // the Go heap live after the last collection, MB
	for _, m := range regexp.MustCompile(`gc \d+ @[^\n]*?->\d+->(\d+) MB`).FindAllStringSubmatch(w.app.Output(), -1) {
		heap, _ = strconv.ParseFloat(m[1], 64)
	}
	mark := w.app.Mark()
	w.app.Xdotool(b, "key", "ctrl+l")
	line, _, ok := w.app.WaitLine(mark, 10*time.Second, func(l string) bool { return strings.Contains(l, `msg="gallery: locked"`) })
	if !ok {
		b.Fatal("Ctrl+L did not lock")
	}
	held := regexp.MustCompile(`thumbnails_dropped=(\d+)`).FindStringSubmatch(line)
	if held == nil {
		b.Fatalf("lock line without a thumbnail count: %s", line)
	}
	n, _ := strconv.Atoi(held[1])
	b.Logf("memory: VmRSS %.0f MiB, VmHWM %.0f MiB, Go heap live after the last GC %.0f MB, %d thumbnails held", now, peak, heap, n)
	report(heap, "go-heap-MB")
	report(now, "rss-MiB")
	report(peak, "peak-rss-MiB")
	report(float64(n), "thumbnails")
}

// TestGalleryWorkspaceBenchSmoke runs BenchmarkGalleryWorkspace's path on
// a small gallery (four patients, one unlock, two switches, 1 s of
// scrolling), so that make test keeps it working; it asserts that each
// step happened, never how fast.
func TestGalleryWorkspaceBenchSmoke(t *testing.T) {
	got := map[string]float64{}
	runWorkspace(t, func(v float64, unit string) { got[unit] = v }, []int{20, 80, 20}, 1, 1, time.Second)
	for _, unit := range []string{"unlock-p50-ms", "switch-p95-ms", "scroll-fps", "rss-MiB", "thumbnails"} {
		if got[unit] <= 0 {
			t.Errorf("%s: %v", unit, got[unit])
		}
	}
	t.Logf("%v", got)
}
