package paint

import "math"

// oneEuro is the 1€ filter (Casiez, Roussel, Vogel, CHI 2012) on one axis:
// a low-pass filter whose cutoff rises with speed, so that slow movements
// are steadied and fast ones do not lag. Products feeding additions are
// wrapped in conversions to keep results identical on every CPU.
type oneEuro struct {
	minCutoff, beta, dCutoff float64 // Hz, s/px, Hz
	x, dx                    float64
	started                  bool
}

// alpha is the smoothing factor for cutoff fc (Hz) and time step te (s).
func alpha(fc, te float64) float64 {
	tau := 1 / float64(2*math.Pi*fc)
	return 1 / (1 + tau/te)
}

func (f *oneEuro) filter(x, te float64) float64 {
	if !f.started || te <= 0 {
		if !f.started {
			f.x, f.dx, f.started = x, 0, true
		}
		return f.x
	}
	d := (x - f.x) / te
	ad := alpha(f.dCutoff, te)
	f.dx = f.dx + float64(ad*float64(d-f.dx))
	fc := f.minCutoff + float64(f.beta*math.Abs(f.dx))
	a := alpha(fc, te)
	f.x = f.x + float64(a*float64(x-f.x))
	return f.x
}

// Default smoothing: steady at slow speeds, little lag when quick.
const (
	smoothMinCutoff = 3.0  // Hz
	smoothBeta      = 0.08 // per px/s
	smoothDCutoff   = 1.0  // Hz
)

// rng is splitmix64: tiny, fast and fixed forever, so that logged seeds
// replay the same airbrush spray in every future version.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// unit returns a number in [0,1).
func (r *rng) unit() float64 { return float64(r.next()>>11) * (1.0 / (1 << 53)) }
