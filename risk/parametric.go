package risk

import (
	"gonum.org/v1/gonum/stat/distuv"
)

// GaussianVaR returns the value at risk at the confidence level of a profit
// that is normal with the given mean and standard deviation sd, as a
// positive loss:
//
//	-(mean + sd * z),  z = Φ⁻¹(1-level)
//
// For a standard normal profit at level 0.95 it is 1.6448536269514722.
// sd = 0 gives -mean. Special case: a loss beyond the float64 range (mean
// and sd of order MaxFloat64) is ±Inf.
//
// It panics if level is outside (0, 1) or NaN, if mean or sd is NaN or
// infinite, or if sd is negative.
func GaussianVaR(level, mean, sd float64) float64 {
	panicIfBadGaussian("GaussianVaR", level, mean, sd)
	return -(mean + sd*distuv.UnitNormal.Quantile(1-level))
}

// GaussianES returns the expected shortfall (CVaR) at the confidence level
// of a profit that is normal with the given mean and standard deviation sd,
// as a positive loss:
//
//	-mean + sd * φ(z) / (1-level),  z = Φ⁻¹(1-level)
//
// with φ the standard normal density. For a standard normal profit at level
// 0.95 it is 2.0627128075074257. sd = 0 gives -mean. As GaussianVaR, a
// loss beyond the float64 range is ±Inf.
//
// It panics where GaussianVaR panics.
func GaussianES(level, mean, sd float64) float64 {
	panicIfBadGaussian("GaussianES", level, mean, sd)
	z := distuv.UnitNormal.Quantile(1 - level)
	return -mean + sd*distuv.UnitNormal.Prob(z)/(1-level)
}

// CornishFisherVaR returns the modified value at risk at the confidence
// level of a profit with the given mean, standard deviation sd, skewness and
// excess kurtosis, as a positive loss. It replaces the normal quantile
// z = Φ⁻¹(1-level) of GaussianVaR by its Cornish-Fisher expansion
//
//	z + (z²-1) skew/6 + (z³-3z) exkurt/24 - (2z³-5z) skew²/36
//
// (the "modified VaR" of Zangari 1996 and of PerformanceAnalytics' VaR with
// method "modified"). With skew = exkurt = 0 it equals GaussianVaR. The
// expansion is only reliable for moderate skewness and kurtosis: far from
// normal it can even make the quantile non-monotone in level. sd = 0 gives
// -mean whatever the skewness and kurtosis. Special case: with sd > 0 and
// |skew| or |exkurt| so large (beyond about 1e150) that the expansion
// overflows, the result is ±Inf, or NaN when two of its terms overflow
// with opposite signs; the moments of a sample of n values are bounded by
// sqrt(n) and n, far below.
//
// It panics where GaussianVaR panics, or if skew or exkurt is NaN or
// infinite.
func CornishFisherVaR(level, mean, sd, skew, exkurt float64) float64 {
	panicIfBadGaussian("CornishFisherVaR", level, mean, sd)
	panicIfNotFinite("CornishFisherVaR", "skew", skew)
	panicIfNotFinite("CornishFisherVaR", "exkurt", exkurt)
	if sd == 0 {
		return -mean // not 0 times an expansion that may overflow
	}
	z := distuv.UnitNormal.Quantile(1 - level)
	z2 := z * z
	z3 := z2 * z
	zcf := z + (z2-1)*skew/6 + (z3-3*z)*exkurt/24 - (2*z3-5*z)*skew*skew/36
	return -(mean + sd*zcf)
}

func panicIfBadGaussian(fn string, level, mean, sd float64) {
	panicIfBadLevel(fn, level)
	panicIfNotFinite(fn, "mean", mean)
	panicIfNotFinite(fn, "sd", sd)
	if sd < 0 {
		panic("risk: " + fn + ": negative sd")
	}
}
