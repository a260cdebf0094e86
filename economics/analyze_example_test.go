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

// A 20 MW site that mines with S21s, rents out H100s and leases power to a
// colocation tenant: a year's profit under the default market model.
func ExampleAnalyze() {
	s21, _ := hardware.Lookup("Antminer S21")
	h100, _ := hardware.Lookup("H100 SXM")
	site := economics.Site{Capacity: 20 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97,
		OpexPerMWMonth: decimal.NewFromInt(8200)}
	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: s21, Workload: hardware.BitcoinMining, Units: 3000},
		{Model: h100, Workload: hardware.AICloud, Units: 2000},
		{Workload: hardware.Colocation, Units: 3000},
	}}
	// One year in weekly steps; a fixed seed gives the same numbers on
	// every run.
	r, err := economics.Analyze(site, alloc, market.DefaultModel(), market.Reference(),
		&economics.Settings{Horizon: 365 * 24 * time.Hour, Paths: 2000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	const mUSD = 1e6
	fmt.Printf("profit: mean %.1f M USD, std dev %.1f, P(loss) %.1f %%\n", r.Mean/mUSD, r.StdDev/mUSD, 100*r.ProbLoss)
	// CVaR is a loss: the worst 5 % of paths earn -CVaR on average.
	fmt.Printf("worst 5 %% of paths: %.1f M USD on average\n", -r.CVaR/mUSD)
	for _, w := range []hardware.Workload{hardware.BitcoinMining, hardware.AICloud, hardware.Colocation} {
		s := r.ByWorkload[w]
		fmt.Printf("%-15s mean %5.1f M USD, std dev %4.1f\n", w, s.Mean/mUSD, s.StdDev/mUSD)
	}
	fmt.Printf("mined %.0f BTC\n", float64(r.MeanMined)/market.SatsPerBTC)
	// Output:
	// profit: mean 38.8 M USD, std dev 6.5, P(loss) 0.0 %
	// worst 5 % of paths: 27.5 M USD on average
	// bitcoin-mining  mean   1.8 M USD, std dev  2.1
	// ai-cloud        mean  31.8 M USD, std dev  5.9
	// colocation      mean   5.2 M USD, std dev  0.0
	// mined 72 BTC
}

// The moments of three candidate lines, simulated once, price any mix of
// them without a new simulation.
func ExampleNewPortfolio() {
	s21, _ := hardware.Lookup("Antminer S21")
	h100, _ := hardware.Lookup("H100 SXM")
	site := economics.Site{Capacity: 20 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97,
		OpexPerMWMonth: decimal.NewFromInt(8200)}
	lines := []economics.Line{
		{Model: s21, Workload: hardware.BitcoinMining, Units: 1000},
		{Model: h100, Workload: hardware.AICloud, Units: 1000},
		{Workload: hardware.Colocation, Units: 1000},
	}
	pf, err := economics.NewPortfolio(site, lines, market.DefaultModel(), market.Reference(),
		&economics.Settings{Paths: 2000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	const mUSD = 1e6
	for _, units := range [][]float64{{6000, 0, 0}, {0, 6000, 0}, {3000, 3000, 2000}} {
		mean, variance := pf.Evaluate(units)
		fmt.Printf("S21 %4.0f, H100 %4.0f, colocation %4.0f kW: mean %5.1f M USD, std dev %4.1f\n",
			units[0], units[1], units[2], mean/mUSD, math.Sqrt(variance)/mUSD)
	}
	// Output:
	// S21 6000, H100    0, colocation    0 kW: mean   3.7 M USD, std dev  4.2
	// S21    0, H100 6000, colocation    0 kW: mean  95.3 M USD, std dev 17.6
	// S21 3000, H100 3000, colocation 2000 kW: mean  53.0 M USD, std dev  9.3
}
