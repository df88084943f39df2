package quiet

import (
	"math"
	"syscall"
	"time"
)

// CPUBudget is the share of one core the kiosk's whole process may use
// while the quiet space runs: the pacer draws as often as fits in it.
const CPUBudget = 0.13

// FastestStep and SlowestStep bound how often the scene is drawn: every
// frame of a 60 Hz display at best, four times a second at worst.
const (
	FastestStep = time.Second / 60
	SlowestStep = time.Second / 4
)

// paceWindow is how much wall time the pacer looks at before it adjusts.
const paceWindow = time.Second

// Pacer chooses how often the quiet space draws its scene so that the
// process stays within a CPU budget: a kiosk with a GPU, where a frame
// costs little, draws at 60 frames a second; one drawing on the CPU (Mesa's
// llvmpipe, ~15 ms a frame at 1280×800) draws a few times a second, the
// scene moving a pixel or two between frames. It starts at Step and
// adjusts once a second from the process's CPU time. Not safe for
// concurrent use (the UI goroutine owns it).
type Pacer struct {
	budget   float64
	interval time.Duration
	cpu      func() time.Duration

	since    time.Time     // the window's start
	cpuSince time.Duration // the process's CPU time then
}

// NewPacer paces against budget (a share of one core), reading the CPU
// time the process has used from cpu (nil: ProcessCPU).
func NewPacer(budget float64, cpu func() time.Duration) *Pacer {
	if cpu == nil {
		cpu = ProcessCPU
	}
	return &Pacer{budget: budget, interval: Step, cpu: cpu}
}

// Interval is how long to wait after a frame before drawing the next.
func (p *Pacer) Interval() time.Duration { return p.interval }

// Drawn notes that a frame was drawn at now; once a second's worth of
// frames has been seen, the interval moves towards the budget — longer
// when the process used more than it, shorter when less, by the square
// root of the ratio to 90 % of the budget (damped, so the pace settles
// rather than swings; at most 1.5 times at a time) until the share is
// between 80 and 100 % of the budget — within FastestStep and SlowestStep.
func (p *Pacer) Drawn(now time.Time) {
	cpu := p.cpu()
	if p.since.IsZero() || now.Before(p.since) {
		p.since, p.cpuSince = now, cpu
		return
	}
	wall := now.Sub(p.since)
	if wall < paceWindow {
		return
	}
	share := float64(cpu-p.cpuSince) / float64(wall)
	p.since, p.cpuSince = now, cpu
	if share > 0.8*p.budget && share < p.budget {
		return // close enough under the budget: keep the pace
	}
	ratio := min(max(math.Sqrt(share/(0.9*p.budget)), 1/1.5), 1.5) // aim inside
	next := time.Duration(float64(p.interval) * ratio)
	p.interval = min(max(next, FastestStep), SlowestStep)
}

// ProcessCPU is the CPU time this process has used so far, user and
// system, all threads (getrusage); 0 if it cannot be read.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
