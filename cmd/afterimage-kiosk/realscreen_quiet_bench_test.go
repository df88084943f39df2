package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/logsetup"
	"github.com/afterimage-clinic/afterimage/internal/quiet"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// BenchmarkRealScreenQuiet (issue 17: CPU under 15 % of one core at
// 1280×800, frame time p99 under 16.7 ms through the real driver): the
// kiosk binary full screen on a private 1280×800 Xvfb (Mesa llvmpipe), in
// the quiet space from Welcome (5 minutes, breathing guide and soft sound
// on, the sound through the bench's PulseAudio when it runs under
// runbench). Once the scene has risen from the paper, for 20 s:
//
//   - cpu-%: the kiosk process's CPU time (utime + stime of
//     /proc/<pid>/stat, all its threads: Go, Mesa's llvmpipe, PortAudio)
//     over the wall time, in % of one core;
//   - frames/s and the interval between presented frames, p50/p99/max:
//     each frame Mesa puts into the window damages it, and XDamage
//     events reach the benchmark's own X client (events 2 ms apart or
//     closer are one frame: testbench.WatchFrames);
//   - frame-ms p50/p99/max, the frame time: from the moment the scene
//     moved (the kiosk, run with AFTERIMAGE_LOG_LEVEL=debug, logs "quiet
//     space frame" as its animation tick starts a frame) to that frame's
//     damage reaching the benchmark — the kiosk's work for one frame:
//     laying the scene out, Fyne painting the window, llvmpipe
//     rasterising it, the frame put into the X server.
//
// ns/op is meaningless here.
func BenchmarkRealScreenQuiet(b *testing.B) {
	const w, h, window = 1280, 800, 20 * time.Second
	bin := testbench.BuildCommand(b, "./cmd/afterimage-kiosk")
	s := startReal(b, bin, w, h, kioskConfig{env: []string{logsetup.EnvLevel + "=debug"}})
	s.expect("welcome", "starting the kiosk")
	x := testbench.DialX(b, s.app.Display)
	probe := testbench.WatchFrames(b, s.app.Display, s.win)
	s.enterQuiet(2)
	s.sceneShows(x)
	pid := s.app.Pid()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cpu0, t0 := cpuTime(b, pid), time.Now()
		probe.Start()
		<-time.After(window) // the measuring window itself
		frames, _ := probe.Stop()
		cpu, wall := cpuTime(b, pid)-cpu0, time.Since(t0)
		var gaps []time.Duration
		for j := 1; j < len(frames); j++ {
			gaps = append(gaps, frames[j].Sub(frames[j-1]))
		}
		if len(gaps) == 0 {
			b.Fatal("no frames presented in 20 s: the scene is not moving")
		}
		slices.Sort(gaps)
		q := func(p float64) float64 { return quantileMs(gaps, p) }
		work, skyWork := frameTimes(b, s.app.Output(), frames)
		if len(work) < len(frames)/2 {
			b.Fatalf("only %d of %d frames follow a \"quiet space frame\" line", len(work), len(frames))
		}
		b.ReportMetric(quantileMs(work, 0.5), "frame-p50-ms")
		b.ReportMetric(quantileMs(work, 0.99), "frame-p99-ms")
		b.ReportMetric(quantileMs(work, 1), "frame-max-ms")
		b.Logf("frame time (scene moved → its frame's damage), %d frames: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
			len(work), quantileMs(work, 0.5), quantileMs(work, 0.99), quantileMs(work, 1))
		if len(skyWork) > 0 {
			b.Logf("of them the %d with a new sky: p50 %.1f ms, max %.1f ms", len(skyWork), quantileMs(skyWork, 0.5), quantileMs(skyWork, 1))
		}
		b.ReportMetric(0, "ns/op")
		b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "cpu-%")
		b.ReportMetric(float64(len(frames))/wall.Seconds(), "frames/s")
		b.ReportMetric(q(0.5), "p50-ms")
		b.ReportMetric(q(0.99), "p99-ms")
		b.ReportMetric(q(1), "max-ms")
		b.Logf("%v: CPU %.2f s (%.1f %% of a core), %d frames (%.1f/s), interval p50 %.1f ms, p99 %.1f ms, max %.1f ms; load average %s",
			wall.Round(time.Millisecond), cpu.Seconds(), 100*cpu.Seconds()/wall.Seconds(), len(frames),
			float64(len(frames))/wall.Seconds(), q(0.5), q(0.99), q(1), loadAverage())
	}
	b.StopTimer()
}

// quantileMs is the p-quantile of sorted durations, in milliseconds.
func quantileMs(sorted []time.Duration, p float64) float64 {
	return float64(sorted[min(len(sorted)-1, int(p*float64(len(sorted))))].Microseconds()) / 1000
}

// frameTimes pairs each presented frame with the kiosk's latest "quiet
// space frame" line before it (the log's time, to the millisecond) and
// returns the times between, sorted, and apart those of the frames that
// painted a new sky. A frame with no such line within quiet.Step before it
// (a fade's or the text's own refresh) is left out.
func frameTimes(b *testing.B, log string, frames []time.Time) (all, newSky []time.Duration) {
	b.Helper()
	var starts []time.Time
	sky := map[time.Time]bool{}
	for _, line := range strings.Split(log, "\n") {
		if !strings.Contains(line, `msg="quiet space frame"`) {
			continue
		}
		f := strings.Fields(line)
		if len(f) == 0 || !strings.HasPrefix(f[0], "time=") {
			b.Fatalf("log line without a time first: %q", line)
		}
		t, err := time.Parse(time.RFC3339Nano, strings.TrimPrefix(f[0], "time="))
		if err != nil {
			b.Fatalf("log line %q: %v", line, err)
		}
		starts = append(starts, t)
		sky[t] = slices.Contains(f, "sky=true")
	}
	for _, fr := range frames {
		i, _ := slices.BinarySearchFunc(starts, fr, func(s, t time.Time) int { return s.Compare(t) })
		if i == 0 {
			continue
		}
		if d := fr.Sub(starts[i-1]); d < quiet.Step {
			all = append(all, d)
			if sky[starts[i-1]] {
				newSky = append(newSky, d)
			}
		}
	}
	slices.Sort(all)
	slices.Sort(newSky)
	return all, newSky
}

// cpuTime is the process's CPU time so far, all threads: utime + stime
// from /proc/<pid>/stat, in clock ticks of 1/100 s (USER_HZ on Linux).
func cpuTime(b *testing.B, pid int) time.Duration {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// The command name, in parentheses, may hold spaces: fields count
	// from after its closing parenthesis (state is field 3).
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	utime, err1 := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		b.Fatalf("read /proc/%d/stat: %v %v", pid, err1, err2)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// loadAverage is the machine's 1, 5 and 15-minute load averages.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}
