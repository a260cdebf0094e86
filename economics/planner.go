package economics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
	"github.com/wattfolio/wattfolio/risk"
)

// Planner holds what the optimizers need for one Problem: every path's
// profit per unit of each candidate and their moments. Build it once with
// NewPlanner, then call Optimize, Frontier and Outcome as often as needed:
// each costs milliseconds, no simulation (Optimize's Report aside).
//
// A Planner keeps 8 x Paths x len(Candidates) bytes of scenarios (19 MB for
// 200,000 paths of 12 candidates), at most MaxScenarioBytes (1 GiB). It is
// immutable and safe for concurrent use.
type Planner struct {
	prob  Problem
	model market.Model
	snap  market.Snapshot
	set   Settings
	n     int
	mw    []float64 // facility MW per unit of each candidate
	pf    *Portfolio
	scen  []float64 // paths x n, USD per unit
	level float64

	// The problem in the optimizers' variables: facility MW of each
	// candidate, money in usd USD (a million, or a larger power of ten:
	// see maxScaled).
	usd   float64
	cons  risk.Constraints
	slack []float64 // per row of cons.A: how far whole units may exceed it, MW
	meanM []float64
	covM  *mat.SymDense
	scenM *mat.Dense // the first Scenarios paths

	// buffers holds *[]float64 of Paths profits for outcome and the
	// objectives, reused across calls: a frontier of 50 points would
	// otherwise allocate 50 such slices, and the garbage collector's
	// work made it slower on two threads than on one.
	buffers sync.Pool
}

// usdScale converts USD to the optimizers' millions of USD.
const usdScale = 1e6

// maxScaled bounds the optimizers' numbers, money per facility MW: a
// planner whose means or standard deviations per MW exceed maxScaled
// millions of USD (prices far past plausible ones; the reference's are
// about 10 a year) counts money in a larger power of ten, so that the
// solvers' tolerances stay relative and they converge.
const maxScaled = 1e4

// NewPlanner simulates the problem's candidates under model m from snapshot
// s (as NewPortfolio does, keeping every path) and checks the limits. It
// returns errors matching ErrInvalid for a malformed problem, model,
// snapshot or settings, hardware.ErrUnsupported for a model that cannot run
// its workload, market.ErrNoQuote for a GPU without a rental rate, and
// risk.ErrInfeasible when no allocation, even fractional, meets the limits.
// Settings.Paths x len(Candidates) x 8 bytes must be at most
// MaxScenarioBytes.
func NewPlanner(p Problem, m market.Model, s market.Snapshot, opt *Settings) (*Planner, error) {
	return NewPlannerContext(context.Background(), p, m, s, opt)
}

