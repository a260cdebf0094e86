package economics

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
	"github.com/wattfolio/wattfolio/risk"
)

// Appraise is AppraiseContext without cancellation.
func Appraise(p Project, m market.Model, s market.Snapshot, opt *Settings) (Appraisal, error) {
	return AppraiseContext(context.Background(), p, m, s, opt)
}

// AppraiseContext values project p over paths of model m from snapshot s:
// per path, the cash flows step by step over the horizon (a zero
// Settings.Horizon means DefaultProjectHorizon, ten years), then the
// project years' finance, and across paths the distribution of NPV, IRR
// and payback, the debt risk, the expected cash flow by year and the
// J-curve's bands. A deterministic model (market.Model.Deterministic)
// gives the projection a miner builds by hand: one market path at the
// drifts. A project's own risks, its delays and its tenants' defaults,
// are still drawn per path, so with one path the projection is one draw
// of them; with many, Years is their expectation on that market (and
// with no Delay and no Lease.Default, one path is exact).
//
// Per path and step, each line earns and pays as in Analyze while it runs
// (from Start plus its delay until End), and a lease pays rent as its
// terms say (see Lease). Capital is spent at each line's Start and at each
// outlay's Date; a line's capital leaves at the end of its life, at End or
// at the horizon, at a resale price its market moves (see Capital): the
// residual value at the horizon is the unit's straight-line value between
// Unit at service and Salvage x Unit at the life's end. Outlays have no
// resale and no residual value: a converted hall's worth beyond the
// horizon is not counted.
//
// Per project year (year y covers [y-1, y) years of market.DaysPerYear
// days; a step that crosses a year's end is divided between the two in
// proportion to its time in each):
//
//	operating  = revenue - power - opex
//	taxable    = operating + resale - depreciation
//	             (in a line's year of disposal its remaining tax basis)
//	tax        = TaxRate x taxable, after losses carried forward
//	FCF        = operating + resale - capex - tax                (unlevered)
//	equity     = FCF + borrowed - interest - principal + the interest's tax saving
//
// NPV discounts each step's operating cash at the step's end, capital at
// its date, resale at the step it happens in and each year's tax at the
// year's end, at Finance.Discount. With no dates, no capital, no tax, no
// debt and Discount 0 it is Analyze's total profit on the same paths.
// IRR, equity IRR and payback work on yearly totals: capital at its date,
// the rest of each year at the year's end; payback is read off the
// cumulative FCF on the band grid, interpolated linearly between points.
// Debt is drawn at each spending (Finance.Debt of it) and repaid level
// yearly; DebtShortfall counts the paths where some year's operating cash
// after tax falls short of that year's scheduled interest and principal
// (the balance left at the horizon is not scheduled service).
//
// Memory grows with paths, not paths x steps: the bands use at most
// Settings.BandPaths paths on a grid of at most MaxAppraisalBands points
// (every k-th step).
//
// Bad input gives an error and no appraisal: everything Analyze refuses,
// and a project Project.Validate refuses (ErrInvalid naming the field,
// such as "Lines[2].Delay.Min" or "Finance.TaxRate"); capacity is checked
// per hall and for the site at every moment (ErrOverCapacity naming the
// hall).
func AppraiseContext(ctx context.Context, p Project, m market.Model, s market.Snapshot, opt *Settings) (Appraisal, error) {
	var o Settings
	if opt != nil {
		o = *opt
	}
	if o.Horizon == 0 {
		o.Horizon = DefaultProjectHorizon
	}
	set, err := o.resolved()
	if err != nil {
		return Appraisal{}, err
	}
	if err := checkInputs(p.Site, s); err != nil {
		return Appraisal{}, err
	}
	if err := p.Validate(s.Date); err != nil {
		return Appraisal{}, err
	}
	e, err := newEngine(p.Site, p.Lines, m, s, set, true)
	if err != nil {
		return Appraisal{}, err
	}
	e.npvRate, e.timed = p.Finance.Discount, true
	grid := newBandGrid(e.steps, MaxAppraisalBands)
	spec := &ledgerSpec{grid: grid, points: grid.points, lines: len(p.Lines)}
	plan := newProjectPlan(&p, e.lc, s.Date, e.horizon)
	spec.years = plan.years
	e.led = spec

	n := set.Paths
	a := &appraiser{e: e, plan: plan, spec: spec, set: set,
		npv: make([]float64, n), irr: make([]float64, n), eirr: make([]float64, n), payback: make([]float64, n),
		short: make([]bool, n), sums: make([]int64, plan.years*nYearFields), bandPaths: set.bandPathsHere(),
		run: newAppraisalRun(set),
	}
	a.bands = make([]float64, a.bandPaths*spec.points)
	a.times = make([]float64, spec.points)
	a.capexBy = make([]float64, spec.points)
	for b := range spec.points {
		a.times[b] = yearsOf(grid.at(b, set.Step, set.Horizon))
		for i, t := range plan.spendT {
			if t <= a.times[b] {
				a.capexBy[b] += plan.spendA[i]
			}
		}
	}
	err = e.simulate(ctx, func(w *worker, path int) {
		if w.led.books == nil {
			w.led.books = a.newBooks()
		}
		a.path(w, path, w.led.books)
	}, func(w *worker, c int) {
		a.flush(w)
		a.run.addNPVChunk(c, a.npv)
	})
	if err != nil {
		return Appraisal{}, err
	}
	if a.err != nil {
		return Appraisal{}, a.err
	}
	return a.result()
}

