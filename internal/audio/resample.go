package audio

// resampler converts a stream from one rate to SampleRate by linear
// interpolation; good enough for a microphone whose device refuses 48 kHz.
type resampler struct {
	step float64 // input samples per output sample
	pos  float64 // position of the next output sample, relative to prev
	prev int16   // last input sample of the previous block
	has  bool
}

func newResampler(inRate int) *resampler {
	return &resampler{step: float64(inRate) / SampleRate}
}

// process appends the resampled form of in to out.
func (r *resampler) process(out []int16, in []int16) []int16 {
	if len(in) == 0 {
		return out
	}
	if !r.has {
		r.prev, r.has, r.pos = in[0], true, 0
	}
	// Sample k of the virtual signal: k == 0 is prev, k >= 1 is in[k-1].
	at := func(k int) float64 {
		if k == 0 {
			return float64(r.prev)
		}
		return float64(in[k-1])
	}
	n := len(in)
	for r.pos < float64(n) {
		k := int(r.pos)
		f := r.pos - float64(k)
		v := at(k)*(1-f) + at(k+1)*f
		out = append(out, int16(v))
		r.pos += r.step
	}
	r.pos -= float64(n)
	r.prev = in[n-1]
	return out
}
