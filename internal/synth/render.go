package synth

import (
	"context"
	"fmt"
	"math"
	"time"
)

// renderBlock is how many samples Render makes between looks at ctx and at
// the next event.
const renderBlock = 1024

// Render plays p into a fresh engine, each event at its exact sample, and
// returns the sound as 16-bit mono at Rate: up to the last event, then
// until every note has rung out (at most four seconds more). The same
// performance always gives the same samples.
func Render(ctx context.Context, p *Performance) ([]int16, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	e, err := New(p.Mood, p.Timbre)
	if err != nil {
		return nil, err
	}
	end := toSamples(p.Duration())
	limit := end + toSamples(maxTail)
	pcm := make([]int16, 0, limit)
	buf := make([]float32, renderBlock)
	next := 0
	for at := uint64(0); ; {
		for next < len(p.Events) && toSamples(p.Events[next].At) <= at {
			e.apply(command{action: p.Events[next].Action, value: int32(p.Events[next].Value)})
			next++
		}
		if next == len(p.Events) {
			e.StopDrone()
			if at >= limit || (at >= end && !e.Sounding()) {
				break
			}
		}
		n := uint64(renderBlock)
		if next < len(p.Events) {
			n = min(n, toSamples(p.Events[next].At)-at)
		}
		n = min(n, max(limit-at, 1))
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("synth: render: %w", err)
		}
		out := buf[:n]
		e.mix(out)
		for _, s := range out {
			pcm = append(pcm, int16(math.Round(float64(s)*32767)))
		}
		at += n
	}
	return pcm, nil
}

func toSamples(d time.Duration) uint64 {
	return uint64(d.Milliseconds()) * Rate / 1000
}
