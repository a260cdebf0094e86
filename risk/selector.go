package risk

import (
	"math"
	"slices"
)

// selectBuckets is the number of histogram buckets of a Selector.
const selectBuckets = 2048

// Selector computes type-7 sample quantiles (those of R's default and
// numpy.quantile; Type7) of large samples in a few linear passes: one
// finds the range, one counts the values in equal-width buckets of it, one
// gathers the values of the few buckets that hold the order statistics
// wanted, and only those are sorted. The results equal QuantilesTo's
// (a zero among tied zeros may differ in sign).
//
// The zero value is ready to use. A Selector holds scratch memory and is not
// safe for concurrent use.
type Selector struct {
	counts [selectBuckets]int32
	want   [selectBuckets]bool
	picked []float64
	ranks  []int     // order statistics wanted, ascending
	stats  []float64 // their values
}

// Quantiles7To writes to dst[i] the type-7 sample quantile of x at
// probability ps[i], as QuantilesTo(dst, ps, Type7, x) does, and
// returns dst. x is not modified.
//
// It panics if len(dst) != len(ps), x is empty or holds a NaN or an
// infinity, or a p is outside [0, 1].
func (s *Selector) Quantiles7To(dst, ps, x []float64) []float64 {
	n := len(x)
	switch {
	case len(dst) != len(ps):
		panic("risk: Quantiles7To: len(dst) != len(ps)")
	case n == 0:
		panic("risk: Quantiles7To: no values")
	}
	for _, p := range ps {
		if !(p >= 0 && p <= 1) {
			panic("risk: Quantiles7To: probability outside [0, 1]")
		}
	}
	lo, hi, nonFinite := x[0], x[0], 0.0
	for _, v := range x {
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
		nonFinite += v * 0 // NaN for a NaN or an infinity, else 0
	}
	if nonFinite != 0 {
		panic("risk: Quantiles7To: NaN or infinity in the values")
	}

	// The order statistics wanted: for each p, the one at floor(h) and,
	// when h is not whole, the next, h = (n-1)p.
	s.ranks = s.ranks[:0]
	for _, p := range ps {
		r, frac := type7Index(n, p)
		s.ranks = append(s.ranks, r)
		if frac > 0 {
			s.ranks = append(s.ranks, r+1)
		}
	}
	slices.Sort(s.ranks)
	s.ranks = slices.Compact(s.ranks)
	s.stats = append(s.stats[:0], make([]float64, len(s.ranks))...)

	switch width := hi - lo; {
	case width == 0:
		for i := range s.stats {
			s.stats[i] = lo
		}
	case math.IsInf(width, 0):
		// A range too wide for a float64: sort a copy.
		s.picked = append(s.picked[:0], x...)
		slices.Sort(s.picked)
		for i, r := range s.ranks {
			s.stats[i] = s.picked[r]
		}
	default:
		s.histogram(x, lo, selectBuckets/width)
	}

	for i, p := range ps {
		r, frac := type7Index(n, p)
		v := s.stat(r)
		if frac > 0 {
			v = lerpMonotone(v, s.stat(r+1), frac)
		}
		dst[i] = v
	}
	return dst
}

// histogram finds s.stats by bucketing x: value v goes to bucket
// (v - lo) scale, which is monotone in v. It is histogramSum without the
// sum.
func (s *Selector) histogram(x []float64, lo, scale float64) {
	s.histogramSum(x, lo, scale, -1)
}

// stat returns the value of wanted order statistic r.
func (s *Selector) stat(r int) float64 {
	i, _ := slices.BinarySearch(s.ranks, r)
	return s.stats[i]
}

// type7Index returns the order statistic below the type-7 position
// h = (n-1)p and h's fraction above it (h snapped as snapIndex does).
func type7Index(n int, p float64) (int, float64) {
	h := snapIndex(float64(n-1) * p)
	lo := int(math.Floor(h))
	return min(lo, n-1), h - float64(lo)
}

