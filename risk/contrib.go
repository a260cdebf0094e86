package risk

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// RiskContributions returns the Euler risk contributions of the weights w
// under the covariance cov: w[i]·(Σw)[i] / sqrt(wᵀΣw). They sum to the
// standard deviation sqrt(wᵀΣw); a negative contribution is a hedge. When
// wᵀΣw is 0 (no weights, or riskless weights) the contributions are all 0,
// which still sum to the standard deviation. A NaN in w or cov gives NaNs.
// It panics if len(w) differs from the dimension of cov.
func RiskContributions(w []float64, cov mat.Symmetric) []float64 {
	sw, v := covTimes("RiskContributions", w, cov)
	out := make([]float64, len(w))
	if v == 0 {
		return out
	}
	sd := math.Sqrt(v)
	for i := range out {
		out[i] = w[i] * sw[i] / sd
	}
	return out
}

// DiversificationRatio returns Σᵢ w[i]·σᵢ / sqrt(wᵀΣw), with σᵢ the square
// root of cov's diagonal (Choueifaty and Coignard, "Toward maximum
// diversification", Journal of Portfolio Management 35(1), 2008). For
// non-negative weights it is at least 1, and equal to 1 when all the held
// assets are perfectly correlated. Special cases: +Inf when wᵀΣw is 0 and
// the numerator is positive, NaN when both are 0 (no weights) or an input
// holds a NaN. It panics if len(w) differs from the dimension of cov.
func DiversificationRatio(w []float64, cov mat.Symmetric) float64 {
	_, v := covTimes("DiversificationRatio", w, cov)
	num := 0.0
	for i, wi := range w {
		num += wi * math.Sqrt(cov.At(i, i))
	}
	if v == 0 {
		if num > 0 {
			return math.Inf(1)
		}
		return math.NaN()
	}
	return num / math.Sqrt(v)
}

// covTimes returns Σw and wᵀΣw (clamped at 0 against rounding).
func covTimes(fn string, w []float64, cov mat.Symmetric) ([]float64, float64) {
	n := cov.SymmetricDim()
	if len(w) != n {
		panic(fmt.Sprintf("risk: %s: len(w) = %d, want %d", fn, len(w), n))
	}
	sw := make([]float64, n)
	v := 0.0
	for i := 0; i < n; i++ {
		s := 0.0
		for j := 0; j < n; j++ {
			s += cov.At(i, j) * w[j]
		}
		sw[i] = s
		v += w[i] * s
	}
	if v < 0 {
		v = 0
	}
	return sw, v
}
