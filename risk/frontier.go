package risk

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// FrontierPoint is one point of an efficient frontier: the weights and
// their expected profit μᵀw and standard deviation sqrt(wᵀΣw).
type FrontierPoint struct {
	Weights []float64 // w, one per asset
	Mean    float64   // μᵀw
	StdDev  float64   // sqrt(wᵀΣw)
}

// Frontier returns points portfolios along the mean-variance efficient
// frontier over the constraints c: the first is MinVariance, the last has
// the greatest mean (MaxMean), and in between the targets are evenly spaced
// in mean; each point has the least variance among the feasible weights
// whose mean is at least its target. Along the result Mean and StdDev never
// decrease (up to rounding).
//
// Each point is a separate quadratic program solved as MinVariance is
// (Goldfarb-Idnani dual active-set method, exact polish); the dual method
// starts from the unconstrained minimum, so no warm start between points is
// used, and none is needed at the sizes of a site's portfolio (a 50-point
// frontier over 12 assets takes about a millisecond). When every feasible
// allocation has the same mean, all points are the minimum-variance one.
//
// It returns an error matching ErrConstraints if c is malformed,
// ErrInfeasible if no weights satisfy c, ErrUnbounded if the mean is
// unbounded over c (there is no top of the frontier), ErrNotPSD and
// ErrNotConverged as MinVariance does; a *TargetError (matching
// ErrInfeasible, with the greatest attainable mean) if a point's target
// mean cannot be reached, which only rounding at the top can cause; and
// ErrInvalid if points < 1 or mean or cov holds a NaN or an infinity. It
// panics if len(mean) differs from the dimension of cov.
func Frontier(mean []float64, cov mat.Symmetric, c *Constraints, points int) ([]FrontierPoint, error) {
	n, qd, err := meanCov("Frontier", mean, cov)
	if points < 1 {
		return nil, invalid("points", points, "must be at least 1")
	}
	if err != nil {
		return nil, err
	}
	f, err := newFeasSet(c, n)
	if err != nil {
		return nil, err
	}
	res, err := solveQP(n, qd, nil, f)
	if err != nil {
		return nil, err
	}
	point := func(w []float64) FrontierPoint {
		return FrontierPoint{Weights: w, Mean: optDot(mean, w), StdDev: math.Sqrt(optQuad(qd, w))}
	}
	out := make([]FrontierPoint, 0, points)
	out = append(out, point(res.x))
	if points == 1 {
		return out, nil
	}
	cost := make([]float64, n)
	for i, m := range mean {
		cost[i] = -m
	}
	wmax, err := solveLP(cost, f)
	if err != nil {
		return nil, err
	}
	m0, m1 := out[0].Mean, optDot(mean, wmax)
	// max, not the sum, which overflows for means near the float64 limit
	// and then made every point the minimum-variance one.
	scale := max(math.Abs(m0), math.Abs(m1))
	if m1-m0 <= 1e-12*scale {
		for k := 1; k < points; k++ {
			out = append(out, point(append([]float64(nil), res.x...)))
		}
		return out, nil
	}
	neg := make([]float64, n)
	copy(neg, cost)
	base := len(f.ain)
	f.addIneq(neg, 0)
	for k := 1; k < points; k++ {
		target := m0 + (m1-m0)*float64(k)/float64(points-1)
		if k == points-1 {
			target = m1
		}
		var r *qpResult
		// The top target sits on the boundary of the feasible set: relax
		// it by rounding-sized steps if the solver finds it infeasible.
		// (The step's unit is capped at MaxFloat64: for means near the
		// float64 limit it overflowed, and 0 × Inf made the target NaN.)
		unit := min(scale+math.Abs(m1-m0), math.MaxFloat64)
		for _, relax := range []float64{0, 1e-13, 1e-11, 1e-9} {
			f.bin[base] = -(target - relax*unit)
			r, err = solveQP(n, qd, nil, f)
			if !errors.Is(err, ErrInfeasible) {
				break
			}
		}
		if errors.Is(err, ErrInfeasible) && k == points-1 {
			// The top target is MaxMean's own mean, which its weights
			// reach: the quadratic solver lost it to rounding at the
			// boundary (fuzz corpus entry 43b0fde35eca6663).
			r, err = &qpResult{x: append([]float64(nil), wmax...)}, nil
		}
		if errors.Is(err, ErrInfeasible) {
			return nil, &TargetError{Target: target, Attainable: m1}
		}
		if err != nil {
			return nil, err
		}
		p := point(r.x)
		out = append(out, p)
	}
	return out, nil
}

// optDot returns aᵀb.
func optDot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// optQuad returns wᵀQw for row-major Q, clamped at 0 against rounding.
func optQuad(q, w []float64) float64 {
	n := len(w)
	s := 0.0
	for i := 0; i < n; i++ {
		t := 0.0
		for j := 0; j < n; j++ {
			t += q[i*n+j] * w[j]
		}
		s += w[i] * t
	}
	return math.Max(s, 0)
}