// Tail returns the value at risk and the conditional value at risk of
// profits at the confidence level, as positive losses, as VaRCVaR
// defines them: VaR is minus the type-7 quantile at 1-level (equal to
// risk's, as Quantiles7To's quantiles are), CVaR the exact fractional tail
// mean of Acerbi and Tasche, equal to risk's up to the rounding of the tail
// sum, which is summed in another order (in profits' order below the
// bucket of the tail's edge, in ascending order within it). profits is not
// modified.
//
// It panics if level is outside (0, 1), or where Quantiles7To panics.
func (s *Selector) Tail(level float64, profits []float64) (valueAtRisk, expectedShortfall float64) {
	if !(level > 0 && level < 1) {
		panic("risk: Tail: level outside (0, 1)")
	}
	n := len(profits)
	if n == 0 {
		panic("risk: Tail: no values")
	}
	k := snapIndex((1 - level) * float64(n))
	m := int(math.Floor(k)) // whole outcomes in the tail
	frac := k - float64(m)
	if m >= n {
		m, frac = n-1, 1
	}
	// The order statistics wanted: VaR's (see Quantiles7To) and m.
	r, hf := type7Index(n, 1-level)
	s.ranks = append(s.ranks[:0], r, m)
	if hf > 0 {
		s.ranks = append(s.ranks, r+1)
	}
	slices.Sort(s.ranks)
	s.ranks = slices.Compact(s.ranks)
	s.stats = append(s.stats[:0], make([]float64, len(s.ranks))...)

	lo, hi, nonFinite := profits[0], profits[0], 0.0
	for _, v := range profits {
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
		nonFinite += v * 0
	}
	if nonFinite != 0 {
		panic("risk: Tail: NaN or infinity in the values")
	}
	var sum float64 // of the m smallest
	switch width := hi - lo; {
	case width == 0:
		for i := range s.stats {
			s.stats[i] = lo
		}
		sum = float64(m) * lo
	case math.IsInf(width, 0):
		s.picked = append(s.picked[:0], profits...)
		slices.Sort(s.picked)
		for i, r := range s.ranks {
			s.stats[i] = s.picked[r]
		}
		for _, v := range s.picked[:m] {
			sum += v
		}
	default:
		sum = s.histogramSum(profits, lo, selectBuckets/width, m)
	}
	q := s.stat(r)
	if hf > 0 {
		q = lerpMonotone(q, s.stat(r+1), hf)
	}
	if m == 0 {
		return -q, -s.stat(0)
	}
	if frac > 0 {
		sum += frac * s.stat(m)
	}
	return -q, -sum / k
}

// histogramSum is histogram that also returns the sum of the m smallest
// values of x, m one of s.ranks: those of lower buckets in x's order, then
// those of m's bucket in ascending order. A negative m sums nothing.
func (s *Selector) histogramSum(x []float64, lo, scale float64, m int) float64 {
	bucket := func(v float64) int { return min(int((v-lo)*scale), selectBuckets-1) }
	clear(s.counts[:])
	for _, v := range x {
		s.counts[bucket(v)]++
	}
	var place [16]struct{ bucket, below, gathered int }
	pl := place[:0]
	b, below, gathered := 0, 0, 0
	bm, belowM, gatheredM := 0, 0, 0
	for _, r := range s.ranks {
		for below+int(s.counts[b]) <= r {
			if s.want[b] {
				gathered += int(s.counts[b])
			}
			below += int(s.counts[b])
			b++
		}
		s.want[b] = true
		pl = append(pl, struct{ bucket, below, gathered int }{b, below, gathered})
		if r == m {
			bm, belowM, gatheredM = b, below, gathered
		}
	}
	var sum float64
	s.picked = s.picked[:0]
	for _, v := range x {
		c := bucket(v)
		if c < bm {
			sum += v
		}
		if s.want[c] {
			s.picked = append(s.picked, v)
		}
	}
	slices.Sort(s.picked)
	for i, r := range s.ranks {
		s.stats[i] = s.picked[r-pl[i].below+pl[i].gathered]
		s.want[pl[i].bucket] = false
	}
	if m < 0 {
		return 0
	}
	for _, v := range s.picked[gatheredM : gatheredM+m-belowM] {
		sum += v
	}
	return sum
}
