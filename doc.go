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
//     ValueCurtailment prices, in closed form, the right to switch mining
//     off in the hours it loses money; a Portfolio prices any mix of lines
//     from one simulation; a Planner finds the best allocation under the
//     site's limits and traces the efficient frontier.
//  4. risk: statistics of outcome distributions (VaR, CVaR, ...) and
//     portfolio optimizers.
//  5. examples: runnable programs: examples/quickstart (a month's
//     statement), examples/montecarlo (a year's risk and fan chart),
//     examples/pivot (how much of a mining site to move to AI).
//
// The package Example (example_test.go, compiled and run by go test) is
// the short program to start from: it looks two machines up in the
// catalog, puts them on a 10 MW site, books a month at the reference
// market with economics.Evaluate, checks the error (errors.Is matches
// economics.ErrOverCapacity, hardware.ErrUnsupported, market.ErrNoQuote,
// ...) and prints each line's revenue, power cost and profit, exact to the
// cent. The economics package's examples go on to Analyze, NewPortfolio,
// ValueCurtailment and the Planner.
//
// Money is decimal.Decimal, bitcoin is market.Sats, simulation is float64.
// The library packages do no I/O and keep no global state.
package wattfolio
