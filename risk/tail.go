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
// profits is not reordered. For a single profit x, VaR is -x.
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
// selects the tail in expected linear time.
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
// the cost of one copy of profits instead of two. It panics where VaR and
// CVaR panic.
func VaRCVaR(level float64, profits []float64) (valueAtRisk, expectedShortfall float64) {
	panicIfBadLevel("VaRCVaR", level)
	panicIfBadSample("VaRCVaR", profits, 1)
	s := slices.Clone(profits)
	return tailOfScratch(level, s, true)
}

// tailOfScratch computes CVaR, and VaR if wantVaR, reordering s.
func tailOfScratch(level float64, s []float64, wantVaR bool) (valueAtRisk, expectedShortfall float64) {
	n := len(s)
	k := snapIndex((1 - level) * float64(n))
	m := int(math.Floor(k)) // whole outcomes in the tail; m < n since k < n
	frac := k - float64(m)
	if m >= n {
		// 1-level rounded to 1: the tail is the whole sample.
		m, frac = n-1, 1
	}
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
