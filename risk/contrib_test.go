package risk

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestRiskContributionsSumToStdDev(t *testing.T) {
	src := rand.New(rand.NewPCG(40, 41))
	for trial := 0; trial < 50; trial++ {
		n := 1 + src.IntN(8)
		cov := randCov(src, n, n, 1)
		w := make([]float64, n)
		for i := range w {
			w[i] = src.NormFloat64()
		}
		rc := RiskContributions(w, cov)
		sum := 0.0
		for _, v := range rc {
			sum += v
		}
		if sd := math.Sqrt(quad(cov, w)); math.Abs(sum-sd) > 1e-12*(1+sd) {
			t.Errorf("sum %g, std dev %g", sum, sd)
		}
	}
	zero := RiskContributions([]float64{0, 0}, mat.NewSymDense(2, []float64{1, 0, 0, 1}))
	if zero[0] != 0 || zero[1] != 0 {
		t.Errorf("zero weights: %v", zero)
	}
}

func TestDiversificationRatio(t *testing.T) {
	// Two uncorrelated assets of equal volatility, equal weights:
	// (σ/2 + σ/2) / (σ/√2) = √2.
	cov := mat.NewSymDense(2, []float64{0.04, 0, 0, 0.04})
	if got := DiversificationRatio([]float64{0.5, 0.5}, cov); math.Abs(got-math.Sqrt2) > 1e-15 {
		t.Errorf("got %v, want √2", got)
	}
	// Perfectly correlated: 1.
	cov = mat.NewSymDense(2, []float64{0.04, 0.06, 0.06, 0.09})
	if got := DiversificationRatio([]float64{0.3, 0.7}, cov); math.Abs(got-1) > 1e-15 {
		t.Errorf("got %v, want 1", got)
	}
	if got := DiversificationRatio([]float64{0, 0}, cov); !math.IsNaN(got) {
		t.Errorf("zero weights: %v, want NaN", got)
	}
	hedge := mat.NewSymDense(2, []float64{1, -1, -1, 1})
	if got := DiversificationRatio([]float64{1, 1}, hedge); !math.IsInf(got, 1) {
		t.Errorf("perfect hedge: %v, want +Inf", got)
	}
}
