package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// benchShape is one variant of the benchmark's 2,000 x 12 problem (see
// minCVaRBenchProblem): a level, constraints and an optional least mean.
// scripts/highs_mincvar.py builds the same variants by name.
type benchShape struct {
	name    string
	level   float64
	c       *Constraints
	minMean *float64
}

// benchShapes returns the variants: "bench" (level 0.95, the caps, the
// capacity row and the target, as the benchmark); "level75", "level50"
// and "level99" (the same at other levels); "short" (level 0.75, weights
// in [-3, 3], Σw = 1); "neutral" (level 0.75, weights in [-3, 3], Σw = 0,
// expected profit at least 0.1).
func benchShapes(sc *mat.Dense, c *Constraints, target float64) []benchShape {
	_, n := sc.Dims()
	neutralMean := 0.1
	return []benchShape{
		{"bench", 0.95, c, &target},
		{"level75", 0.75, c, &target},
		{"level50", 0.5, c, &target},
		{"level99", 0.99, c, &target},
		{"short", 0.75, boxSum(n, -3, 3, 1), nil},
		{"neutral", 0.75, boxSum(n, -3, 3, 0), &neutralMean},
	}
}

// boxSum returns the constraints lo <= w[i] <= up, Σw = sum.
func boxSum(n int, lo, up, sum float64) *Constraints {
	fill := func(v float64) []float64 {
		b := make([]float64, n)
		for i := range b {
			b[i] = v
		}
		return b
	}
	return &Constraints{Lower: fill(lo), Upper: fill(up), Aeq: mat.NewDense(1, n, fill(1)), Beq: []float64{sum}}
}

// The least CVaR of each shape of the 2,000 x 12 benchmark problem matches
// scipy's HiGHS (scipy 1.10.1, Debian bookworm) on the full
// Rockafellar-Uryasev program, to 1e-12 relative. The golden values were
// printed by
//
//	WATTFOLIO_MINCVAR_DATA=/tmp/lpdata go test ./risk/ -run TestMinCVaRBenchData
//	/usr/bin/python3 scripts/highs_mincvar.py /tmp/lpdata --shape all
//
// (HiGHS and this solver agreed to 3e-15 relative or better.) The cutting-
// plane method this solver replaced gave up after 1,000 cuts at level 0.75.
func TestMinCVaRShapesHiGHS(t *testing.T) {
	highs := map[string]float64{
		"bench":   1.288766920460557,
		"level75": -6.581131062940098,
		"level50": -11.87715294320664,
		"level99": 5.234833238509998,
		"short":   -1.2415075847813593,
		"neutral": -1.0027579473159969,
	}
	sc, c, target := minCVaRBenchProblem(t)
	for _, sh := range benchShapes(sc, c, target) {
		w, obj, err := minCVaR("test", sh.level, sc, sh.minMean, sh.c, false)
		if err != nil {
			t.Errorf("%s: %v", sh.name, err)
			continue
		}
		want := highs[sh.name]
		if math.Abs(obj-want) > 1e-12*math.Abs(want) {
			t.Errorf("%s: least CVaR %.17g, HiGHS %.17g", sh.name, obj, want)
		}
		if got := CVaR(sh.level, profitsOf(sc, w)); math.Abs(got-want) > 1e-12*math.Abs(want) {
			t.Errorf("%s: CVaR of the weights %.17g, HiGHS %.17g", sh.name, got, want)
		}
		if v := violation(t, sh.c, w); v > 1e-12 {
			t.Errorf("%s: violation %g", sh.name, v)
		}
	}
}

// On small random problems of every shape and level, the least CVaR
// matches the full Rockafellar-Uryasev program solved by gonum's simplex
// method (an independent solver), to 1e-9 relative, and equals the CVaR
// of the returned weights.
func TestMinCVaRShapesDirect(t *testing.T) {
	src := rand.New(rand.NewPCG(31, 32))
	for _, level := range []float64{0.5, 0.75, 0.9, 0.95, 0.99} {
		for _, shape := range []string{"budget", "short", "neutral"} {
			for trial := 0; trial < 2; trial++ {
				S, n := 30+src.IntN(60), 2+src.IntN(5)
				sc := randScenarios(src, S, n)
				var c *Constraints
				var minMean *float64
				switch shape {
				case "budget":
					c = budget(n, nil, nil)
				case "short":
					c = boxSum(n, -3, 3, 1)
				case "neutral":
					c = boxSum(n, -3, 3, 0)
					m := 0.02
					minMean = &m
				}
				checkAgainstDirect(t, shape, level, sc, minMean, c)
			}
		}
	}
}

