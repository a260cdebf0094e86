package economics

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/risk"
)

// Inventory is the hardware a site owns: machines per model name. Names
// match a line's Model.Name exactly first, then ignoring case; two names
// that differ only by case ("h100 sxm" and "H100 SXM") are refused, since
// either could match.
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
	// replaced may carry 0. Nil means no capital cost. Each must be in
	// [0, 1e15] USD, the bound of a unit's profit (see Analyze).
	CapitalCost []float64
	// Finance, when not nil, values each candidate unit on each path by
	// its unlevered pre-tax NPV over the horizon at Finance.Discount: its
	// operating cash flows while it runs (Start, End, Delay, Lease), less
	// its Capital spent at Start, plus its salvage. It replaces
	// CapitalCost, which must then be nil; only Discount is used (tax and
	// debt are the project's, see Appraise).
	Finance *Finance
	// Scenarios is the number of paths (the first ones) the CVaR linear
	// program of MinCVaR optimizes over; 0 means 2,000 (or every path, if
	// fewer). Reported CVaRs use every path.
	Scenarios int
}

// DefaultScenarios is the number of paths MinCVaR optimizes over when
// Problem.Scenarios is 0.
const DefaultScenarios = 2000

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
	if p.Finance != nil {
		if p.CapitalCost != nil {
			return invalid("Problem.CapitalCost", len(p.CapitalCost), "must be nil when Problem.Finance is set: each unit's capital is in its NPV")
		}
		if err := p.Finance.Validate(); err != nil {
			return fmt.Errorf("economics: Problem: %w", err)
		}
	}
	if p.CapitalCost != nil && len(p.CapitalCost) != len(p.Candidates) {
		return invalid("Problem.CapitalCost", len(p.CapitalCost), fmt.Sprintf("has %d entries for %d candidates", len(p.CapitalCost), len(p.Candidates)))
	}
	for i, c := range p.CapitalCost {
		if !finite(c) || c < 0 || c > maxUnitProfit {
			return invalid(fmt.Sprintf("Problem.CapitalCost[%d]", i), c, "must be in [0, 1e15] USD per unit")
		}
	}
	if p.Scenarios < 0 {
		return invalid("Problem.Scenarios", p.Scenarios, "must not be negative")
	}
	names := make([]string, 0, len(p.Limits.Inventory))
	for name := range p.Limits.Inventory {
		names = append(names, name)
	}
	sort.Strings(names)
	byLower := map[string]string{}
	for _, name := range names {
		if u := p.Limits.Inventory[name]; u < 0 {
			return invalid(fmt.Sprintf("Limits.Inventory[%q]", name), u, "must not be negative")
		}
		key := strings.ToLower(name)
		if other, ok := byLower[key]; ok {
			return invalid(fmt.Sprintf("Limits.Inventory[%q]", name), p.Limits.Inventory[name],
				fmt.Sprintf("differs only by case from Limits.Inventory[%q]: names match ignoring case, so list each model once", other))
		}
		byLower[key] = name
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
	// Each hall's capacity, as if every candidate in it ran at once: the
	// optimizer chooses units, not dates, so it is conservative for
	// candidates that do not overlap in time.
	for h, hall := range site.Halls {
		add(ones(1, func(l Line) bool { return l.Hall == hall.Name || (h == 0 && l.Hall == "") }), hall.Capacity.Megawatts())
	}

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
// pl.usd USD, lowered by its tolerance.
func (pl *Planner) targetM(target float64) float64 { return (target - tolOf(target)) / pl.usd }

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
	c.B = append(append([]float64(nil), c.B...), -pl.targetM(target))
	return &c
}
