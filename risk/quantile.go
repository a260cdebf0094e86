package risk

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
)

// QuantileKind selects a sample quantile definition from Hyndman and Fan,
// "Sample Quantiles in Statistical Packages" (1996).
//
// The zero value is Type7.
type QuantileKind uint8

const (
	// Type7 interpolates linearly between the order statistics around
	// h = (n-1)p: Q(p) = x[⌊h⌋] + (h-⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]), with x sorted
	// and indexed from 0. It is the default of R's quantile and of
	// numpy.percentile and numpy.quantile (method "linear").
	Type7 QuantileKind = iota
	// Type1 is the inverse of the empirical distribution function: the
	// smallest sample value x with at least a share p of the sample at or
	// below it. Q(0) is the minimum. It is R's quantile(type = 1) and
	// numpy's method "inverted_cdf".
	Type1
)

// String returns "Type7" or "Type1".
func (k QuantileKind) String() string {
	names := [...]string{Type7: "Type7", Type1: "Type1"}
	if int(k) < len(names) {
		return names[k]
	}
	return "QuantileKind(" + strconv.Itoa(int(k)) + ")"
}

// snapFuzz is the relative distance within which a computed position such as
// n*p is taken to be the integer it is near: 10*0.3 evaluates to
// 3.0000000000000004, but the third order statistic is meant. R applies the
// same 4-ulp allowance.
const snapFuzz = 4 * 0x1p-52

// snapIndex returns r when h is within snapFuzz (relative) of the integer r, and h
// otherwise.
func snapIndex(h float64) float64 {
	r := math.Round(h)
	if math.Abs(h-r) <= snapFuzz*math.Max(1, h) {
		return r
	}
	return h
}

// type7Index returns the order statistic below the type-7 position
// h = (n-1)p and h's fraction above it (h snapped as snapIndex does).
func type7Index(n int, p float64) (int, float64) {
	h := snapIndex(float64(n-1) * p)
	lo := int(math.Floor(h))
	return min(lo, n-1), h - float64(lo)
}

// Quantile returns the sample quantile of x at probability p of the given
// kind. x is not reordered: Quantile copies it and finds the order statistics
// it needs by selection, in expected linear time.
//
// Special cases: Quantile(0, kind, x) is the minimum of x and
// Quantile(1, kind, x) the maximum; for a single value x[0], every quantile
// is x[0].
//
// It panics if x is empty, if x holds a NaN or an infinity, if p is outside
// [0, 1] or NaN, or if kind is unknown.
func Quantile(p float64, kind QuantileKind, x []float64) float64 {
	var dst [1]float64
	return QuantilesTo(dst[:], []float64{p}, kind, x)[0]
}

// QuantilesTo writes to dst[i] the sample quantile of x at probability ps[i]
// of the given kind, and returns dst. x is not reordered. Asking for several
// quantiles together costs little more than asking for one.
//
// A sample of fewer than 8192 values, or any sample for Type1, is copied
// once for all of ps and the order statistics are found by selection on the
// copy. From 8192 values on, Type7 quantiles are found as a Selector finds
// them, in a few passes over x that copy only the values near the
// quantiles, unless those are over a third of x (an outlier can squeeze the
// rest together), when QuantilesTo selects on a copy after all. The results
// are the same, but for the sign of a zero quantile among tied zeros of
// both signs.
//
// It panics if len(dst) != len(ps), or in any case where Quantile panics.
func QuantilesTo(dst, ps []float64, kind QuantileKind, x []float64) []float64 {
	if len(dst) != len(ps) {
		panic("risk: QuantilesTo: len(dst) != len(ps)")
	}
	if kind != Type7 && kind != Type1 {
		panic("risk: unknown QuantileKind")
	}
	large := kind == Type7 && len(x) >= selectMinLen
	var lo, hi float64
	if large {
		lo, hi = sampleRange("Quantile", x)
	} else {
		panicIfBadSample("Quantile", x, 1)
	}
	for _, p := range ps {
		if !(p >= 0 && p <= 1) {
			panic("risk: quantile probability outside [0, 1]")
		}
	}
	switch {
	case len(ps) == 0:
		return dst
	case large:
		var sel Selector
		if sel.quantiles7(dst, ps, x, lo, hi, len(x)/selectCrowd) {
			return dst
		}
	}
	return selectQuantiles(dst, ps, kind, x)
}

