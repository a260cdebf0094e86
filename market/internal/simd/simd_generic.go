//go:build !amd64 || purego

package simd

// Without the amd64 assembly there is no vector code: the kernels' loops do
// all the work.

const useAVX2 = false

// expVec computes ExpTo for a prefix of x with vector instructions; here
// there are none.
func expVec(dst, x []float64) int { return 0 }

// factorsVec runs StepFactors' vector code; here there is none.
func factorsVec(b *FactorBlock, p *FactorParams, n int, lag Lag, lagged *[FactorLanes]float64) (int, uint32) {
	return 0, 0
}

// chainVec runs StepChain's vector code; here there is none.
func chainVec(c *ChainBlock, ex *[5 * FactorLanes]float64, p *ChainParams, n int) (int, uint64) {
	return 0, 0
}
