package paint

import "math"

// oneEuro is the 1€ filter (Casiez, Roussel, Vogel, CHI 2012) on 2-D
// points: a low-pass filter whose cutoff rises with speed, so that slow
// movements are steadied and fast ones do not lag. One cutoff, from the
// speed's magnitude, serves both axes, so straight lines stay straight.
// Products feeding additions are wrapped in conversions to keep results
// identical on every CPU.
type oneEuro struct {
	minCutoff, beta, dCutoff float64 // Hz, s/px, Hz
	x, y, dx, dy             float64
	started                  bool
}

// alpha is the smoothing factor for cutoff fc (Hz) and time step te (s).
func alpha(fc, te float64) float64 {
	tau := 1 / float64(2*math.Pi*fc)
	return 1 / (1 + tau/te)
}

// filter takes a sample te seconds after the previous one (te > 0) and
// returns the smoothed position.
func (f *oneEuro) filter(x, y, te float64) (float64, float64) {
	if !f.started {
		f.x, f.y, f.started = x, y, true
		return x, y
	}
	ad := alpha(f.dCutoff, te)
	f.dx = f.dx + float64(ad*float64((x-f.x)/te-f.dx))
	f.dy = f.dy + float64(ad*float64((y-f.y)/te-f.dy))
	speed := math.Sqrt(float64(f.dx*f.dx) + float64(f.dy*f.dy))
	fc := f.minCutoff + float64(f.beta*speed)
	a := alpha(fc, te)
	f.x = f.x + float64(a*float64(x-f.x))
	f.y = f.y + float64(a*float64(y-f.y))
	return f.x, f.y
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
