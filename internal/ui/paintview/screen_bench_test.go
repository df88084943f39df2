package paintview_test

import (
	"image"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// BenchmarkScreenInputToPixel is input → stroke pixels visible in the X
// framebuffer on the real Fyne driver (Xvfb, Mesa llvmpipe), with the
// canvas full screen on the bench's 1920×1080 display (1:1): the dirty-tile
// path end to end — Dragged, painting, FlushDirty, the driver's frame that
// re-uploads the dirty tiles' textures and draws. Each iteration drags
// 100 moves of 12 px (at most 120/s) with testdata/inputlag, an X client
// that moves the pointer and reads the screen around the new segment until
// it changes. Reports p50, p95 and max in ms over all moves; run it with
// -benchtime 1x or a few x. It needs the bench's display.
func BenchmarkScreenInputToPixel(b *testing.B) {
	if !testbench.Active() {
		b.Skip("needs the bench's Xvfb: run under .tools/bin/runbench (make bench)")
	}
	app := testbench.BuildCommand(b, "./internal/ui/paintview/testdata/canvasapp")
	lag := testbench.BuildCommand(b, "./internal/ui/paintview/testdata/inputlag")
	a := testbench.StartApp(b, app, []string{"FYNE_SCALE=1", "CANVASAPP_BRUSH=3:32"})
	win := a.WaitWindow(b, "Afterimage canvas test", 60*time.Second)
	a.Settled(b, win, nil, "", func(img image.Image) bool { return testbench.Share(img, paint.Paper) > 0.5 })
	var lat []float64
	timeouts := 0
	for b.Loop() {
		a.Xdotool(b, "mousemove", "200", "200", "mousedown", "1")
		cmd := exec.Command(lag, "-x0", "200", "-y0", "200", "-w", "1500", "-n", "100", "-r", "16")
		cmd.Env = append(os.Environ(), "DISPLAY="+a.Display)
		out, err := cmd.Output()
		a.Xdotool(b, "mouseup", "1")
		if err != nil {
			b.Fatalf("inputlag: %v", err)
		}
		for _, l := range strings.Fields(string(out)) {
			if l == "timeout" {
				timeouts++
				continue
			}
			us, err := strconv.Atoi(l)
			if err != nil {
				b.Fatalf("inputlag printed %q", l)
			}
			lat = append(lat, float64(us)/1000)
		}
		// blank paper for the next iteration, on screen too
		b.StopTimer()
		a.Xdotool(b, "key", "Delete")
		a.Settled(b, win, nil, "", func(img image.Image) bool { return testbench.Share(img, paint.Paper) > 0.99 })
		b.StartTimer()
	}
	if len(lat) == 0 {
		b.Fatalf("no move showed on screen (%d timeouts)", timeouts)
	}
	slices.Sort(lat)
	b.ReportMetric(lat[len(lat)/2], "p50-ms")
	b.ReportMetric(lat[len(lat)*95/100], "p95-ms")
	b.ReportMetric(lat[len(lat)-1], "max-ms")
	b.ReportMetric(float64(timeouts), "timeouts")
	b.Logf("%d moves, %d did not show within 1 s", len(lat)+timeouts, timeouts)
}
