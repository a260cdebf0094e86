package market

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// The numerical machinery the fits of market history share: a minimizer of
// a few parameters, each kept inside its interval by a smooth map to the
// whole real line, and standard errors from the observed information, the
// Hessian of the negative log-likelihood at the optimum taken by central
// differences in the original parameters.

// ErrFit reports a fit that failed on input that passed its checks: the
// optimizer did not converge, or the negative log-likelihood is not
// strictly convex at the optimum (its Hessian is not positive definite), so
// that the data do not identify some parameter and it has no standard
// error. Errors of the fits match it with errors.Is; bad input matches
// ErrInvalid instead.
var ErrFit = errors.New("market: fit failed")

// bound is the open interval (lo, hi) a parameter lives in, either end
// possibly infinite, and the map between it and the real line on which the
// optimizer searches: the identity for (-Inf, Inf), lo + e^u for
// (lo, Inf), hi - e^{-u} for (-Inf, hi), and lo + (hi - lo)/(1 + e^{-u})
// (a logistic) for a finite interval.
type bound struct{ lo, hi float64 }

// free maps v in (lo, hi) to the real line; v outside the interval gives
// ±Inf or NaN.
func (b bound) free(v float64) float64 {
	loInf, hiInf := math.IsInf(b.lo, -1), math.IsInf(b.hi, 1)
	switch {
	case loInf && hiInf:
		return v
	case hiInf:
		return math.Log(v - b.lo)
	case loInf:
		return -math.Log(b.hi - v)
	}
	p := (v - b.lo) / (b.hi - b.lo)
	return math.Log(p) - math.Log1p(-p)
}

// deriv returns the derivative of value at u, the factor from gradients
// in the original parameter to gradients in free space.
func (b bound) deriv(u float64) float64 {
	loInf, hiInf := math.IsInf(b.lo, -1), math.IsInf(b.hi, 1)
	switch {
	case loInf && hiInf:
		return 1
	case hiInf:
		return math.Exp(u)
	case loInf:
		return math.Exp(-u)
	}
	p := 1 / (1 + math.Exp(-u))
	return (b.hi - b.lo) * p * (1 - p)
}

// value maps u on the real line into (lo, hi), the inverse of free. For
// very large |u| it may return an end of the interval itself.
func (b bound) value(u float64) float64 {
	loInf, hiInf := math.IsInf(b.lo, -1), math.IsInf(b.hi, 1)
	switch {
	case loInf && hiInf:
		return u
	case hiInf:
		return b.lo + math.Exp(u)
	case loInf:
		return b.hi - math.Exp(-u)
	}
	return b.lo + (b.hi-b.lo)/(1+math.Exp(-u))
}

// Convergence settings of minimize, for an objective of order 1 (a mean
// negative log-likelihood per observation, not a sum).
const (
	optGradTol   = 1e-7  // converged: largest free-space gradient component at most this
	optGradLoose = 1e-5  // accepted when no step decreases f any more: gradient at most this
	optMaxIter   = 500   // BFGS iterations
	optFDStep    = 1e-6  // relative central-difference step of the gradient in free space
	optArmijo    = 1e-4  // sufficient decrease of the backtracking line search
	optMaxHalve  = 40    // halvings of the line search's step
	optStall     = 1e-13 // relative decrease of an iteration below which the search has stalled
)

// minimize returns the minimizer of f over the box of bounds, searching
// from start, and f there, with gradients by central differences in free
// space (step 1e-6 max(|u_i|, 1) in the free coordinate u_i): see
// minimizeFG, which it calls, for the method, the convergence test and the
// errors.
//
// It panics if start and bounds differ in length.
func minimize(f func(theta []float64) float64, start []float64, bounds []bound) (theta []float64, fmin float64, err error) {
	return minimizeFG(func(g, theta []float64) float64 { return f(theta) }, false, start, bounds)
}

