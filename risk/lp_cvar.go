package risk

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// MinCVaR returns the weights w that minimise the CVaR at level (for
// example 0.95) of the scenario profits scenarios·w over the constraints c.
// Each row of scenarios is one equally likely scenario and each column an
// asset; an entry is the profit per unit of that asset in that scenario.
// The CVaR is the one CVaR computes (Acerbi-Tasche exact fractional tail
// mean, a positive loss) applied to the profits scenarios·w.
//
// The problem is the linear program of Rockafellar and Uryasev
// ("Optimization of conditional value-at-risk", Journal of Risk 2(3), 2000):
//
//	minimize t + 1/((1-level)·S) Σₛ uₛ
//	subject to uₛ >= -(scenarioₛ·w) - t, uₛ >= 0, w in c,
//
// with S scenarios. Its optimal value equals the CVaR of the optimal
// weights. Scenario profits of any finite magnitude work: those far from 1
// (beyond 2^±8 per unit) are scaled by a power of two first, which CVaR's
// homogeneity allows.
//
// MinCVaR solves that program exactly, through its linear-programming dual
// (see minCVaRDual in lp_cvar_dual.go): one row per asset plus one, one
// column per scenario (the weight the worst-case measure puts on it,
// between 0 and 1/((1-level)·S)) and one per constraint row and finite
// bound. A bounded-variable primal simplex method of the package's own
// solves the dual with a basis of n+1 columns: bounds are handled
// implicitly (a scenario entering or leaving the tail without a basis
// change is a bound flip), the basis inverse is updated in place and
// refactorized every 50 pivots, and the scenario columns are priced by
// sifting (a working set, grown with the most attractive of the others
// whenever it is optimal), so an iteration costs O(n²) plus a pass over
// the working set, and the whole of S is scanned only at the working
// set's optima. From 1,000 scenarios on, the method starts from a crash:
// the tail of the solution on an evenly strided sample of 500 scenarios
// (without it, low levels took iterations in proportion to S, each over a
// working set as large as the tail: 47 s for 20,000 scenarios at level
// 0.5, against 0.35-1.2 s with it, on this project's loaded 2-core test
// machine). The weights are the dual's simplex multipliers. Pricing
// and the stopping rule are relative to the size of each reduced cost's
// terms; Harris's ratio test and a switch to Bland's rule after a run of
// degenerate pivots keep ties (identical scenarios, duplicated assets)
// from cycling; an iteration cap, far above what any problem needs,
// returns ErrNotConverged rather than an answer. With 2,000 scenarios of
// 12 assets (BenchmarkMinCVaR2000x12) this took 4-10 ms on a shared
// 2-core machine, where scipy's HiGHS took 53-107 ms (median of 20 solves)
// on the same program (scripts/highs_mincvar.py) and the former
// cutting-plane method over gonum's simplex method 335-500 ms.
//
// A limit: the tolerances are relative to each row of the dual, so assets
// whose profits per unit differ by a factor of about 10^12 (after the
// power-of-two scaling above) are beyond them, and with wide bounds the
// answer can then be a suboptimal vertex; state such assets in units of
// comparable size.
//
// To require a minimum expected profit use MinCVaRTarget, or append the row
// -mean to c.A and -target to c.B, where mean[j] is the average of column j
// of scenarios.
//
// It returns an error matching ErrConstraints if c is malformed,
// ErrInfeasible if no weights satisfy c, ErrUnbounded if the CVaR falls
// without limit (some feasible direction raises every scenario profit),
// ErrNotConverged if the simplex method fails (a numerical breakdown or
// the iteration cap, not seen in the tests or in fuzzing), and ErrInvalid if level is
// outside (0, 1) or NaN, or scenarios has no rows or columns or holds a NaN
// or an infinity.
func MinCVaR(level float64, scenarios mat.Matrix, c *Constraints) ([]float64, error) {
	w, _, err := minCVaR("MinCVaR", level, scenarios, nil, c, false)
	return w, err
}

// MinCVaRTarget is MinCVaR with the extra constraint that the expected
// profit, the mean over scenarios of scenarios·w (every scenario's, a
// linear function of w), is at least minMean: the least tail risk for a
// target profit. If no weights in c reach minMean it returns a
// *TargetError (matching ErrInfeasible) that states the greatest mean
// attainable under c, as "risk: constraints are infeasible: target mean
// 250 above the greatest attainable 247.9"; when c itself is infeasible,
// plain ErrInfeasible. Otherwise it returns the errors of MinCVaR, and
// ErrInvalid if minMean is NaN or infinite.
func MinCVaRTarget(level float64, scenarios mat.Matrix, minMean float64, c *Constraints) ([]float64, error) {
	if err := checkFiniteScalar("minMean", minMean); err != nil {
		return nil, err
	}
	w, _, err := minCVaR("MinCVaRTarget", level, scenarios, &minMean, c, false)
	return w, err
}

