package economics

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrNoIRR reports cash flows without an internal rate of return: every
// flow zero (or netting to zero on every date), flows that never change
// sign, or no root of NPV in the range IRR searches. It comes wrapped with
// the reason; match it with errors.Is.
var ErrNoIRR = errors.New("economics: no internal rate of return")

// The range and grid of IRR's search, in x = log(1+r).
const (
	irrGuess   = 0.1                // the rate the search starts from
	irrMaxLog  = 13.815510557964274 // log(1e6): 1+r is searched in [1e-6, 1e6]
	irrFine    = 0.01               // grid step in x within irrFineEnd of the guess
	irrFineEnd = 1.0                // x-distance from the guess where the grid starts growing
	irrGrow    = 1.05               // ratio of successive x-distances beyond irrFineEnd
	irrMaxYear = 1e6                // |years[i]| bound of IRR
	irrMaxIter = 200                // Brent iterations; convergence takes far fewer
)

// NPV returns the net present value of cash flows flows[i] paid years[i]
// years after the valuation date, discounted at the yearly rate rate with
// annual compounding:
//
//	NPV = Σ flows[i] (1+rate)^-years[i]
//
// Years are year fractions (a caller with dates divides the days between
// them by 365, DaysPerYear in market); they may be fractional, negative
// (before the valuation date, compounded forward) and in any order. Each
// factor is computed as exp(-years[i] log1p(rate)), which keeps its
// precision for rates near 0, and the sum is compensated (Neumaier), so
// flows of opposite signs cancel without losing the small ones.
//
// Special cases are:
//
//	NPV(r, nil, nil) = 0
//	NPV(r, y, f) = NaN if r <= -1, r is NaN or ±Inf
//	NPV(r, y, f) = NaN if some years[i] or flows[i] is NaN or ±Inf
//
// The result overflows to ±Inf only when a discounted flow does (a rate
// near -1 with a distant year, say).
//
// It panics if len(years) != len(flows).
func NPV(rate float64, years, flows []float64) float64 {
	if len(years) != len(flows) {
		panic(fmt.Sprintf("economics: NPV: len(years) = %d, len(flows) = %d", len(years), len(flows)))
	}
	if !(rate > -1) || math.IsInf(rate, 1) {
		return math.NaN()
	}
	lr := math.Log1p(rate)
	var sum, comp float64
	for i, f := range flows {
		y := years[i]
		if !finite(y) || !finite(f) {
			return math.NaN()
		}
		sum, comp = neumaier(sum, comp, f*math.Exp(-y*lr))
	}
	return sum + comp
}

// discountFactor returns (1+rate)^-t, the factor NPV applies to a flow t
// years after the valuation date, as exp(-t log1p(rate)); 1 at a zero
// rate. Appraise and the planner on NPV discount with it too.
func discountFactor(rate, t float64) float64 {
	if rate == 0 {
		return 1
	}
	return math.Exp(-t * math.Log1p(rate))
}

// neumaier adds v to the compensated sum (sum, comp) and returns the new
// pair; the total is sum + comp.
func neumaier(sum, comp, v float64) (float64, float64) {
	t := sum + v
	if math.Abs(sum) >= math.Abs(v) {
		comp += (sum - t) + v
	} else {
		comp += (v - t) + sum
	}
	return t, comp
}

// IRR returns the internal rate of return of cash flows flows[i] paid
// years[i] years from the valuation date: the yearly rate r > -1 with
// NPV(r, years, flows) = 0, in NPV's convention (annual compounding, years
// as fractions, any order).
//
// Flows on the same date are netted first. IRR searches 1+r in [1e-6, 1e6]
// (r from -99.9999 % to about 10⁸ %) in x = log(1+r), starting at
// r = 10 %, and refines the first cell whose ends straddle a sign change
// of NPV by Brent's method, to about 1e-15 in x (r to about 1e-12
// relative, or 1e-14 absolute near r = 0).
//
// When the netted flows change sign once in date order (an investment,
// then returns), NPV has exactly one root or none, and the search steps
// from 10 % towards it in doubling steps of x.
//
// When they change sign more often, NPV may have several roots (at most as
// many as sign changes), and IRR returns the root whose log(1+r) is
// nearest log(1.1): the one nearest 10 % in continuously compounded terms.
// The search then steps outwards on both sides at once, in steps of 0.01
// in x up to a distance of 1 (r from -59 % to 199 %), then in steps that
// grow by 5 % each; when the cells on both sides at the same distance
// hold a root, it returns the nearer of the two, the lower on a tie. Roots
// closer together than the grid step, and roots where NPV touches zero
// without changing sign, may be missed.
//
// The error matches ErrNoIRR when every netted flow is zero, when the
// netted flows are all of one sign, or when the search finds no sign
// change. It matches ErrInvalid when there are no flows or when a year or
// a flow is NaN or ±Inf or a year lies outside [-1e6, 1e6].
//
// It panics if len(years) != len(flows).
func IRR(years, flows []float64) (float64, error) {
	var z irrScratch
	return z.irr(years, flows)
}