// minimizeFG returns the minimizer of an objective over the box of bounds,
// searching from start, and the objective there. fg returns the objective
// at theta and, when g is not nil, sets g to its gradient in the original
// parameters; with analytic false, fg's g is always nil and gradients are
// central differences in free space (as minimize). The objective should be
// of order 1 near its minimum (divide a log-likelihood by the number of
// observations), and may return +Inf or NaN where it is undefined (both
// count as +Inf); start must lie strictly inside every bound, with a
// finite objective there.
//
// The search runs in free space (bound.free of each parameter) by BFGS with
// an inverse-Hessian update, a backtracking (Armijo) line search (Nocedal
// and Wright, Numerical Optimization, 2nd ed., 2006, algorithm 6.1, and
// equation 6.20 to scale the first step). It restarts from steepest descent
// once when a line search fails. The result is converged when the largest
// gradient component in free space is at most 1e-7, or at most 1e-5 when
// an iteration no longer decreases the objective by more than 1e-13
// relative (a flat ridge, or rounding); otherwise minimizeFG returns the
// best point found and an error matching ErrFit. At most 500 iterations.
//
// It panics if start and bounds differ in length.
func minimizeFG(fg func(g, theta []float64) float64, analytic bool, start []float64, bounds []bound) (theta []float64, fmin float64, err error) {
	if len(start) != len(bounds) {
		panic(fmt.Sprintf("market: minimize: %d start values for %d bounds", len(start), len(bounds)))
	}
	n := len(start)
	u := make([]float64, n)
	for i, b := range bounds {
		u[i] = b.free(start[i])
		if math.IsNaN(u[i]) || math.IsInf(u[i], 0) {
			return nil, math.NaN(), fmt.Errorf("%w: start value %d = %v outside (%g, %g)", ErrFit, i, start[i], b.lo, b.hi)
		}
	}
	theta = make([]float64, n)
	gTheta := make([]float64, n)
	// fu returns the objective at free point u, and sets g (if not nil) to
	// its gradient in free space.
	var fu func(g, u []float64) float64
	fu = func(g, u []float64) float64 {
		for i, b := range bounds {
			theta[i] = b.value(u[i])
		}
		var v float64
		if g != nil && analytic {
			v = fg(gTheta, theta)
			for i, b := range bounds {
				g[i] = gTheta[i] * b.deriv(u[i])
			}
		} else {
			v = fg(nil, theta)
		}
		if math.IsNaN(v) {
			v = math.Inf(1)
		}
		if g != nil && !analytic {
			gradFD(g, func(u []float64) float64 { return fu(nil, u) }, u)
		}
		return v
	}
	out := func(u []float64) []float64 {
		x := make([]float64, n)
		for i, b := range bounds {
			x[i] = b.value(u[i])
		}
		return x
	}

	g, gNew, d, s, y, uNew := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	fx := fu(g, u)
	if math.IsInf(fx, 0) {
		return nil, math.NaN(), fmt.Errorf("%w: objective %v at the start %v", ErrFit, fx, start)
	}
	hinv := mat.NewSymDense(n, nil) // inverse Hessian approximation
	resetH := func() {
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				hinv.SetSym(i, j, 0)
			}
			hinv.SetSym(i, i, 1)
		}
	}
	resetH()
	fresh := true // hinv is the identity: scale it after the first step
	restarted := false
	for iter := 0; iter < optMaxIter; iter++ {
		gmax := optMaxAbs(g)
		if gmax <= optGradTol {
			return out(u), fx, nil
		}
		if math.IsNaN(gmax) || math.IsInf(gmax, 0) {
			return out(u), fx, fmt.Errorf("%w: gradient not finite at %v (objective %v)", ErrFit, out(u), fx)
		}
		// d = -H g; fall back to steepest descent unless it descends.
		slope := 0.0
		for i := 0; i < n; i++ {
			v := 0.0
			for j := 0; j < n; j++ {
				v -= hinv.At(i, j) * g[j]
			}
			d[i] = v
			slope += v * g[i]
		}
		if !(slope < 0) {
			resetH()
			fresh = true
			for i := range d {
				d[i] = -g[i]
			}
			slope = -optDot(g, g)
		}
		step, fNew := 1.0, math.Inf(1)
		ok := false
		for k := 0; k < optMaxHalve; k++ {
			for i := range u {
				uNew[i] = u[i] + step*d[i]
			}
			fNew = fu(nil, uNew)
			if fNew <= fx+optArmijo*step*slope {
				ok = true
				break
			}
			step /= 2
		}
		if !ok {
			if gmax <= optGradLoose {
				return out(u), fx, nil
			}
			if restarted {
				return out(u), fx, fmt.Errorf("%w: line search failed (objective %v, largest gradient %.3g)", ErrFit, fx, gmax)
			}
			restarted = true
			resetH()
			fresh = true
			continue
		}
		fu(gNew, uNew)
		for i := range u {
			s[i] = uNew[i] - u[i]
			y[i] = gNew[i] - g[i]
		}
		copy(u, uNew)
		copy(g, gNew)
		stalled := fx-fNew <= optStall*(1+math.Abs(fx))
		fx = fNew
		if stalled && optMaxAbs(g) <= optGradLoose {
			return out(u), fx, nil
		}
		sy := optDot(s, y)
		if sy <= 1e-12*math.Sqrt(optDot(s, s)*optDot(y, y)) {
			continue // no curvature information: keep H
		}
		if fresh {
			// Scale the identity by s'y / y'y before the first update.
			c := sy / optDot(y, y)
			for i := 0; i < n; i++ {
				hinv.SetSym(i, i, c)
			}
			fresh = false
		}
		bfgsUpdate(hinv, s, y, sy)
	}
	return out(u), fx, fmt.Errorf("%w: no convergence in %d iterations (objective %v, largest gradient %.3g)", ErrFit, optMaxIter, fx, optMaxAbs(g))
}

