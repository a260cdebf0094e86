// Package wattfolio is a library for the economics of Bitcoin mining and
// AI/HPC compute: for any allocation of a site's machines and power, what it
// earns, what it costs, how much that varies, and which allocation is best
// for a given appetite for risk. This package holds documentation only.
//
// The data flow, in five steps:
//
//  1. hardware: units (Power, Hashrate, Energy, Efficiency), machine models
//     with their operating modes, and a sourced Catalog of ASICs and GPUs.
//  2. market: Bitcoin's protocol maths (subsidy, difficulty, hashprice), a
//     dated Snapshot of prices with a sourced Reference, and a stochastic
//     Model of how those prices move.
//  3. economics: a Site and an Allocation evaluated against a Snapshot into
//     an exact Statement, and unit economics and breakevens per model;
//     Analyze simulates an allocation under the Model into a risk Report;
//     a Planner finds the best allocation under the site's limits and
//     traces the efficient frontier.
//  4. risk: statistics of outcome distributions (VaR, CVaR, ...) and
//     portfolio optimizers.
//  5. examples: runnable programs: examples/quickstart (a month's
//     statement), examples/montecarlo (a year's risk and fan chart),
//     examples/pivot (how much of a mining site to move to AI).
//
// A short program that books a month of a small site:
//
//	s21, _ := hardware.Lookup("Antminer S21")
//	h100, _ := hardware.Lookup("H100 SXM")
//	site := economics.Site{
//		Capacity: 10 * hardware.Megawatt,
//		PUE:      1.1,
//		PoolFee:  0.02,
//		Uptime:   0.97,
//	}
//	alloc := economics.Allocation{Lines: []economics.Line{
//		{Model: s21, Workload: hardware.BitcoinMining, Units: 2000},
//		{Model: h100, Workload: hardware.AICloud, Units: 512},
//	}}
//	st, err := economics.Evaluate(site, alloc, market.Reference(), 30*24*time.Hour)
//	if err != nil {
//		// errors.Is(err, economics.ErrOverCapacity), hardware.ErrUnsupported, ...
//	}
//	fmt.Println(st.Total.Profit) // USD, exact to the cent
//
// Money is decimal.Decimal, bitcoin is market.Sats, simulation is float64.
// The library packages do no I/O and keep no global state.
package wattfolio
