package economics

import (
	"context"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
	"github.com/wattfolio/wattfolio/risk"
)

// Inventory is the hardware a site owns: machines per model name. Names
// match a line's Model.Name exactly first, then ignoring case.
type Inventory map[string]int

// owned returns the machines of the named model and whether the inventory
// lists it.
func (inv Inventory) owned(name string) (int, bool) {
	if n, ok := inv[name]; ok {
		return n, true
	}
	for k, n := range inv {
		if strings.EqualFold(k, name) {
			return n, true
		}
	}
	return 0, false
}

// Limits are the constraints an allocation must meet beyond the site's
// capacity (facility power: IT power at nameplate times PUE, summed over
// every line, at most Site.Capacity).
type Limits struct {
	// Inventory, when not nil, bounds the machines of each model: the lines
	// of one model together run at most the units owned, and a model the
	// inventory does not list cannot run. Nil means machines are unlimited
	// (the site may buy what it needs). Colocation lines need no hardware.
	Inventory Inventory

	// Min and Max bound the facility power of each workload: the lines of
	// workload w together draw at least Min[w] and at most Max[w] (IT power
	// at nameplate times PUE). A workload absent from a map is unbounded
	// that way.
	Min, Max map[hardware.Workload]hardware.Power

	// Use is the facility power the allocation must draw at least, over
	// every workload: a take-or-pay power contract, or "use the whole
	// site". Zero means none.
	Use hardware.Power

	// Colocation is the IT load already leased under contract: the
	// Colocation lines together lease at least this much. Zero means no
	// commitment.
	Colocation hardware.Power
}

// Whole machines rarely add up to a minimum exactly (Use equal to the
// capacity, say), so the whole-unit allocations of Optimize and Frontier
// meet Min, Use and Colocation to within one unit: they may fall short by
// less than the power of the largest unit among the lines concerned. The
// continuous optimum meets them exactly, and maxima (capacity, Max,
// Inventory) hold exactly for both.

// Problem is an allocation decision: the site, the lines it may run, and
// the limits the allocation must meet. The site's Curtailment policy
// applies to every allocation considered.
type Problem struct {
	Site Site
	// Candidates are the lines the optimizer chooses units for: one per
	// model, mode and workload considered. Their Units are ignored except
	// as the reference fleet for share noise (see Portfolio). Idle lines
	// are not allowed: they draw no power and earn nothing.
	Candidates []Line
	Limits     Limits
	// CapitalCost, when not nil, holds for each candidate the cost of
	// owning one unit over the horizon, in USD: depreciation and the return
	// the capital must earn (for a colocation line, per kW of IT load
	// leased: the fit-out the site pays for). The planner subtracts it from
	// every path's profit, so its means, CVaRs, frontiers and objectives
	// are net of capital; Evaluate, Analyze and Plan.Report know nothing of
	// it and give operating profit. Units already paid for and not to be
	// replaced may carry 0. Nil means no capital cost.
	CapitalCost []float64
	// Scenarios is the number of paths (the first ones) the CVaR linear
	// program of MinCVaR optimizes over; 0 means 2,000 (or every path, if
	// fewer). Reported CVaRs use every path.
	Scenarios int
}

// DefaultScenarios is the number of paths MinCVaR optimizes over when
// Problem.Scenarios is 0.
const DefaultScenarios = 2000

// Goal is what an Objective optimizes.
type Goal uint8

// The goals of an Objective.
const (
	// MaxMean maximizes expected profit.
	MaxMean Goal = iota
	// MinVariance minimizes the variance of profit among allocations whose
	// expected profit is at least Objective.Target.
	MinVariance
	// MinCVaR minimizes the CVaR of profit at Settings.Level among
	// allocations whose expected profit is at least Objective.Target (the
	// Rockafellar-Uryasev linear program over Problem.Scenarios paths).
	MinCVaR
	// MaxSharpe maximizes (mean - Objective.RiskFree) / standard deviation.
	MaxSharpe
	// MeanVariance maximizes mean - Objective.Lambda * variance.
	MeanVariance
)

var goalNames = [...]string{"max-mean", "min-variance", "min-cvar", "max-sharpe", "mean-variance"}