// NewPlannerContext is NewPlanner that stops, returning ctx.Err(), when ctx
// is done.
func NewPlannerContext(ctx context.Context, p Problem, m market.Model, s market.Snapshot, opt *Settings) (*Planner, error) {
	set, err := opt.resolved()
	if err != nil {
		return nil, err
	}
	if err := set.noShards("NewPlanner"); err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	lines := append([]Line(nil), p.Candidates...)
	n := len(lines)
	if n > MaxPortfolioLines {
		return nil, invalid("Problem.Candidates", n, fmt.Sprintf("must hold at most %d lines (MaxPortfolioLines)", MaxPortfolioLines))
	}
	if bytes := 8 * int64(set.Paths) * int64(n); bytes > MaxScenarioBytes {
		return nil, invalid("Settings.Paths", set.Paths, fmt.Sprintf("times %d candidates needs %d MB of scenarios: at most %d MB are allowed (MaxScenarioBytes)", n, bytes>>20, MaxScenarioBytes>>20))
	}
	rates, err := resolveAll(p.Site, lines, nil, nil, false)
	if err != nil {
		return nil, err
	}
	pl := &Planner{prob: p, model: m, snap: s.Clone(), set: set, n: n, level: set.Level, mw: make([]float64, n)}
	pl.prob.Candidates = lines
	for i := range rates {
		pl.mw[i] = rates[i].facilityKW(&p.Site, 1) / 1000
	}

	e, err := newEngine(p.Site, lines, m, s, set, false)
	if err != nil {
		return nil, err
	}
	if p.Finance != nil {
		// Each unit's outcome is its unlevered pre-tax NPV: discounted
		// operating cash, capital at Start, resale at disposal.
		e.npvRate, e.capital, e.timed = p.Finance.Discount, true, true
	}
	pl.scen = make([]float64, set.Paths*n)
	pl.pf, err = e.portfolio(ctx, lines, &s, p.CapitalCost, func(path int, unit []float64) {
		copy(pl.scen[path*n:(path+1)*n], unit)
	})
	if err != nil {
		return nil, err
	}

	// The optimizers' problem, in facility MW and millions of USD (or a
	// larger power of ten, for implausibly large prices).
	pl.usd = usdScale
	big := 0.0
	for i := range n {
		big = max(big, math.Abs(pl.pf.mean[i])/pl.mw[i], math.Sqrt(pl.pf.cov[i*n+i])/pl.mw[i])
	}
	for big/pl.usd > maxScaled && pl.usd < 1e300 {
		pl.usd *= 10
	}
	pl.meanM = make([]float64, n)
	for i := range n {
		pl.meanM[i] = pl.pf.mean[i] / pl.mw[i] / pl.usd
	}
	cov := make([]float64, n*n)
	for i := range n {
		for j := range n {
			cov[i*n+j] = pl.pf.cov[i*n+j] / (pl.mw[i] * pl.mw[j] * pl.usd * pl.usd)
		}
	}
	pl.covM = mat.NewSymDense(n, cov)
	S := p.Scenarios
	if S == 0 {
		S = DefaultScenarios
	}
	S = min(S, set.Paths)
	sc := make([]float64, S*n)
	for k := range S {
		for i := range n {
			sc[k*n+i] = pl.scen[k*n+i] / pl.mw[i] / pl.usd
		}
	}
	pl.scenM = mat.NewDense(S, n, sc)
	pl.cons, pl.slack = pl.constraints()
	// Feasibility of the limits alone: the least power that meets them.
	if _, err := risk.MaxMean(negOnes(n), &pl.cons); err != nil {
		return nil, fmt.Errorf("economics: limits: %w", err)
	}
	return pl, nil
}

func negOnes(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = -1
	}
	return v
}

// Portfolio returns the moments of the candidates' profits per unit, net
// of Problem.CapitalCost, or with Problem.Finance their NPVs per unit.
func (pl *Planner) Portfolio() *Portfolio { return pl.pf }

// UnitPower returns the facility power of one unit of each candidate (IT
// power at nameplate times PUE): what the capacity and the workload limits
// count.
func (pl *Planner) UnitPower() []hardware.Power {
	out := make([]hardware.Power, pl.n)
	for i, v := range pl.mw {
		out[i] = hardware.Power(v) * hardware.Megawatt
	}
	return out
}

// Candidates returns a copy of the problem's candidate lines.
func (pl *Planner) Candidates() []Line { return append([]Line(nil), pl.prob.Candidates...) }

// Outcome returns the statistics of the profit over the horizon of the
// allocation that runs units[i] units of candidate i, over every path, net
// of Problem.CapitalCost: Mean and Variance from the planner's moments
// (Portfolio.Evaluate), VaR, CVaR (at Settings.Level) and ProbLoss from
// the paths' profits. Units may be fractional.
//
// Units are the caller's data: a unit count that is NaN, infinite or
// negative, or units whose profits overflow, give an error matching
// ErrInvalid that names it (units[2]); units whose facility power exceeds
// the site's capacity (to 1e-9 of it) give ErrOverCapacity. It panics if
// len(units) is not the number of candidates.
func (pl *Planner) Outcome(units []float64) (Stats, error) {
	if len(units) != pl.n {
		panic("economics: Planner.Outcome: len(units) != number of candidates")
	}
	if _, _, err := pl.pf.EvaluateChecked(units); err != nil {
		return Stats{}, err
	}
	mw := 0.0
	for i, u := range units {
		mw += u * pl.mw[i]
	}
	if capMW := pl.prob.Site.Capacity.Megawatts(); mw > capMW+tolOf(capMW) {
		return Stats{}, fmt.Errorf("economics: units: facility power %v above Site.Capacity = %v: %w",
			hardware.Power(mw)*hardware.Megawatt, pl.prob.Site.Capacity, ErrOverCapacity)
	}
	profits := pl.profits(units, pl.set.Paths)
	for _, x := range profits {
		if !finite(x) {
			return Stats{}, pl.pf.tooLarge(units)
		}
	}
	s := pl.statsInPlace(units, profits)
	if !finite(s.VaR) || !finite(s.CVaR) {
		return Stats{}, pl.pf.tooLarge(units)
	}
	return s, nil
}

