package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// With a budget Σw = 1 and short sales allowed, the tangency portfolio is
// Σ⁻¹(μ - rf·1) normalised to sum to 1 (Cornuejols and Tütüncü,
// "Optimization Methods in Finance", section 8.2).
func TestMaxSharpeTangency(t *testing.T) {
	inf := math.Inf(-1)
	cov := mat.NewSymDense(3, []float64{0.04, 0.006, 0.002, 0.006, 0.09, 0.009, 0.002, 0.009, 0.0625})
	mean := []float64{0.08, 0.12, 0.10}
	rf := 0.03
	var inv mat.Dense
	if err := inv.Inverse(cov); err != nil {
		t.Fatal(err)
	}
	ex := mat.NewVecDense(3, []float64{mean[0] - rf, mean[1] - rf, mean[2] - rf})
	var z mat.VecDense
	z.MulVec(&inv, ex)
	s := z.AtVec(0) + z.AtVec(1) + z.AtVec(2)
	w, err := MaxSharpe(mean, cov, rf, budget(3, []float64{inf, inf, inf}, nil))
	if err != nil {
		t.Fatal(err)
	}
	for i := range w {
		if math.Abs(w[i]-z.AtVec(i)/s) > 1e-12 {
			t.Errorf("w = %v, want %v", w, []float64{z.AtVec(0) / s, z.AtVec(1) / s, z.AtVec(2) / s})
		}
	}
}

func sharpeOf(mean []float64, cov mat.Symmetric, rf float64, w []float64) float64 {
	return (optDot(mean, w) - rf) / math.Sqrt(quad(cov, w))
}

// Long-only, capped: no grid point has a higher ratio.
func TestMaxSharpeGrid(t *testing.T) {
	src := rand.New(rand.NewPCG(30, 31))
	for trial := 0; trial < 20; trial++ {
		cov := randCov(src, 3, 4, 0.3)
		mean := []float64{0.05 + 0.1*src.Float64(), 0.1 * src.Float64(), 0.15 * src.Float64()}
		up := []float64{0.7, 0.8, 0.9}
		c := budget(3, nil, up)
		w, err := MaxSharpe(mean, cov, 0.02, c)
		if err != nil {
			t.Fatal(err)
		}
		if v := violation(t, c, w); v > 1e-12 {
			t.Errorf("violation %g", v)
		}
		ok := func(x []float64) bool { return x[0] <= up[0] && x[1] <= up[1] && x[2] <= up[2] }
		best, _ := gridMin(3, 1.0/200, ok, func(x []float64) float64 { return -sharpeOf(mean, cov, 0.02, x) })
		if got := -sharpeOf(mean, cov, 0.02, w); got > best+1e-9*math.Abs(best) {
			t.Errorf("trial %d: Sharpe %g below grid %g", trial, -got, -best)
		}
	}
}

func TestMaxSharpeErrors(t *testing.T) {
	cov := mat.NewSymDense(2, []float64{0.04, 0, 0, 0.09})
	// A bear market: no allocation beats the risk-free amount.
	if _, err := MaxSharpe([]float64{-0.1, 0.01}, cov, 0.02, budget(2, nil, nil)); !errors.Is(err, ErrNoPositiveExcess) {
		t.Errorf("err = %v, want ErrNoPositiveExcess", err)
	}
	// Excess exactly zero at best.
	if _, err := MaxSharpe([]float64{0.02, 0.02}, cov, 0.02, budget(2, nil, nil)); !errors.Is(err, ErrNoPositiveExcess) {
		t.Errorf("err = %v, want ErrNoPositiveExcess", err)
	}
	// Nothing fixes the scale: the ratio only approaches its supremum as w grows.
	if _, err := MaxSharpe([]float64{0.1, 0.2}, cov, 0.02, nil); !errors.Is(err, ErrUnbounded) {
		t.Errorf("err = %v, want ErrUnbounded", err)
	}
	if _, err := MaxSharpe([]float64{0.1, 0.2}, cov, 0.02, budget(2, nil, []float64{0.1, 0.1})); !errors.Is(err, ErrInfeasible) {
		t.Errorf("err = %v, want ErrInfeasible", err)
	}
}

// Quantity weights under a capacity row: the ratio uses the absolute
// risk-free amount, and the best allocation may leave capacity unused.
func TestMaxSharpeCapacity(t *testing.T) {
	cov := mat.NewSymDense(2, []float64{4, 0, 0, 1})
	mean := []float64{3, 1}
	c := &Constraints{A: mat.NewDense(1, 2, []float64{1, 1}), B: []float64{10}}
	w, err := MaxSharpe(mean, cov, 5, c)
	if err != nil {
		t.Fatal(err)
	}
	best, _ := gridMin(2, 1.0/2000, nil, func(x []float64) float64 {
		return -sharpeOf(mean, cov, 5, []float64{10 * x[0], 10 * x[1]})
	})
	// The grid covers the capacity edge only; the optimum is on it.
	if got := -sharpeOf(mean, cov, 5, w); got > best+1e-9*math.Abs(best) {
		t.Errorf("Sharpe %g below grid %g (w %v)", -got, -best, w)
	}
}
