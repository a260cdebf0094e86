package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Two assets with Σw = 1: the minimum-variance weight of asset 1 is
// (s2² - ρ s1 s2)/(s1² + s2² - 2ρ s1 s2) (Markowitz, "Portfolio Selection",
// Journal of Finance 7(1), 1952; REFERENCE.md, "Stochastic models" for the
// covariance ρ s1 s2), clipped to [0, 1] when long only.
func TestMinVarianceTwoAssetClosedForm(t *testing.T) {
	cases := []struct {
		name        string
		s1, s2, rho float64
	}{
		{"interior", 0.2, 0.3, 0.1},
		{"negative correlation", 0.4, 0.25, -0.5},
		{"perfect hedge (singular)", 0.2, 0.3, -1},
		{"clipped at 1", 0.2, 0.3, 0.9},
		{"clipped at 0", 0.5, 0.2, 0.95},
		{"equal vols", 0.3, 0.3, 0.4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c12 := tc.rho * tc.s1 * tc.s2
			cov := mat.NewSymDense(2, []float64{tc.s1 * tc.s1, c12, c12, tc.s2 * tc.s2})
			want := (tc.s2*tc.s2 - c12) / (tc.s1*tc.s1 + tc.s2*tc.s2 - 2*c12)
			want = math.Min(math.Max(want, 0), 1)
			w, err := MinVariance(cov, budget(2, nil, nil))
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(w[0]-want) > 1e-12 || math.Abs(w[0]+w[1]-1) > 1e-14 {
				t.Errorf("w = %v, want w1 = %v", w, want)
			}
			if want == 1 && (w[0] != 1 || w[1] != 0) {
				t.Errorf("active bounds not exact: %v", w)
			}
			if want == 0 && (w[0] != 0 || w[1] != 1) {
				t.Errorf("active bounds not exact: %v", w)
			}
		})
	}
}

// Brute force: the variance of the solution is no worse than the best grid
// point (to 1e-9 relative) on random 2- and 3-asset problems with bounds.
func TestMinVarianceGrid(t *testing.T) {
	src := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 40; trial++ {
		n := 2 + trial%2
		cov := randCov(src, n, n+1, 0.3)
		up := make([]float64, n)
		for i := range up {
			up[i] = 0.5 + 0.6*src.Float64()
		}
		c := budget(n, nil, up)
		w, err := MinVariance(cov, c)
		if err != nil {
			t.Fatal(err)
		}
		if v := violation(t, c, w); v > 1e-12 {
			t.Fatalf("trial %d: violation %g", trial, v)
		}
		ok := func(x []float64) bool {
			for i := range x {
				if x[i] > up[i] {
					return false
				}
			}
			return true
		}
		best, bw := gridMin(n, 1.0/400, ok, func(x []float64) float64 { return quad(cov, x) })
		if bw == nil {
			// w = 1/n is on the grid and within every bound (>= 0.5).
			t.Fatalf("trial %d: no grid point within the bounds %v", trial, up)
		}
		if got := quad(cov, w); got > best*(1+1e-9) {
			t.Errorf("trial %d: variance %g > grid %g at %v (w %v)", trial, got, best, bw, w)
		}
	}
}