// appraiser gathers an appraisal's per-path results.
type appraiser struct {
	e    *engine
	plan *projectPlan
	spec *ledgerSpec
	set  Settings

	npv, irr, eirr, payback []float64 // per path; NaN when undefined
	short                   []bool
	bandPaths               int
	bands                   []float64 // [point*bandPaths + path]: cumulative FCF
	times                   []float64 // band points in years
	capexBy                 []float64 // capital spent by each band point

	run  *runState // the NPV's chunk moments and tail, the J-curve
	mu   sync.Mutex
	sums []int64 // per year and field: cents summed over paths
	err  error
}

// pathBooks is a worker's scratch for one path's finance.
type pathBooks struct {
	tax          []float64
	irrT, irrF   []float64
	eqF          []float64
	cumT, cumFCF []float64
	irr          irrScratch
}

func (a *appraiser) newBooks() *pathBooks {
	y := a.plan.years
	nf := len(a.plan.spendT) + y
	return &pathBooks{
		tax:  make([]float64, y),
		irrT: make([]float64, 0, nf), irrF: make([]float64, 0, nf), eqF: make([]float64, 0, nf),
		cumT: a.times, cumFCF: make([]float64, a.spec.points),
	}
}

// fail records the first error.
func (a *appraiser) fail(err error) {
	a.mu.Lock()
	if a.err == nil {
		a.err = err
	}
	a.mu.Unlock()
}

// flush adds a worker's sums of cents to the appraisal's; integer sums do
// not depend on the order of paths or chunks.
func (a *appraiser) flush(w *worker) {
	g := w.led
	if g.sums == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, v := range g.sums {
		s, ok := add64(a.sums[i], v)
		if !ok && a.err == nil {
			a.err = invalid(fmt.Sprintf("Years[%d]", i/nYearFields), "", "sums over paths beyond int64 cents (about 4.6e16 USD)")
		}
		a.sums[i] = s
	}
	clear(g.sums)
}

