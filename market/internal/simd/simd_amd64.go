//go:build !purego

package simd

import "math"

// The kernels' vector code: ExpTo, StepFactors and StepChain run it on as
// many values as it can take and their loops on the rest (and, for the
// latter two, on the paths it leaves), with the same operations in the same
// order, so the results do not depend on which code ran.

// useAVX2 reports whether the kernels may use their AVX2 code: the
// processor has AVX2 and the operating system saves the 256-bit registers.
// It is set once, at initialization, and never written again.
var useAVX2 = hasAVX2()

func hasAVX2() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, avx = 1 << 27, 1 << 28
	if ecx1&osxsave == 0 || ecx1&avx == 0 {
		return false
	}
	// XCR0 bits 1 and 2: the OS saves the SSE and AVX state.
	if xcr0, _ := xgetbv(); xcr0&6 != 6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const avx2 = 1 << 5
	return ebx7&avx2 != 0
}

// expAVX2 computes Exp of x[0:n&^3] into dst, four at a time, bit for bit
// as Exp does for x within (-700, 700). It returns a non-zero value if some
// x is not: their results are wrong and the caller recomputes them.
//
//go:noescape
func expAVX2(dst, x *float64, n int) (bad int)

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax, edx uint32)

// expVec computes ExpTo for the longest prefix of x it can do four at a
// time and returns its length.
func expVec(dst, x []float64) int {
	n := len(x) &^ 3
	if !useAVX2 || n == 0 {
		return 0
	}
	if expAVX2(&dst[0], &x[0], n) != 0 {
		for i, v := range x[:n] {
			if !(v > -700 && v < 700) {
				dst[i] = math.Exp(v)
			}
		}
	}
	return n
}

// factorsAVX2 is stepFactors for paths 0 to n-1, n a multiple of 4, four at
// a time; it leaves alone, and flags in redo, each group of four in which a
// state leaves the bound.
//
//go:noescape
func factorsAVX2(b *FactorBlock, p *FactorParams, n int, lag Lag, lagged *[FactorLanes]float64) (redo uint32)

// factorsVec runs factorsAVX2 on as many paths as it can and returns how
// many, and its redo.
func factorsVec(b *FactorBlock, p *FactorParams, n int, lag Lag, lagged *[FactorLanes]float64) (int, uint32) {
	n &^= 3
	if !useAVX2 || n == 0 {
		return 0, 0
	}
	return n, factorsAVX2(b, p, n, lag, lagged)
}

// chainAVX2 is stepChain for paths 0 to n-1, n a multiple of 4, four at a
// time.
//
//go:noescape
func chainAVX2(c *ChainBlock, ex *[5 * FactorLanes]float64, p *ChainParams, n int) (left uint64)

// chainVec runs chainAVX2 on as many paths as it can and returns how many,
// and the paths it left.
func chainVec(c *ChainBlock, ex *[5 * FactorLanes]float64, p *ChainParams, n int) (int, uint64) {
	n &^= 3
	if !useAVX2 || n == 0 {
		return 0, 0
	}
	return n, chainAVX2(c, ex, p, n)
}
