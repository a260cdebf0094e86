package risk

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
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
