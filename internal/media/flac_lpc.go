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
	var r [maxLPCOrder + 1]float64
	for lag := range r {
		var sum float64
		for i := lag; i < n; i++ {
			sum += x[i] * x[i-lag]
		}
		r[lag] = sum
	}
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

	res := st.res[:n]
	c := sf.coeffs[:sf.order]
	for i := sf.order; i < n; i++ {
		var pred int64
		for j, q := range c {
			pred += int64(q) * int64(blk[i-1-j])
		}
		v := int64(blk[i]) - pred>>sf.shift
		if v > math.MaxInt32>>1 || v < math.MinInt32>>1 {
			return sf, false // keeps fold() and the Rice coder in range
		}
		res[i] = int32(v)
	}
	sf.res = res[sf.order:]
	cost, part := e.riceCost(sf.res, n, sf.order)
	sf.part = part
	sf.bits = uint64(16*sf.order) + 4 + 5 + uint64(lpcPrecision*sf.order) + cost
	return sf, true
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