// outcome is Outcome without the checks, for the optimizers' units.
func (pl *Planner) outcome(units []float64) Stats {
	buf := pl.buffer()
	defer pl.buffers.Put(buf)
	return pl.statsInPlace(units, pl.profitsTo((*buf)[:0], units, pl.set.Paths))
}

// buffer returns a buffer for Paths profits from pl.buffers.
func (pl *Planner) buffer() *[]float64 {
	if b, ok := pl.buffers.Get().(*[]float64); ok {
		return b
	}
	b := make([]float64, 0, pl.set.Paths)
	return &b
}

// statsInPlace returns the Stats of units whose profits on every path are
// profits, a slice of the caller's that it reorders (VaR and CVaR are
// taken in place: the same bits as risk.VaRCVaR).
func (pl *Planner) statsInPlace(units, profits []float64) Stats {
	m, v := pl.pf.eval(units)
	s := newStats(pl.set, profits, m, math.Sqrt(v), v)
	s.VaR, s.CVaR = risk.VaRCVaRInPlace(pl.level, profits)
	return s
}

// profits returns the horizon profit of units on each of the first paths.
func (pl *Planner) profits(units []float64, paths int) []float64 {
	return pl.profitsTo(make([]float64, 0, paths), units, paths)
}

// profitsTo is profits into dst's memory (its capacity must hold paths).
func (pl *Planner) profitsTo(dst, units []float64, paths int) []float64 {
	out := dst[:paths]
	n := pl.n
	for k := range out {
		row := pl.scen[k*n : (k+1)*n]
		s := 0.0
		for i, u := range units {
			s += row[i] * u
		}
		out[k] = s
	}
	return out
}

// power returns the facility power by workload of units.
func (pl *Planner) power(units []float64) map[hardware.Workload]hardware.Power {
	out := map[hardware.Workload]hardware.Power{}
	for i, u := range units {
		if u > 0 {
			out[pl.prob.Candidates[i].Workload] += hardware.Power(u * pl.mw[i] * 1e6)
		}
	}
	return out
}

// Optimize finds the allocation of the problem's candidates that best meets
// the objective, under the site's capacity and the limits, for the profit
// over Settings.Horizon. It is NewPlanner followed by Planner.Optimize.
func Optimize(p Problem, obj Objective, m market.Model, s market.Snapshot, opt *Settings) (Plan, error) {
	pl, err := NewPlanner(p, m, s, opt)
	if err != nil {
		return Plan{}, err
	}
	return pl.Optimize(obj)
}

// Frontier returns points allocations along the efficient frontier of the
// problem. It is NewPlanner followed by Planner.Frontier.
func Frontier(p Problem, points int, m market.Model, s market.Snapshot, opt *Settings) ([]FrontierPoint, error) {
	pl, err := NewPlanner(p, m, s, opt)
	if err != nil {
		return nil, err
	}
	return pl.Frontier(points)
}

// Optimize finds the best allocation for obj.
//
// The continuous problem is solved in facility megawatts of each candidate
// with the risk package: MaxMean by the simplex method (risk.MaxMean),
// MinVariance and MeanVariance by the Goldfarb-Idnani quadratic program
// (risk.MinVariance, risk.MeanVariance), MaxSharpe by the Charnes-Cooper
// transform (risk.MaxSharpe) and MinCVaR by the Rockafellar-Uryasev linear
// program (risk.MinCVaR over Problem.Scenarios paths, with the target on
// the mean over every path as one more constraint row). Moments are the
// planner's Monte Carlo
// estimates.
//
// The result is then made whole: each candidate's units are rounded down,
// any limit left unmet (a minimum, the colocation commitment, the target
// mean) is repaired by adding or removing single units, the move that
// reduces the shortfall most first, and when no single unit helps, by
// swaps (up to 4 units of a candidate in or out against up to 64 units of
// another out or in); then single-unit moves that improve the objective and keep
// every limit are taken until none is left. Plan.Gap reports what the
// whole units cost against the continuous optimum, Plan.Shortfall how far
// the whole units miss a target that only the continuous optimum meets.
//
// Errors: ErrInvalid for a malformed objective; risk.ErrInfeasible (matched
// by errors.Is) when no allocation meets the limits and target, or no whole
// allocation could be repaired to; risk.ErrNoPositiveExcess for MaxSharpe
// when no allocation beats RiskFree; risk.ErrUnbounded for MaxSharpe when
// an allocation without risk (colocation, say) beats RiskFree, which makes
// the ratio infinite; and the errors of Analyze for the Report.
func (pl *Planner) Optimize(obj Objective) (Plan, error) {
	return pl.OptimizeContext(context.Background(), obj)
}

