package risk

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// MaxSharpe returns the weights w that maximise the Sharpe ratio
//
//	(μᵀw - riskFree) / sqrt(wᵀΣw)
//
// over the constraints c, for a mean vector mean (μ) and covariance matrix
// cov (Σ). Weights are quantities, so riskFree is an amount, not a rate:
// the profit the same capital would earn risk-free over the same horizon,
// in the units of μᵀw. With a budget row (Σw = 1) it is the usual
// risk-free rate and the ratio is the textbook one.
//
// The ratio is not concave, but it is homogeneous after the substitution
// y = κw, κ >= 0 (Charnes and Cooper 1962; Cornuejols and Tütüncü,
// "Optimization Methods in Finance", section 8.2): MaxSharpe solves
//
//	minimize yᵀΣy  subject to  μᵀy - riskFree·κ = 1,  A y <= B κ,
//	Aeq y = Beq κ,  Lower κ <= y <= Upper κ,  κ >= 0,
//
// a convex quadratic program (solved as MinQuadratic does) and returns
// w = y/κ. The constraints must fix the scale of w (a budget or capacity
// row, or finite upper bounds): when the best ratio is only approached as w
// grows without limit (κ → 0), or when some feasible w has positive excess
// and zero variance (an infinite ratio), it returns ErrUnbounded.
//
// It returns ErrNoPositiveExcess if no feasible w has μᵀw > riskFree
// (the ratio is then at most zero and its maximiser is meaningless; see
// PyPortfolioOpt issues 427 and 458), an error matching ErrConstraints if c
// is malformed, ErrInfeasible if nothing satisfies c, and ErrNotPSD or
// ErrNotConverged as MinVariance does, and ErrInvalid if mean, cov or
// riskFree holds a NaN or an infinity. It panics if len(mean) differs from
// the dimension of cov.
func MaxSharpe(mean []float64, cov mat.Symmetric, riskFree float64, c *Constraints) ([]float64, error) {
	n, qd, err := meanCov("MaxSharpe", mean, cov)
	if err == nil {
		err = checkFiniteScalar("riskFree", riskFree)
	}
	if err != nil {
		return nil, err
	}
	f, err := newFeasSet(c, n)
	if err != nil {
		return nil, err
	}
	cost := make([]float64, n)
	for i, m := range mean {
		cost[i] = -m
	}
	wmax, err := solveLP(cost, f)
	switch {
	case errors.Is(err, ErrUnbounded):
		// The excess return is unbounded above: certainly positive.
	case err != nil:
		return nil, err
	default:
		m1 := optDot(mean, wmax)
		if m1-riskFree <= 1e-12*(math.Abs(m1)+math.Abs(riskFree)) {
			return nil, ErrNoPositiveExcess
		}
	}
	// Homogenised problem in (y, κ).
	N := n + 1
	g := &feasSet{n: N, lo: make([]float64, N), up: make([]float64, N)}
	for i := 0; i < N; i++ {
		g.lo[i], g.up[i] = math.Inf(-1), math.Inf(1)
	}
	g.lo[n] = 0
	unit := func(i int, s, k float64) []float64 {
		r := make([]float64, N)
		r[i], r[n] = s, k
		return r
	}
	for i := 0; i < n; i++ {
		lo, up := f.lo[i], f.up[i]
		switch {
		case lo == up:
			g.aeq = append(g.aeq, unit(i, 1, -lo))
			g.beq = append(g.beq, 0)
			continue
		case lo == 0:
			g.lo[i] = 0
		case !math.IsInf(lo, -1):
			g.addIneq(unit(i, -1, lo), 0)
		}
		switch {
		case up == 0:
			g.up[i] = 0
		case !math.IsInf(up, 1):
			g.addIneq(unit(i, 1, -up), 0)
		}
	}
	hom := func(a []float64, b float64) []float64 {
		r := make([]float64, N)
		copy(r, a)
		r[n] = -b
		return r
	}
	for i, a := range f.ain {
		g.addIneq(hom(a, f.bin[i]), 0)
	}
	for i, a := range f.aeq {
		g.aeq = append(g.aeq, hom(a, f.beq[i]))
		g.beq = append(g.beq, 0)
	}
	g.aeq = append(g.aeq, hom(mean, riskFree))
	g.beq = append(g.beq, 1)
	qh := make([]float64, N*N)
	for i := 0; i < n; i++ {
		copy(qh[i*N:i*N+n], qd[i*n:i*n+n])
	}
	res, err := solveQP(N, qh, nil, g)
	if err != nil {
		return nil, err
	}
	y, kappa := res.x[:n], res.x[n]
	ymax := 0.0
	for _, v := range y {
		ymax = math.Max(ymax, math.Abs(v))
	}
	if kappa <= 1e-12*ymax || optQuad(qd, y) <= 1e-24*ymax*ymax*maxAbs(qd) {
		return nil, ErrUnbounded
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = y[i] / kappa
	}
	f.clampBounds(w)
	return w, nil
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}
