package simd

import "math"

// Exp returns e**x within 2 ulp of the correctly rounded result, about
// three times as fast as math.Exp on amd64. It is the simulation's
// exponential: paths take several per step, and it is most of their cost.
//
// The method is Tang's table-driven reduction (P. T. P. Tang, "Table-driven
// implementation of the exponential function in IEEE floating-point
// arithmetic", ACM TOMS 15(2), 1989): x = (k/256) ln 2 + r with
// |r| <= ln2/512, so that e**x = 2**(k>>8) * 2**((k&255)/256) * e**r, the
// middle factor from a 256-entry table and e**r from its Taylor polynomial
// of degree 5 (truncation below 1e-19 relative). The reduction subtracts
// k ln2/256 in two parts (Cody and Waite) so that r is exact to rounding.
//
// Special cases are those of math.Exp, which handles |x| >= 700, NaN and
// ±Inf.
func Exp(x float64) float64 {
	if !(x > -700 && x < 700) {
		return math.Exp(x)
	}
	return expJoin(expReduce(x))
}

// expReduce splits x = k ln2/256 + r with |r| <= ln2/512, for x in
// (-700, 700). expReduce and expJoin are Exp's arithmetic in two parts,
// each small enough to inline, so that expLoop's exponentials overlap in
// the processor instead of waiting on one call each.
func expReduce(x float64) (r float64, k int64) {
	// Round x*256/ln2 to the nearest integer with the 1.5 * 2^52 trick.
	const shift = 0x1.8p52
	kf := (x*expInvLn2N + shift) - shift
	return (x - kf*expLn2HiN) - kf*expLn2LoN, int64(kf)
}

// expJoin returns e**(k ln2/256 + r) = 2**(k>>8) 2**((k&255)/256) e**r.
func expJoin(r float64, k int64) float64 {
	t := expTable[k&(expN-1)]
	// e**r - 1 by Horner.
	p := r * (1 + r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120)))))
	scale := math.Float64frombits(uint64(k>>8+1023) << 52)
	return (t + t*p) * scale
}

// ExpTo sets dst[i] = Exp(x[i]) for every i, bit for bit, and returns
// dst. On amd64 processors with AVX2 it computes four at a time, with the
// operations of Exp in the same order; elsewhere it is Exp written out in
// one loop, so that the exponentials overlap in the processor instead of
// waiting on one call each. Build with the purego tag to leave out the
// assembly.
//
// It panics if len(dst) < len(x).
func ExpTo(dst, x []float64) []float64 {
	if len(dst) < len(x) {
		panic("simd: ExpTo: dst shorter than x")
	}
	dst = dst[:len(x)]
	expLoop(dst, x, expVec(dst, x))
	return dst
}

// expLoop is ExpTo from x[from] on, one at a time.
func expLoop(dst, x []float64, from int) {
	dst = dst[:len(x)]
	for i := from; i < len(x); i++ {
		v := x[i]
		if !(v > -700 && v < 700) {
			dst[i] = math.Exp(v)
			continue
		}
		dst[i] = expJoin(expReduce(v)) // both inlined
	}
}

const (
	expN       = 256
	expInvLn2N = expN / math.Ln2
	// ln 2 split as in Go's math/exp.go: Ln2Hi has its low 21 bits zero, so
	// k * Ln2Hi/256 is exact for |k| < 2^29.
	expLn2HiN = 6.93147180369123816490e-01 / expN
	expLn2LoN = 1.90821492927058770002e-10 / expN
)

// expTable holds 2**(j/256) for j in [0, 256), each the float64 nearest the
// true value. It is computed once and never written.
var expTable = func() (t [expN]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / expN)
	}
	return t
}()
