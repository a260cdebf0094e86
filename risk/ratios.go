package risk

import "math"

// Sharpe returns the Sharpe ratio of profits per period,
// (Mean(profits) - riskFree) / StdDev(profits), with the unbiased (n-1)
// standard deviation, as empyrical does. riskFree is the risk-free profit of
// one period in the units of profits. The ratio is not annualized: multiply
// by the square root of the periods in a year (365 for daily bitcoin data)
// if that is wanted.
//
// Special cases: when every profit is the same, StdDev is 0 and Sharpe is
// +Inf, -Inf or NaN as the excess mean is positive, negative or zero.
//
// It panics if len(profits) < 2, if profits holds a NaN or an infinity, or
// if riskFree is NaN or infinite.
func Sharpe(profits []float64, riskFree float64) float64 {
	panicIfBadSample("Sharpe", profits, 2)
	panicIfNotFinite("Sharpe", "riskFree", riskFree)
	return ratioOrInf(statMean(profits)-riskFree, statStdDev(profits))
}

// Sortino returns the Sortino ratio of profits per period about target,
//
//	(Mean(profits) - target) / sqrt(Semivariance(profits, target))
//
// The downside deviation averages the squared shortfalls below target over
// all n periods, not over the shortfall periods alone: this is empyrical's
// convention (and Sortino and Price's lower partial moment). The ratio is
// not annualized.
//
// Special cases: when no profit falls below target the downside deviation
// is 0 and Sortino is +Inf if the mean exceeds target, NaN if it equals it.
//
// It panics if profits is empty, if profits holds a NaN or an infinity, or
// if target is NaN or infinite.
func Sortino(profits []float64, target float64) float64 {
	panicIfBadSample("Sortino", profits, 1)
	panicIfNotFinite("Sortino", "target", target)
	return ratioOrInf(statMean(profits)-target, math.Sqrt(statSemivariance(profits, target)))
}

// Omega returns the Omega ratio of profits about threshold: the sum of the
// gains above threshold divided by the sum of the shortfalls below it,
//
//	sum max(x[i]-threshold, 0) / sum max(threshold-x[i], 0)
//
// Omega is above 1 exactly when the mean exceeds threshold.
//
// Special cases: Omega is +Inf when no profit falls below threshold and some
// rise above it, 0 when none rises above it and some fall below, and NaN when
// every profit equals threshold.
//
// It panics if profits is empty, if profits holds a NaN or an infinity, or
// if threshold is NaN or infinite.
func Omega(profits []float64, threshold float64) float64 {
	panicIfBadSample("Omega", profits, 1)
	panicIfNotFinite("Omega", "threshold", threshold)
	var up, down float64
	for _, v := range profits {
		if d := v - threshold; d > 0 {
			up += d
		} else {
			down -= d
		}
	}
	return ratioOrInf(up, down)
}

// ratioOrInf returns num/den, spelling out the cases with den = 0 (den >= 0).
func ratioOrInf(num, den float64) float64 {
	if den == 0 {
		switch {
		case num > 0:
			return math.Inf(1)
		case num < 0:
			return math.Inf(-1)
		}
		return math.NaN()
	}
	return num / den
}

// MaxDrawdown returns the largest fall of the cumulative path from a running
// peak to a later trough, as a positive number in the units of the path
// (dollars of cumulative profit, not a percentage: a cumulative profit may
// cross zero, where a percentage has no meaning). It is 0 when the path never
// falls, including when it has a single point.
//
// It panics if cumulative is empty or holds a NaN or an infinity.
func MaxDrawdown(cumulative []float64) float64 {
	dd, _, _ := MaxDrawdownIndex(cumulative)
	return dd
}

// MaxDrawdownIndex returns MaxDrawdown(cumulative) together with the indices
// of the peak and of the trough of that fall, peak <= trough. When several
// falls are equally large it reports the first; when the path never falls it
// returns 0, 0, 0.
//
// It panics if cumulative is empty or holds a NaN or an infinity.
func MaxDrawdownIndex(cumulative []float64) (drawdown float64, peak, trough int) {
	panicIfBadSample("MaxDrawdown", cumulative, 1)
	runPeak := 0
	for i, v := range cumulative {
		if v > cumulative[runPeak] {
			runPeak = i
			continue
		}
		if d := cumulative[runPeak] - v; d > drawdown {
			drawdown, peak, trough = d, runPeak, i
		}
	}
	return drawdown, peak, trough
}
