package risk

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// minCVaRDual solves the Rockafellar-Uryasev program over f (S scenarios
// of n assets, profits p row-major) through its linear-programming dual,
// which has one row per asset plus one, whatever S is.
//
// With k = (1-level)·S, the program min t + (1/k) Σₛ uₛ subject to
// uₛ + pₛ·w + t >= 0, uₛ >= 0, A w <= b, E w = e, lo <= w <= up has the dual
//
//	minimise  bᵀλ + eᵀμ - loᵀz⁻ + upᵀz⁺
//	subject to  Σₛ qₛ (-pₛ, 1)/k + Σᵢ λᵢ (aᵢ, 0) + Σᵢ μᵢ (eᵢ, 0) + (z⁺ - z⁻, 0) = (0, 1),
//	            0 <= qₛ <= 1, λ >= 0, μ free, z⁻, z⁺ >= 0,
//
// (qₛ/k is the probability the worst-case measure puts on scenario s; z⁻ⱼ
// exists only for a finite lo[j], z⁺ⱼ for a finite up[j], and a fixed
// weight has one free column). Its n+1 rows have as multipliers y = (w, -t):
// the reduced cost of λᵢ is bᵢ - aᵢ·w, of qₛ is (pₛ·w + t)/k, and so on, so
// an optimal basis of the dual gives the optimal weights and VaR t, and
// the dual's optimum is minus the least CVaR. boxSimplex solves it with a
// basis of n+1 columns: each iteration costs one pass over the scenario
// matrix (S·(n+1) multiply-adds) plus O(n²), and a scenario that enters or
// leaves the tail without changing the basis is a bound flip that costs
// O(n²).
//
// From cvarCrashMin scenarios on, the simplex method starts from
// cvarCrash's guess of the tail.
//
// The dual is infeasible exactly when the program is unbounded or
// infeasible, and unbounded exactly when the program is infeasible; the
// constraints' own feasibility (solveLP) tells the cases apart.
//
// maxIter caps the simplex iterations (pivots and bound flips); 0 means
// the default, 20 per column and row plus 1,000, far beyond the few
// hundred to few thousand that thousands of scenarios take.
func minCVaRDual(level float64, S, n int, p []float64, f *feasSet, maxIter int) ([]float64, float64, error) {
	k := (1 - level) * float64(S)
	lp, err := cvarDualLP(k, S, n, p, f)
	if err != nil {
		return nil, 0, err
	}
	if S >= cvarCrashMin {
		cvarCrash(level, k, S, n, p, f, lp)
	}
	s := newBoxSimplex(lp)
	if maxIter == 0 {
		maxIter = 20*(lp.n+lp.m) + 1000
	}
	switch st := s.solve(maxIter); st {
	case boxOptimal:
	case boxInfeasible:
		if err := feasibleSet(f); err != nil {
			return nil, 0, err
		}
		return nil, 0, ErrUnbounded
	case boxUnbounded:
		if err := feasibleSet(f); err != nil {
			return nil, 0, err
		}
		return nil, 0, fmt.Errorf("%w: MinCVaR: the dual program is unbounded but the constraints are feasible", ErrNotConverged)
	case boxIterLimit:
		return nil, 0, fmt.Errorf("%w: MinCVaR: %d simplex iterations", ErrNotConverged, maxIter)
	default:
		return nil, 0, fmt.Errorf("%w: MinCVaR: singular basis", ErrNotConverged)
	}
	w := append([]float64(nil), s.y[:n]...)
	t := -s.y[n]
	f.clampBounds(w)
	if viol := f.violation(w); viol > 1e-8 {
		return nil, 0, fmt.Errorf("%w: MinCVaR: answer violates a constraint by %.3g (relative)", ErrNotConverged, viol)
	}
	// The objective at (w, t): the CVaR of w when t is its VaR, as it is
	// at the optimum.
	tail := 0.0
	for sc := 0; sc < S; sc++ {
		if l := -optDot(p[sc*n:(sc+1)*n], w); l > t {
			tail += l - t
		}
	}
	return w, t + tail/k, nil
}

// cvarCrashMin is the least number of scenarios for which minCVaRDual
// starts from a crash (see cvarCrash), and cvarCrashSample the number of
// scenarios of the sample the crash solves (so the stride is at least 2).
const (
	cvarCrashMin    = 1000
	cvarCrashSample = 500
)

