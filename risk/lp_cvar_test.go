package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randScenarios(src *rand.Rand, s, n int) *mat.Dense {
	m := mat.NewDense(s, n, nil)
	common := make([]float64, s)
	for i := range common {
		common[i] = src.NormFloat64()
	}
	for i := 0; i < s; i++ {
		for j := 0; j < n; j++ {
			// Mixed assets: a common factor, own noise, fat left tail.
			v := 0.05*float64(j+1) + 0.3*common[i]*float64(j%3) + src.NormFloat64()*0.2*float64(1+j%2)
			if src.IntN(20) == 0 {
				v -= float64(j%4) * 0.5
			}
			m.Set(i, j, v)
		}
	}
	return m
}

func profitsOf(sc *mat.Dense, w []float64) []float64 {
	s, _ := sc.Dims()
	p := make([]float64, s)
	for i := range p {
		p[i] = optDot(sc.RawRowView(i), w)
	}
	return p
}

// The LP's optimal value equals the CVaR of the returned weights' profits,
// recomputed by CVaR (Acerbi-Tasche) and by the test's own tail mean; the
// cutting-plane answer matches the full Rockafellar-Uryasev LP.
func TestMinCVaRObjectiveMatchesCVaR(t *testing.T) {
	src := rand.New(rand.NewPCG(10, 11))
	for trial, tc := range []struct {
		s, n  int
		level float64
	}{{50, 3, 0.95}, {97, 4, 0.9}, {120, 5, 0.95}, {101, 2, 0.99}, {60, 6, 0.5}} {
		sc := randScenarios(src, tc.s, tc.n)
		c := budget(tc.n, nil, nil)
		w, obj, err := minCVaR("test", tc.level, sc, nil, c, false)
		if err != nil {
			t.Fatal(err)
		}
		wd, objd, err := minCVaR("test", tc.level, sc, nil, c, true)
		if err != nil {
			t.Fatal(err)
		}
		p := profitsOf(sc, w)
		got := CVaR(tc.level, p)
		if math.Abs(got-obj) > 1e-9*(1+math.Abs(got)) {
			t.Errorf("case %d: LP objective %.15g, CVaR of weights %.15g", trial, obj, got)
		}
		if own := tailMeanLoss(tc.level, p); math.Abs(own-got) > 1e-12*(1+math.Abs(got)) {
			t.Errorf("case %d: CVaR %.15g, own tail mean %.15g", trial, got, own)
		}
		if math.Abs(obj-objd) > 1e-9*(1+math.Abs(objd)) {
			t.Errorf("case %d: simplex %.15g, direct LP %.15g (w %v vs %v)", trial, obj, objd, w, wd)
		}
		if v := violation(t, c, w); v > 1e-12 {
			t.Errorf("case %d: violation %g", trial, v)
		}
	}
}

// No grid point of a 3-asset budget problem has a lower CVaR.
func TestMinCVaRGrid(t *testing.T) {
	src := rand.New(rand.NewPCG(12, 13))
	for trial := 0; trial < 5; trial++ {
		sc := randScenarios(src, 80, 3)
		w, err := MinCVaR(0.9, sc, budget(3, nil, nil))
		if err != nil {
			t.Fatal(err)
		}
		best, _ := gridMin(3, 1.0/100, nil, func(x []float64) float64 { return CVaR(0.9, profitsOf(sc, x)) })
		if got := CVaR(0.9, profitsOf(sc, w)); got > best+1e-9*(1+math.Abs(best)) {
			t.Errorf("trial %d: CVaR %g > grid %g", trial, got, best)
		}
	}
}

func TestMinCVaRTarget(t *testing.T) {
	src := rand.New(rand.NewPCG(14, 15))
	sc := randScenarios(src, 300, 4)
	c := budget(4, nil, nil)
	w0, err := MinCVaR(0.95, sc, c)
	if err != nil {
		t.Fatal(err)
	}
	m0 := stdMean(profitsOf(sc, w0))
	target := m0 + 0.05
	w, err := MinCVaRTarget(0.95, sc, target, c)
	if err != nil {
		t.Fatal(err)
	}
	if m := stdMean(profitsOf(sc, w)); m < target-1e-12 {
		t.Errorf("mean %g below target %g", m, target)
	}
	if CVaR(0.95, profitsOf(sc, w)) < CVaR(0.95, profitsOf(sc, w0))-1e-12 {
		t.Error("a mean constraint lowered the minimum CVaR")
	}
	if _, err := MinCVaRTarget(0.95, sc, 100, c); !errors.Is(err, ErrInfeasible) {
		t.Errorf("unreachable target: err = %v", err)
	}
}

func stdMean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func TestMinCVaRUnboundedAndInfeasible(t *testing.T) {
	// Asset 0 profits in every scenario; with no upper bound the CVaR
	// falls without limit.
	sc := mat.NewDense(3, 2, []float64{1, -1, 2, 0, 0.5, 1})
	if _, err := MinCVaR(0.9, sc, nil); !errors.Is(err, ErrUnbounded) {
		t.Errorf("err = %v, want ErrUnbounded", err)
	}
	if _, err := MinCVaR(0.9, sc, budget(2, nil, []float64{0.3, 0.3})); !errors.Is(err, ErrInfeasible) {
		t.Errorf("err = %v, want ErrInfeasible", err)
	}
	w, err := MinCVaR(0.9, sc, &Constraints{Upper: []float64{2, 2}})
	if err != nil || w[0] != 2 {
		t.Errorf("w = %v, err = %v; want w[0] = 2", w, err)
	}
}
