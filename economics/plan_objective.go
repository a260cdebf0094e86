package economics

import (
	"fmt"
	"math"

	"github.com/wattfolio/wattfolio/hardware"
)

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

// maximize reports whether a larger value of the goal is better.
func (g Goal) maximize() bool { return g == MaxMean || g == MaxSharpe || g == MeanVariance }

// Objective is what Optimize looks for. Amounts are USD of profit over the
// horizon of the Settings.
type Objective struct {
	Goal Goal
	// Target is the least expected profit, for MinVariance and MinCVaR,
	// met to within 1e-9 of its size (rounding): the mean over every path
	// of the planner, for MinCVaR too (whose CVaR is over
	// Problem.Scenarios paths). Zero asks for an allocation that is
	// expected to break even; math.Inf(-1) sets no target. A target above
	// the greatest mean the limits allow is risk.ErrInfeasible, whose
	// message gives that mean. The whole-unit allocation meets the target
	// too, unless only the continuous optimum can (a target at the
	// greatest mean the limits allow): it may then fall short by at most
	// the mean profit of one unit of each candidate, and Plan.Shortfall
	// says by how much.
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
	// Shortfall is how far the mean of Allocation falls short of
	// Objective.Target, in USD: 0 when the whole units meet the target (or
	// the goal has none), positive when no whole allocation near the
	// continuous optimum could (see Objective.Target).
	Shortfall float64
	// Gap is how much rounding to whole units cost: ContinuousValue - Value
	// for goals that maximize, Value - ContinuousValue for those that
	// minimize. It is about zero or positive; a tiny negative gap is
	// solver tolerance.
	Gap float64
	// Stats describes the profit of Allocation over every path of the
	// planner (Planner.Outcome): net of Problem.CapitalCost, or with
	// Problem.Finance its NPV, unlike Report.
	Stats
	// Power is the facility power of Allocation by workload.
	Power map[hardware.Workload]hardware.Power
	// Report is Analyze of Allocation with the planner's settings (the same
	// paths). It is operating profit, undiscounted: Problem.CapitalCost
	// and Problem.Finance's capital are not in it.
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
	// Shortfall is how far the mean of Allocation falls short of the
	// point's Mean, in USD: 0 when the whole units keep it (always for the
	// first point, which has no target).
	Shortfall float64
}
