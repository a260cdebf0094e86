// Package risk provides statistics of outcome distributions and portfolio
// optimizers for wattfolio.
//
// The statistics half takes samples of profit (one float64 per simulated
// path or period) and returns tail risk (VaR, CVaR, ProbLoss), quantiles,
// moments, performance ratios (Sharpe, Sortino, Omega, MaxDrawdown),
// parametric Gaussian and Cornish-Fisher estimates, and Summary, a streaming
// accumulator whose shards of a simulation merge to the same bits however
// they were scheduled. The
// optimizer half picks portfolio weights from a mean vector and covariance
// matrix or from a matrix of scenarios; see Optimizers below.
//
// The package imports only the standard library and gonum, performs no I/O
// and keeps no package-level mutable state: every function is safe for
// concurrent use (a Summary, like any variable, must not be modified by two
// goroutines at once).
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
// sample into scratch space and use selection (expected linear time), never a
// full sort of the caller's slice.
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
// # Errors
//
// Statistics functions treat bad arguments as programmer errors and panic
// with a message that starts with "risk: ": an empty sample, a level outside
// (0, 1), a probability outside [0, 1], a negative standard deviation, a NaN
// or an infinity. Each doc comment says "It panics if ...".
//
// Bad data from outside the program returns an error that errors.Is matches
// to a package sentinel: Summary.UnmarshalBinary returns ErrEncoding for a
// malformed encoding, and the optimizers return ErrInfeasible when no
// allocation satisfies the constraints.
//
// # Reproducibility
//
// Summary.Add and Summary.Merge round every floating-point operation on its
// own (explicit conversions forbid fused multiply-add), so the same sequence
// of calls gives the same bits on every platform. A simulation split into
// chunks of paths, each chunk summarized wherever it runs and the summaries
// merged in chunk order, gives the same bits however the chunks were
// scheduled; Summary.MarshalBinary ships a summary between machines without
// loss.
//
// # Optimizers
//
// MinVariance finds the weights with the least variance w'Σw for a
// covariance matrix Σ (Goldfarb-Idnani dual active-set QP; MinQuadratic and
// MeanVariance are its general forms); MaxMean finds the weights with the
// greatest expected profit for a mean vector (simplex LP); MinCVaR and
// MinCVaRTarget find the weights whose scenario profits have the least CVaR
// at a level (the Rockafellar-Uryasev linear program, solved by cutting
// planes). Frontier traces minimum variance at each target mean between the
// minimum-variance and maximum-mean portfolios; MaxSharpe finds the best
// ratio of excess mean to standard deviation. RiskContributions and
// DiversificationRatio describe a given allocation.
//
// They take a *Constraints (per-asset bounds, A w <= B, Aeq w = Beq; nil
// means w >= 0) and return errors matching ErrConstraints (malformed
// constraints), ErrInfeasible (no weights satisfy them), ErrUnbounded,
// ErrNoPositiveExcess (MaxSharpe when no allocation beats the risk-free
// amount), ErrNotConverged or ErrNotPSD (a covariance with a clearly
// negative eigenvalue).
package risk