// selectQuantiles is QuantilesTo by selection on a copy of x, for checked
// arguments and at least one probability.
func selectQuantiles(dst, ps []float64, kind QuantileKind, x []float64) []float64 {
	s := slices.Clone(x)
	n := len(s)

	// Visit the probabilities in increasing order of the order statistic
	// they need, so each selection works on the part of s above the last.
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	lowIndex := func(p float64) (int, float64) {
		if kind == Type1 {
			j := int(math.Ceil(snapIndex(float64(n)*p))) - 1
			return max(j, 0), 0
		}
		return type7Index(n, p)
	}
	slices.SortFunc(order, func(a, b int) int {
		ia, _ := lowIndex(ps[a])
		ib, _ := lowIndex(ps[b])
		return ia - ib
	})
	// s[done:] holds the order statistics from done on, in some order. As
	// the low indices come in increasing order, any index below done that
	// is asked for again is one already put in place.
	done := 0
	for _, i := range order {
		lo, frac := lowIndex(ps[i])
		if lo >= done {
			selectNth(s[done:], lo-done)
			done = lo + 1
		}
		v := s[lo]
		if frac > 0 {
			// The next order statistic is the least of s[lo+1:], unless
			// it is already in place.
			var next float64
			if lo+1 < done {
				next = s[lo+1]
			} else {
				m := lo + 1
				for j := lo + 2; j < n; j++ {
					if s[j] < s[m] {
						m = j
					}
				}
				s[lo+1], s[m] = s[m], s[lo+1]
				done = lo + 2
				next = s[lo+1]
			}
			v = lerpMonotone(v, next, frac)
		}
		dst[i] = v
	}
	return dst
}

// lerpMonotone returns a + t(b-a) for a <= b and t in [0, 1], computed from the
// nearer end so that the result is monotone in t and exact at t = 1. When
// b-a overflows (a and b of opposite signs near the float64 limit), it
// weighs the ends instead, a(1-t) + bt, which is finite.
func lerpMonotone(a, b, t float64) float64 {
	d := b - a
	if math.IsInf(d, 1) {
		return a*(1-t) + b*t
	}
	if t < 0.5 {
		return a + d*t
	}
	return b - d*(1-t)
}

// selectNth reorders s so that s[k] is the value a sort would put there,
// with no larger value before it and no smaller value after it. It runs in
// expected linear time (quickselect with median-of-three or ninther pivots
// and a three-way partition, which is fast on heavy ties) and falls back to
// sorting the remaining range when the partitions stay unbalanced, so the
// worst case is O(n log n). s must hold no NaN.
func selectNth(s []float64, k int) {
	lo, hi := 0, len(s)-1
	budget := 2 * bits.Len(uint(len(s)))
	for hi-lo > 12 {
		if budget == 0 {
			slices.Sort(s[lo : hi+1])
			return
		}
		budget--
		pv := selectPivot(s, lo, hi)
		// Three-way partition: s[lo:lt] < pv, s[lt:i] == pv, s[gt+1:hi+1] > pv.
		lt, i, gt := lo, lo, hi
		for i <= gt {
			switch v := s[i]; {
			case v < pv:
				s[lt], s[i] = v, s[lt]
				lt++
				i++
			case v > pv:
				s[gt], s[i] = v, s[gt]
				gt--
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt - 1
		case k > gt:
			lo = gt + 1
		default:
			return
		}
	}
	// Insertion sort the short remainder.
	for i := lo + 1; i <= hi; i++ {
		v := s[i]
		j := i
		for ; j > lo && s[j-1] > v; j-- {
			s[j] = s[j-1]
		}
		s[j] = v
	}
}

// selectPivot returns the median of three values of s[lo:hi+1], or for long
// ranges Tukey's ninther (the median of three medians of three).
func selectPivot(s []float64, lo, hi int) float64 {
	mid := lo + (hi-lo)/2
	if hi-lo < 128 {
		return median3(s[lo], s[mid], s[hi])
	}
	e := (hi - lo) / 8
	return median3(
		median3(s[lo], s[lo+e], s[lo+2*e]),
		median3(s[mid-e], s[mid], s[mid+e]),
		median3(s[hi-2*e], s[hi-e], s[hi]),
	)
}

func median3(a, b, c float64) float64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	if a > b {
		return a
	}
	return b
}

// panicIfBadSample panics unless x holds at least minLen values, all finite.
func panicIfBadSample(fn string, x []float64, minLen int) {
	if len(x) < minLen {
		if minLen == 1 {
			panic("risk: " + fn + ": empty sample")
		}
		panic("risk: " + fn + ": sample shorter than " + strconv.Itoa(minLen))
	}
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			panic("risk: " + fn + ": NaN or infinity in sample")
		}
	}
}

// panicIfBadLevel panics unless level is in the open interval (0, 1).
func panicIfBadLevel(fn string, level float64) {
	if !(level > 0 && level < 1) {
		panic("risk: " + fn + ": level outside (0, 1)")
	}
}
