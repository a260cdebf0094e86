package economics_test

import (
	"testing"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// twelveCandidates are the 12 lines of the optimizer benchmarks: seven
// ASICs mining, four GPUs rented out, and colocation.
func twelveCandidates(tb testing.TB) []economics.Line {
	var ls []economics.Line
	for _, n := range []string{"Antminer S19", "Antminer S19 Pro", "Antminer S19j Pro", "Antminer S19 XP", "Antminer S21", "Antminer S21 Pro", "Antminer S21 XP"} {
		ls = append(ls, economics.Line{Model: model(tb, n), Workload: hardware.BitcoinMining})
	}
	for _, n := range []string{"H100 SXM", "H200", "B200", "A100 SXM"} {
		ls = append(ls, economics.Line{Model: model(tb, n), Workload: hardware.AICloud})
	}
	return append(ls, economics.Line{Workload: hardware.Colocation})
}

func benchPlanner(b *testing.B) *economics.Planner {
	site := mixedSite()
	site.ColocationPowerIncluded = true // so that colocation carries some risk
	p := economics.Problem{Site: site, Candidates: twelveCandidates(b), Limits: economics.Limits{
		Max: map[hardware.Workload]hardware.Power{hardware.AICloud: 40 * hardware.Megawatt},
	}}
	pl, err := economics.NewPlanner(p, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 10_000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	return pl
}

// BenchmarkPlannerFrontier50x12 is a 50-point frontier over 12 lines from
// the planner's moments, with every point's CVaR over 10,000 paths and its
// whole-unit allocation.
func BenchmarkPlannerFrontier50x12(b *testing.B) {
	pl := benchPlanner(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pl.Frontier(50); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlannerMinCVaR2000x12 optimizes CVaR over 2,000 scenarios of 12
// lines, rounding included, without the final Report's simulation.
func BenchmarkPlannerMinCVaR2000x12(b *testing.B) {
	pl := benchPlanner(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pl.OptimizeOnly(economics.Objective{Goal: economics.MinCVaR, Target: 50e6}); err != nil {
			b.Fatal(err)
		}
	}
}
