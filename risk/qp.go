package risk

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// MinVariance returns the weights w that minimise the variance wᵀΣw over
// the constraints c, for a covariance matrix cov (Σ). A nil c means w >= 0
// only, whose answer is w = 0; real problems carry a budget or capacity row.
//
// It solves the convex quadratic program with the dual active-set method of
// Goldfarb and Idnani (Mathematical Programming 27, 1983), then solves the
// KKT system of the final active set exactly, so that bounds that bind hold
// exactly (w[i] == Upper[i], not 1e-17 away) and the other constraints hold
// to rounding. A singular (positive semidefinite) cov is accepted: a ridge
// of 1e-12 (or 1e-10) times its largest variance is added while searching
// for the active set and removed by the exact polish when the optimum is
// unique; when it is not (for example two identical assets) the ridged
// answer, the minimum-norm-like one among the optima, is returned.
//
// It returns an error matching ErrConstraints if c is malformed,
// ErrInfeasible if no weights satisfy c, ErrNotPSD if cov has a clearly
// negative eigenvalue, ErrNotConverged if the iteration limit is hit, and
// ErrInvalid if cov holds a NaN or an infinity. To require a least mean,
// use MinVarianceTarget, whose infeasible target says how far off it is.
func MinVariance(cov mat.Symmetric, c *Constraints) ([]float64, error) {
	res, err := minQuadratic("MinVariance", "cov", cov, nil, c)
	if err != nil {
		return nil, err
	}
	return res.x, nil
}

// MinQuadratic returns the weights w that minimise ½wᵀQw + linᵀw over the
// constraints c, for a positive semidefinite q. A nil lin means zero. It is
// the general form behind MinVariance and MeanVariance: maximising
// μᵀw - λwᵀΣw is MinQuadratic(2λΣ, -μ, c).
//
// The method and the errors are those of MinVariance. In addition, when q
// is singular and lin is not zero the objective may decrease without bound
// along a direction of zero curvature: MinQuadratic checks for such a
// feasible direction with a small linear program and returns ErrUnbounded.
// It returns an error matching ErrInvalid if q or lin holds a NaN or an
// infinity. It panics if len(lin) is neither 0 nor the dimension of q.
func MinQuadratic(q mat.Symmetric, lin []float64, c *Constraints) ([]float64, error) {
	res, err := minQuadratic("MinQuadratic", "q", q, lin, c)
	if err != nil {
		return nil, err
	}
	return res.x, nil
}

// minQuadratic is MinQuadratic for function fn, whose matrix argument is
// named qName in errors.
func minQuadratic(fn, qName string, q mat.Symmetric, lin []float64, c *Constraints) (*qpResult, error) {
	n, qd, err := optSymDense(qName, q)
	if len(lin) != 0 && len(lin) != n {
		panic(fmt.Sprintf("risk: %s: len(lin) = %d, want %d", fn, len(lin), n))
	}
	if err != nil {
		return nil, err
	}
	if err := checkFinite("lin", lin); err != nil {
		return nil, err
	}
	if len(lin) == 0 {
		lin = nil
	}
	f, err := newFeasSet(c, n)
	if err != nil {
		return nil, err
	}
	return solveQPChecked(n, qd, lin, f)
}

// solveQPChecked solves the QP and, when a ridge was needed and the linear
// term is not zero, checks for a recession direction of zero curvature.
func solveQPChecked(n int, qd, lin []float64, f *feasSet) (*qpResult, error) {
	res, err := solveQP(n, qd, lin, f)
	if err != nil {
		return nil, err
	}
	if res.ridge > 0 && !res.polished && lin != nil {
		unb, err := zeroCurvatureDescent(n, qd, lin, f)
		if err != nil {
			return nil, err
		}
		if unb {
			return nil, ErrUnbounded
		}
	}
	return res, nil
}

// zeroCurvatureDescent reports whether some direction d with Qd = 0,
// linᵀd < 0 stays feasible for ever (d in the recession cone of f): then
// ½xᵀQx + linᵀx is unbounded below. It solves the LP
// min linᵀd s.t. Qd = 0, recession cone, -1 <= d <= 1.
func zeroCurvatureDescent(n int, qd, lin []float64, f *feasSet) (bool, error) {
	g := &feasSet{n: n, lo: make([]float64, n), up: make([]float64, n)}
	for i := 0; i < n; i++ {
		g.lo[i], g.up[i] = -1, 1
		if !math.IsInf(f.lo[i], -1) {
			g.lo[i] = 0
		}
		if !math.IsInf(f.up[i], 1) {
			g.up[i] = 0
		}
	}
	for _, a := range f.ain {
		g.addIneq(a, 0)
	}
	for _, a := range f.aeq {
		g.aeq = append(g.aeq, a)
		g.beq = append(g.beq, 0)
	}
	for i := 0; i < n; i++ {
		g.aeq = append(g.aeq, qd[i*n:i*n+n])
		g.beq = append(g.beq, 0)
	}
	d, err := solveLP(lin, g)
	if err != nil {
		if errors.Is(err, ErrInfeasible) {
			return false, nil
		}
		return false, err
	}
	v, scale := 0.0, 0.0
	for i := range d {
		v += lin[i] * d[i]
		scale += math.Abs(lin[i])
	}
	return v < -1e-9*scale, nil
}