// bfgsUpdate applies the BFGS update of the inverse Hessian H for a step s
// that changed the gradient by y, sy = s'y > 0:
// H' = (I - ρ s y') H (I - ρ y s') + ρ s s', ρ = 1/sy.
func bfgsUpdate(h *mat.SymDense, s, y []float64, sy float64) {
	n := len(s)
	rho := 1 / sy
	hy := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			hy[i] += h.At(i, j) * y[j]
		}
	}
	yhy := optDot(y, hy)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := h.At(i, j) - rho*(hy[i]*s[j]+s[i]*hy[j]) + (rho*rho*yhy+rho)*s[i]*s[j]
			h.SetSym(i, j, v)
		}
	}
}

// gradFD sets g to the central-difference gradient of f at u, with step
// 1e-6 max(|u_i|, 1) in coordinate i. It leaves u as it found it.
func gradFD(g []float64, f func([]float64) float64, u []float64) {
	for i := range u {
		h := optFDStep * math.Max(math.Abs(u[i]), 1)
		ui := u[i]
		u[i] = ui + h
		fp := f(u)
		u[i] = ui - h
		fm := f(u)
		u[i] = ui
		g[i] = (fp - fm) / (2 * h)
	}
}

func optDot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func optMaxAbs(a []float64) float64 {
	m := 0.0
	for _, v := range a {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// hessianStep is the relative step of hessian's central differences,
// about the fourth root of the float64 epsilon, which balances truncation
// against rounding for second differences.
const hessianStep = 1e-4

// hessian returns the Hessian of f at x by central differences with step
// h_i = 1e-4 max(|x_i|, 0.1) in parameter i: the diagonal from f(x ± 2h_i)
// and f(x), each off-diagonal pair from the four points x ± h_i ± h_j. It
// costs 2n² + 1 evaluations of f. Entries are NaN where f is not finite.
func hessian(f func(x []float64) float64, x []float64) *mat.SymDense {
	n := len(x)
	h := make([]float64, n)
	for i, v := range x {
		h[i] = hessianStep * math.Max(math.Abs(v), 0.1)
	}
	y := make([]float64, n)
	at := func(di, dj int, si, sj float64) float64 {
		copy(y, x)
		y[di] += si * h[di]
		y[dj] += sj * h[dj]
		return f(y)
	}
	f0 := f(x)
	hs := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		d := (at(i, i, 1, 1) - 2*f0 + at(i, i, -1, -1)) / (4 * h[i] * h[i])
		hs.SetSym(i, i, d)
		for j := i + 1; j < n; j++ {
			v := (at(i, j, 1, 1) - at(i, j, 1, -1) - at(i, j, -1, 1) + at(i, j, -1, -1)) / (4 * h[i] * h[j])
			hs.SetSym(i, j, v)
		}
	}
	return hs
}

// hessianFG returns the Hessian at x from central differences of the
// gradient that fg sets (see minimizeFG), with step h_i = 1e-5 max(|x_i|,
// 0.1) in parameter i (about the cube root of the float64 epsilon), made
// symmetric by averaging H and its transpose. It costs 2n gradients.
func hessianFG(fg func(g, theta []float64) float64, x []float64) *mat.SymDense {
	n := len(x)
	y := make([]float64, n)
	gp, gm := make([]float64, n), make([]float64, n)
	raw := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		h := hessianStepFG * math.Max(math.Abs(x[i]), 0.1)
		copy(y, x)
		y[i] = x[i] + h
		fg(gp, y)
		y[i] = x[i] - h
		fg(gm, y)
		for j := 0; j < n; j++ {
			raw.Set(i, j, (gp[j]-gm[j])/(2*h))
		}
	}
	hs := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			hs.SetSym(i, j, (raw.At(i, j)+raw.At(j, i))/2)
		}
	}
	return hs
}