// KKT conditions at the solution of random problems with bounds, inequality
// and equality rows, and a linear term. A trial the solver finds infeasible
// must be infeasible by leastViolation; at least minSolved of the trials
// must be solved, minPolished of them to the tight tolerance.
func TestMinQuadraticKKT(t *testing.T) {
	const trials, minSolved, minPolished = 200, 199, 170
	src := rand.New(rand.NewPCG(3, 4))
	solved, polished := 0, 0
	for trial := 0; trial < trials; trial++ {
		n := 2 + src.IntN(10)
		rank := n
		if trial%4 == 0 {
			rank = 1 + src.IntN(n) // singular
		}
		q := randCov(src, n, rank, 1)
		var lin []float64
		if trial%4 != 0 {
			lin = make([]float64, n)
			for i := range lin {
				lin[i] = src.NormFloat64()
			}
		}
		lo := make([]float64, n)
		up := make([]float64, n)
		for i := range lo {
			lo[i] = -src.Float64()
			up[i] = src.Float64() + 0.1
		}
		mi := src.IntN(3)
		a := mat.NewDense(mi+1, n, nil)
		b := make([]float64, mi+1)
		for i := 0; i <= mi; i++ {
			for j := 0; j < n; j++ {
				a.Set(i, j, src.NormFloat64())
			}
			b[i] = src.Float64() * 0.5
		}
		aeq := mat.NewDense(1, n, nil)
		for j := 0; j < n; j++ {
			aeq.Set(0, j, 1+src.Float64())
		}
		c := &Constraints{Lower: lo, Upper: up, A: a, B: b, Aeq: aeq, Beq: []float64{0.2}}
		res, err := minQuadratic("test", "q", q, lin, c)
		if errors.Is(err, ErrInfeasible) {
			checkInfeasible(t, c, n)
			continue
		}
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		solved++
		if !res.polished {
			// A singular problem with a non-unique optimum: KKT holds only
			// to the ridge.
			checkKKT(t, q, lin, c, res, 1e-6)
			continue
		}
		polished++
		checkKKT(t, q, lin, c, res, 1e-9)
	}
	if solved < minSolved || polished < minPolished {
		t.Errorf("%d of %d trials solved, %d polished; want at least %d and %d", solved, trials, polished, minSolved, minPolished)
	}
	t.Logf("%d of %d trials solved, %d polished", solved, trials, polished)
}

func TestMinVarianceInfeasible(t *testing.T) {
	cov := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	cases := map[string]*Constraints{
		"budget above caps":  budget(2, nil, []float64{0.3, 0.3}),
		"contradictory rows": {A: mat.NewDense(1, 2, []float64{1, 1}), B: []float64{-1}},
		"zero row":           {A: mat.NewDense(1, 2, []float64{0, 0}), B: []float64{-1}},
		"two equalities":     {Aeq: mat.NewDense(2, 2, []float64{1, 1, 1, 1}), Beq: []float64{1, 2}},
		"equality vs bound":  {Upper: []float64{1, 1}, Aeq: mat.NewDense(1, 2, []float64{1, 0}), Beq: []float64{2}},
	}
	for name, c := range cases {
		checkInfeasible(t, c, 2)
		if _, err := MinVariance(cov, c); !errors.Is(err, ErrInfeasible) {
			t.Errorf("%s: MinVariance err = %v, want ErrInfeasible", name, err)
		}
		if _, err := MaxMean([]float64{1, 2}, c); !errors.Is(err, ErrInfeasible) {
			t.Errorf("%s: MaxMean err = %v, want ErrInfeasible", name, err)
		}
	}
}

