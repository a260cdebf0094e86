package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// tailMeanLoss is the test's own exact fractional tail mean (Acerbi and
// Tasche, "On the coherence of expected shortfall", 2002; REFERENCE.md,
// "Risk estimator conventions"): with k = (1-level)·n, minus the sum of
// the floor(k) worst profits and the fraction k-floor(k) of the next one,
// divided by k. It is written independently of CVaR so that the optimizer
// tests check against a second implementation.
func tailMeanLoss(level float64, profits []float64) float64 {
	x := append([]float64(nil), profits...)
	sort.Float64s(x)
	k := (1 - level) * float64(len(x))
	m := int(math.Floor(k))
	s := 0.0
	for i := 0; i < m && i < len(x); i++ {
		s += x[i]
	}
	if m < len(x) {
		s += (k - float64(m)) * x[m]
	}
	return -s / k
}

// randCov returns a random n×n covariance of rank r (full when r >= n),
// scaled by s, from src.
func randCov(src *rand.Rand, n, r int, s float64) *mat.SymDense {
	f := mat.NewDense(n, r, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < r; j++ {
			f.Set(i, j, src.NormFloat64()*s)
		}
	}
	var c mat.SymDense
	c.SymOuterK(1, f)
	return &c
}

func quad(cov mat.Symmetric, w []float64) float64 {
	_, v := covTimes("test", w, cov)
	return v
}

// feasible reports the largest relative violation of c at w.
func violation(t *testing.T, c *Constraints, w []float64) float64 {
	t.Helper()
	f, err := newFeasSet(c, len(w))
	if err != nil {
		t.Fatal(err)
	}
	return f.violation(w)
}

// checkKKT checks the first-order conditions of min ½xᵀQx + linᵀx at a
// solution: stationarity with the returned multipliers, dual feasibility,
// complementary slackness and primal feasibility, all to tol.
func checkKKT(t *testing.T, q mat.Symmetric, lin []float64, c *Constraints, r *qpResult, tol float64) {
	t.Helper()
	n := q.SymmetricDim()
	f, _ := newFeasSet(c, n)
	x := r.x
	if v := f.violation(x); v > tol {
		t.Errorf("primal infeasible by %g", v)
	}
	grad := make([]float64, n)
	scale := 1.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			grad[i] += q.At(i, j) * x[j]
			scale = math.Max(scale, math.Abs(q.At(i, j)*x[j]))
		}
		if lin != nil {
			grad[i] += lin[i]
			scale = math.Max(scale, math.Abs(lin[i]))
		}
	}
	res := append([]float64(nil), grad...)
	for i := 0; i < n; i++ {
		res[i] -= r.lamLo[i] - r.lamUp[i]
		if r.lamUp[i] < -tol || (r.lamLo[i] < -tol && f.lo[i] != f.up[i]) {
			t.Errorf("negative bound multiplier at %d: %g %g", i, r.lamLo[i], r.lamUp[i])
		}
		if f.lo[i] != f.up[i] {
			if r.lamLo[i]*(x[i]-f.lo[i]) > tol*(1+math.Abs(r.lamLo[i])) && !math.IsInf(f.lo[i], -1) {
				t.Errorf("complementarity lower %d: λ=%g slack=%g", i, r.lamLo[i], x[i]-f.lo[i])
			}
			if r.lamUp[i]*(f.up[i]-x[i]) > tol*(1+math.Abs(r.lamUp[i])) && !math.IsInf(f.up[i], 1) {
				t.Errorf("complementarity upper %d: λ=%g slack=%g", i, r.lamUp[i], f.up[i]-x[i])
			}
		}
	}
	for k, a := range f.ain {
		l := r.lamIn[k]
		if l < -tol {
			t.Errorf("negative row multiplier %d: %g", k, l)
		}
		slack := f.bin[k] - optDot(a, x)
		if l*slack > tol*(1+math.Abs(l)+math.Abs(f.bin[k])) {
			t.Errorf("complementarity row %d: λ=%g slack=%g", k, l, slack)
		}
		for i := range res {
			res[i] += l * a[i]
		}
	}
	for k, a := range f.aeq {
		for i := range res {
			res[i] -= r.lamEq[k] * a[i]
		}
	}
	for i, v := range res {
		if math.Abs(v) > tol*scale {
			t.Errorf("stationarity residual %d: %g (scale %g)", i, v, scale)
		}
	}
}