// String returns the goal's name ("max-mean", "min-variance", ...).
func (g Goal) String() string {
	if int(g) < len(goalNames) {
		return goalNames[g]
	}
	return fmt.Sprintf("Goal(%d)", uint8(g))
}

// Objective is what Optimize looks for. Amounts are USD of profit over the
// horizon of the Settings.
type Objective struct {
	Goal Goal
	// Target is the least expected profit, for MinVariance and MinCVaR,
	// met to within 1e-9 of its size (rounding). Zero asks for an
	// allocation that is expected to break even; math.Inf(-1) sets no
	// target. The whole-unit allocation meets it too, unless only the
	// continuous optimum can (a target at the greatest mean the limits
	// allow): it may then fall short by at most the mean profit of one unit
	// of each candidate.
	Target float64
	// RiskFree is the profit the same site would earn without risk, for
	// MaxSharpe; it is subtracted from the mean.
	RiskFree float64
	// Lambda is the risk aversion of MeanVariance, per USD (mean and
	// variance are in USD and USD²), at least 0.
	Lambda float64
}

func (o Objective) validate() error {
	switch {
	case o.Goal > MeanVariance:
		return invalid("Objective.Goal", uint8(o.Goal), "unknown goal")
	case math.IsNaN(o.Target) || math.IsInf(o.Target, 1):
		return invalid("Objective.Target", o.Target, "must be finite, or -Inf for no target")
	case !finite(o.RiskFree):
		return invalid("Objective.RiskFree", o.RiskFree, "must be finite")
	case !finite(o.Lambda) || o.Lambda < 0:
		return invalid("Objective.Lambda", o.Lambda, "must be finite and not negative")
	}
	return nil
}

// maximize reports whether a larger value of the goal is better.
func (g Goal) maximize() bool { return g == MaxMean || g == MaxSharpe || g == MeanVariance }

// Plan is an optimized allocation.
type Plan struct {
	// Allocation runs whole units: one line per candidate, in order, with
	// Units 0 for a candidate left out. It is the continuous optimum
	// rounded down and repaired to meet every limit (see Optimize).
	Allocation Allocation
	// Units is the continuous optimum: units of each candidate.
	Units []float64
	// Value is the objective at Allocation, ContinuousValue at Units: USD
	// for MaxMean, MinCVaR and MeanVariance, USD² for MinVariance, a ratio
	// for MaxSharpe.
	Value, ContinuousValue float64
	// Gap is how much rounding to whole units cost: ContinuousValue - Value
	// for goals that maximize, Value - ContinuousValue for those that
	// minimize. It is about zero or positive; a tiny negative gap is
	// solver tolerance.
	Gap float64
	// Stats describes the profit of Allocation over every path of the
	// planner (Planner.Outcome): net of Problem.CapitalCost, unlike Report.
	Stats
	// Power is the facility power of Allocation by workload.
	Power map[hardware.Workload]hardware.Power
	// Report is Analyze of Allocation with the planner's settings (the same
	// paths). It is operating profit: Problem.CapitalCost is not in it.
	Report Report
}

// FrontierPoint is one point of an efficient frontier of allocations.
type FrontierPoint struct {
	// Units is the continuous allocation, units of each candidate.
	Units []float64
	// Stats describes the profit of Units over every path
	// (Planner.Outcome).
	Stats
	// Power is the facility power of Units by workload.
	Power map[hardware.Workload]hardware.Power
	// Allocation is Units in whole machines: rounded down, then repaired to
	// meet the limits and keep the mean at least the point's.
	Allocation Allocation
}

// Planner holds what the optimizers need for one Problem: every path's
// profit per unit of each candidate and their moments. Build it once with
// NewPlanner, then call Optimize, Frontier and Outcome as often as needed:
// each costs milliseconds, no simulation (Optimize's Report aside).
//
// A Planner keeps 8 x Paths x len(Candidates) bytes of scenarios (19 MB for
// 200,000 paths of 12 candidates). It is immutable and safe for concurrent
// use.
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
	// candidate, money in millions of USD.
	cons  risk.Constraints
	slack []float64 // per row of cons.A: how far whole units may exceed it, MW
	meanM []float64
	covM  *mat.SymDense
	scenM *mat.Dense // the first Scenarios paths
}

