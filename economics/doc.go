// Package economics provides the small API of wattfolio: what an allocation
// of a site's machines and power earns and costs, how much that varies, and
// which allocation is best for an appetite for risk.
//
// A [Site] is a facility: grid capacity, PUE, pool terms, uptime, fixed
// opex, an optional power contract and a curtailment policy. An [Allocation]
// is a list of [Line]s, each a number of machines of one hardware model in
// one mode on one workload, or kilowatts of IT load leased to a colocation
// tenant. [Evaluate] books an allocation against a market snapshot over a
// period into an exact [Statement]; [UnitEconomics] and [BreakevenTable]
// give per-unit margins and breakeven prices.
//
// [Analyze] simulates an allocation under a stochastic market.Model (BTC
// price, difficulty, fees, power price, GPU rates and utilization) and
// returns a [Report]: the distribution of profit over a horizon (mean,
// standard deviation, VaR, CVaR, probability of loss, by workload, and
// percentile bands over time). [NewPortfolio] estimates, from the same
// simulation, the per-unit mean vector and covariance of a list of lines,
// so that the mean and variance of any allocation over them cost
// microseconds. [ValueCurtailment] gives in closed form, without
// simulation, what Economic curtailment (switching mining off in the hours
// it loses money) adds to Analyze's mean: for each hour an option to give
// up its revenue and save its power cost, priced with [risk.Margrabe].
//
// A [Problem] names the lines a site may run and the [Limits] it must meet
// (capacity, an [Inventory], power per workload, power that must be used,
// committed colocation) and an optional capital cost per unit, or a
// [Finance] that values each unit by its NPV. A [Planner]
// simulates it once; [Planner.Optimize] then finds the best whole-unit
// allocation for an [Objective] (greatest mean, least variance or CVaR for
// a target, greatest Sharpe ratio, mean less lambda times variance) and
// [Planner.Frontier] traces the efficient frontier. [Optimize] and
// [Frontier] do both steps in one call.
//
// # Investment over years
//
// A miner's pivot to AI is a capital decision: a [Project] is a site
// divided into [Hall]s (each with its capacity, PUE and opex), lines with
// dates (Line.Start, End and a random [Delay] for the build-out), the
// [Capital] they cost and fetch at resale, colocation [Lease]s with an
// escalator and a tenant who may default, [Outlay]s not tied to a line,
// and [Finance]: discount rate, tax with losses carried forward, and debt
// repaid level. [Appraise] simulates it over years (halvings fall at the
// simulated heights) and returns an [Appraisal]: the distribution of NPV,
// IRR, equity IRR and payback, the share of paths where debt service is
// not met, the expected cash flow by project year as an exact decimal
// table, and the J-curve's bands. Evaluate, Analyze, Portfolio and the
// planner honour dates, delays, halls and leases too; capital enters only
// Appraise, and the planner when Problem.Finance makes each unit's outcome
// its NPV. [NPV] and [IRR] value a caller's own dated cash flows (yearly
// compounding; [IRR] brackets its root and says [ErrNoIRR] when there is
// none). With market.Model.Deterministic and one path, Appraise is the
// spreadsheet projection a miner builds by hand.
//
// # Beyond one machine
//
// Every path draws from random streams of its own, seeded by Settings.Seed
// and its index, so a run of paths [FirstPath, FirstPath+Paths) draws the
// very paths a larger run draws there. Told the whole run's size
// (Settings.TotalPaths), Analyze and Appraise return shards that keep what
// a merge needs (moments per chunk of [ChunkSize] paths, the smallest
// profits VaR and CVaR need, the band paths' values, and for Appraise
// every path's IRR and payback: memory bounded by paths, never paths x
// steps), and [Report.Merge] and [Appraisal.Merge], in path order, give the
// single run's result bit for bit. Shards travel as JSON; the pipeline in
// examples/beam runs them on Apache Beam. A sweep of allocations over a
// Planner is sharded by allocation: a Planner is deterministic, and one
// built from FirstPath holds those rows of the scenario matrix.
//
// # Units
//
// Money is USD in [decimal.Decimal], rounded to the cent in statements;
// bitcoin is [market.Sats]; power, energy and hashrate are the named types of
// package hardware; durations are [time.Duration]. Monthly rates (opex per
// MW-month, colocation per kW-month) are per month of market.HoursPerMonth
// (730) hours.
//
// # Model
//
// A mining line earns its expectation: hashrate x expected BTC per TH/s per
// day at the snapshot's difficulty, subsidy and fees, times uptime, less
// stale shares and the pool fee. An AI cloud line bills rate x hours x uptime
// x utilization and draws idle + utilization x (board - idle) + host power
// per GPU. A colocation line earns its rent (the snapshot's rate, or its
// Lease's) while it runs; its power
// is passed through to the tenant unless Site.ColocationPowerIncluded. All
// power is IT power x PUE. Capacity is checked at nameplate: IT power at full
// load x PUE must fit in Site.Capacity. Opex is charged per MW of nameplate
// facility power in use. Evaluate splits a period that crosses a halving at
// the halving's expected time (the blocks remaining at one block per block
// interval, the rate the snapshot's difficulty implies): each part earns its
// epoch's subsidy, everything else stays the snapshot's. A statement's total
// counts machines (Units) and colocation kW (LeasedKW) apart and has no
// workload. Costs per BTC ([Unit].PowerCostPerBTC, CashCostPerBTC) are per
// BTC credited by the pool, and are cash costs, not the industry's all-in.
//
// # Errors
//
// Bad input gives an error and no result. Errors match, with errors.Is,
// [ErrInvalid] (numbers out of range, with the field and value in an
// [*InvalidError]), [ErrOverCapacity], hardware.ErrUnsupported (a model on
// a workload or mode it does not have), market.ErrInvalid (a bad snapshot)
// and market.ErrNoQuote (a GPU with no price in the snapshot; a zero price
// is ErrInvalid). An error names the field by its path ("Site.PUE",
// "Lines[3].Units") and carries the package prefix once. Every limit is
// documented where it applies (see [Site.Validate]); a result a statement
// cannot hold in int64 cents or satoshis is ErrInvalid, never a wrap. The
// optimizers pass on the risk package's errors: risk.ErrInfeasible when no
// allocation meets the limits, risk.ErrUnbounded and
// risk.ErrNoPositiveExcess for a Sharpe ratio without a finite best.
//
// # Conventions
//
// Functions take values and return values; they do no I/O and keep no state,
// and every value is safe for concurrent use once built. Site, Allocation,
// Statement, Unit, Project, Appraisal and market.Snapshot round-trip
// through JSON with snake_case keys, so services can take them as
// configuration and store results; unknown keys are errors whatever the decoder's options; durations
// are Go durations ("720h0m0s"); in JSON a line's model may be given by its
// catalog name and a site's power contract with its unit ("45 USD/MWh").
package economics
