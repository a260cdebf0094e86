package economics

import (
	"math"

	"github.com/wattfolio/wattfolio/market"
)

// The engine's dated lines: each path's delays and tenants are drawn from
// a stream of its own, the project stream, so that a line's dates never
// change the market or the pool luck a path sees; and the capital of lines
// that carry one leaves at its disposal (lineTime.disposal) at a resale
// price moved by the path's market.

// startPaths draws the schedule of paths p0 to p0+n-1 of w's batch: per
// path, each line's delay and first tenant's default, in line order, from
// the path's project stream. When the engine books capital (the planner
// on NPV), every unit starts at minus its capital, discounted from Start.
func (e *engine) startPaths(w *worker, p0, n int) {
	for k := range n {
		stream, seed := uint64(e.set.FirstPath+p0+k), e.set.Seed
		w.jrngs[k].Seed(splitmix64(seed^splitmix64(stream^0x9e6c63d0676a9a99)), splitmix64(stream+0x2545f4914f6cdd1d^seed))
		for l := range e.lc {
			c := &e.lc[l]
			pt := &w.pt[l*batchSize+k]
			c.tm.draw(pt, w.jrngs[k])
			pt.disp, pt.share = c.tm.disposal(pt, e.horizon)
			if e.capital && c.tm.capital != 0 && !c.tm.owned && c.tm.start < e.horizon {
				w.units[l*batchSize+k] = -c.tm.capital * e.discount(c.tm.start)
			}
		}
	}
	// The batch's earliest and latest start and disposal of each line,
	// which let a step skip a line no path runs or disposes of in it.
	for l := range e.lc {
		b := &w.span[l]
		*b = lineSpan{run0: math.Inf(1), run1: math.Inf(-1), stop0: math.Inf(1), stop1: math.Inf(-1), disp0: math.Inf(1), disp1: math.Inf(-1)}
		for k := range n {
			pt := &w.pt[l*batchSize+k]
			b.run0, b.run1 = min(b.run0, pt.run), max(b.run1, pt.run)
			b.stop0, b.stop1 = min(b.stop0, pt.stop), max(b.stop1, pt.stop)
			b.disp0, b.disp1 = min(b.disp0, pt.disp), max(b.disp1, pt.disp)
		}
	}
}

// lineSpan bounds a line's start (run), stop and disposal times over a
// batch.
type lineSpan struct{ run0, run1, stop0, stop1, disp0, disp1 float64 }

// activity says how line l runs in the step [t0, t1) on w's batch: on
// no path (skip), on every path for the whole step (full), or otherwise
// per path.
func (e *engine) activity(w *worker, l int, t0, t1 float64) (skip, full bool) {
	tm := &e.lc[l].tm
	if !tm.timed {
		return false, true
	}
	b := &w.span[l]
	if t1 <= b.run0 || t0 >= b.stop1 {
		return true, false
	}
	return false, t0 >= b.run1 && t1 <= b.stop0
}

// discount returns the discount factor of a cash flow t years after the
// snapshot at the engine's rate: (1+rate)^-t.
func (e *engine) discount(t float64) float64 { return discountFactor(e.npvRate, t) }

// salvage books, in the step [t0, t1) (step j), the resale of every unit
// whose line's capital leaves in it: at the end of its life, at End, or in
// the last step at the horizon (the residual value). Its price is the
// disposal share of Capital.Unit moved by the path's market (resale).
func (e *engine) salvage(w *worker, j int, st *market.BatchStep, t0, t1, df float64) {
	last := j == e.steps-1
	for l := range e.lc {
		c := &e.lc[l]
		if c.tm.capital == 0 || !(c.tm.start < e.horizon) {
			continue
		}
		if b := &w.span[l]; !last && (t1 < b.disp0 || t0 >= b.disp1) {
			continue
		}
		for k := range w.n {
			pt := &w.pt[l*batchSize+k]
			at, share := pt.disp, pt.share
			if !(at > t0 && (at <= t1 || last)) {
				continue
			}
			v := c.tm.capital * share * e.resale(c, st, k)
			if e.capital {
				w.units[l*batchSize+k] += df * v
			}
			if w.led != nil {
				w.led.dispose(k, l, c.r.units*v, df, at)
			}
		}
	}
}

// resale returns how far a line's resale prices have moved on path k of
// step st since the snapshot: the hashprice (USD per TH/s-day) for ASICs,
// the line's GPU rental rate for GPUs, 1 for a colocation fit-out.
func (e *engine) resale(c *lineConst, st *market.BatchStep, k int) float64 {
	switch c.tm.salvageBy {
	case salvageHashrate:
		if e.hp0 > 0 && st.Days > 0 {
			return st.BTCPerTH[k] / st.Days * st.Price[k] / e.hp0
		}
	case salvageGPU:
		return st.GPUIndex[k] * math.Exp(c.gpuDrift*st.T)
	}
	return 1
}
