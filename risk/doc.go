// Package risk provides the statistics of outcome distributions and the
// portfolio optimizers of wattfolio: how much a sample of simulated profits
// can lose, how its summaries of separate shards merge, and which weights
// of a set of assets have the least risk or the greatest return under
// constraints.
//
// The package imports only the standard library and gonum, does no I/O and
// keeps no package-level state: every function is safe for concurrent use.
// A [Summary] or a [Selector], like any variable, must not be used by two
// goroutines at once while one of them modifies it.
//
// # Statistics
//
// Functions take a sample of profits, one float64 per simulated path or
// period. [VaR], [CVaR] and [VaRCVaR] give tail risk and [ProbLoss] the
// share of losses; [Quantile] and [QuantilesTo] give type-7 or type-1
// quantiles; [Mean], [Variance], [StdDev], [Semivariance], [Skewness] and
// [ExcessKurtosis] the moments; [Sharpe], [Sortino], [Omega] and
// [MaxDrawdown] the performance ratios; [GaussianVaR], [GaussianES] and
// [CornishFisherVaR] the parametric estimates from moments alone.
//
// [Summary] accumulates count, mean, central moments, minimum and maximum in
// constant memory, one value at a time or by merging the summaries of
// shards, and ships between machines through MarshalBinary. A [Selector]
// finds the quantiles and tails of large samples (a band at every step of a
// simulation) in a few passes with reused scratch memory; QuantilesTo uses
// one from 8192 values on.
//
// [Margrabe] prices the option to exchange one lognormal amount for another
// (with one of them known, Black's call at zero rates): the value of a
// choice such as curtailing mining when power costs more than it earns.
//
// # Optimizers
//
// [MinVariance] finds the weights with the least variance w'Σw for a
// covariance matrix Σ (Goldfarb-Idnani dual active-set quadratic program;
// [MinQuadratic] and [MeanVariance] are its general forms). [MaxMean] finds
// the weights with the greatest expected profit (simplex linear program).
// [MinVarianceTarget] adds a least mean. [MinCVaR] and [MinCVaRTarget] find
// the weights whose scenario profits have the least CVaR at a level (the
// Rockafellar-Uryasev linear program, solved exactly through its dual by
// the package's own bounded simplex method). [Frontier] traces the least
// variance at each target mean from the minimum-variance to the
// maximum-mean weights; [MaxSharpe] finds the best ratio of excess mean to
// standard deviation.
// [RiskContributions] and [DiversificationRatio] describe given weights.
//
// The optimizers take a *[Constraints]: per-asset bounds, rows A w <= B and
// Aeq w = Beq; nil means w >= 0 and nothing else.
//
// # Units
//
// The statistics keep the units of the sample: profits in USD give VaR,
// CVaR, quantiles, means and standard deviations in USD, variances in USD²,
// and ratios without unit. A level is a probability, 0.95 and not 95, as are
// the probabilities of quantiles. Ratios are per period of the sample and
// not annualized. Margrabe's two amounts share a unit, which its price
// keeps; its vol is the standard deviation of the log of their ratio over
// the whole horizon (σ√T), not a yearly volatility.
//
// Weights are quantities (machines, megawatts, units of an asset), not
// shares of a budget: they need not sum to one, and a budget is one more
// equality row. A mean vector and a covariance matrix are per unit of
// weight, a scenario matrix holds the profit per unit of each asset in each
// scenario, and MaxSharpe's riskFree is an amount over the horizon, not a
// rate.
//
// # Errors
//
// Statistics treat bad arguments as programmer errors and panic with a
// message that starts with "risk: ": an empty sample, a level outside
// (0, 1), a probability outside [0, 1], a negative standard deviation, a
// NaN or an infinity where a number is required, slices of unequal length.
// Each doc comment says "It panics if ...".
//
// Bad data from outside the program returns an error that errors.Is matches
// to a sentinel: [Summary.UnmarshalBinary] returns [ErrEncoding] for a
// malformed encoding or a summary no data can have. The optimizers take
// data (means, covariances, scenarios, levels, targets) and never panic on
// its values, only on mismatched dimensions: they return [ErrInvalid] for a
// NaN or an infinity in a mean, a covariance or a scenario, a level outside
// (0, 1) and the like, naming the argument ("risk: invalid argument:
// scenarios(3, 1) = +Inf: must be finite"); [ErrConstraints] (malformed
// constraints, as a *[ConstraintError] that names the field);
// [ErrInfeasible] (no weights satisfy them; for a target mean that cannot
// be reached, a *[TargetError] stating the greatest attainable mean, as
// "risk: constraints are infeasible: target mean 250 above the greatest
// attainable 247.9"), [ErrUnbounded],
// [ErrNoPositiveExcess] (MaxSharpe when no weights beat the risk-free
// amount), [ErrNotConverged] or [ErrNotPSD] (a covariance with a clearly
// negative eigenvalue).
//
// # Conventions
//
// Sign. Inputs are profits: positive is good. VaR, CVaR, GaussianVaR,
// GaussianES and CornishFisherVaR return losses as positive numbers at a
// confidence level such as 0.95, as Riskfolio, skfolio and QuantLib do (and
// unlike empyrical and PerformanceAnalytics, which return negative return
// quantiles). A VaR of 120 at level 0.95 means that in 5 % of outcomes the
// profit is -120 or worse. A negative VaR means even the bad tail is a gain.
//
// Quantiles. Quantile defaults to Hyndman and Fan type 7, the linear
// interpolation that R's quantile and numpy.percentile use by default. Type 1
// (the inverse of the empirical distribution function) is also offered.
// gonum's stat.Quantile(stat.LinInterp) is type 4 and is not used here.
// VaR(level, x) is -Quantile(1-level, Type7, x).
//
// CVaR. CVaR (expected shortfall) is the exact fractional tail mean of
// Acerbi and Tasche: with k = (1-level)*n, it is minus the sum of the
// floor(k) worst profits plus the fraction k-floor(k) of the next one,
// divided by k. It equals the Rockafellar-Uryasev minimum over t of
// t + E[(-x-t)^+]/(1-level), is coherent, and is never below VaR. It differs
// from "the mean of the profits below VaR" when k is not an integer or the
// sample has ties. When k < 1 the tail holds less than one outcome and CVaR
// is minus the worst profit.
//
// Moments. Variance and StdDev are the unbiased sample estimates (divide by
// n-1). Skewness and ExcessKurtosis are the population (biased) moment
// ratios g1 = m3/m2^1.5 and g2 = m4/m2^2 - 3, the defaults of
// scipy.stats.skew and scipy.stats.kurtosis (pandas reports bias-corrected
// values instead). Semivariance and the Sortino downside deviation average
// the squared shortfalls below the threshold over all n observations, as
// empyrical does, not over the shortfalls alone.
//
// Inputs are never reordered. Functions that need order statistics copy the
// sample into scratch space and select (expected linear time), or bucket it
// as a Selector does; none sorts or reorders the caller's slice.
//
// Samples must be finite. A NaN or an infinity in a sample is a bug upstream
// (a simulation that overflowed or divided by zero), so every function that
// takes a sample panics on one, as does Summary.Add, rather than return a
// silent NaN.
//
// Undefined results. Where a statistic is undefined for a finite sample (the
// skewness of constant data, a Sharpe ratio with zero dispersion, a Summary
// with too few values) the function returns NaN or ±Inf and its doc comment
// says when, as math.Log does for its special cases.
//
// Reproducibility. The same inputs give the same bits. Summary.Add and
// Summary.Merge round every floating-point operation on its own (explicit
// conversions forbid fused multiply-add), so the same sequence of calls
// gives the same bits on every platform. A simulation split into chunks of
// paths, each chunk summarized wherever it runs and the summaries merged in
// chunk order, gives the same bits however the chunks were scheduled.
package risk
