package economics

import (
	"math"

	"github.com/wattfolio/wattfolio/risk"
)

// The finance primitives of Appraise: tax depreciation, level-payment
// debt, tax with losses carried forward, the triangular delay, percentiles
// over paths that may lack a figure, and payback. Times are in years after
// the snapshot; project year y (counted from 0 here) covers [y, y+1).

// macrs5 is the IRS's 5-year property table with the half-year convention,
// by tax year from the year of spending (IRS Publication 946, table A-1;
// REFERENCE.md, "Depreciation and tax"). Its shares add up to 1.
var macrs5 = [...]float64{0.20, 0.32, 0.192, 0.1152, 0.1152, 0.0576}

// deprSchedule returns the tax depreciation of a basis of 1 spent at time t
// (years after the snapshot, t >= 0), by project year: element y, for
// y = 0..years-1, is the deduction of project year y, which covers
// [y, y+1). Deductions that fall after the last year are dropped: the
// caller writes off what is left at disposal. There is no salvage: the
// whole basis is depreciated, and a gain on resale is the caller's to tax
// at disposal.
//
//   - StraightLine deducts evenly over [t, t+life): year y gets the length
//     of [t, t+life) inside [y, y+1), over life (in years). A life of 0 (or
//     less, which validation rejects) expenses the basis: all of it in year
//     floor(t).
//   - MACRS5 gives year floor(t)+k the share macrs5[k], k = 0..5: the
//     half-year convention puts the first tax year in the project year of
//     spending, whatever the day.
//   - Bonus deducts all of it in year floor(t).
//
// A t at or beyond years (or NaN) gives all zeros; years <= 0 gives an
// empty slice. It panics on an unknown Depreciation, which validation
// rejects first.
func deprSchedule(d Depreciation, life, t float64, years int) []float64 {
	out := make([]float64, max(years, 0))
	if !(t < float64(years)) {
		return out
	}
	y0 := int(math.Floor(max(t, 0)))
	switch {
	case d == Bonus, d == StraightLine && life <= 0:
		out[y0] = 1
	case d == StraightLine:
		end := t + life
		for y := y0; y < years && float64(y) < end; y++ {
			lo, hi := max(float64(y), t), min(float64(y+1), end)
			out[y] = (hi - lo) / life
		}
	case d == MACRS5:
		for k, share := range macrs5 {
			if y0+k >= years {
				break
			}
			out[y0+k] = share
		}
	default:
		panic("economics: deprSchedule: unknown depreciation schedule " + d.String())
	}
	return out
}

// levelPayment returns the level yearly payment that repays principal in n
// yearly payments at the yearly rate: principal/n at rate 0, otherwise the
// annuity payment principal·rate / (1 - (1+rate)^-n), with (1+rate)^-n
// computed as exp(-n·log1p(rate)) and 1 minus it as -expm1 of that, so that
// a small rate loses no digits. rate is in [0, 1] (any rate above -1
// works).
//
// It panics if n < 1.
func levelPayment(principal, rate float64, n int) float64 {
	if n < 1 {
		panic("economics: levelPayment: fewer than one payment")
	}
	if rate == 0 {
		return principal / float64(n)
	}
	return principal * rate / -math.Expm1(-float64(n)*math.Log1p(rate))
}

// loan is one borrowing repaid in level yearly payments: the schedule of
// a fully amortizing annuity loan. Its zero value has nothing to repay.
type loan struct {
	bal     float64 // outstanding principal
	rate    float64 // yearly interest rate
	payment float64 // the level payment
	left    int     // payments still due
}

// newLoan returns a loan of principal at the yearly rate repaid in n >= 1
// level yearly payments (levelPayment). It panics if n < 1.
func newLoan(principal, rate float64, n int) loan {
	return loan{bal: principal, rate: rate, payment: levelPayment(principal, rate, n), left: n}
}

// pay makes the next yearly payment and returns its split: interest is the
// balance times the rate, principal the payment less the interest. The last
// payment repays the balance exactly (its principal is the balance, so no
// residue, positive or negative, is left by rounding); after the n-th
// payment pay returns 0, 0.
func (l *loan) pay() (interest, principal float64) {
	if l.left <= 0 {
		return 0, 0
	}
	interest = l.bal * l.rate
	principal = l.payment - interest
	l.left--
	if l.left == 0 || principal > l.bal {
		principal = l.bal
	}
	l.bal -= principal
	return interest, principal
}

// balance returns the principal outstanding, 0 once the loan is repaid.
func (l *loan) balance() float64 { return l.bal }

