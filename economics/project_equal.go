package economics

import (
	"math"

	"github.com/shopspring/decimal"
)

// Equality of the investment types: decimals compare by value, times by
// instant, floats bit for bit (so that a NaN percentile equals itself, as
// a JSON round trip needs).

// Equal reports whether l and o are the same line: the same model (by
// value), mode, workload, units, hall, dates, delay, capital and lease.
func (l Line) Equal(o Line) bool {
	if !l.Model.Equal(o.Model) || l.Mode != o.Mode || l.Workload != o.Workload || l.Units != o.Units ||
		l.Hall != o.Hall || !l.Start.Equal(o.Start) || !l.End.Equal(o.End) {
		return false
	}
	return equalPtr(l.Delay, o.Delay, func(a, b Delay) bool { return a == b }) &&
		equalPtr(l.Capital, o.Capital, Capital.Equal) && equalPtr(l.Lease, o.Lease, Lease.Equal)
}

// equalPtr reports whether a and b are both nil, or both set and equal.
func equalPtr[T any](a, b *T, eq func(T, T) bool) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return eq(*a, *b)
}

// Equal reports whether c and o are the same capital.
func (c Capital) Equal(o Capital) bool {
	return c.Unit.Equal(o.Unit) && c.Life == o.Life && sameBits(c.Salvage, o.Salvage) && c.Depreciation == o.Depreciation &&
		c.Owned == o.Owned
}

// Equal reports whether l and o are the same lease.
func (l Lease) Equal(o Lease) bool {
	return l.Rate.Equal(o.Rate) && sameBits(l.Escalator, o.Escalator) && l.Term == o.Term &&
		sameBits(l.Default, o.Default) && l.Relet == o.Relet
}

// Equal reports whether h and o are the same hall.
func (h Hall) Equal(o Hall) bool {
	return h.Name == o.Name && h.Capacity == o.Capacity && sameBits(h.PUE, o.PUE) && h.OpexPerMWMonth.Equal(o.OpexPerMWMonth)
}

// Equal reports whether u and o are the same outlay.
func (u Outlay) Equal(o Outlay) bool {
	return u.Date.Equal(o.Date) && u.Amount.Equal(o.Amount) && u.Label == o.Label && u.Life == o.Life
}

// Equal reports whether p and o are the same project.
func (p Project) Equal(o Project) bool {
	return p.Site.Equal(o.Site) && p.Finance == o.Finance &&
		equalSlices(p.Lines, o.Lines, Line.Equal) && equalSlices(p.Outlays, o.Outlays, Outlay.Equal)
}

// equalSlices reports whether a and b have equal elements in order.
func equalSlices[T any](a, b []T, eq func(T, T) bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !eq(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameBits reports whether a and b are the same float64, bit for bit.
func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// Equal reports whether p and o are the same percentiles, bit for bit.
func (p Percentiles) Equal(o Percentiles) bool {
	return sameBits(p.P5, o.P5) && sameBits(p.P25, o.P25) && sameBits(p.P50, o.P50) &&
		sameBits(p.P75, o.P75) && sameBits(p.P95, o.P95) && sameBits(p.Undefined, o.Undefined)
}

// amounts returns y's money in the order of its fields.
func (y Year) amounts() [14]decimal.Decimal {
	return [14]decimal.Decimal{y.Mining, y.AICloud, y.Colocation, y.Power, y.Opex, y.Capex, y.Salvage, y.Tax,
		y.FreeCashFlow, y.Borrowed, y.Interest, y.Principal, y.TaxShield, y.EquityCashFlow}
}

// Equal reports whether y and o are the same year, decimals by value.
func (y Year) Equal(o Year) bool {
	if y.Year != o.Year {
		return false
	}
	a, b := y.amounts(), o.amounts()
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// Equal reports whether a and o are the same appraisal: floats bit for
// bit, decimals by value.
func (a Appraisal) Equal(o Appraisal) bool {
	return a.Paths == o.Paths && a.Horizon == o.Horizon && a.Step == o.Step && a.NPV.same(o.NPV) &&
		a.IRR.Equal(o.IRR) && a.EquityIRR.Equal(o.EquityIRR) && a.Payback.Equal(o.Payback) &&
		sameBits(a.DebtShortfall, o.DebtShortfall) && equalSlices(a.Years, o.Years, Year.Equal) &&
		equalSlices(a.Bands, o.Bands, Band.same)
}

// same reports whether s and o are the same statistics, bit for bit.
func (s Stats) same(o Stats) bool {
	return sameBits(s.Mean, o.Mean) && sameBits(s.StdDev, o.StdDev) && sameBits(s.Variance, o.Variance) &&
		sameBits(s.StdErr, o.StdErr) && sameBits(s.VaR, o.VaR) && sameBits(s.CVaR, o.CVaR) && sameBits(s.ProbLoss, o.ProbLoss)
}

// same reports whether b and o are the same band, bit for bit.
func (b Band) same(o Band) bool {
	return b.At == o.At && sameBits(b.P5, o.P5) && sameBits(b.P25, o.P25) && sameBits(b.P50, o.P50) &&
		sameBits(b.P75, o.P75) && sameBits(b.P95, o.P95)
}