// checkAgainstDirect compares minCVaR with its direct (gonum) form.
func checkAgainstDirect(t *testing.T, name string, level float64, sc *mat.Dense, minMean *float64, c *Constraints) {
	t.Helper()
	w, obj, err := minCVaR("test", level, sc, minMean, c, false)
	_, objd, errd := minCVaR("test", level, sc, minMean, c, true)
	if err != nil || errd != nil {
		if !errors.Is(err, ErrInfeasible) || !errors.Is(errd, ErrInfeasible) {
			t.Errorf("%s level %v: err %v, direct err %v", name, level, err, errd)
		}
		return
	}
	if math.Abs(obj-objd) > 1e-9*(1+math.Abs(objd)) {
		t.Errorf("%s level %v: least CVaR %.15g, direct %.15g", name, level, obj, objd)
	}
	if got := CVaR(level, profitsOf(sc, w)); math.Abs(got-obj) > 1e-12*(1+math.Abs(got)) {
		t.Errorf("%s level %v: objective %.15g, CVaR of the weights %.15g", name, level, obj, got)
	}
	if v := violation(t, c, w); v > 1e-12 {
		t.Errorf("%s level %v: violation %g", name, level, v)
	}
}

// Ties and degeneracy: every scenario repeated (so the tail boundary
// falls between equal losses, k an integer), an asset duplicated (so the
// optimal weights are not unique and two dual rows coincide), identical
// scenarios only, and a dominated all-equal asset. Each matches the
// direct program.
func TestMinCVaRDegenerate(t *testing.T) {
	src := rand.New(rand.NewPCG(41, 42))
	base := randScenarios(src, 30, 3)
	// Each scenario three times: 90 scenarios, k = 9 at level 0.9.
	rep := mat.NewDense(90, 3, nil)
	for s := 0; s < 90; s++ {
		rep.SetRow(s, base.RawRowView(s/3))
	}
	// Asset 1 duplicated as asset 3.
	dup := mat.NewDense(30, 4, nil)
	for s := 0; s < 30; s++ {
		r := base.RawRowView(s)
		dup.SetRow(s, []float64{r[0], r[1], r[2], r[1]})
	}
	// One scenario repeated 20 times: the CVaR is minus its profit.
	same := mat.NewDense(20, 3, nil)
	for s := 0; s < 20; s++ {
		same.SetRow(s, []float64{0.3, -0.1, 0.2})
	}
	for _, level := range []float64{0.5, 0.75, 0.9, 0.95} {
		checkAgainstDirect(t, "repeated", level, rep, nil, budget(3, nil, nil))
		checkAgainstDirect(t, "repeated short", level, rep, nil, boxSum(3, -3, 3, 1))
		checkAgainstDirect(t, "duplicated asset", level, dup, nil, budget(4, nil, nil))
		checkAgainstDirect(t, "duplicated asset neutral", level, dup, nil, boxSum(4, -3, 3, 0))
		checkAgainstDirect(t, "identical", level, same, nil, budget(3, nil, nil))
	}
	// Identical scenarios, budget: all weight on the asset with the
	// greatest profit, 0.3, so the least CVaR is -0.3 (by hand).
	w, err := MinCVaR(0.9, same, budget(3, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := CVaR(0.9, profitsOf(same, w)); math.Abs(got+0.3) > 1e-15 {
		t.Errorf("identical scenarios: CVaR %v, want -0.3 (w %v)", got, w)
	}
}

// By hand: two assets, four scenarios (profits per unit)
//
//	s1 (2, -1), s2 (-1, 2), s3 (1, 1), s4 (0, 0)
//
// with w1 + w2 = 1, w >= 0. At level 0.5 (the mean of the two worst of
// four) the profits are 3a-1, 2-3a, 1, 0 for w = (a, 1-a); at a = 1/2 they
// are 0.5, 0.5, 1, 0 and the two worst average 0.25, so the CVaR is -0.25;
// moving a either way lowers one of the two worst below 0.5, so that is
// the least. At level 0.75 (the worst one) the least CVaR is 0: scenario
// s4 pays 0 whatever w.
func TestMinCVaRByHand(t *testing.T) {
	sc := mat.NewDense(4, 2, []float64{2, -1, -1, 2, 1, 1, 0, 0})
	for _, tc := range []struct {
		level, want float64
	}{{0.5, -0.25}, {0.75, 0}} {
		w, obj, err := minCVaR("test", tc.level, sc, nil, budget(2, nil, nil), false)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(obj-tc.want) > 1e-15 {
			t.Errorf("level %v: least CVaR %v, want %v (w %v)", tc.level, obj, tc.want, w)
		}
	}
	w, _ := MinCVaR(0.5, sc, budget(2, nil, nil))
	if math.Abs(w[0]-0.5) > 1e-15 || math.Abs(w[1]-0.5) > 1e-15 {
		t.Errorf("level 0.5: w = %v, want (0.5, 0.5)", w)
	}
}

// An iteration cap too small for the problem gives ErrNotConverged, never
// an answer.
func TestMinCVaRIterationCap(t *testing.T) {
	src := rand.New(rand.NewPCG(51, 52))
	sc := randScenarios(src, 200, 5)
	p, err := optDense("scenarios", sc)
	if err != nil {
		t.Fatal(err)
	}
	f, err := newFeasSet(budget(5, nil, nil), 5)
	if err != nil {
		t.Fatal(err)
	}
	w, _, err := minCVaRDual(0.9, 200, 5, p, f, 5)
	if !errors.Is(err, ErrNotConverged) || w != nil {
		t.Errorf("w = %v, err = %v; want ErrNotConverged", w, err)
	}
	if _, _, err := minCVaRDual(0.9, 200, 5, p, f, 0); err != nil {
		t.Errorf("default cap: %v", err)
	}
}

// With S >= cvarCrashMin scenarios minCVaRDual starts from a crash (the
// tail of a sample's solution); the least CVaR is the same, to 1e-12
// relative, as from the plain start, at low and high levels and for each
// shape. A problem whose sample is unbounded skips the crash and still
// reports ErrUnbounded.
func TestMinCVaRCrash(t *testing.T) {
	src := rand.New(rand.NewPCG(71, 72))
	const S, n = 3000, 6
	sc := randScenarios(src, S, n)
	p, err := optDense("scenarios", sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, level := range []float64{0.3, 0.75, 0.95} {
		for name, c := range map[string]*Constraints{"budget": budget(n, nil, nil), "short": boxSum(n, -3, 3, 1), "neutral": boxSum(n, -3, 3, 0)} {
			f, err := newFeasSet(c, n)
			if err != nil {
				t.Fatal(err)
			}
			_, obj, err := minCVaRDual(level, S, n, p, f, 0)
			if err != nil {
				t.Fatalf("%s level %v: %v", name, level, err)
			}
			k := (1 - level) * S
			lp, err := cvarDualLP(k, S, n, p, f)
			if err != nil {
				t.Fatal(err)
			}
			s := newBoxSimplex(lp)
			if st := s.solve(1 << 20); st != boxOptimal {
				t.Fatalf("%s level %v: plain start: status %d", name, level, st)
			}
			w, tv := s.y[:n], -s.y[n]
			plain := 0.0
			for i := 0; i < S; i++ {
				plain += max(-optDot(p[i*n:(i+1)*n], w)-tv, 0)
			}
			plain = tv + plain/k
			if math.Abs(obj-plain) > 1e-12*(1+math.Abs(plain)) {
				t.Errorf("%s level %v: crash %.17g, plain %.17g", name, level, obj, plain)
			}
		}
	}
	// Asset 0 pays 1 in every scenario and has no cap: unbounded.
	up := mat.NewDense(S, 2, nil)
	for i := 0; i < S; i++ {
		up.Set(i, 0, 1)
		up.Set(i, 1, src.NormFloat64())
	}
	if _, err := MinCVaR(0.9, up, nil); !errors.Is(err, ErrUnbounded) {
		t.Errorf("unbounded: err = %v", err)
	}
}
