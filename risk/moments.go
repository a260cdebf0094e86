package risk

import "math"

// Mean returns the arithmetic mean of x. A finite sample has a finite
// mean: when the sum overflows (values near ±MaxFloat64) the values are
// added scaled by 2^-64 instead.
//
// It panics if x is empty or holds a NaN or an infinity.
func Mean(x []float64) float64 {
	panicIfBadSample("Mean", x, 1)
	return statMean(x)
}

func statMean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	if math.IsInf(s, 0) {
		// The sum overflows (values near ±MaxFloat64): add the values
		// scaled by 2^-64, which no sum of fewer than 2^63 of them can
		// overflow, and keep the mean within the values' range, where it
		// lies exactly.
		lo, hi := x[0], x[0]
		s = 0
		for _, v := range x {
			s += v * 0x1p-64
			lo, hi = min(lo, v), max(hi, v)
		}
		return min(max(s/float64(len(x)), lo*0x1p-64), hi*0x1p-64) * 0x1p64
	}
	return s / float64(len(x))
}

// Variance returns the unbiased sample variance of x,
// sum (x[i]-mean)^2 / (n-1), computed in two passes with the rounding
// error of the mean corrected. For n = 1 it panics rather than divide by
// zero.
//
// Special case: a variance beyond MaxFloat64 (deviations beyond about
// 1e154) is +Inf; StdDev is finite for every finite sample.
//
// It panics if len(x) < 2 or x holds a NaN or an infinity.
func Variance(x []float64) float64 {
	panicIfBadSample("Variance", x, 2)
	return statVariance(x)
}

func statVariance(x []float64) float64 {
	mu := statMean(x)
	var ss, comp float64
	for _, v := range x {
		d := v - mu
		ss += d * d
		comp += d
	}
	n := float64(len(x))
	return (ss - comp*comp/n) / (n - 1)
}

// StdDev returns the square root of Variance(x).
//
// A finite sample has a finite standard deviation: when the variance
// overflows (deviations beyond about 1e154), StdDev computes it from
// values scaled by 2^-560 and scales the root back.
//
// It panics if len(x) < 2 or x holds a NaN or an infinity.
func StdDev(x []float64) float64 {
	panicIfBadSample("StdDev", x, 2)
	return statStdDev(x)
}

// statStdDev returns sqrt(statVariance(x)), or, when the variance
// overflows, the root computed on x scaled by 2^-560: a deviation of at
// most 2^465 squares to at most 2^930, which fewer than 2^63 terms cannot
// overflow.
func statStdDev(x []float64) float64 {
	v := statVariance(x)
	if !math.IsInf(v, 0) {
		return math.Sqrt(v)
	}
	const down, up = 0x1p-560, 0x1p560
	mu := statMean(x) * down
	var ss, comp float64
	for _, xv := range x {
		d := xv*down - mu
		ss += d * d
		comp += d
	}
	n := float64(len(x))
	return math.Sqrt(max((ss-comp*comp/n)/(n-1), 0)) * up
}

// Semivariance returns the lower partial second moment of x about threshold:
//
//	sum over i of min(x[i]-threshold, 0)^2, divided by n
//
// The denominator is the number of all observations n, not the number below
// the threshold, so that Semivariance is the square of the downside
// deviation that Sortino uses (the empyrical convention). It is 0 when no
// value is below threshold.
//
// It panics if x is empty, if x holds a NaN or an infinity, or if threshold
// is NaN or infinite.
func Semivariance(x []float64, threshold float64) float64 {
	panicIfBadSample("Semivariance", x, 1)
	panicIfNotFinite("Semivariance", "threshold", threshold)
	return statSemivariance(x, threshold)
}

func statSemivariance(x []float64, threshold float64) float64 {
	var s float64
	for _, v := range x {
		if d := v - threshold; d < 0 {
			s += d * d
		}
	}
	return s / float64(len(x))
}

// statCentralMoments returns the mean and the population central moments
// m_j = sum (x[i]-mean)^j / n for j = 2, 3, 4.
func statCentralMoments(x []float64) (mean, m2, m3, m4 float64) {
	mean = statMean(x)
	for _, v := range x {
		d := v - mean
		d2 := d * d
		m2 += d2
		m3 += d2 * d
		m4 += d2 * d2
	}
	n := float64(len(x))
	return mean, m2 / n, m3 / n, m4 / n
}

// Skewness returns the sample skewness of x as the population moment ratio
// g1 = m3 / m2^(3/2), where m_j = sum (x[i]-mean)^j / n. This is
// scipy.stats.skew with its default bias=True; it is not the bias-corrected
// G1 that pandas and Excel report. Summary.Skewness gives the same value.
//
// Special cases: Skewness is NaN when every value of x is the same (m2 = 0),
// including when n = 1, when the spread is so small that the sums of cubed
// and fourth-power deviations underflow (n m2 below 2^-500, about 3e-151),
// and when a moment overflows (deviations beyond about 1e77), as
// Summary.Skewness.
//
// It panics if x is empty or holds a NaN or an infinity.
func Skewness(x []float64) float64 {
	panicIfBadSample("Skewness", x, 1)
	_, m2, m3, m4 := statCentralMoments(x)
	if n := float64(len(x)); !momentsDefined(n, m2*n, m3*n, m4*n) {
		return math.NaN()
	}
	return m3 / (m2 * math.Sqrt(m2))
}

// ExcessKurtosis returns the sample excess kurtosis of x as the population
// moment ratio g2 = m4 / m2^2 - 3, where m_j = sum (x[i]-mean)^j / n. This
// is scipy.stats.kurtosis with its defaults fisher=True, bias=True; it is not
// the bias-corrected G2 that pandas and Excel report. A normal sample gives
// values near 0. Summary.ExcessKurtosis gives the same value.
//
// Special cases: those of Skewness. ExcessKurtosis is NaN when every
// value of x is the same (m2 = 0), including when n = 1, when n m2 is below
// 2^-500 and when a moment overflows.
//
// It panics if x is empty or holds a NaN or an infinity.
func ExcessKurtosis(x []float64) float64 {
	panicIfBadSample("ExcessKurtosis", x, 1)
	_, m2, m3, m4 := statCentralMoments(x)
	if n := float64(len(x)); !momentsDefined(n, m2*n, m3*n, m4*n) {
		return math.NaN()
	}
	return m4/(m2*m2) - 3
}

// panicIfNotFinite panics if v is NaN or infinite.
func panicIfNotFinite(fn, name string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		panic("risk: " + fn + ": " + name + " is NaN or infinite")
	}
}
