// Package market provides the market side of wattfolio: Bitcoin's protocol
// maths, a dated snapshot of the prices a fleet earns and pays, and a
// stochastic model of how those prices move.
//
// # Protocol
//
// [Chain] holds the protocol parameters, and [Mainnet] Bitcoin's. They are
// passed in, never read from a global, as btcd's CalcBlockSubsidy takes its
// chain parameters: Mainnet.Subsidy(840_000) is 312,500,000 sats. Market
// data carries its chain: [Bitcoin.Chain] (the zero Chain is Mainnet, see
// [Bitcoin.Params]) sets the subsidy of every figure derived from a
// snapshot, in a statement and in a simulation alike. The block
// subsidy halves every 210,000 blocks and is zero from the 64th halving on;
// total issuance is 2,099,999,997,690,000 sats. [DifficultyFromBits] decodes
// a header's compact target; [HashrateFromDifficulty] gives the network
// hashrate a difficulty implies, D x 2^32 / 600 s, the convention of the
// Hashrate Index, Braiins and mempool.space (the exact expected work per
// block, D x 2^48 / 65535, is 1.5e-5 larger).
//
// # Snapshots
//
// A [Snapshot] is the market at a date: [Bitcoin] (price, difficulty,
// height, fees per block), the electricity price (flat, or 24 hourly
// time-of-use prices), GPU rental rates per model, the billable utilization
// of rented GPUs, GPU-mining revenue per model and the colocation rate.
// [Reference] returns an embedded, sourced snapshot; its GPU rental rates
// are on one basis, Silicon Data's rental indices (H100 and B200 only), and
// it has no GPU-mining default. Every price and rate has a documented range
// ([Snapshot.Validate]). Snapshots round-trip through JSON, so a service
// can take one as configuration: decoding refuses unknown keys, null quotes
// and anything Validate refuses, whatever the decoder's options, and power
// prices may carry their unit ("45 USD/MWh").
//
// # Model
//
// A [Model] says how the inputs move: BTC price as geometric Brownian
// motion with optional Merton jumps, network hashrate with its own growth
// and noise and a lagged response to price, difficulty that moves only at
// 2016-block retargets (with the protocol's 4x clamp), fees per block
// lognormal around the snapshot's, the power price as a log-Ornstein-
// Uhlenbeck multiplier, GPU rental rates as a common index with negative
// drift and model-specific extra drift, and billable utilization drawn from
// a Beta. The four factor shocks are correlated through a Cholesky factor;
// a correlation matrix that is not positive definite is an error.
// [DefaultModel] holds sourced defaults. [Model.NewSimulator] draws
// reproducible paths with exact discretizations from a caller's random
// source, allocating nothing per path. [Model.MeanPath] follows the same
// steps ([Grid]) and the same chain rule along the mean path, for closed
// forms such as the economics package's value of curtailment.
//
// # Units
//
// Money a person reads is [decimal.Decimal] in USD: prices per BTC, per kWh,
// per GPU-hour, per GPU-day, and per kW of IT load per month of
// [HoursPerMonth] hours. Bitcoin amounts are [Sats]. Difficulty and the
// quantities of simulation are float64.
//
// # Errors
//
// Bad data gives an error that matches [ErrInvalid] with errors.Is and
// carries the field and value as an [*InvalidError]. A price the snapshot
// does not hold gives [ErrNoQuote].
//
// # Conventions
//
// Values are immutable once built and safe for concurrent use; functions do
// no I/O and keep no state.
package market
