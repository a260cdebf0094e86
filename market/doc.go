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
// [DefaultModel] is the model fitted to the shipped history, with sourced
// assumptions where no series may be shipped. [Model.NewSimulator] draws
// reproducible paths with exact discretizations from a caller's [Stream]
// (xoshiro256++ with 256-layer ziggurat normals, drawn for 32 paths at a
// time with AVX2 where the processor has it), allocating nothing per path.
// [Model.MeanPath] follows the same steps ([Grid]) and the same chain rule
// along the mean path, for closed forms such as the economics package's
// value of curtailment.
//
// # Sensitivity
//
// DefaultModel's fitted drifts and its assumptions decide much of any
// answer. The table moves one parameter at a time over a range, the rest
// at their defaults, and gives the mean and standard deviation of one
// year's profit, in M USD, of the standard workload: a Site of 60 MW, PUE
// 1.1, pool fee 2 %, uptime 97 % with 10,000 Antminer S21 mining bitcoin
// and 2,000 H100 SXM rented out, on Reference, weekly steps, 20,000
// paths, seed 1 (economics.Analyze, computed on 30 Nov 2026 with the
// engine of commit 57df76c and the defaults in the table; the Monte Carlo
// error of a mean is 0.07). At the defaults: mean 41.9, standard deviation
// 9.5. A fitted parameter's range is the estimate ± 2 standard
// errors; an assumption's is stated.
//
//	parameter (default)          range            mean lo/hi   sd lo/hi     range's reason
//	GPU.Drift (ln 0.78)          ln 0.65..0       39.1 / 46.3   9.1 / 10.2  H200 -29 % in 2025 (RBC) to flat
//	GPU.Vol (0.30)               0.15..0.50       41.9 / 41.9   7.9 / 12.6  assumption; no index vol published
//	GPU.UtilizationConc. (40)    10..200          41.9 / 41.9   9.6 /  9.5  sd 11 to 2.5 points at 85 %
//	Hashrate.Growth (0.4329)     0.2771..0.5887   43.8 / 40.2  10.1 /  9.1  fit ± 2 s.e.
//	Hashrate.Vol (0.1467)        0.1061..0.1873   41.9 / 42.0   9.4 /  9.7  fit ± 2 s.e.
//	Hashrate.Elasticity (0.1208) 0.0366..0.2050   42.3 / 41.6  10.2 /  9.0  fit ± 2 s.e.
//	Hashrate.Lag (0)             0..120 days      41.9 / 42.2   9.5 / 10.0  BIC's choice to the runner-up
//	Price.Drift (0.2609)         -0.2545..0.7763  37.1 / 48.4   8.3 / 11.5  fit ± 2 s.e.
//	Price.Vol (0.2216)           0.1726..0.2706   41.9 / 41.9   9.3 /  9.9  fit ± 2 s.e.
//	Price.JumpRate (262.8/yr)    155.6..370.0     41.9 / 41.8   8.7 / 10.3  fit ± 2 s.e.
//	Price.JumpMean (0.0003631)   -0.0020..0.0028  41.9 / 41.9   9.5 /  9.6  fit ± 2 s.e.
//	Price.JumpVol (0.02868)      0.0235..0.0339   41.9 / 41.9   8.9 / 10.3  fit ± 2 s.e.
//	Fees.Vol (0.2043)            0.1661..0.2425   41.9 / 41.9   9.5 /  9.5  fit ± 2 s.e.
//	Power.Vol (0.8)              0.4..1.6         42.1 / 41.3   9.5 /  9.7  half to twice the default
//	Power.Reversion (12/yr)      4..52            41.6 / 42.1   9.8 /  9.5  half-life 2 months to 5 days
//	Corr price-hashrate (0)      -0.4..0.4        42.0 / 41.8   9.8 /  9.2  about ± 2 s.e. of the unused lag-0 fit
//	Corr price-GPU (0.3)         0..0.6           41.9 / 41.9   9.0 / 10.0  assumption
//
// The mean moves most with Price.Drift, whose standard error is as large
// as the estimate: four years of daily closes pin a volatility down, not a
// drift. Then GPU.Drift, one year's trailing figure, and Hashrate.Growth. The spread
// moves with GPU.Vol, Price.Drift (a higher expected price scales the
// mining revenue and its spread), the jumps' rate and size (they carry
// four fifths of the price variance) and Hashrate.Elasticity (whose
// response hedges the miner's revenue against the price). The rest move
// the mean by under 1 M USD. A user with a view on BTC should set
// Price.Drift; the hashrate lag row ends at 120 days, the lag with the
// next smallest BIC (3.7 above lag 0's), and the correlation row's range is
// about two standard errors of FitHashrate's PriceCorr at lag 0
// (-0.06 ± 0.21), which the fit does not identify there.
//
// # How the defaults changed
//
// Until this fit, DefaultModel held trailing 2025 figures and assumptions.
// Old -> new: Price.Drift 0 (no view) -> 0.2609; Price.Vol 0.45 -> 0.2216;
// Price.JumpRate 2 a year -> 262.8; Price.JumpMean -0.05 -> 0.0003631;
// Price.JumpVol 0.10 -> 0.02868 (so two rare crashes became many small
// moves, the fat tails of daily returns, and the total volatility rose
// from 47.7 % to 51.5 % a year); Hashrate.Growth 0.3353 (2025's 34.5 %
// rise net of price at elasticity 0.6) -> 0.4329; Hashrate.Vol 0.15 ->
// 0.1467; Hashrate.Elasticity 0.6 -> 0.1208; Hashrate.Lag 30 days -> 0;
// Fees.Vol 0.5 -> 0.2043. Power, GPU and the correlations are unchanged.
// Over a year the mean path's hashrate now grows x1.566 (was x1.312) and
// the expected price x1.298 (was x1). The standard workload of the
// Sensitivity table (same seed and paths, same engine) went from mean
// 40.1 M USD, standard deviation 7.6, to mean 41.9, standard deviation 9.5.
// Its mining part went from 7.9 (sd 3.7) to 9.8 (sd 7.0): 241 BTC mined
// instead of 263, each worth more on average, and almost no hedge of the
// price left in the hashrate. Its AI part's model did not change: 32.2
// then 32.1, sd 5.8 then 5.7, Monte Carlo noise (the many jumps draw more
// of each path's stream, so the GPU factor sees other numbers).
//
// # Fitting to history
//
// A [History] holds real series passed in as values (the package reads no
// files): daily closes, difficulty epochs, daily fees, and a caller's power
// price and GPU rate series; [History.Validate] checks them, naming the
// row. [FitPrice] fits the price model by maximum likelihood (GBM, or GBM
// with Merton jumps when AIC prefers it), [FitHashrate] the network
// hashrate's growth, noise and lagged response to price from the epochs'
// implied hashrates (the lag by BIC), [FitFeeShare] the fees' share of the
// reward and their daily noise, and [FitPower] and [FitGPU] a caller's
// power price (log-Ornstein-Uhlenbeck) and GPU rate (GBM) series; each
// [Estimate] carries its standard error. [Calibrate] runs them over a
// window and returns a base Model with the fitted parameters in place,
// saying which were fitted and which carried over. examples/calibrate runs
// it on the shipped history. DefaultModel is that fit: Calibrate on the
// shipped history from 2021-11-27 to 2025-11-27 (four years, one halving
// cycle, to the reference snapshot's date) for the price and the hashrate,
// with Fees.Vol the daily fee noise of the latest window of daily fees
// (2025-08-11 to 2025-11-27); examples/calibrate's TestDefaultModelIsTheFit
// checks it. The price-hashrate correlation, power and GPU factors stay
// documented assumptions: the correlation is not identified at the fitted
// lag of 0, and no public power-price or GPU-rate series may be shipped.
//
// # Backtest
//
// [Backtest] checks a model against history walking forward: at each
// origin (every quarter by default) it fits the model to a trailing
// window with Calibrate, or holds it fixed, simulates daily paths from
// the market the history knew then ([History.Bitcoin]: the last close, the
// difficulty in force, the height at the target block rate; nothing from
// after the origin), and records where the realized BTC price, difficulty
// and subsidy hashprice of 3, 6 and 12 months later fall in the simulated
// distribution: the probability integral transform, uniform for a
// calibrated model. [BacktestReport] gives each origin's PITs and each
// series and horizon's [BacktestCoverage]: how often the central 50 % and
// 90 % bands held, and the PIT histogram. Same seed, same report, whatever
// the workers; [BacktestContext] stops when its context is done.
//
// On the shipped history, refitting every quarter from 2016-01-01 on
// four-year windows (39 origins, 10,000 paths each; examples/calibrate),
// the 50 % and 90 % bands held the price 0.46 / 0.82 of the time at 3
// months, 0.50 / 0.76 at 6 and 0.47 / 0.86 at 12 (mean PIT 0.48): about
// nominal at the 50 % band and a little narrow at the 90 %, since BTC's
// regime changes put more outcomes in the tails than any one window's fit
// holds. The difficulty was covered at 3 months (0.44 / 0.92) but ran below
// the bands at 12 (0.39 / 0.58, mean PIT 0.27): the growth each window
// fitted, with the hashrate's response to the price drift it also fitted,
// ran ahead of what the next year delivered, most of all for windows
// holding the fast build-outs of the years before. The hashprice, which
// moves with both, held 0.49 / 0.82 at 3 months and 0.42 / 0.67 at 12.
// Two-year windows cover worse (the price's 90 % band held 0.58 at 12
// months: a two-year drift is mostly noise), and eight-year ones cover the
// price as four-year ones do but the difficulty worst (0.08 / 0.47 at 12
// months). With 39 origins a share's standard error is about 0.08 at 50 %
// and 0.05 at 90 %, more at the overlapping longer horizons.
//
// Limits: the snapshot at an origin holds the difficulty, not the network
// hashrate, which has moved since the epoch began, so the difficulty's
// bands are too narrow at horizons of one or two epochs (see Backtest);
// the hashprice leaves fees out, because the history has them for four
// windows only.
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