// gridMin evaluates fn over the simplex-like grid of 2 or 3 weights with
// step h within [0, 1] and Σw = 1, returning the least value.
func gridMin(n int, h float64, ok func(w []float64) bool, fn func(w []float64) float64) (float64, []float64) {
	best, bw := math.Inf(1), []float64(nil)
	steps := int(math.Round(1 / h))
	w := make([]float64, n)
	var rec func(i int, left int)
	rec = func(i int, left int) {
		if i == n-1 {
			w[i] = float64(left) / float64(steps)
			if ok == nil || ok(w) {
				if v := fn(w); v < best {
					best, bw = v, append([]float64(nil), w...)
				}
			}
			return
		}
		for k := 0; k <= left; k++ {
			w[i] = float64(k) / float64(steps)
			rec(i+1, left-k)
		}
	}
	rec(0, steps)
	return best, bw
}

// budget returns constraints Σw = 1 with the given bounds (nil for none).
func budget(n int, lo, up []float64) *Constraints {
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	return &Constraints{Lower: lo, Upper: up, Aeq: mat.NewDense(1, n, ones), Beq: []float64{1}}
}

// scaledRow is a constraint a·w <= b (or = b) with the scale
// 1 + |b| + Σ|a_j| by which leastViolation and largestSlack divide its
// violation or its slack.
type scaledRow struct {
	a        []float64
	b, scale float64
}

// constraintRows returns the constraints of c on n assets as the rows
// gonum's lp.Convert takes, written as c has them: bounds as rows of unit
// vectors and A w <= B in ineq, Aeq w = Beq and the bounds that fix a
// weight (Lower[i] == Upper[i]) in eq. It fails the test if c is malformed.
func constraintRows(t *testing.T, c *Constraints, n int) (ineq, eq []scaledRow) {
	t.Helper()
	f, err := newFeasSet(c, n)
	if err != nil {
		t.Fatal(err)
	}
	row := func(a []float64, b float64) scaledRow {
		r := scaledRow{a: a, b: b, scale: 1 + math.Abs(b)}
		for _, v := range a {
			r.scale += math.Abs(v)
		}
		return r
	}
	unit := func(i int, sign float64) []float64 {
		e := make([]float64, n)
		e[i] = sign
		return e
	}
	for i := 0; i < n; i++ {
		switch lo, up := f.lo[i], f.up[i]; {
		case lo == up:
			eq = append(eq, row(unit(i, 1), lo))
		default:
			if !math.IsInf(lo, -1) {
				ineq = append(ineq, row(unit(i, -1), -lo))
			}
			if !math.IsInf(up, 1) {
				ineq = append(ineq, row(unit(i, 1), up))
			}
		}
	}
	for k, a := range f.ain {
		ineq = append(ineq, row(a, f.bin[k]))
	}
	for k, a := range f.aeq {
		eq = append(eq, row(a, f.beq[k]))
	}
	return ineq, eq
}

// feasibilityLP returns the least z such that some weights w of n assets
// meet each constraint of c up to z times its scale (see scaledRow), an
// equality up to eqFactor z times its scale both ways, and z >= zMin:
//
//	minimize z  subject to  a·w - z scale <= b, ±(a·w - b) <= eqFactor z scale, z >= zMin.
//
// It solves the rows as written with gonum's lp.Simplex on lp.Convert's
// standard form, none of the presolve (shifts, splits, scaling, removal of
// dependent rows) of the optimizers' own solveLP, so that tests can check
// the optimizers' ErrInfeasible against it. The error is the simplex
// method's.
func feasibilityLP(t *testing.T, c *Constraints, n int, eqFactor, zMin float64) (float64, error) {
	t.Helper()
	ineq, eq := constraintRows(t, c, n)
	gm := mat.NewDense(len(ineq)+2*len(eq)+1, n+1, nil)
	var h []float64
	add := func(a []float64, sign, b, zCoef float64) {
		i := len(h)
		for j, v := range a {
			gm.Set(i, j, sign*v)
		}
		gm.Set(i, n, -zCoef)
		h = append(h, sign*b)
	}
	for _, r := range ineq {
		add(r.a, 1, r.b, r.scale)
	}
	for _, r := range eq {
		add(r.a, 1, r.b, eqFactor*r.scale)
		add(r.a, -1, r.b, eqFactor*r.scale)
	}
	add(make([]float64, n), 1, -zMin, 1) // -z <= -zMin
	cost := make([]float64, n+1)
	cost[n] = 1
	cNew, aNew, bNew := lp.Convert(cost, gm, h, nil, nil)
	z, _, err := lp.Simplex(cNew, aNew, bNew, 1e-12, nil)
	return z, err
}