// irrScratch holds IRR's buffers, so that a caller solving many IRRs
// (Appraise, once per path) allocates them once.
type irrScratch struct {
	idx          []int
	years, flows []float64
}

// irr is IRR with z's buffers.
func (z *irrScratch) irr(years, flows []float64) (float64, error) {
	if len(years) != len(flows) {
		panic(fmt.Sprintf("economics: IRR: len(years) = %d, len(flows) = %d", len(years), len(flows)))
	}
	if len(flows) == 0 {
		return 0, invalid("flows", "[]", "must not be empty")
	}
	for i, y := range years {
		if !finite(y) || math.Abs(y) > irrMaxYear {
			return 0, invalid(fmt.Sprintf("years[%d]", i), y, "must be finite and within [-1e6, 1e6]")
		}
		if !finite(flows[i]) {
			return 0, invalid(fmt.Sprintf("flows[%d]", i), flows[i], "must be finite")
		}
	}
	c, err := z.netFlows(years, flows)
	if err != nil {
		return 0, err
	}
	x, err := c.solve()
	if err != nil {
		return 0, err
	}
	if x == math.Log1p(irrGuess) {
		return irrGuess, nil
	}
	return math.Expm1(x), nil
}

// cashflows are netted flows on distinct dates, in date order, scaled so
// that the largest is ±1.
type cashflows struct {
	years, flows []float64
	yearly       bool // some flows are a year apart
}

// netFlows sorts the flows by date, nets those on the same date, drops
// zeros and scales the rest by the largest magnitude; it returns an error
// matching ErrNoIRR if nothing is left or all that is left has one sign.
func (z *irrScratch) netFlows(years, flows []float64) (cashflows, error) {
	if n := len(years); cap(z.idx) < n {
		z.idx, z.years, z.flows = make([]int, 0, n), make([]float64, 0, n), make([]float64, 0, n)
	}
	idx := z.idx[:0]
	for i := range years {
		idx = append(idx, i)
	}
	z.idx = idx
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case years[a] < years[b]:
			return -1
		case years[a] > years[b]:
			return 1
		}
		return 0
	})
	// Scaled by the largest magnitude, sums of flows near MaxFloat64 stay
	// finite.
	scale := 0.0
	for _, f := range flows {
		scale = max(scale, math.Abs(f))
	}
	if scale == 0 {
		return cashflows{}, fmt.Errorf("%w: every flow is zero", ErrNoIRR)
	}
	out := cashflows{years: z.years[:0], flows: z.flows[:0]}
	defer func() { z.years, z.flows = out.years[:0], out.flows[:0] }()
	for i := 0; i < len(idx); {
		y := years[idx[i]]
		var sum, comp float64
		for ; i < len(idx) && years[idx[i]] == y; i++ {
			sum, comp = neumaier(sum, comp, flows[idx[i]]/scale)
		}
		if v := sum + comp; v != 0 {
			out.years = append(out.years, y)
			out.flows = append(out.flows, v)
		}
	}
	for i := 1; i < len(out.years); i++ {
		out.yearly = out.yearly || out.years[i]-out.years[i-1] == 1
	}
	var pos, neg bool
	for _, f := range out.flows {
		pos, neg = pos || f > 0, neg || f < 0
	}
	switch {
	case len(out.flows) == 0:
		return cashflows{}, fmt.Errorf("%w: the flows net to zero on every date", ErrNoIRR)
	case !pos || !neg:
		return cashflows{}, fmt.Errorf("%w: the flows never change sign", ErrNoIRR)
	}
	return out, nil
}

// value returns NPV at rate e^x - 1 times a positive factor e^{x y_ref}
// that keeps every term at most its flow in magnitude: y_ref is the first
// date for x >= 0 and the last for x < 0. The sign and the roots are
// NPV's, and nothing overflows.
func (c cashflows) value(x float64) float64 {
	ref := c.years[0]
	if x < 0 {
		ref = c.years[len(c.years)-1]
	}
	if !c.yearly {
		var sum, comp float64
		for i, f := range c.flows {
			sum, comp = neumaier(sum, comp, f*math.Exp(-x*(c.years[i]-ref)))
		}
		return sum + comp
	}
	// Flows a year apart (yearly totals) share one exponential: the next
	// factor is the last times e^-x.
	q := math.Exp(-x)
	var sum, comp, d, last float64
	for i, f := range c.flows {
		y := c.years[i]
		if i > 0 && y-last == 1 {
			d *= q
		} else {
			d = math.Exp(-x * (y - ref))
		}
		last = y
		sum, comp = neumaier(sum, comp, f*d)
	}
	return sum + comp
}