// minCVaR solves the problem and also returns the least CVaR. direct
// solves the full Rockafellar-Uryasev program with gonum's simplex method
// instead (slow: a check for tests).
func minCVaR(fn string, level float64, scenarios mat.Matrix, minMean *float64, c *Constraints, direct bool) ([]float64, float64, error) {
	if err := checkLevel(level); err != nil {
		return nil, 0, err
	}
	S, n := scenarios.Dims()
	if S == 0 || n == 0 {
		return nil, 0, invalid("scenarios", fmt.Sprintf("%d×%d", S, n), "must have at least one row (scenario) and one column (asset)")
	}
	p, err := optDense("scenarios", scenarios)
	if err != nil {
		return nil, 0, err
	}
	f0, err := newFeasSet(c, n)
	if err != nil {
		return nil, 0, err
	}
	// CVaR is positively homogeneous in the profits, so scaling every
	// scenario by 2^-e changes the optimal weights not at all and the
	// optimum by 2^-e. The solver's tolerances are set for profits of
	// order 1, so profits far from it are scaled by a power of two,
	// exactly: at 1e150 per unit the simplex method misread the cuts as
	// unbounded, at 1e-300 as flat, and at 6.7e7 (2^26) gonum's simplex
	// cycled for ever on one of them (fuzz corpus entry 946fa47a937bde7f).
	// Profits within 2^±8 are left as they are, and give the same bits as
	// before.
	e := 0
	if m := maxAbs(p); m > 0 && (m > 0x1p8 || m < 0x1p-8) {
		e = math.Ilogb(m)
		for i := range p {
			p[i] = math.Ldexp(p[i], -e)
		}
	}
	mean := make([]float64, n)
	for s := 0; s < S; s++ {
		for j := 0; j < n; j++ {
			mean[j] += p[s*n+j]
		}
	}
	for j := range mean {
		mean[j] /= float64(S)
	}
	f := f0
	if minMean != nil {
		t := math.Ldexp(*minMean, -e)
		t = min(max(t, -math.MaxFloat64), math.MaxFloat64)
		f = f0.withTarget(mean, t)
	}
	w, obj, err := solveMinCVaR(level, S, n, p, f, direct)
	if err != nil && minMean != nil {
		err = targetError(err, *minMean, mean, f0)
		var te *TargetError
		if errors.As(err, &te) {
			te.Attainable = math.Ldexp(te.Attainable, e)
		}
	}
	return w, math.Ldexp(obj, e), err
}

// solveMinCVaR solves the program over f with the structured dual
// simplex method (see minCVaRDual), or, if direct is set, the full
// Rockafellar-Uryasev program with gonum's simplex method (a slow,
// independent check for tests).
func solveMinCVaR(level float64, S, n int, p []float64, f *feasSet, direct bool) ([]float64, float64, error) {
	if direct {
		return cvarDirect(level, S, n, p, f)
	}
	return minCVaRDual(level, S, n, p, f, 0)
}

// withTarget returns a copy of f with the row mean·w >= target added (as
// -mean·w <= -target); f is not modified.
func (f *feasSet) withTarget(mean []float64, target float64) *feasSet {
	g := *f
	g.ain = append([][]float64(nil), f.ain...)
	g.bin = append([]float64(nil), f.bin...)
	row := make([]float64, len(mean))
	for j, m := range mean {
		row[j] = -m
	}
	g.addIneq(row, -target)
	return &g
}

// extend returns f with k extra free or non-negative variables appended
// (their bounds given), its rows padded with zeros.
func (f *feasSet) extend(lo, up []float64) *feasSet {
	k := len(lo)
	g := &feasSet{n: f.n + k}
	g.lo = append(append([]float64(nil), f.lo...), lo...)
	g.up = append(append([]float64(nil), f.up...), up...)
	pad := func(a []float64) []float64 {
		r := make([]float64, f.n+k)
		copy(r, a)
		return r
	}
	for i, a := range f.ain {
		g.addIneq(pad(a), f.bin[i])
	}
	for i, a := range f.aeq {
		g.aeq = append(g.aeq, pad(a))
		g.beq = append(g.beq, f.beq[i])
	}
	return g
}

// cvarDirect solves the full Rockafellar-Uryasev program: variables w (n),
// t (free), u (S, >= 0).
func cvarDirect(level float64, S, n int, p []float64, f *feasSet) ([]float64, float64, error) {
	inf := math.Inf(1)
	lo := make([]float64, S+1)
	up := make([]float64, S+1)
	lo[0] = -inf
	for i := range up {
		up[i] = inf
	}
	g := f.extend(lo, up)
	cost := make([]float64, n+1+S)
	cost[n] = 1
	for s := 0; s < S; s++ {
		cost[n+1+s] = 1 / ((1 - level) * float64(S))
		row := make([]float64, n+1+S)
		for j := 0; j < n; j++ {
			row[j] = -p[s*n+j]
		}
		row[n] = -1
		row[n+1+s] = -1
		g.addIneq(row, 0)
	}
	x, err := solveLP(cost, g)
	if err != nil {
		return nil, 0, err
	}
	obj := 0.0
	for i, c := range cost {
		obj += c * x[i]
	}
	return append([]float64(nil), x[:n]...), obj, nil
}