// OptimizeContext is Optimize whose Report stops, returning ctx.Err(), when
// ctx is done.
func (pl *Planner) OptimizeContext(ctx context.Context, obj Objective) (Plan, error) {
	return pl.optimize(ctx, obj, true)
}

// optimize is OptimizeContext; report says whether to fill Plan.Report.
func (pl *Planner) optimize(ctx context.Context, obj Objective, report bool) (Plan, error) {
	if err := obj.validate(); err != nil {
		return Plan{}, err
	}
	var w []float64
	var err error
	solve := obj // what the solvers see: without a target that cannot bind
	if hasTarget(obj) {
		best, ok := pl.maxMean()
		if ok && obj.Target-tolOf(obj.Target) > best {
			return Plan{}, fmt.Errorf("economics: %s: invalid Objective.Target = %.6g USD: above %.6g USD, the greatest mean the limits allow: %w", obj.Goal, obj.Target, best, risk.ErrInfeasible)
		}
		// A target far below the least mean the limits allow cannot
		// bind; left in, its huge bound would only upset the simplex.
		if least, ok := pl.minMean(); ok && obj.Target < least-max(1, math.Abs(least)) {
			solve.Target = math.Inf(-1)
		}
	}
	switch obj.Goal {
	case MaxMean:
		w, err = risk.MaxMean(pl.meanM, &pl.cons)
	case MinVariance:
		c := &pl.cons
		if !math.IsInf(solve.Target, -1) {
			c = pl.withTarget(solve.Target, pl.meanM)
		}
		w, err = risk.MinVariance(pl.covM, c)
	case MinCVaR:
		// The CVaR is over the LP's scenarios, but the target is on the
		// mean over every path: the mean is linear, a constraint row.
		c := &pl.cons
		if !math.IsInf(solve.Target, -1) {
			c = pl.withTarget(solve.Target, pl.meanM)
		}
		w, err = risk.MinCVaR(pl.level, pl.scenM, c)
	case MaxSharpe:
		w, err = risk.MaxSharpe(pl.meanM, pl.covM, obj.RiskFree/pl.usd, &pl.cons)
	case MeanVariance:
		w, err = risk.MeanVariance(pl.meanM, pl.covM, obj.Lambda*pl.usd, &pl.cons)
	}
	if err != nil {
		if errors.Is(err, risk.ErrInfeasible) && !math.IsInf(obj.Target, -1) {
			if best, ok := pl.maxMean(); ok && obj.Target-tolOf(obj.Target) > best {
				return Plan{}, fmt.Errorf("economics: %s: invalid Objective.Target = %.2f USD: above %.2f USD, the greatest mean the limits allow: %w", obj.Goal, obj.Target, best, err)
			}
		}
		return Plan{}, fmt.Errorf("economics: %s: %w", obj.Goal, err)
	}
	units := pl.toUnits(w)
	whole, err := pl.roundTarget(units, obj)
	if err != nil {
		return Plan{}, err
	}
	wf := make([]float64, pl.n)
	for i, u := range whole {
		wf[i] = float64(u)
	}
	plan := Plan{Allocation: pl.allocation(whole), Units: units, Power: pl.power(wf)}
	plan.Value, plan.ContinuousValue = pl.value(obj, wf), pl.value(obj, units)
	plan.Gap = plan.Value - plan.ContinuousValue
	if obj.Goal.maximize() {
		plan.Gap = -plan.Gap
	}
	plan.Stats = pl.outcome(wf)
	if hasTarget(obj) {
		plan.Shortfall = max(obj.Target-plan.Mean, 0)
	}
	if !report {
		return plan, nil
	}
	set := pl.set
	plan.Report, err = AnalyzeContext(ctx, pl.prob.Site, plan.Allocation, pl.model, pl.snap, &set)
	if err != nil {
		return Plan{}, err
	}
	return plan, nil
}

