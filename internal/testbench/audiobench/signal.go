package audiobench

import "math"

// Sine returns n mono samples of a sine of freq Hz and amplitude amp
// (0..1 of full scale) at rate.
func Sine(freq, amp float64, rate, n int) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(math.Round(amp * 32767 * math.Sin(2*math.Pi*freq*float64(i)/float64(rate))))
	}
	return out
}

// Floats is pcm as samples of -1..1, for RMS, Power and DominantFrequency.
func Floats(pcm []int16) []float32 {
	out := make([]float32, len(pcm))
	for i, v := range pcm {
		out[i] = float32(v) / 32768
	}
	return out
}

// RMS returns the root mean square of x, as a fraction of full scale.
func RMS(x []float32) float64 {
	if len(x) == 0 {
		return 0
	}
	var sum float64
	for _, v := range x {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(x)))
}

// DominantFrequency returns the frequency in Hz with the most energy in x,
// searched from lo to hi Hz in steps of step Hz with the Goertzel algorithm
// and refined by a parabola through the peak and its neighbours.
func DominantFrequency(x []float32, rate int, lo, hi, step float64) float64 {
	best, bestP := lo, -1.0
	power := func(f float64) float64 { return Power(x, rate, f) }
	for f := lo; f <= hi; f += step {
		if p := power(f); p > bestP {
			best, bestP = f, p
		}
	}
	l, r := power(best-step), power(best+step)
	if d := l - 2*bestP + r; d != 0 {
		best += step * 0.5 * (l - r) / d
	}
	return best
}

// Power is the energy of x at freq Hz (the Goertzel algorithm).
func Power(x []float32, rate int, freq float64) float64 {
	w := 2 * math.Pi * freq / float64(rate)
	c := 2 * math.Cos(w)
	var s1, s2 float64
	for _, v := range x {
		s0 := float64(v) + c*s1 - s2
		s2, s1 = s1, s0
	}
	return s1*s1 + s2*s2 - c*s1*s2
}

// DB returns 20·log10(ratio).
func DB(ratio float64) float64 { return 20 * math.Log10(ratio) }
