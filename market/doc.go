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
// reproducible paths with exact discretizations from a caller's [Stream]
// (xoshiro256++ with 256-layer ziggurat normals, drawn for 32 paths at a
// time with AVX2 where the processor has it), allocating nothing per path. [Model.MeanPath] follows the same
// steps ([Grid]) and the same chain rule along the mean path, for closed
// forms such as the economics package's value of curtailment.
//
// # Sensitivity
//
// DefaultModel's trailing 2025 figures decide much of any answer. The
// table moves one parameter at a time over a plausible range, the rest at
// their defaults, and gives the mean and standard deviation of one year's
// profit, in M USD, of the standard workload: a Site of 60 MW, PUE 1.1,
// pool fee 2 %, uptime 97 % with 10,000 Antminer S21 mining bitcoin and
// 2,000 H100 SXM rented out, on Reference, weekly steps, 20,000 paths,
// seed 1 (economics.Analyze, computed on 30 Nov 2026 at commit c14336f,
// whose paths drew from math/rand/v2's PCG; with Stream the same runs move
// by their Monte Carlo error, about 0.05 on a mean and 0.04 on a standard
// deviation). At the defaults: mean 40.2, standard deviation 7.6.
//
//	parameter (default)         range          mean lo/hi   sd lo/hi   range's reason
//	GPU.Drift (ln 0.78)         ln 0.65..0     37.4 / 44.5  7.0 / 8.4  H200 -29 % in 2025 (RBC) to flat
//	GPU.Vol (0.30)              0.15..0.50     40.2 / 40.2  5.2 / 11.2 assumption; no index vol published
//	GPU.UtilizationConc. (40)   10..200        40.2 / 40.2  7.6 / 7.6  sd 11 to 2.5 points at 85 %
//	Hashrate.Growth (0.335)     0.135..0.535   42.3 / 38.2  7.8 / 7.3  one trailing year, +-0.2 assumed
//	Hashrate.Vol (0.15)         0.05..0.30     40.1 / 40.5  7.3 / 8.3  assumption
//	Hashrate.Elasticity (0.6)   0..1           40.5 / 40.3  9.9 / 6.5  none to proportional; weak source
//	Hashrate.Lag (30 days)      0..90 days     40.1 / 40.3  7.3 / 8.2  assumption
//	Price.Drift (0)             -0.3..0.3      38.5 / 42.0  7.4 / 7.8  no view; about +-2/3 of a sigma
//	Price.Vol (0.45)            0.35..0.60     40.2 / 40.0  7.2 / 8.2  2023-24 realised 40-55 %, 2025 43 %
//	Price.JumpRate (2/yr)       0..6           40.2 / 40.0  7.5 / 7.7  assumption
//	Fees.Vol (0.5)              0.2..1.0       40.2 / 40.2  7.6 / 7.6  assumption
//	Power.Vol (0.8)             0.4..1.6       40.3 / 39.5  7.5 / 7.8  half to twice the default
//	Power.Reversion (12/yr)     4..52          39.8 / 40.3  7.9 / 7.5  half-life 2 months to 5 days
//	Corr price-GPU (0.3)        0..0.6         40.1 / 40.2  6.9 / 8.2  assumption
//
// The mean moves most with GPU.Drift, then Hashrate.Growth and
// Price.Drift; the spread with GPU.Vol and Hashrate.Elasticity (whose
// lagged response hedges the miner's revenue against price). Calibrate
// those first; the rest move the mean by under 1 M USD.
//
// # Fitting to history
//
// A [History] holds real series passed in as values (the package reads no
// files): daily closes, difficulty epochs, daily fees, and a caller's
// power price and GPU rate series; [History.Validate] checks them, naming
// the row. [FitPrice] fits the price model by maximum likelihood (GBM, or
// GBM with Merton jumps when AIC prefers it), [FitHashrate] the network
// hashrate's growth, noise and lagged response to price from the epochs'
// implied hashrates (the lag by BIC), [FitFeeShare] the fees' share of
// the reward and their daily noise, and [FitPower] and [FitGPU] a
// caller's power price (log-Ornstein-Uhlenbeck) and GPU rate (GBM)
// series; each [Estimate] carries its standard error. [Calibrate] runs them over a window and returns a base
// Model with the fitted parameters in place, saying which were fitted and
// which carried over. examples/calibrate runs it on the shipped history.
// DefaultModel is not yet the fit: see its parameters' sources.
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
// does not hold gives [ErrNoQuote]. A fit whose data pass their checks but
// do not identify the model (no convergence, an optimum on a bound, an
// information matrix that is not positive definite) gives [ErrFit].
//
// # Conventions
//
// Values are immutable once built and safe for concurrent use; functions do
// no I/O and keep no state.
package market