// Frontier returns points allocations along the mean-variance efficient
// frontier (risk.Frontier over the planner's moments): the first has the
// least variance the limits allow, the last the greatest mean, and the
// means in between are evenly spaced; along the result Mean and StdDev
// never decrease. Each point also carries its CVaR and probability of loss
// over every path, and a whole-unit Allocation. It returns the errors of
// risk.Frontier, wrapped, and ErrInvalid if points < 1.
func (pl *Planner) Frontier(points int) ([]FrontierPoint, error) {
	if points < 1 {
		return nil, invalid("points", points, "must be at least 1")
	}
	fr, err := risk.Frontier(pl.meanM, pl.covM, &pl.cons, points)
	if err != nil {
		return nil, fmt.Errorf("economics: frontier: %w", err)
	}
	// The points are independent: each is priced and rounded on its own,
	// on Settings.Workers goroutines, into its own slot.
	out := make([]FrontierPoint, len(fr))
	errs := make([]error, len(fr))
	tasks := make([]func(*risk.Selector), len(fr))
	for k, f := range fr {
		tasks[k] = func(*risk.Selector) { out[k], errs[k] = pl.frontierPoint(k, f.Weights) }
	}
	runTasks(pl.set.Workers, tasks)
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// frontierPoint prices and rounds point k of the frontier, whose
// continuous weights are w.
func (pl *Planner) frontierPoint(k int, w []float64) (FrontierPoint, error) {
	units := pl.toUnits(w)
	pt := FrontierPoint{Units: units, Stats: pl.outcome(units), Power: pl.power(units)}
	obj := Objective{Goal: MinVariance, Target: math.Inf(-1)}
	if k > 0 {
		obj.Target = pt.Mean
	}
	whole, err := pl.roundTarget(units, obj)
	if err != nil {
		return FrontierPoint{}, err
	}
	pt.Allocation = pl.allocation(whole)
	if k > 0 {
		wf := make([]float64, pl.n)
		for i, u := range whole {
			wf[i] = float64(u)
		}
		m, _ := pl.pf.eval(wf)
		pt.Shortfall = max(pt.Mean-m, 0)
	}
	return pt, nil
}

// maxMean returns the greatest mean profit, USD, the limits allow (the
// continuous optimum of MaxMean), and whether it was found.
func (pl *Planner) maxMean() (float64, bool) {
	w, err := risk.MaxMean(pl.meanM, &pl.cons)
	if err != nil {
		return 0, false
	}
	m, _ := pl.pf.eval(pl.toUnits(w))
	return m, finite(m)
}

// minMean returns the least mean profit, USD, the limits allow, and
// whether it was found.
func (pl *Planner) minMean() (float64, bool) {
	neg := make([]float64, pl.n)
	for i, v := range pl.meanM {
		neg[i] = -v
	}
	w, err := risk.MaxMean(neg, &pl.cons)
	if err != nil {
		return 0, false
	}
	m, _ := pl.pf.eval(pl.toUnits(w))
	return m, finite(m)
}

// hasTarget reports whether obj has a target mean.
func hasTarget(obj Objective) bool {
	return (obj.Goal == MinVariance || obj.Goal == MinCVaR) && !math.IsInf(obj.Target, -1)
}

// toUnits converts facility MW per candidate to units, clearing the
// solvers' tiny negative round-off.
func (pl *Planner) toUnits(w []float64) []float64 {
	u := make([]float64, pl.n)
	for i, v := range w {
		u[i] = max(v/pl.mw[i], 0)
	}
	return u
}

func (pl *Planner) allocation(units []int) Allocation {
	a := Allocation{Lines: make([]Line, pl.n)}
	for i, l := range pl.prob.Candidates {
		l.Units = units[i]
		a.Lines[i] = l
	}
	return a
}

// value returns the objective at units.
func (pl *Planner) value(obj Objective, units []float64) float64 {
	switch obj.Goal {
	case MaxMean:
		m, _ := pl.pf.eval(units)
		return m
	case MinVariance:
		_, v := pl.pf.eval(units)
		return v
	case MinCVaR:
		S, _ := pl.scenM.Dims()
		buf := pl.buffer()
		defer pl.buffers.Put(buf)
		return risk.CVaR(pl.level, pl.profitsTo((*buf)[:0], units, S))
	case MaxSharpe:
		m, v := pl.pf.eval(units)
		if v == 0 {
			return math.Copysign(math.Inf(1), m-obj.RiskFree)
		}
		return (m - obj.RiskFree) / math.Sqrt(v)
	default: // MeanVariance
		m, v := pl.pf.eval(units)
		return m - obj.Lambda*v
	}
}
