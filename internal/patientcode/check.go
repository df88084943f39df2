package patientcode

// The check symbol is computed in GF(32) = GF(2)[x]/(x⁵+x²+1), where adding
// is XOR. Position i of a code (0..6, the check symbol last) has the weight
// α^(6-i) for the primitive element α = x; the weights are distinct and not
// zero. A code checks when Σ weight(i)·symbol(i) = 0.
//
// A wrong symbol at i changes the sum by weight(i)·(a⊕b) ≠ 0. Swapping two
// different symbols a, b at positions i and j changes it by
// (weight(i)⊕weight(j))·(a⊕b) ≠ 0, as the weights differ. Both are caught.

const poly = 0x25 // x⁵ + x² + 1, primitive over GF(2)

var gfExp [62]int
var gfLog [32]int

func init() {
	x := 1
	for i := 0; i < 31; i++ {
		gfExp[i] = x
		gfExp[i+31] = x
		gfLog[x] = i
		x <<= 1
		if x&32 != 0 {
			x ^= poly
		}
	}
}

func gfMul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	return gfExp[gfLog[a]+gfLog[b]]
}

func weight(i int) int { return gfExp[Length-1-i] }

// weightedSum returns Σ weight(i)·s[i] over the first n symbols.
func weightedSum(s [Length]int, n int) int {
	sum := 0
	for i := 0; i < n; i++ {
		sum ^= gfMul(weight(i), s[i])
	}
	return sum
}

// checkValue returns the check symbol for the data symbols s[0:6]: the last
// weight is α⁰ = 1, so the check symbol is the weighted sum of the others.
func checkValue(s [Length]int) int { return weightedSum(s, dataLength) }

func checks(s [Length]int) bool { return weightedSum(s, Length) == 0 }