// leastViolation and largestSlack, the tests' own checks of infeasibility,
// give what the rows make them.
func TestFeasibilityLP(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		name string
		c    *Constraints
		n    int
	}{
		{"nil", nil, 3},
		{"budget", budget(3, nil, nil), 3},
		{"tight caps", budget(2, nil, []float64{0.5, 0.5}), 2},
		{"free and fixed", &Constraints{Lower: []float64{-inf, 2}, Upper: []float64{inf, 2}, A: mat.NewDense(1, 2, []float64{1, 1}), B: []float64{-5}}, 2},
	} {
		if v := leastViolation(t, tc.c, tc.n); v > 1e-12 {
			t.Errorf("%s: feasible constraints violated by at least %g", tc.name, v)
		}
	}
	// w1 + w2 = 1 with w <= 0.3: by symmetry w1 = w2 = x, and the least s
	// has 2x - 4s = 1 (scale 1 + 1 + 2) and x - 2.3s = 0.3 (scale
	// 1 + 0.3 + 1), so s = 0.4/8.6.
	if v, want := leastViolation(t, budget(2, nil, []float64{0.3, 0.3}), 2), 0.4/8.6; math.Abs(v-want) > 1e-12 {
		t.Errorf("caps below the budget: %g, want %g", v, want)
	}
	// Three weights of sum 1 are at best 1/3 from their lower bound 0,
	// whose row has scale 1 + 0 + 1.
	if m := largestSlack(t, budget(3, nil, nil), 3); math.Abs(m-1.0/6) > 1e-12 {
		t.Errorf("budget: slack %g, want 1/6", m)
	}
	// Caps of 0.5 and 0.5 with a budget of 1 leave one point, on both caps.
	if m := largestSlack(t, budget(2, nil, []float64{0.5, 0.5}), 2); math.Abs(m) > 1e-12 {
		t.Errorf("tight caps: slack %g, want 0", m)
	}
	if m := largestSlack(t, &Constraints{Aeq: mat.NewDense(2, 2, []float64{1, 1, 1, 1}), Beq: []float64{1, 2}}, 2); !math.IsInf(m, -1) {
		t.Errorf("contradictory equalities: slack %g, want -Inf", m)
	}
}

