package economics

import (
	"context"

	"github.com/wattfolio/wattfolio/market"
)

// OptimizeOnly is Optimize without the Report's simulation, for the
// optimizer benchmarks.
func (pl *Planner) OptimizeOnly(obj Objective) (Plan, error) {
	return pl.optimize(context.Background(), obj, false)
}

// PathTotals returns each path's total profit in Analyze's run, in path
// order, for the tests of Settings.FirstPath.
func PathTotals(site Site, a Allocation, m market.Model, s market.Snapshot, opt *Settings) ([]float64, error) {
	set, err := opt.resolved()
	if err != nil {
		return nil, err
	}
	e, err := newEngine(site, a.Lines, m, s, set, true)
	if err != nil {
		return nil, err
	}
	out := make([]float64, set.Paths)
	err = e.simulate(context.Background(), func(w *worker, p int) {
		e.path(w, p)
		for _, v := range w.byW {
			out[p] += v
		}
	}, nil)
	return out, err
}

// ScenarioRows returns the planner's scenario matrix, paths x candidates.
func (pl *Planner) ScenarioRows() []float64 { return pl.scen }
