package media

import "math"

// Linear prediction for FLAC subframes: the block is windowed (Tukey, 0.5),
// its autocorrelation solved by Levinson–Durbin, the order with the fewest
// estimated bits chosen, and its coefficients quantised to lpcPrecision bits.
const (
	maxLPCOrder  = 8
	lpcPrecision = 14 // bits per quantised coefficient, sign included
	maxLPCShift  = 15 // the format allows negative shifts; decoders often don't
)

// lpcState holds an encoder's buffers for linear prediction.
type lpcState struct {
	window   []float64 // Tukey window for a full block
	windowed []float64
	res      []int32
}

func newLPCState() *lpcState {
	return &lpcState{
		window:   tukey(flacBlockSize, 0.5),
		windowed: make([]float64, flacBlockSize),
		res:      make([]int32, flacBlockSize),
	}
}

// tukey is a Tukey window of n points with taper fraction p.
func tukey(n int, p float64) []float64 {
	w := make([]float64, n)
	edge := int(p / 2 * float64(n))
	for i := range w {
		switch {
		case edge > 0 && i < edge:
			w[i] = 0.5 * (1 - math.Cos(math.Pi*float64(i)/float64(edge)))
		case edge > 0 && i >= n-edge:
			w[i] = 0.5 * (1 - math.Cos(math.Pi*float64(n-1-i)/float64(edge)))
		default:
			w[i] = 1
		}
	}
	return w
}

// lpcSubframe is a quantised predictor and the residual it leaves.
type lpcSubframe struct {
	order, shift int
	coeffs       [maxLPCOrder]int32
	res          []int32 // residuals from index order on
	part         int     // Rice partition order
	bits         uint64  // the subframe's size without its 8-bit header
}

// lpc finds the best linear predictor for blk, or ok=false when none helps
// (silence, too short, or a residual that would overflow).
func (e *flacEncoder) lpc(blk []int16) (sf lpcSubframe, ok bool) {
	n := len(blk)
	if n <= 2*maxLPCOrder {
		return sf, false
	}
	st := e.lpcs
	win := st.window
	if n != flacBlockSize {
		win = tukey(n, 0.5)
	}
	x := st.windowed[:n]
	for i, s := range blk {
		x[i] = float64(s) * win[i]
	}
	r := autocorrelate(x)
	if r[0] == 0 {
		return sf, false
	}

	// Levinson–Durbin: a[order] predicts x[i] ≈ Σ a[order][j]·x[i-1-j].
	var a [maxLPCOrder + 1][maxLPCOrder]float64
	var cur [maxLPCOrder]float64
	errp := r[0]
	bestOrder, bestEst := 0, math.Inf(1)
	for m := 1; m <= maxLPCOrder; m++ {
		acc := r[m]
		for j := 0; j < m-1; j++ {
			acc -= cur[j] * r[m-1-j]
		}
		k := acc / errp
		var next [maxLPCOrder]float64
		for j := 0; j < m-1; j++ {
			next[j] = cur[j] - k*cur[m-2-j]
		}
		next[m-1] = k
		cur = next
		a[m] = cur
		errp *= 1 - k*k
		if errp <= 0 {
			errp = 1e-9
		}
		// Estimated bits: residual entropy from the prediction error, plus
		// the warm-up samples and coefficients this order costs.
		perSample := max(0.5*math.Log2(errp/float64(n)), 0) + 1
		est := perSample*float64(n-m) + float64(m*(16+lpcPrecision))
		if est < bestEst {
			bestOrder, bestEst = m, est
		}
	}
	if bestOrder == 0 {
		return sf, false
	}
	sf.order = bestOrder
	if !quantise(a[bestOrder][:bestOrder], &sf) {
		return sf, false
	}

	if !predict(blk, &sf, st.res[:n]) {
		return sf, false
	}
	sf.res = st.res[sf.order:n]
	cost, part := e.riceCost(sf.res, n, sf.order)
	sf.part = part
	sf.bits = uint64(16*sf.order) + 4 + 5 + uint64(lpcPrecision*sf.order) + cost
	return sf, true
}