func TestMinVarianceRedundantRows(t *testing.T) {
	cov := mat.NewSymDense(3, []float64{0.04, 0.01, 0, 0.01, 0.09, 0.02, 0, 0.02, 0.16})
	ones := []float64{1, 1, 1}
	c := &Constraints{
		Aeq: mat.NewDense(2, 3, append(append([]float64(nil), ones...), 2, 2, 2)),
		Beq: []float64{1, 2},
		A:   mat.NewDense(2, 3, append(append([]float64(nil), ones...), ones...)),
		B:   []float64{1, 1},
	}
	w, err := MinVariance(cov, c)
	if err != nil {
		t.Fatal(err)
	}
	w0, err := MinVariance(cov, budget(3, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	for i := range w {
		if math.Abs(w[i]-w0[i]) > 1e-12 {
			t.Errorf("w = %v, want %v", w, w0)
		}
	}
}

func TestMinVarianceNotPSD(t *testing.T) {
	cov := mat.NewSymDense(2, []float64{1, 2, 2, 1})
	if _, err := MinVariance(cov, budget(2, nil, nil)); !errors.Is(err, ErrNotPSD) {
		t.Errorf("err = %v, want ErrNotPSD", err)
	}
}

func TestMinVarianceBadConstraints(t *testing.T) {
	cov := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	_, err := MinVariance(cov, &Constraints{Lower: []float64{0}})
	var ce *ConstraintError
	if !errors.Is(err, ErrConstraints) || !errors.As(err, &ce) || ce.Field != "Lower" {
		t.Errorf("err = %v", err)
	}
}

func TestMeanVarianceGrid(t *testing.T) {
	src := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 30; trial++ {
		n := 3
		cov := randCov(src, n, n+2, 0.2)
		mean := []float64{src.NormFloat64() * 0.1, src.NormFloat64() * 0.1, src.NormFloat64() * 0.1}
		lambda := 0.5 + 3*src.Float64()
		w, err := MeanVariance(mean, cov, lambda, budget(n, nil, nil))
		if err != nil {
			t.Fatal(err)
		}
		u := func(x []float64) float64 { return -(optDot(mean, x) - lambda*quad(cov, x)) }
		best, _ := gridMin(n, 1.0/300, nil, u)
		if got := u(w); got > best+1e-9*math.Abs(best) {
			t.Errorf("trial %d: -utility %g > grid %g", trial, got, best)
		}
	}
}

// With λ = 0 MeanVariance is MaxMean.
func TestMeanVarianceZeroLambda(t *testing.T) {
	cov := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	w, err := MeanVariance([]float64{1, 2}, cov, 0, budget(2, nil, nil))
	if err != nil || w[0] != 0 || w[1] != 1 {
		t.Errorf("w = %v, err = %v", w, err)
	}
}

// A singular Q with a linear term that falls along its null space without
// limit is unbounded; with an upper bound it is not.
func TestMinQuadraticUnbounded(t *testing.T) {
	q := mat.NewSymDense(2, []float64{1, 0, 0, 0})
	if _, err := MinQuadratic(q, []float64{0, -1}, nil); !errors.Is(err, ErrUnbounded) {
		t.Errorf("err = %v, want ErrUnbounded", err)
	}
	w, err := MinQuadratic(q, []float64{-1, -1}, &Constraints{Upper: []float64{10, 3}})
	if err != nil || math.Abs(w[0]-1) > 1e-12 || w[1] != 3 {
		t.Errorf("w = %v, err = %v; want [1 3]", w, err)
	}
}

func TestMinVarianceFixedAndFree(t *testing.T) {
	cov := mat.NewSymDense(3, []float64{1, 0.2, 0, 0.2, 2, 0.1, 0, 0.1, 3})
	inf := math.Inf(1)
	c := &Constraints{Lower: []float64{0.25, -inf, -inf}, Upper: []float64{0.25, inf, inf}, Aeq: mat.NewDense(1, 3, []float64{1, 1, 1}), Beq: []float64{1}}
	res, err := minQuadratic("test", "q", cov, nil, c)
	if err != nil {
		t.Fatal(err)
	}
	if res.x[0] != 0.25 {
		t.Errorf("fixed weight %v", res.x[0])
	}
	checkKKT(t, cov, nil, c, res, 1e-10)
}

// FuzzMinVariance: small random problems never panic, an answer is
// feasible, and ErrInfeasible comes only for constraints that are
// infeasible or leave no slack (checkInfeasibleOrTight).
// fuzzConstraints draws the fuzz targets' constraints for n assets from
// src: bounds on a quarter grid (a quarter of them without an upper bound),
// the budget row sum(w) = bud and one random row a w <= cap.
func fuzzConstraints(src *rand.Rand, n int, bud, cap float64) *Constraints {
	lo, up := make([]float64, n), make([]float64, n)
	for i := range lo {
		lo[i] = math.Round(src.NormFloat64()*4) / 4
		up[i] = lo[i] + math.Round(src.Float64()*8)/4
		if src.IntN(4) == 0 {
			up[i] = math.Inf(1)
		}
	}
	a := mat.NewDense(1, n, nil)
	for j := 0; j < n; j++ {
		a.Set(0, j, math.Round(src.NormFloat64()*2)/2)
	}
	c := budget(n, lo, up)
	c.Beq[0] = bud
	c.A, c.B = a, []float64{cap}
	return c
}

func FuzzMinVariance(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint8(2), 0.5, 1.0)
	f.Add(uint64(7), uint8(1), uint8(0), -1.0, 0.0)
	f.Add(uint64(99), uint8(6), uint8(5), 3.0, -2.0)
	f.Fuzz(func(t *testing.T, seed uint64, nn, rk uint8, bud, cap float64) {
		if math.IsNaN(bud) || math.IsInf(bud, 0) || math.IsNaN(cap) || math.IsInf(cap, 0) || math.Abs(bud) > 1e6 || math.Abs(cap) > 1e6 {
			return
		}
		n := 1 + int(nn)%6
		src := rand.New(rand.NewPCG(seed, 11))
		cov := randCov(src, n, 1+int(rk)%(n+2), 1)
		c := fuzzConstraints(src, n, bud, cap)
		w, err := MinVariance(cov, c)
		if errors.Is(err, ErrInfeasible) {
			checkInfeasibleOrTight(t, c, n)
			return
		}
		if err != nil {
			if !errors.Is(err, ErrNotConverged) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if v := violation(t, c, w); v > 1e-9 {
			t.Fatalf("answer %v violates constraints by %g", w, v)
		}
		for _, x := range w {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("non-finite weight %v", w)
			}
		}
	})
}