// leastViolation returns the least, over all weights w of n assets, of the
// largest violation of a constraint of c at w divided by the row's scale
// (see scaledRow): 0 when some weights satisfy c, and positive when none
// does. It fails the test if the simplex method does.
func leastViolation(t *testing.T, c *Constraints, n int) float64 {
	t.Helper()
	z, err := feasibilityLP(t, c, n, 1, 0)
	if err != nil {
		t.Fatalf("feasibility LP: %v", err)
	}
	return max(z, 0)
}

// largestSlack returns the largest m, at most 1, such that some weights w
// of n assets meet every equality of c exactly and every other constraint
// with a slack of m times its scale (see scaledRow). It is positive when c
// leaves room around some feasible weights, 0 or less when c can be met
// only where some inequalities hold with equality, and -Inf when the
// equalities alone cannot be met. It fails the test if the simplex method
// does otherwise.
func largestSlack(t *testing.T, c *Constraints, n int) float64 {
	t.Helper()
	z, err := feasibilityLP(t, c, n, 0, -1)
	if errors.Is(err, lp.ErrInfeasible) {
		return math.Inf(-1)
	}
	var cond mat.Condition
	if errors.Is(err, lp.ErrSingular) || errors.As(err, &cond) {
		// gonum's simplex needs a basis it can factor, which a feasible
		// set of one point (lower bounds adding up to the budget: fuzz
		// corpus entry 75174c9fedd0594e) may not give it: solve the same
		// program with the package's bounded simplex instead.
		return largestSlackBox(t, c, n)
	}
	if err != nil {
		t.Fatalf("slack LP: %v", err)
	}
	return -z
}

// largestSlackBox is largestSlack by boxSimplex: maximise m <= 1 over
// free w and m, with a w + scale m + s = b (s >= 0) for each inequality and
// a w = b for each equality.
func largestSlackBox(t *testing.T, c *Constraints, n int) float64 {
	t.Helper()
	ineq, eq := constraintRows(t, c, n)
	rows := len(ineq) + len(eq)
	cols := n + 1 + len(ineq)
	p := &boxLP{m: rows, n: cols, a: make([]float64, rows*cols), c: make([]float64, cols),
		lo: make([]float64, cols), up: make([]float64, cols), b: make([]float64, rows)}
	for j := range cols {
		p.lo[j], p.up[j] = 0, math.Inf(1)
		if j <= n {
			p.lo[j] = math.Inf(-1)
		}
	}
	p.up[n], p.c[n] = 1, -1
	for i, r := range append(append([]scaledRow(nil), ineq...), eq...) {
		for j, v := range r.a {
			p.a[j*rows+i] = v
		}
		p.b[i] = r.b
		if i < len(ineq) {
			p.a[n*rows+i] = r.scale
			p.a[(n+1+i)*rows+i] = 1
		}
	}
	s := newBoxSimplex(p)
	switch st := s.solve(100_000); st {
	case boxInfeasible:
		return math.Inf(-1)
	case boxOptimal:
		return s.x[n]
	default:
		t.Fatalf("slack LP by boxSimplex: status %d", st)
		return 0
	}
}

// checkInfeasible fails the test unless no weights of n assets come within
// 1e-9 of satisfying c (see leastViolation): an optimizer's ErrInfeasible
// must be a property of the constraints, not of the optimizer.
func checkInfeasible(t *testing.T, c *Constraints, n int) {
	t.Helper()
	if v := leastViolation(t, c, n); v <= 1e-9 {
		t.Errorf("ErrInfeasible, but weights violate the constraints by only %g", v)
	}
}

// checkInfeasibleOrTight is checkInfeasible that also accepts constraints
// met only where some inequalities hold with equality (largestSlack at most
// 1e-9), which rounding may put on either side of feasible: MinVariance
// calls the single point w = (42.5, 0, -0.5, -0.75, 1.25, 0) of the fuzz
// corpus entry c814cb6205ba9e50 infeasible.
func checkInfeasibleOrTight(t *testing.T, c *Constraints, n int) {
	t.Helper()
	if leastViolation(t, c, n) > 1e-9 {
		return
	}
	if m := largestSlack(t, c, n); m > 1e-9 {
		t.Errorf("ErrInfeasible, but weights meet every constraint with a slack of %g", m)
	}
}
