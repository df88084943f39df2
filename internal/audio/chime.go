package audio

import (
	"context"
	"math"
)

// Chime plays two soft notes (660 Hz then 880 Hz, 0.6 s each) on the
// default output: the kiosk's call for staff. It returns nil only when an
// output stream was opened and the whole chime was handed to it and played
// out; no output device, or a device that does not play it within ctx, is
// an error: nobody heard it.
func Chime(ctx context.Context) error {
	const rate = SampleRate
	n := rate * 6 / 10
	pcm := make([]int16, 2*n)
	for i := range pcm {
		f := 660.0
		if i >= n {
			f = 880
		}
		t := float64(i%n) / rate
		env := math.Exp(-4*t) * math.Min(1, t*200)
		pcm[i] = int16(0.25 * 32767 * env * math.Sin(2*math.Pi*f*t))
	}
	done := make(chan struct{})
	p := NewPlayer(Clip{Samples: pcm}, PlayerOptions{OnFinished: func() { close(done) }})
	defer p.Close()
	if err := p.Play(); err != nil {
		return err
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
