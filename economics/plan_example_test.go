package economics_test

import (
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// A 20 MW site chooses between its S21s, renting out H100s and leasing
// power to a colocation tenant, using the whole site. The H100s and the
// halls carry a capital charge; the S21s are owned.
func ExamplePlanner() {
	s21, _ := hardware.Lookup("Antminer S21")
	h100, _ := hardware.Lookup("H100 SXM")
	site := economics.Site{Capacity: 20 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97,
		OpexPerMWMonth: decimal.NewFromInt(8200), Curtailment: economics.Economic}
	p := economics.Problem{
		Site: site,
		Candidates: []economics.Line{
			{Model: s21, Workload: hardware.BitcoinMining},
			{Model: h100, Workload: hardware.AICloud},
			{Workload: hardware.Colocation},
		},
		// USD per unit over the one-year horizon: an H100 and its hall
		// share; a kW of leased IT load's hall share.
		CapitalCost: []float64{0, 8000, 580},
		Limits:      economics.Limits{Use: site.Capacity, Inventory: economics.Inventory{"Antminer S21": 6000, "H100 SXM": 20000}},
	}
	pl, err := economics.NewPlanner(p, market.DefaultModel(), market.Reference(), &economics.Settings{Paths: 2000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, obj := range []economics.Objective{
		{Goal: economics.MaxMean},
		{Goal: economics.MinVariance, Target: math.Inf(-1)},
	} {
		plan, err := pl.Optimize(obj)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-12s", obj.Goal)
		for _, l := range plan.Allocation.Lines {
			if l.Units > 0 {
				fmt.Printf(" %s: %d", l.Name(), l.Units)
			}
		}
		fmt.Printf(" (%.1f MW)\n", plan.Power[plan.Allocation.Lines[0].Workload].Megawatts()+
			plan.Power[hardware.AICloud].Megawatts()+plan.Power[hardware.Colocation].Megawatts())
	}
	// Output:
	// max-mean     H100 SXM (stock) ai-cloud: 14260 (20.0 MW)
	// min-variance colocation: 18181 (20.0 MW)
}

// The same choice as an investment over five years: with Problem.Finance
// each unit's outcome is its NPV at 10 %, with the H100s bought at Start
// (about 30,000 USD each, an assumption: REFERENCE.md's Cipher figure of
// 18 USD/W for chips and services), delivered in 3-6 months and sold at
// 10 % of cost after five years, and a colocation tenant on a 15-year
// lease at Hut 8 River Bend's terms (REFERENCE.md: 3 % escalator; a
// first-year 128 USD/kW-month averages its 158.75) after a 4.35 M USD per
// MW fit-out (IREN Horizon, REFERENCE.md) that lasts 20 years.
func ExamplePlanner_finance() {
	s21, _ := hardware.Lookup("Antminer S21")
	h100, _ := hardware.Lookup("H100 SXM")
	site := economics.Site{Capacity: 20 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97,
		OpexPerMWMonth: decimal.NewFromInt(8200), Curtailment: economics.Economic}
	year := 365 * 24 * time.Hour
	p := economics.Problem{
		Site: site,
		Candidates: []economics.Line{
			{Model: s21, Workload: hardware.BitcoinMining},
			{Model: h100, Workload: hardware.AICloud,
				Delay:   &economics.Delay{Min: year / 4, Likely: year / 4, Max: year / 2},
				Capital: &economics.Capital{Unit: decimal.NewFromInt(30000), Life: 5 * year, Salvage: 0.1}},
			{Workload: hardware.Colocation,
				Capital: &economics.Capital{Unit: decimal.NewFromInt(4350), Life: 20 * year},
				Lease:   &economics.Lease{Rate: decimal.NewFromInt(128), Escalator: 0.03, Term: 15 * year, Default: 0.02, Relet: year / 2}},
		},
		Finance: &economics.Finance{Discount: 0.10},
		Limits:  economics.Limits{Use: site.Capacity, Inventory: economics.Inventory{"Antminer S21": 6000, "H100 SXM": 20000}},
	}
	pl, err := economics.NewPlanner(p, market.DefaultModel(), market.Reference(), &economics.Settings{Horizon: 5 * year, Paths: 2000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, obj := range []economics.Objective{
		{Goal: economics.MaxMean},
		{Goal: economics.MinCVaR, Target: math.Inf(-1)},
	} {
		plan, err := pl.Optimize(obj)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-9s NPV %6.1f M USD, CVaR %6.1f M USD:", obj.Goal, plan.Mean/1e6, plan.CVaR/1e6)
		for _, l := range plan.Allocation.Lines {
			if l.Units > 0 {
				fmt.Printf(" %s %d", l.Name(), l.Units)
			}
		}
		fmt.Println()
	}
	// Output:
	// max-mean  NPV   95.7 M USD, CVaR  199.2 M USD: H100 SXM (stock) ai-cloud 14260
	// min-cvar  NPV   64.5 M USD, CVaR  -26.7 M USD: colocation 18181
}