// path computes the finance of path p, whose batch w holds.
func (a *appraiser) path(w *worker, p int, b *pathBooks) {
	e, pl, g := a.e, a.plan, w.led
	k := p - w.p0
	if g.sums == nil {
		g.sums = make([]int64, pl.years*nYearFields)
	}
	npv := g.npv[k] + g.npvSalvage[k] - pl.capexPV
	rate := pl.fin.TaxRate
	var cu, cl carryForward
	b.irrT, b.irrF, b.eqF = b.irrT[:0], b.irrF[:0], b.eqF[:0]
	for i, t := range pl.spendT {
		b.irrT = append(b.irrT, t)
		b.irrF = append(b.irrF, -pl.spendA[i])
		b.eqF = append(b.eqF, -pl.spendA[i]*(1-pl.fin.Debt))
	}
	short := false
	var row [nYearFields]float64
	for y := range pl.years {
		r := g.row(k, y)
		op := r[opMining] + r[opAI] + r[opColo] - r[opPower] - r[opOpex]
		salv := r[opSalvage]
		dep := pl.depOut[y]
		for l := range e.lc {
			if pl.dep[l] == nil {
				continue
			}
			d := g.disp[l*batchSize+k]
			switch {
			case !d.done || y < d.year:
				dep += pl.dep[l][y]
			case y == d.year:
				dep += pl.basis[l] - pl.depCum[l][y]
			}
		}
		taxable := op + salv - dep
		tu := cu.tax(taxable, rate)
		tl := cl.tax(taxable-pl.interest[y], rate)
		b.tax[y] = tu
		npv -= tu * pl.discount(pl.end[y])
		if pl.service[y] > 0 && op-tl < pl.service[y] {
			short = true
		}
		b.irrT = append(b.irrT, pl.end[y])
		b.irrF = append(b.irrF, op+salv-tu)
		b.eqF = append(b.eqF, op+salv-tl-pl.interest[y]-pl.repaid[y])
		row = [nYearFields]float64{
			yMining: r[opMining], yAI: r[opAI], yColo: r[opColo], yPower: r[opPower], yOpex: r[opOpex],
			yCapex: pl.capex[y], ySalvage: salv, yTax: tu, yBorrowed: pl.borrowed[y],
			yInterest: pl.interest[y], yPrincipal: pl.repaid[y], yShield: tu - tl,
		}
		for f, v := range row {
			c, err := num.CentsInt(v)
			if err != nil {
				a.fail(invalid(fmt.Sprintf("Years[%d]", y), v, fmt.Sprintf("a path's amount beyond int64 cents (path %d)", p)))
				return
			}
			i := y*nYearFields + f
			s, ok := add64(g.sums[i], c)
			if !ok {
				a.fail(invalid(fmt.Sprintf("Years[%d]", y), v, "sums over paths beyond int64 cents (about 4.6e16 USD)"))
				return
			}
			g.sums[i] = s
		}
	}
	if !finite(npv) || math.Abs(npv) > maxUnitProfit {
		a.fail(invalid("NPV", npv, fmt.Sprintf("the NPV of path %d is not finite or beyond %g USD: an input is far out of scale", p, maxUnitProfit)))
		return
	}
	a.npv[p] = npv
	a.short[p] = short
	a.irr[p] = b.irr.orNaN(b.irrT, b.irrF)
	a.eirr[p] = b.irr.orNaN(b.irrT, b.eqF)

	// The cumulative FCF at the band points: the books' operating cash
	// and resale, less capital spent and tax paid by then.
	ty := 0
	taxCum := 0.0
	for q, t := range a.times {
		for ty < pl.years && pl.end[ty] <= t+1e-9 {
			taxCum += b.tax[ty]
			ty++
		}
		v := g.band[k*a.spec.points+q] - a.capexBy[q] - taxCum
		b.cumFCF[q] = v
		if p < a.bandPaths {
			a.bands[q*a.bandPaths+p] = v
		}
	}
	a.payback[p] = math.NaN()
	if y, ok := payback(a.times, b.cumFCF); ok {
		a.payback[p] = y
	}
}

// orNaN returns IRR(years, flows), or NaN when it has none.
func (z *irrScratch) orNaN(years, flows []float64) float64 {
	r, err := z.irr(years, flows)
	if err != nil {
		return math.NaN()
	}
	return r
}

// result assembles the appraisal from the run's state (appraise_shard.go),
// which a shard keeps in it for Appraisal.Merge.
func (a *appraiser) result() (Appraisal, error) {
	shorts := int64(0)
	for _, s := range a.short {
		if s {
			shorts++
		}
	}
	a.run.bands[0] = a.bands
	runTasks(1, []func(*risk.Selector){func(sel *risk.Selector) { a.run.npvTail(sel, a.npv) }})
	st := &appraisalState{run: a.run, irr: a.irr, eirr: a.eirr, payback: a.payback, shorts: shorts, sums: a.sums}
	var out Appraisal
	if err := st.fill(&out, a.set.Workers, true); err != nil {
		return Appraisal{}, err
	}
	if !a.run.complete() {
		out.shard = st
	}
	return out, nil
}
