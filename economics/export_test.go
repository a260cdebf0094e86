package economics

import "context"

// OptimizeOnly is Optimize without the Report's simulation, for the
// optimizer benchmarks.
func (pl *Planner) OptimizeOnly(obj Objective) (Plan, error) {
	return pl.optimize(context.Background(), obj, false)
}