// carryForward is the tax on a sequence of yearly taxable incomes with
// losses carried forward without limit of time or amount: a loss offsets
// all of a later year's income. (US federal law has limited the deduction
// of losses carried forward to 80 % of taxable income since 2018; this
// model does not.) Losses are not carried back. The zero value has no loss
// carried.
type carryForward struct {
	loss float64 // losses carried, not negative
}

// tax returns the tax on a year's taxable income at rate and updates the
// losses carried: a year of loss (income <= 0) adds -income to them and
// pays 0; a year of profit first uses the losses carried, and pays rate on
// the rest. A NaN income gives NaN.
func (c *carryForward) tax(income, rate float64) float64 {
	if income <= 0 {
		c.loss -= income
		return 0
	}
	taxable := income - c.loss
	if taxable <= 0 {
		c.loss = -taxable
		return 0
	}
	c.loss = 0
	return rate * taxable
}

// triangular returns the inverse of the cumulative distribution function of
// the triangular distribution on [lo, hi] with mode mode at u in [0, 1):
// lo + sqrt(u (hi-lo)(mode-lo)) below the mode's probability
// F = (mode-lo)/(hi-lo), hi - sqrt((1-u)(hi-lo)(hi-mode)) from it on. The
// result is clamped to [lo, hi] against rounding. A degenerate
// distribution, lo == hi, returns lo. It expects lo <= mode <= hi, which
// validation of a Delay ensures.
func triangular(u, lo, mode, hi float64) float64 {
	w := hi - lo
	if w == 0 {
		return lo
	}
	var x float64
	if u*w < mode-lo {
		x = lo + math.Sqrt(u*w*(mode-lo))
	} else {
		x = hi - math.Sqrt((1-u)*w*(hi-mode))
	}
	return min(max(x, lo), hi)
}

// percentilesOf summarises x, one value per path with NaN where the path
// lacks the figure: P5 to P95 are the type-7 quantiles (sel.Quantiles7To)
// of the values that are not NaN, and Undefined is the share of NaNs in x.
// With every value NaN, the percentiles are NaN; with x empty, Undefined is
// NaN too (there is no share of no paths). It moves x's NaNs to its end,
// reordering x, and allocates nothing once sel's scratch has grown.
//
// x must not hold an infinity: Quantiles7To panics on one.
func percentilesOf(sel *risk.Selector, x []float64) Percentiles {
	n := 0 // x[:n] holds the values that are not NaN
	for i, v := range x {
		if !math.IsNaN(v) {
			x[n], x[i] = v, x[n]
			n++
		}
	}
	nan := math.NaN()
	p := Percentiles{P5: nan, P25: nan, P50: nan, P75: nan, P95: nan, Undefined: nan}
	if len(x) == 0 {
		return p
	}
	p.Undefined = float64(len(x)-n) / float64(len(x))
	if n == 0 {
		return p
	}
	ps := [...]float64{0.05, 0.25, 0.50, 0.75, 0.95}
	var q [len(ps)]float64
	sel.Quantiles7To(q[:], ps[:], x[:n])
	p.P5, p.P25, p.P50, p.P75, p.P95 = q[0], q[1], q[2], q[3], q[4]
	return p
}

// payback returns the time after which the cumulative cash flow stays
// positive to the end: times ascending, in years after the snapshot, and
// cum[i] the cumulative cash flow at times[i]. It is not ok when the last
// cum is not positive (or cum is empty). Otherwise, with i the last index
// at which cum is not positive, the answer is the zero crossing of the
// straight line between (times[i], cum[i]) and (times[i+1], cum[i+1]):
// times[i] when cum[i] is 0. A J-curve that turns positive and dips again
// pays back at its last crossing. When cum is positive throughout, the
// answer is times[0]. cum should hold no NaN: payback reads it from the
// end back to the last value that is not positive, and a NaN among those
// gives NaN, not ok.
//
// It panics if len(times) != len(cum).
func payback(times, cum []float64) (years float64, ok bool) {
	if len(times) != len(cum) {
		panic("economics: payback: len(times) != len(cum)")
	}
	n := len(cum)
	if n == 0 {
		return 0, false
	}
	for i := n - 1; i >= 0; i-- {
		c := cum[i]
		switch {
		case math.IsNaN(c):
			return math.NaN(), false
		case c > 0:
			continue
		case i == n-1:
			return 0, false
		}
		// cum[i] <= 0 < cum[i+1].
		next := cum[i+1]
		return times[i] + (times[i+1]-times[i])*(-c/(next-c)), true
	}
	return times[0], true
}