// usdScale converts USD to the optimizers' millions of USD.
const usdScale = 1e6

// NewPlanner simulates the problem's candidates under model m from snapshot
// s (as NewPortfolio does, keeping every path) and checks the limits. It
// returns errors matching ErrInvalid for a malformed problem, model,
// snapshot or settings, hardware.ErrUnsupported for a model that cannot run
// its workload, market.ErrNoQuote for a GPU without a rental rate, and
// risk.ErrInfeasible when no allocation, even fractional, meets the limits.
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
	if err := p.validate(); err != nil {
		return nil, err
	}
	lines := append([]Line(nil), p.Candidates...)
	n := len(lines)
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
	pl.scen = make([]float64, set.Paths*n)
	pl.pf, err = e.portfolio(ctx, lines, p.CapitalCost, func(path int, unit []float64) {
		copy(pl.scen[path*n:(path+1)*n], unit)
	})
	if err != nil {
		return nil, err
	}

	// The optimizers' problem, in facility MW and millions of USD.
	pl.meanM = make([]float64, n)
	for i := range n {
		pl.meanM[i] = pl.pf.mean[i] / pl.mw[i] / usdScale
	}
	cov := make([]float64, n*n)
	for i := range n {
		for j := range n {
			cov[i*n+j] = pl.pf.cov[i*n+j] / (pl.mw[i] * pl.mw[j] * usdScale * usdScale)
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
			sc[k*n+i] = pl.scen[k*n+i] / pl.mw[i] / usdScale
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

// validate checks the problem's own fields; the lines are checked by
// resolveAll.
func (p Problem) validate() error {
	if err := p.Site.Validate(); err != nil {
		return err
	}
	if len(p.Candidates) == 0 {
		return invalid("Problem.Candidates", 0, "must list at least one line")
	}
	for i, l := range p.Candidates {
		if l.Workload == hardware.Idle {
			return lineErr(i, invalid("Workload", l.Workload, "an idle line draws no power and earns nothing; leave it out"))
		}
	}
	if p.CapitalCost != nil && len(p.CapitalCost) != len(p.Candidates) {
		return invalid("Problem.CapitalCost", len(p.CapitalCost), fmt.Sprintf("has %d entries for %d candidates", len(p.CapitalCost), len(p.Candidates)))
	}
	for i, c := range p.CapitalCost {
		if !finite(c) || c < 0 {
			return invalid(fmt.Sprintf("Problem.CapitalCost[%d]", i), c, "must be finite and not negative")
		}
	}
	if p.Scenarios < 0 {
		return invalid("Problem.Scenarios", p.Scenarios, "must not be negative")
	}
	for name, u := range p.Limits.Inventory {
		if u < 0 {
			return invalid(fmt.Sprintf("Limits.Inventory[%q]", name), u, "must not be negative")
		}
	}
	check := func(field string, m map[hardware.Workload]hardware.Power) error {
		for w, v := range m {
			if w > hardware.Colocation {
				return fmt.Errorf("economics: %s: %w: workload %d", field, hardware.ErrUnsupported, uint8(w))
			}
			if !finite(float64(v)) || v < 0 {
				return invalid(fmt.Sprintf("%s[%s]", field, w), v, "must be finite and not negative")
			}
		}
		return nil
	}
	if err := check("Limits.Min", p.Limits.Min); err != nil {
		return err
	}
	if err := check("Limits.Max", p.Limits.Max); err != nil {
		return err
	}
	for w, lo := range p.Limits.Min {
		if hi, ok := p.Limits.Max[w]; ok && lo > hi {
			return invalid(fmt.Sprintf("Limits.Min[%s]", w), lo, fmt.Sprintf("above Limits.Max[%s] = %v", w, hi))
		}
	}
	if u := p.Limits.Use; !finite(float64(u)) || u < 0 {
		return invalid("Limits.Use", u, "must be finite and not negative")
	}
	if c := p.Limits.Colocation; !finite(float64(c)) || c < 0 {
		return invalid("Limits.Colocation", c, "must be finite and not negative")
	}
	return nil
}

// constraints builds the limits over the candidates' facility MW: rows
// A w <= B (capacity, inventory, workload maxima and minima, power use,
// committed colocation) and upper bounds 0 for models not in a non-nil
// inventory. It also returns each row's slack for whole units: the largest
// unit's power among the lines of a minimum row, 0 for the others.
func (pl *Planner) constraints() (risk.Constraints, []float64) {
	n, lim, site := pl.n, pl.prob.Limits, pl.prob.Site
	var rows [][]float64
	var b, slack []float64
	add := func(row []float64, rhs float64) {
		rows = append(rows, row)
		b = append(b, rhs)
		s := 0.0
		for i, v := range row {
			if v < 0 {
				s = max(s, pl.mw[i])
			}
		}
		slack = append(slack, s)
	}
	ones := func(sign float64, keep func(l Line) bool) []float64 {
		row := make([]float64, n)
		for i, l := range pl.prob.Candidates {
			if keep(l) {
				row[i] = sign
			}
		}
		return row
	}
	add(ones(1, func(Line) bool { return true }), site.Capacity.Megawatts())

	var upper []float64
	if lim.Inventory != nil {
		upper = make([]float64, n)
		seen := map[string]bool{}
		for i, l := range pl.prob.Candidates {
			upper[i] = math.Inf(1)
			if l.Workload == hardware.Colocation {
				continue
			}
			owned, ok := lim.Inventory.owned(l.Model.Name)
			if !ok {
				upper[i] = 0
				continue
			}
			key := strings.ToLower(l.Model.Name)
			if seen[key] {
				continue
			}
			seen[key] = true
			row := make([]float64, n)
			for j, m := range pl.prob.Candidates {
				if m.Workload != hardware.Colocation && strings.EqualFold(m.Model.Name, l.Model.Name) {
					row[j] = 1 / pl.mw[j]
				}
			}
			add(row, float64(owned))
		}
	}
	for _, w := range workloads {
		if v, ok := lim.Max[w]; ok {
			add(ones(1, func(l Line) bool { return l.Workload == w }), v.Megawatts())
		}
		if v, ok := lim.Min[w]; ok && v > 0 {
			add(ones(-1, func(l Line) bool { return l.Workload == w }), -v.Megawatts())
		}
	}
	if lim.Use > 0 {
		add(ones(-1, func(Line) bool { return true }), -lim.Use.Megawatts())
	}
	if lim.Colocation > 0 {
		add(ones(-1, func(l Line) bool { return l.Workload == hardware.Colocation }), -lim.Colocation.Megawatts()*site.PUE)
	}
	a := mat.NewDense(len(rows), n, nil)
	for k, r := range rows {
		a.SetRow(k, r)
	}
	return risk.Constraints{Upper: upper, A: a, B: b}, slack
}

// workloads lists the workloads in their order, for deterministic rows.
var workloads = [...]hardware.Workload{hardware.Idle, hardware.BitcoinMining, hardware.AICloud, hardware.GPUMining, hardware.Colocation}

// meetTol is the relative tolerance to which limits and targets are met:
// a bound b holds when it is missed by at most meetTol x max(1, |b|).
// Rounding (of the moments, and of the optimizers' MW and millions of USD)
// must not make a target at the greatest mean the limits allow infeasible.
const meetTol = 1e-9

// tolOf returns how far a bound b may be missed and still be met.
func tolOf(b float64) float64 { return meetTol * max(1, math.Abs(b)) }

// targetM returns a target mean, USD, as the optimizers take it: in
// millions of USD, lowered by its tolerance.
func targetM(target float64) float64 { return (target - tolOf(target)) / usdScale }

// withTarget returns the planner's constraints plus mean >= target (USD,
// to its tolerance) for the mean vector meanM (millions of USD per MW).
func (pl *Planner) withTarget(target float64, meanM []float64) *risk.Constraints {
	c := pl.cons
	r, _ := c.A.Dims()
	a := mat.NewDense(r+1, pl.n, nil)
	a.Slice(0, r, 0, pl.n).(*mat.Dense).Copy(c.A)
	row := make([]float64, pl.n)
	for i, v := range meanM {
		row[i] = -v
	}
	a.SetRow(r, row)
	c.A = a
	c.B = append(append([]float64(nil), c.B...), -targetM(target))
	return &c
}

// Portfolio returns the moments of the candidates' profits per unit, net
// of Problem.CapitalCost.
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
// the paths' profits. Units may be fractional. It panics if len(units) is
// not the number of candidates.
func (pl *Planner) Outcome(units []float64) Stats {
	if len(units) != pl.n {
		panic("economics: Planner.Outcome: len(units) != number of candidates")
	}
	m, v := pl.pf.Evaluate(units)
	profits := pl.profits(units, pl.set.Paths)
	s := newStats(pl.set, profits, m, math.Sqrt(v), v)
	s.VaR, s.CVaR = risk.VaRCVaR(pl.level, profits)
	return s
}

// profits returns the horizon profit of units on each of the first paths.
func (pl *Planner) profits(units []float64, paths int) []float64 {
	out := make([]float64, paths)
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
// program (risk.MinCVaRTarget). Moments are the planner's Monte Carlo
// estimates.
//
// The result is then made whole: each candidate's units are rounded down,
// any limit left unmet (a minimum, the colocation commitment, the target
// mean) is repaired by adding or removing single units, the move that
// reduces the shortfall most first; then single-unit moves that improve
// the objective and keep every limit are taken until none is left. Plan.Gap
// reports what the whole units cost against the continuous optimum.
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
	switch obj.Goal {
	case MaxMean:
		w, err = risk.MaxMean(pl.meanM, &pl.cons)
	case MinVariance:
		c := &pl.cons
		if !math.IsInf(obj.Target, -1) {
			c = pl.withTarget(obj.Target, pl.meanM)
		}
		w, err = risk.MinVariance(pl.covM, c)
	case MinCVaR:
		if math.IsInf(obj.Target, -1) {
			w, err = risk.MinCVaR(pl.level, pl.scenM, &pl.cons)
		} else {
			w, err = risk.MinCVaRTarget(pl.level, pl.scenM, targetM(obj.Target), &pl.cons)
		}
	case MaxSharpe:
		w, err = risk.MaxSharpe(pl.meanM, pl.covM, obj.RiskFree/usdScale, &pl.cons)
	case MeanVariance:
		w, err = risk.MeanVariance(pl.meanM, pl.covM, obj.Lambda*usdScale, &pl.cons)
	}
	if err != nil {
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
	plan.Stats = pl.Outcome(wf)
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
	out := make([]FrontierPoint, len(fr))
	for k, f := range fr {
		units := pl.toUnits(f.Weights)
		pt := FrontierPoint{Units: units, Stats: pl.Outcome(units), Power: pl.power(units)}
		obj := Objective{Goal: MinVariance, Target: math.Inf(-1)}
		if k > 0 {
			obj.Target = pt.Mean
		}
		whole, err := pl.roundTarget(units, obj)
		if err != nil {
			return nil, err
		}
		pt.Allocation = pl.allocation(whole)
		out[k] = pt
	}
	return out, nil
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
		m, _ := pl.pf.Evaluate(units)
		return m
	case MinVariance:
		_, v := pl.pf.Evaluate(units)
		return v
	case MinCVaR:
		S, _ := pl.scenM.Dims()
		return risk.CVaR(pl.level, pl.profits(units, S))
	case MaxSharpe:
		m, v := pl.pf.Evaluate(units)
		if v == 0 {
			return math.Copysign(math.Inf(1), m-obj.RiskFree)
		}
		return (m - obj.RiskFree) / math.Sqrt(v)
	default: // MeanVariance
		m, v := pl.pf.Evaluate(units)
		return m - obj.Lambda*v
	}
}

// targetMean returns the mean the target of obj constrains: over every
// path for MinVariance, over the LP's scenarios for MinCVaR.
func (pl *Planner) targetMean(obj Objective, units []float64) float64 {
	if obj.Goal == MinCVaR {
		S, _ := pl.scenM.Dims()
		return risk.Mean(pl.profits(units, S))
	}
	m, _ := pl.pf.Evaluate(units)
	return m
}

// shortfall returns how far whole units are from meeting the limits (and
// the target of obj): the sum of each row's excess over its bound, in MW
// (units for inventory rows, millions of USD for the target). Zero means
// feasible.
func (pl *Planner) shortfall(obj Objective, units []float64) float64 {
	c := &pl.cons
	r, _ := c.A.Dims()
	var s float64
	for k := range r {
		lhs := 0.0
		for i, u := range units {
			lhs += c.A.At(k, i) * u * pl.mw[i]
		}
		if ex := lhs - c.B[k] - pl.slack[k]; ex > tolOf(c.B[k]) {
			s += ex
		}
	}
	for i, u := range units {
		if c.Upper != nil && u > c.Upper[i] {
			s += u - c.Upper[i]
		}
	}
	if obj.Goal == MinVariance || obj.Goal == MinCVaR {
		if d := obj.Target - pl.targetMean(obj, units); d > tolOf(obj.Target) {
			s += d / usdScale
		}
	}
	return s
}

// roundTarget is round, retried when it fails with the target lowered by
// the mean profit of one unit of each candidate: a target the continuous
// optimum just meets (the greatest mean the limits allow, say) may be out
// of reach of whole units.
func (pl *Planner) roundTarget(units []float64, obj Objective) ([]int, error) {
	whole, err := pl.round(units, obj)
	if err == nil || (obj.Goal != MinVariance && obj.Goal != MinCVaR) {
		return whole, err
	}
	slack := 0.0
	for _, m := range pl.pf.mean {
		slack += max(m, 0)
	}
	obj.Target -= slack
	return pl.round(units, obj)
}

// maxRepairMoves bounds the single-unit moves of round's repair and
// improvement phases.
const maxRepairMoves = 100_000

// round makes the continuous units whole, as Optimize describes.
func (pl *Planner) round(units []float64, obj Objective) ([]int, error) {
	n := pl.n
	u := make([]float64, n)
	for i, v := range units {
		u[i] = math.Floor(v + 1e-7)
	}
	better := func(a, b float64) bool {
		if obj.Goal.maximize() {
			return a > b
		}
		return a < b
	}
	try := func(i int, d float64) bool {
		if u[i]+d < 0 {
			return false
		}
		u[i] += d
		return true
	}
	// Repair: reduce the shortfall one unit at a time.
	for moves := 0; ; moves++ {
		short := pl.shortfall(obj, u)
		if short == 0 {
			break
		}
		if moves == maxRepairMoves {
			return nil, fmt.Errorf("economics: %s: %w: no whole-unit allocation found near the continuous optimum", obj.Goal, risk.ErrInfeasible)
		}
		bi, bd, bs, bv := -1, 0.0, short, 0.0
		for i := range n {
			for _, d := range [2]float64{1, -1} {
				if !try(i, d) {
					continue
				}
				s := pl.shortfall(obj, u)
				v := pl.value(obj, u)
				u[i] -= d
				if s < bs || (s == bs && bi >= 0 && better(v, bv)) {
					bi, bd, bs, bv = i, d, s, v
				}
			}
		}
		if bi < 0 {
			return nil, fmt.Errorf("economics: %s: %w: no whole-unit allocation found near the continuous optimum", obj.Goal, risk.ErrInfeasible)
		}
		u[bi] += bd
	}
	// Improve: single-unit moves that keep every limit.
	cur := pl.value(obj, u)
	for range maxRepairMoves {
		bi, bd, bv := -1, 0.0, cur
		for i := range n {
			for _, d := range [2]float64{1, -1} {
				if !try(i, d) {
					continue
				}
				if pl.shortfall(obj, u) == 0 {
					if v := pl.value(obj, u); better(v, bv) && math.Abs(v-bv) > 1e-12*math.Abs(bv) {
						bi, bd, bv = i, d, v
					}
				}
				u[i] -= d
			}
		}
		if bi < 0 {
			break
		}
		u[bi] += bd
		cur = bv
	}
	out := make([]int, n)
	for i, v := range u {
		if v > math.MaxInt32 {
			return nil, invalid(fmt.Sprintf("Candidates[%d].Units", i), v, "too many units for a whole allocation")
		}
		out[i] = int(v)
	}
	return out, nil
}
