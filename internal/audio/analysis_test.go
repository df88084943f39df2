package audio

import (
	"math"
	"math/cmplx"
)

// dominantFrequency finds the strongest frequency in pcm with an FFT over
// the largest power-of-two window (Hann), refined by parabolic interpolation.
func dominantFrequency(pcm []int16, rate int) float64 {
	n := 1
	for n*2 <= len(pcm) && n < 1<<17 {
		n *= 2
	}
	x := make([]complex128, n)
	for i := range n {
		w := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n-1))
		x[i] = complex(float64(pcm[i])*w, 0)
	}
	fft(x)
	best := 1
	mag := func(k int) float64 { return cmplx.Abs(x[k]) }
	for k := 1; k < n/2; k++ {
		if mag(k) > mag(best) {
			best = k
		}
	}
	a, b, c := math.Log(mag(best-1)+1e-9), math.Log(mag(best)+1e-9), math.Log(mag(best+1)+1e-9)
	d := 0.5 * (a - c) / (a - 2*b + c)
	return (float64(best) + d) * float64(rate) / float64(n)
}

// fft is an in-place iterative radix-2 transform; len(x) is a power of two.
func fft(x []complex128) {
	n := len(x)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j |= bit
		if i < j {
			x[i], x[j] = x[j], x[i]
		}
	}
	for size := 2; size <= n; size <<= 1 {
		w := cmplx.Exp(complex(0, -2*math.Pi/float64(size)))
		for start := 0; start < n; start += size {
			wk := complex(1, 0)
			for k := range size / 2 {
				u, v := x[start+k], x[start+k+size/2]*wk
				x[start+k], x[start+k+size/2] = u+v, u-v
				wk *= w
			}
		}
	}
}