// hessianStepFG is the relative step of hessianFG's differences of the
// gradient.
const hessianStepFG = 1e-5

// stdErrors returns the standard errors of the maximum-likelihood estimate
// theta of the negative log-likelihood nll (a sum over observations, not a
// mean): the square roots of the diagonal of the inverse observed
// information, the Hessian of nll at theta (see hessian), in the original
// parameters. names label the parameters in errors. The error matches
// ErrFit when the Hessian is not finite or not positive definite: some
// parameter is then not identified by the data, or theta is not a minimum.
//
// It panics if theta and names differ in length.
func stdErrors(nll func(theta []float64) float64, theta []float64, names []string) ([]float64, error) {
	if len(theta) != len(names) {
		panic(fmt.Sprintf("market: stdErrors: %d parameters and %d names", len(theta), len(names)))
	}
	return covStdErrors(hessian(nll, theta), theta, names)
}

// stdErrorsFG is stdErrors with the Hessian from differences of the
// gradient that fg sets (hessianFG), for a negative log-likelihood with an
// analytic gradient (fg as in minimizeFG, a sum over observations).
//
// It panics if theta and names differ in length.
func stdErrorsFG(fg func(g, theta []float64) float64, theta []float64, names []string) ([]float64, error) {
	if len(theta) != len(names) {
		panic(fmt.Sprintf("market: stdErrors: %d parameters and %d names", len(theta), len(names)))
	}
	return covStdErrors(hessianFG(fg, theta), theta, names)
}

// covStdErrors returns sqrt(diag(H^-1)) of an observed information H at
// theta, or an error matching ErrFit unless H is finite and positive
// definite.
func covStdErrors(h *mat.SymDense, theta []float64, names []string) ([]float64, error) {
	n := len(theta)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			if v := h.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: Hessian of the log-likelihood not finite at %s, %s", ErrFit, names[i], names[j])
			}
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(h) {
		return nil, fmt.Errorf("%w: observed information not positive definite at %s = %v: the data do not identify them", ErrFit, fmt.Sprint(names), fmt.Sprint(theta))
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		return nil, fmt.Errorf("%w: observed information singular at %v = %v: %v", ErrFit, names, theta, err)
	}
	se := make([]float64, n)
	for i := range se {
		v := inv.At(i, i)
		if !(v > 0) || math.IsInf(v, 1) {
			return nil, fmt.Errorf("%w: variance of %s = %v", ErrFit, names[i], v)
		}
		se[i] = math.Sqrt(v)
	}
	return se, nil
}