// solve returns the root x = log(1+r) chosen by IRR's rule.
func (c cashflows) solve() (float64, error) {
	x0 := math.Log1p(irrGuess)
	g0 := c.value(x0)
	if g0 == 0 {
		return x0, nil
	}
	lo, hi := -irrMaxLog, irrMaxLog
	if c.signChanges() == 1 {
		return c.solveUnique(x0, g0, lo, hi)
	}
	xl, gl := x0, g0 // the inner end of the next cell below the guess
	xh, gh := x0, g0 // and above it
	for k, d := 1, irrFine; xl > lo || xh < hi; k++ {
		var rootL, rootH float64
		foundL, foundH := false, false
		if xl > lo {
			x := max(x0-d, lo)
			g := c.value(x)
			if g == 0 || math.Signbit(g) != math.Signbit(gl) {
				rootL, foundL = brent(c.value, x, xl, g, gl), true
			}
			xl, gl = x, g
		}
		if xh < hi {
			x := min(x0+d, hi)
			g := c.value(x)
			if g == 0 || math.Signbit(g) != math.Signbit(gh) {
				rootH, foundH = brent(c.value, xh, x, gh, g), true
			}
			xh, gh = x, g
		}
		switch {
		case foundL && foundH:
			if x0-rootL <= rootH-x0 {
				return rootL, nil
			}
			return rootH, nil
		case foundL:
			return rootL, nil
		case foundH:
			return rootH, nil
		}
		if d < irrFineEnd {
			d = float64(k+1) * irrFine
		} else {
			d *= irrGrow
		}
	}
	return 0, fmt.Errorf("%w: NPV does not change sign for 1+r in [1e-6, 1e6]", ErrNoIRR)
}

// signChanges returns the number of sign changes of the flows in date
// order. By Laguerre's extension of Descartes' rule of signs to sums of
// exponentials Σ c_i e^{-x y_i} (distinct y_i), NPV has at most that many
// roots in x.
func (c cashflows) signChanges() int {
	n := 0
	for i := 1; i < len(c.flows); i++ {
		if (c.flows[i] > 0) != (c.flows[i-1] > 0) {
			n++
		}
	}
	return n
}

// solveUnique returns the root of flows with one sign change, the only
// root there is: NPV has the sign of the first flow for large x and of the
// last for very negative x, so the root lies on the side of x0 where the
// sign differs from g0. Steps double from irrFine away from x0 until the
// sign changes or the bound is reached; Brent refines the last step.
func (c cashflows) solveUnique(x0, g0, lo, hi float64) (float64, error) {
	dir, bound := 1.0, hi
	if (g0 > 0) == (c.flows[0] > 0) {
		dir, bound = -1, lo
	}
	x, g := x0, g0
	for d := irrFine; ; d *= 2 {
		next := x0 + dir*d
		if dir*(next-bound) >= 0 {
			next = bound
		}
		gn := c.value(next)
		if gn == 0 || math.Signbit(gn) != math.Signbit(g) {
			return brent(c.value, x, next, g, gn), nil
		}
		if next == bound {
			return 0, fmt.Errorf("%w: NPV does not change sign for 1+r in [1e-6, 1e6]", ErrNoIRR)
		}
		x, g = next, gn
	}
}

// brent returns a root of f in [a, b], where fa = f(a) and fb = f(b) have
// opposite signs or one is zero, by Brent's method (R. P. Brent,
// "Algorithms for Minimization without Derivatives", 1973, ch. 4: inverse
// quadratic interpolation and secant steps, safeguarded by bisection). It
// stops when the bracket is narrower than 4 eps |x| + 2e-15 or after
// irrMaxIter iterations.
func brent(f func(float64) float64, a, b, fa, fb float64) float64 {
	if fa == 0 {
		return a
	}
	if fb == 0 {
		return b
	}
	c, fc := a, fa
	d := b - a
	e := d
	for range irrMaxIter {
		if math.Signbit(fb) == math.Signbit(fc) {
			c, fc = a, fa
			d = b - a
			e = d
		}
		if math.Abs(fc) < math.Abs(fb) {
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tol := 2*0x1p-52*math.Abs(b) + 1e-15
		m := (c - b) / 2
		if math.Abs(m) <= tol || fb == 0 {
			return b
		}
		if math.Abs(e) >= tol && math.Abs(fa) > math.Abs(fb) {
			// Interpolate: secant when a == c, inverse quadratic otherwise.
			var p, q float64
			s := fb / fa
			if a == c {
				p = 2 * m * s
				q = 1 - s
			} else {
				qa, r := fa/fc, fb/fc
				p = s * (2*m*qa*(qa-r) - (b-a)*(r-1))
				q = (qa - 1) * (r - 1) * (s - 1)
			}
			if p > 0 {
				q = -q
			} else {
				p = -p
			}
			if 2*p < min(3*m*q-math.Abs(tol*q), math.Abs(e*q)) {
				e, d = d, p/q
			} else {
				d, e = m, m
			}
		} else {
			d, e = m, m
		}
		a, fa = b, fb
		if math.Abs(d) > tol {
			b += d
		} else if m > 0 {
			b += tol
		} else {
			b -= tol
		}
		fb = f(b)
	}
	return b
}
