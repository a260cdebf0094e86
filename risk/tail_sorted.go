package risk

import (
	"math"
	"slices"
)

// The tail from its smallest values: VaR and CVaR need only the smallest
// few profits of a sample, so a simulation split into shards can keep
// each shard's smallest TailLen(level, total) profits, merge them, and
// get the whole sample's VaR and CVaR from the merged list. TailSorted
// adds the tail in ascending order, an order that does not depend on how
// the sample was split, so the result is the same bits whichever shards
// the smallest values came from.

// TailLen returns how many of the smallest of n profits TailSorted needs
// to give VaR and CVaR at the level: the floor((1-level) n) whole
// outcomes of the tail, the one it takes a fraction of, and the one after
// (type-7 interpolation), at most n. It is never more than n and
// never decreases as n grows.
//
// It panics if level is outside (0, 1) or NaN, or n < 1.
func TailLen(level float64, n int) int {
	panicIfBadLevel("TailLen", level)
	if n < 1 {
		panic("risk: TailLen: n < 1")
	}
	_, m, _ := tailSize(level, n)
	lo, _ := type7Index(n, 1-level)
	return min(n, max(m, lo)+2)
}

// TailSorted returns the value at risk and the conditional value at risk
// at the level, as positive losses, of a sample of n profits whose
// smallest values are smallest, in ascending order: VaR as VaR defines it
// (bit for bit but for the sign of a zero) and CVaR as CVaR defines it,
// the tail added in ascending order (so its last bits may differ from
// CVaR's, which adds the tail in the order selection leaves it). smallest
// must hold at least TailLen(level, n) values; more are ignored.
//
// It panics if level is outside (0, 1) or NaN, n < 1, smallest is shorter
// than TailLen(level, n), or its values are not finite and ascending.
func TailSorted(level float64, n int, smallest []float64) (valueAtRisk, expectedShortfall float64) {
	need := TailLen(level, n)
	if len(smallest) < need {
		panic("risk: TailSorted: fewer smallest values than TailLen")
	}
	s := smallest[:need]
	panicIfBadSample("TailSorted", s, 1)
	if !slices.IsSorted(s) {
		panic("risk: TailSorted: smallest values not in ascending order")
	}
	k, m, frac := tailSize(level, n)
	lo, hf := type7Index(n, 1-level)
	q := s[lo]
	if hf > 0 {
		q = lerpMonotone(q, s[lo+1], hf)
	}
	if m == 0 {
		return -q, -s[0]
	}
	var sum float64
	for _, v := range s[:m] {
		sum += v
	}
	if frac > 0 {
		sum += frac * s[m]
	}
	if math.IsInf(sum, 0) {
		return -q, -scaledTailMean(s[:m], frac, s[m], k)
	}
	return -q, -sum / k
}

// Smallest appends to dst the k smallest values of x in ascending order
// (all of x, sorted, when k >= len(x)) and returns it; x is not modified.
// It selects on a copy held in the Selector's scratch, in expected linear
// time, and sorts only the k values.
//
// It panics if k is negative or x holds a NaN.
func (s *Selector) Smallest(dst []float64, k int, x []float64) []float64 {
	if k < 0 {
		panic("risk: Smallest: k < 0")
	}
	for _, v := range x {
		if math.IsNaN(v) {
			panic("risk: Smallest: NaN in sample")
		}
	}
	k = min(k, len(x))
	if k == 0 {
		return dst
	}
	s.picked = append(s.picked[:0], x...)
	if k < len(x) {
		selectNth(s.picked, k-1)
	}
	part := s.picked[:k]
	slices.Sort(part)
	return append(dst, part...)
}