// cvarCrash sets a starting point for lp, the dual program of minCVaRDual:
// it solves the problem on an evenly strided sample of about
// cvarCrashSample scenarios, ranks all S scenarios by their loss under
// the sample's weights, and starts the floor(k) worst at q = 1 (the tail
// a solution of the sample puts there) with the next few in the working
// set. Without it, each of the about k tail scenarios costs at least one
// iteration to bring in, and each iteration prices a working set that
// grows to k: quadratic in S at low levels. If the sample has no solution
// the crash is skipped.
func cvarCrash(level, k float64, S, n int, p []float64, f *feasSet, lp *boxLP) {
	stride := S / cvarCrashSample
	S0 := (S + stride - 1) / stride
	sub := make([]float64, 0, S0*n)
	for s := 0; s < S; s += stride {
		sub = append(sub, p[s*n:(s+1)*n]...)
	}
	w0, _, err := minCVaRDual(level, S0, n, sub, f, 0)
	if err != nil {
		return
	}
	loss := make([]float64, S)
	rank := make([]int, S)
	for s := range rank {
		rank[s] = s
		loss[s] = -optDot(p[s*n:(s+1)*n], w0)
	}
	slices.SortFunc(rank, func(a, b int) int { return cmp.Compare(loss[b], loss[a]) })
	tail := int(math.Floor(k))
	lp.atUp = make([]bool, lp.n)
	for _, s := range rank[:tail] {
		lp.atUp[s] = true
	}
	lp.seed = rank[tail:min(S, tail+2*n+50)]
}

// feasibleSet returns ErrInfeasible if no weights satisfy f, the error of
// the simplex method if it fails, and nil if f is feasible.
func feasibleSet(f *feasSet) error {
	_, err := solveLP(make([]float64, f.n), f)
	return err
}

// cvarDualLP builds the dual program of minCVaRDual as a boxLP: the
// scenario columns first (starting at q = 0, and priced by sifting: at
// the optimum only about (1-level)·S + n of them are off zero), then one column per
// inequality row, equality row and finite bound. Rows of f are scaled to
// a largest coefficient of 1; a row with no coefficient is dropped if it
// holds and makes the program infeasible if it does not.
func cvarDualLP(k float64, S, n int, p []float64, f *feasSet) (*boxLP, error) {
	m := n + 1
	ncol := S + len(f.ain) + len(f.aeq)
	for j := 0; j < n; j++ {
		lo, up := f.lo[j], f.up[j]
		switch {
		case lo == up:
			ncol++
		default:
			if !math.IsInf(lo, -1) {
				ncol++
			}
			if !math.IsInf(up, 1) {
				ncol++
			}
		}
	}
	lp := &boxLP{m: m, b: make([]float64, m), sift: S}
	lp.b[n] = 1
	buf := make([]float64, ncol*m+3*ncol)
	lp.a = buf[: 0 : ncol*m]
	lp.c, lp.lo, lp.up = buf[ncol*m:ncol*m:ncol*(m+1)], buf[ncol*(m+1):ncol*(m+1):ncol*(m+2)], buf[ncol*(m+2):ncol*(m+2)]
	inf := math.Inf(1)
	add := func(cost, lo, up float64) []float64 {
		lp.a = lp.a[:len(lp.a)+m]
		lp.c = append(lp.c, cost)
		lp.lo = append(lp.lo, lo)
		lp.up = append(lp.up, up)
		lp.n++
		return lp.a[len(lp.a)-m:]
	}
	ik := 1 / k
	for s := 0; s < S; s++ {
		col := add(0, 0, 1)
		for j, v := range p[s*n : (s+1)*n] {
			col[j] = -v * ik
		}
		col[n] = ik
	}
	row := func(a []float64, b float64, eq bool) error {
		sc := maxAbs(a)
		if sc == 0 {
			tol := 1e-12 * (1 + math.Abs(b))
			if b < -tol || (eq && b > tol) {
				return ErrInfeasible
			}
			return nil
		}
		lo := 0.0
		if eq {
			lo = -inf
		}
		col := add(b/sc, lo, inf)
		for j, v := range a {
			col[j] = v / sc
		}
		return nil
	}
	for i, a := range f.ain {
		if err := row(a, f.bin[i], false); err != nil {
			return nil, err
		}
	}
	for i, a := range f.aeq {
		if err := row(a, f.beq[i], true); err != nil {
			return nil, err
		}
	}
	for j := 0; j < n; j++ {
		lo, up := f.lo[j], f.up[j]
		if lo == up {
			add(-lo, -inf, inf)[j] = -1
			continue
		}
		if !math.IsInf(lo, -1) {
			add(-lo, 0, inf)[j] = -1
		}
		if !math.IsInf(up, 1) {
			add(up, 0, inf)[j] = 1
		}
	}
	return lp, nil
}