// autocorrelate returns x's autocorrelation at lags 0..maxLPCOrder, in one
// pass with the last samples held in locals.
func autocorrelate(x []float64) (r [maxLPCOrder + 1]float64) {
	var h1, h2, h3, h4, h5, h6, h7, h8 float64 // x[i-1] … x[i-8]
	var r0, r1, r2, r3, r4, r5, r6, r7, r8 float64
	for _, v := range x {
		r0 += v * v
		r1 += v * h1
		r2 += v * h2
		r3 += v * h3
		r4 += v * h4
		r5 += v * h5
		r6 += v * h6
		r7 += v * h7
		r8 += v * h8
		h8, h7, h6, h5, h4, h3, h2, h1 = h7, h6, h5, h4, h3, h2, h1, v
	}
	return [maxLPCOrder + 1]float64{r0, r1, r2, r3, r4, r5, r6, r7, r8}
}

// predict fills res[order:] with blk's residual under sf's predictor, the
// coefficients beyond its order being zero. It reports false when a
// residual would not fit the Rice coder's range.
func predict(blk []int16, sf *lpcSubframe, res []int32) bool {
	var c [maxLPCOrder]int64
	for j := range sf.order {
		c[j] = int64(sf.coeffs[j])
	}
	var h [maxLPCOrder]int64 // h[j] = blk[i-1-j]
	for j := range sf.order {
		h[j] = int64(blk[sf.order-1-j])
	}
	h0, h1, h2, h3, h4, h5, h6, h7 := h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
	shift := uint(sf.shift)
	var bad bool
	res = res[:len(blk)]
	for i := sf.order; i < len(blk); i++ {
		pred := c[0]*h0 + c[1]*h1 + c[2]*h2 + c[3]*h3 + c[4]*h4 + c[5]*h5 + c[6]*h6 + c[7]*h7
		cur := int64(blk[i])
		v := cur - pred>>shift
		bad = bad || v > math.MaxInt32>>1 || v < math.MinInt32>>1
		res[i] = int32(v)
		h7, h6, h5, h4, h3, h2, h1, h0 = h6, h5, h4, h3, h2, h1, h0, cur
	}
	return !bad
}

// quantise turns coefficients into lpcPrecision-bit integers with a shift,
// carrying each rounding error into the next coefficient.
func quantise(coeffs []float64, sf *lpcSubframe) bool {
	var cmax float64
	for _, c := range coeffs {
		cmax = max(cmax, math.Abs(c))
	}
	if cmax == 0 || math.IsNaN(cmax) || math.IsInf(cmax, 0) {
		return false
	}
	_, exp := math.Frexp(cmax) // cmax = f·2^exp, 0.5 ≤ f < 1
	shift := lpcPrecision - 1 - exp
	if shift < 0 {
		return false
	}
	shift = min(shift, maxLPCShift)
	limit := float64(int32(1)<<(lpcPrecision-1) - 1)
	scale := math.Ldexp(1, shift)
	var carry float64
	for i, c := range coeffs {
		v := c*scale + carry
		q := math.Round(v)
		q = min(max(q, -limit-1), limit)
		carry = v - q
		sf.coeffs[i] = int32(q)
	}
	sf.shift = shift
	return true
}

// writeLPC appends an LPC subframe for blk.
func (e *flacEncoder) writeLPC(w *bitWriter, blk []int16, sf lpcSubframe) {
	w.write(uint64(0x20|(sf.order-1))<<1, 8) // pad, LPC order, no wasted bits
	for _, s := range blk[:sf.order] {
		w.write(uint64(uint16(s)), 16)
	}
	w.write(lpcPrecision-1, 4)
	w.write(uint64(sf.shift), 5)
	for _, q := range sf.coeffs[:sf.order] {
		w.write(uint64(uint32(q)), lpcPrecision)
	}
	e.writeResidual(w, sf.res, len(blk), sf.order, sf.part)
}
