package economics

import (
	"math"
	"time"

	"github.com/wattfolio/wattfolio/internal/num"
)

// projectPlan holds what a project's finance fixes on every path: when
// capital is spent, what is borrowed and repaid, and the tax depreciation
// of outlays and of lines' capital. Only the market, the delays, the
// tenants and hence the resale prices and disposal years differ by path.
type projectPlan struct {
	fin   Finance
	years int
	hy    float64   // the horizon in years
	end   []float64 // per year: the time its yearly flows (tax, IRR's totals) are paid, min(y+1, hy)

	capex    []float64 // per year, USD
	capexPV  float64   // discounted at Finance.Discount
	spendT   []float64 // every spending in the horizon: its time ...
	spendA   []float64 // ... and amount
	borrowed []float64 // per year
	interest []float64 // per year
	repaid   []float64 // per year: scheduled principal, and the balance left at the horizon
	service  []float64 // per year: scheduled interest and principal (no balloon)
	depOut   []float64 // per year: the outlays' depreciation

	// Per line with capital (nil otherwise): the whole line's
	// depreciation by year if kept to the horizon, the deductions before
	// each year (depCum[y] = Σ dep[y'<y]), and the line's basis.
	dep, depCum [][]float64
	basis       []float64
}

// newProjectPlan lays out p's spending, debt and depreciation over hy
// years; times are years since date. Spending at or after the horizon is
// left out (its line never runs in it either).
func newProjectPlan(p *Project, lc []lineConst, date time.Time, hy float64) *projectPlan {
	years := int(math.Ceil(hy - 1e-9))
	pl := &projectPlan{
		fin: p.Finance, years: years, hy: hy,
		end: make([]float64, years), capex: make([]float64, years),
		borrowed: make([]float64, years), interest: make([]float64, years),
		repaid: make([]float64, years), service: make([]float64, years),
		depOut: make([]float64, years),
		dep:    make([][]float64, len(lc)), depCum: make([][]float64, len(lc)),
		basis: make([]float64, len(lc)),
	}
	for y := range years {
		pl.end[y] = min(float64(y+1), hy)
	}
	spend := func(t, amount float64) {
		y := min(int(t), years-1)
		pl.capex[y] += amount
		pl.capexPV += amount * pl.discount(t)
		pl.spendT = append(pl.spendT, t)
		pl.spendA = append(pl.spendA, amount)
		pl.borrow(t, amount*p.Finance.Debt)
	}
	for i := range lc {
		tm := &lc[i].tm
		if tm.capital == 0 || !(tm.start < hy) {
			continue
		}
		if tm.owned {
			// Paid for: no spending, no debt, a zero tax basis (its
			// resale is a gain when it comes).
			pl.dep[i], pl.depCum[i] = make([]float64, years), make([]float64, years)
			continue
		}
		b := tm.capital * lc[i].r.units
		pl.basis[i] = b
		spend(tm.start, b)
		d := deprSchedule(p.Lines[i].Capital.Depreciation, tm.life, tm.start, years)
		cum := make([]float64, years)
		for y := range d {
			d[y] *= b
			if y > 0 {
				cum[y] = cum[y-1] + d[y-1]
			}
		}
		pl.dep[i], pl.depCum[i] = d, cum
	}
	for _, o := range p.Outlays {
		t := dateYears(o.Date, date)
		a := num.Float(o.Amount)
		if !(t < hy) || a == 0 {
			continue
		}
		spend(t, a)
		for y, d := range deprSchedule(StraightLine, yearsOf(o.Life), t, years) {
			pl.depOut[y] += a * d
		}
	}
	return pl
}

// discount returns the factor of a flow t years after the snapshot at
// Finance.Discount.
func (pl *projectPlan) discount(t float64) float64 { return discountFactor(pl.fin.Discount, t) }

// borrow books a loan of amount at time t: level yearly payments on its
// anniversaries over the tenor, each in the project year it ends; the
// balance left at the horizon, with the interest accrued since the last
// anniversary, is repaid in the last year.
func (pl *projectPlan) borrow(t, amount float64) {
	if amount == 0 {
		return
	}
	y0 := min(int(t), pl.years-1)
	pl.borrowed[y0] += amount
	n := max(1, int(math.Round(yearsOf(pl.fin.Tenor))))
	ln := newLoan(amount, pl.fin.Interest, n)
	last := t
	for i := 1; i <= n; i++ {
		at := t + float64(i)
		if !(at <= pl.hy) {
			break
		}
		in, pr := ln.pay()
		// A payment on a year's last instant (the anniversary of spending
		// at a year's start) belongs to that year.
		y := min(max(int(math.Ceil(at-1e-9))-1, 0), pl.years-1)
		pl.interest[y] += in
		pl.repaid[y] += pr
		pl.service[y] += in + pr
		last = at
	}
	if b := ln.balance(); b > 0 {
		y := pl.years - 1
		pl.interest[y] += b * pl.fin.Interest * (pl.hy - last)
		pl.repaid[y] += b
	}
}