// MeanVariance returns the weights w that maximise the mean-variance
// utility μᵀw - λ·wᵀΣw over the constraints c, for a mean vector mean (μ),
// a covariance matrix cov (Σ) and a risk aversion lambda (λ). Larger λ
// gives safer, lower-mean allocations; λ = 0 is MaxMean. Any finite λ
// works: when 2λΣ would overflow, the objective is scaled down by a power
// of two first.
//
// It returns the errors of MinQuadratic (including ErrUnbounded when cov is
// singular along a direction of rising mean with no limit), those of
// MaxMean when lambda is 0, and an error matching ErrInvalid if lambda is
// negative, NaN or infinite or if mean or cov holds a NaN or an infinity.
// It panics if len(mean) differs from the dimension of cov.
func MeanVariance(mean []float64, cov mat.Symmetric, lambda float64, c *Constraints) ([]float64, error) {
	n, qd, err := meanCov("MeanVariance", mean, cov)
	if !(lambda >= 0) || math.IsInf(lambda, 1) {
		return nil, invalid("lambda", lambda, "must be finite and >= 0")
	}
	if err != nil {
		return nil, err
	}
	if lambda == 0 {
		return MaxMean(mean, c)
	}
	f, err := newFeasSet(c, n)
	if err != nil {
		return nil, err
	}
	lin := make([]float64, n)
	// The objective ½wᵀ(2λΣ)w - μᵀw may be divided by any positive number
	// without moving its minimum: when 2λΣ overflows (a risk aversion
	// near the float64 limit), divide it and μ by 2^k, k the exponent of
	// 2λ·max|Σ|, so that the largest entry is about 1. (μ/2^k may then
	// underflow to zero: the answer is MinVariance's, as it should be.)
	k := 0
	if m := maxAbs(qd); math.IsInf(2*lambda*m, 0) {
		k = math.Ilogb(lambda) + 1 + math.Ilogb(m)
	}
	frac, exp := math.Frexp(lambda) // λ = frac 2^exp, frac in [0.5, 1)
	for i := range qd {
		if k == 0 {
			qd[i] *= 2 * lambda
		} else {
			qd[i] = math.Ldexp(qd[i]*frac, exp+1-k)
		}
	}
	for i, m := range mean {
		lin[i] = -math.Ldexp(m, -k)
	}
	res, err := solveQPChecked(n, qd, lin, f)
	if err != nil {
		return nil, err
	}
	return res.x, nil
}

// MinVarianceTarget returns the weights w that minimise the variance wᵀΣw
// over the constraints c and the extra row μᵀw >= minMean, for a mean
// vector mean (μ) and a covariance matrix cov (Σ): the least risk for a
// target mean, a point of the efficient frontier.
//
// When no weights in c reach minMean it returns a *TargetError (matching
// ErrInfeasible) that states the greatest mean attainable under c, as
// "risk: constraints are infeasible: target mean 250 above the greatest
// attainable 247.9"; when c itself is infeasible, plain ErrInfeasible.
// Otherwise it returns the errors of MinVariance, and ErrInvalid if mean or
// cov holds a NaN or an infinity or minMean is NaN or infinite. It panics
// if len(mean) differs from the dimension of cov.
func MinVarianceTarget(mean []float64, cov mat.Symmetric, minMean float64, c *Constraints) ([]float64, error) {
	n, qd, err := meanCov("MinVarianceTarget", mean, cov)
	if err == nil {
		err = checkFiniteScalar("minMean", minMean)
	}
	if err != nil {
		return nil, err
	}
	f, err := newFeasSet(c, n)
	if err != nil {
		return nil, err
	}
	g := f.withTarget(mean, minMean)
	res, err := solveQP(n, qd, nil, g)
	if err != nil {
		return nil, targetError(err, minMean, mean, f)
	}
	return res.x, nil
}
