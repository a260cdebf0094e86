package risk

import (
	"math"
	"slices"
)

// VaR returns the value at risk of profits at the confidence level, as a
// positive loss: -Quantile(1-level, Type7, profits). At level 0.95 it is the
// loss that 5 % of outcomes reach or exceed, read off the type-7 quantile
// that R and numpy use by default. A negative result means that even the bad
// tail is a profit.
//
// profits is not reordered. For a single profit x, VaR is -x. Like
// Quantile, VaR finds the quantile with a Selector's passes on samples of
// 8192 profits or more (see QuantilesTo).
//
// It panics if level is outside (0, 1) or NaN, if profits is empty, or if
// profits holds a NaN or an infinity.
func VaR(level float64, profits []float64) float64 {
	panicIfBadLevel("VaR", level)
	return -Quantile(1-level, Type7, profits)
}

// CVaR returns the conditional value at risk (expected shortfall) of profits
// at the confidence level, as a positive loss: the exact fractional tail mean
// of Acerbi and Tasche. With n profits and k = (1-level)*n, it is minus the
// sum of the floor(k) smallest profits and k-floor(k) times the next one,
// divided by k. This equals min over t of t + E[(-x-t)^+]/(1-level)
// (Rockafellar and Uryasev) and is never less than VaR at the same level.
//
// When k < 1 (fewer than 1/(1-level) profits) the tail is a fraction of the
// worst outcome and CVaR is minus the smallest profit. When k is within
// rounding of an integer (for example 0.05*100 = 5.000000000000004) it is
// taken as that integer. profits is not reordered: CVaR copies it and
// selects the tail in expected linear time. A finite sample gives a finite
// CVaR: when the tail's sum overflows (profits near ±MaxFloat64), the tail
// mean is computed on values scaled by 2^-64 instead.
//
// CVaR selects on a copy at every sample size. Selector.Tail finds the same
// tail of a large sample faster and without the copy, but adds the tail in
// another order, so its CVaR may differ from CVaR's in the last bits; CVaR
// keeps one order so that the same profits give the same bits as before.
//
// It panics if level is outside (0, 1) or NaN, if profits is empty, or if
// profits holds a NaN or an infinity.
func CVaR(level float64, profits []float64) float64 {
	panicIfBadLevel("CVaR", level)
	panicIfBadSample("CVaR", profits, 1)
	s := slices.Clone(profits)
	_, cvar := tailOfScratch(level, s, false)
	return cvar
}

// VaRCVaR returns VaR(level, profits) and CVaR(level, profits) together, at
// the cost of one copy of profits instead of two (and, as CVaR, by selection
// on that copy at every size: its VaR may differ from VaR's only in the sign
// of a zero). It panics where VaR and CVaR panic.
func VaRCVaR(level float64, profits []float64) (valueAtRisk, expectedShortfall float64) {
	panicIfBadLevel("VaRCVaR", level)
	panicIfBadSample("VaRCVaR", profits, 1)
	s := slices.Clone(profits)
	return tailOfScratch(level, s, true)
}

// VaRCVaRInPlace is VaRCVaR without the copy: it reorders profits, and
// gives the same bits as VaRCVaR on the same values. For a caller that owns
// a scratch slice of profits and computes many tails (a frontier of
// allocations over the same scenarios).
//
// It panics where VaRCVaR panics.
func VaRCVaRInPlace(level float64, profits []float64) (valueAtRisk, expectedShortfall float64) {
	panicIfBadLevel("VaRCVaRInPlace", level)
	panicIfBadSample("VaRCVaRInPlace", profits, 1)
	return tailOfScratch(level, profits, true)
}

// tailOfScratch computes CVaR, and VaR if wantVaR, reordering s.
func tailOfScratch(level float64, s []float64, wantVaR bool) (valueAtRisk, expectedShortfall float64) {
	n := len(s)
	k, m, frac := tailSize(level, n)
	selectNth(s, m)
	if m == 0 {
		// Less than one outcome in the tail: it is part of the worst one.
		expectedShortfall = -s[0]
	} else {
		var sum float64
		for _, v := range s[:m] {
			sum += v
		}
		if frac > 0 {
			sum += frac * s[m]
		}
		expectedShortfall = -sum / k
		if math.IsInf(sum, 0) {
			expectedShortfall = -scaledTailMean(s[:m], frac, s[m], k)
		}
	}
	if !wantVaR {
		return 0, expectedShortfall
	}
	// The type-7 position h = (n-1)(1-level) is below k, so the order
	// statistic at floor(h) lies in s[:m+1] and the one after it either
	// there too or is the least of s[m+1:].
	lo, hf := type7Index(n, 1-level)
	if lo < m {
		selectNth(s[:m+1], lo)
	}
	q := s[lo]
	if hf > 0 {
		var next float64
		if lo+1 <= m {
			next = s[lo+1]
			for _, v := range s[lo+2 : m+1] {
				next = min(next, v)
			}
		} else {
			next = s[m+1]
			for _, v := range s[m+2:] {
				next = min(next, v)
			}
		}
		q = lerpMonotone(q, next, hf)
	}
	return -q, expectedShortfall
}

// scaledTailMean returns the tail mean (sum(tail) + frac*next)/k of a tail
// whose sum overflows a float64 (profits near ±MaxFloat64): it adds the
// values scaled by 2^-64, which no sum of fewer than 2^63 of them can
// overflow, and keeps the mean within [min(tail), next], where it lies
// exactly, before scaling it back, so that it is finite. next is the order
// statistic just above the tail, k >= 1 the tail's size.
func scaledTailMean(tail []float64, frac, next, k float64) float64 {
	const down, up = 0x1p-64, 0x1p64
	least := next
	var sum float64
	for _, v := range tail {
		sum += v * down
		least = min(least, v)
	}
	if frac > 0 {
		sum += frac * next * down
	}
	return min(max(sum/k, least*down), next*down) * up
}

// tailSize returns the size k = (1-level)n of the tail of n outcomes at
// the level (within rounding of an integer, that integer: see snapIndex),
// the number m = floor(k) of whole outcomes in it and the fraction k-m of
// the next one. When 1-level rounds to 1 the tail is the whole sample: m is
// n-1 and the fraction 1.
func tailSize(level float64, n int) (k float64, m int, frac float64) {
	k = snapIndex((1 - level) * float64(n))
	m = int(math.Floor(k))
	frac = k - float64(m)
	if m >= n {
		m, frac = n-1, 1
	}
	return k, m, frac
}

// ProbLoss returns the share of profits that are strictly negative, in
// [0, 1]. A profit of exactly zero (or -0) is not a loss.
//
// It panics if profits is empty or holds a NaN or an infinity.
func ProbLoss(profits []float64) float64 {
	panicIfBadSample("ProbLoss", profits, 1)
	var c int
	for _, v := range profits {
		if v < 0 {
			c++
		}
	}
	return float64(c) / float64(len(profits))
}
