package economics_test

import (
	"fmt"
	"math"

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
