package quiet

import (
	"testing"
	"time"
)

// machine is a process whose CPU time grows by a fixed share of a core
// (Fyne's loop, the sound) plus a cost per frame drawn.
type machine struct {
	fixed    float64
	perFrame time.Duration
	cpu      time.Duration
}

// run draws frames at the pacer's pace for d and returns the share of a
// core used over the last second and the frames drawn in it.
func (m *machine) run(p *Pacer, start time.Time, d time.Duration) (share float64, frames int) {
	now := start
	var lastCPU time.Duration
	for now.Sub(start) < d {
		step := p.Interval()
		now = now.Add(step)
		m.cpu += time.Duration(m.fixed*float64(step)) + m.perFrame
		p.Drawn(now)
		if now.Sub(start) > d-time.Second {
			if frames == 0 {
				lastCPU = m.cpu
			}
			frames++
		}
	}
	return float64(m.cpu-lastCPU) / float64(time.Second), frames
}

func TestThePacerKeepsTheBudget(t *testing.T) {
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name           string
		fixed          float64
		perFrame       time.Duration
		minFPS, maxFPS int
		shareAtMost    float64
	}{
		// A GPU: frames cost little, so every 60 Hz frame is drawn.
		{"gpu", 0.03, time.Millisecond, 58, 61, CPUBudget},
		// The bench's software rasteriser: ~15 ms a frame at 1280×800.
		{"llvmpipe", 0.05, 15 * time.Millisecond, 4, 9, CPUBudget * 1.05},
		// A machine too slow for the budget at any pace: the slowest.
		{"too slow", 0.2, 40 * time.Millisecond, 3, 5, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := &machine{fixed: c.fixed, perFrame: c.perFrame}
			p := NewPacer(CPUBudget, func() time.Duration { return m.cpu })
			share, frames := m.run(p, start, 60*time.Second)
			if frames < c.minFPS || frames > c.maxFPS {
				t.Errorf("%d frames in the last second (interval %v), want %d–%d", frames, p.Interval(), c.minFPS, c.maxFPS)
			}
			if share > c.shareAtMost {
				t.Errorf("%.1f %% of a core in the last second, want at most %.1f %%", 100*share, 100*c.shareAtMost)
			}
		})
	}
}

func TestThePacerStartsAtStep(t *testing.T) {
	p := NewPacer(CPUBudget, nil)
	if p.Interval() != Step {
		t.Fatalf("starts at %v, want %v", p.Interval(), Step)
	}
	if ProcessCPU() <= 0 {
		t.Fatal("no CPU time read for this process")
	}
}
