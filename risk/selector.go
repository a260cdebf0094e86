package risk

import (
	"math"
	"slices"
)

// selectBuckets is the number of histogram buckets of a Selector.
const selectBuckets = 2048

// selectMinLen is the sample size from which QuantilesTo finds type-7
// quantiles with a Selector instead of by selection on a copy of the
// sample, and selectCrowd bounds the share, 1/selectCrowd, of the sample
// that the Selector may gather and sort before QuantilesTo gives up on it
// and selects on a copy after all.
//
// Measured with BenchmarkQuantiles7To (-benchtime 200ms -cpu 1, on two
// cores shared with other work, so to within a third or so): for the 5 %
// quantile of a normal sample or of stRandom's mixture, selection on a copy
// took 22 to 31 µs at 4096 values against the Selector's 25 to 45, 43 to
// 68 against 37 to 74 at 8192, 215 to 300 against 70 to 85 at 16384, and
// 1.8 to 3.1 ms against 0.4 to 0.8 at 100,000, besides allocating the copy.
// For five quantiles the Selector was 4 times faster from 8192 values on
// normal samples, but it sorts whole buckets: on the mixture it gathered a
// quarter to a half of the sample and ranged from 1.5 times faster (a
// quarter) to 2 times slower (a half), and one outlier of 1e200 among
// 100,000 normal values puts them all in one bucket, which made it 6 times
// slower than selection (14 ms against 2.4); QuantilesTo then falls back,
// at 3.7 ms.
const (
	selectMinLen = 8192
	selectCrowd  = 3
)

// Selector computes type-7 sample quantiles (those of R's default and
// numpy.quantile; see Type7) of large samples in a few linear passes: one
// finds the range, one counts the values in equal-width buckets of it, one
// gathers the values of the few buckets that hold the order statistics
// wanted, and only those are sorted. Its quantiles are those of
// QuantilesTo with Type7, which uses a Selector itself for samples of 8192
// values or more (but those that crowd its buckets); a caller with many
// samples (a band at every step of a simulation) keeps one Selector so that
// its scratch memory is reused. A zero quantile among tied zeros of both
// signs may come out as 0 or -0. Every finite sample works: one whose
// range is positive but below about 1e-305 (where the bucket scale
// selectBuckets/range would overflow) is bucketed after scaling its
// differences by a power of two, one whose range overflows a float64 is
// sorted, and the type-7 interpolation between neighbours near ±MaxFloat64
// does not overflow (see lerpMonotone).
//
// The zero value is ready to use. A Selector holds scratch memory and is not
// safe for concurrent use.
type Selector struct {
	counts [selectBuckets]int32
	want   [selectBuckets]bool
	picked []float64
	ranks  []int     // order statistics wanted, ascending once orderStats has run
	stats  []float64 // their values
}

// Quantiles7To writes to dst[i] the type-7 sample quantile of x at
// probability ps[i], as QuantilesTo(dst, ps, Type7, x) does, and returns
// dst. x is not modified.
//
// It panics if len(dst) != len(ps), if x is empty or holds a NaN or an
// infinity, or if a probability is outside [0, 1] or NaN.
func (s *Selector) Quantiles7To(dst, ps, x []float64) []float64 {
	if len(dst) != len(ps) {
		panic("risk: Quantiles7To: len(dst) != len(ps)")
	}
	lo, hi := sampleRange("Quantiles7To", x)
	for _, p := range ps {
		if !(p >= 0 && p <= 1) {
			panic("risk: Quantiles7To: probability outside [0, 1]")
		}
	}
	s.quantiles7(dst, ps, x, lo, hi, len(x))
	return dst
}

// quantiles7 is Quantiles7To for probabilities in [0, 1] and a finite,
// non-empty x whose least value is lo and greatest hi, unless the order
// statistics wanted lie in buckets that hold more than crowd values: it
// then reports false and leaves dst as it was (see orderStats).
func (s *Selector) quantiles7(dst, ps, x []float64, lo, hi float64, crowd int) bool {
	n := len(x)
	s.ranks = s.ranks[:0]
	for _, p := range ps {
		s.ranks = type7Ranks(s.ranks, n, p)
	}
	if _, ok := s.orderStats(x, lo, hi, -1, crowd); !ok {
		return false
	}
	for i, p := range ps {
		dst[i] = s.type7(n, p)
	}
	return true
}

// Tail returns the value at risk and the conditional value at risk of
// profits at the confidence level, as positive losses, as VaRCVaR defines
// them. VaR equals VaRCVaR's (bit for bit but for the sign of a zero);
// CVaR, the exact fractional tail mean of Acerbi and Tasche, equals
// VaRCVaR's up to the rounding of the tail sum, which Tail adds in another
// order (in profits' order below the bucket of the tail's edge, in
// ascending order within it). profits is not modified. Any finite sample
// gives finite results, whatever its range: one of values 1e-310 apart
// as one of values at ±MaxFloat64 (whose tail sum, when it overflows, is
// added scaled, as CVaR adds it).
//
// It panics if level is outside (0, 1) or NaN, or if profits is empty or
// holds a NaN or an infinity.
func (s *Selector) Tail(level float64, profits []float64) (valueAtRisk, expectedShortfall float64) {
	panicIfBadLevel("Tail", level)
	lo, hi := sampleRange("Tail", profits)
	n := len(profits)
	k, m, frac := tailSize(level, n)
	// The order statistics wanted: VaR's and m, the tail's edge.
	s.ranks = append(type7Ranks(s.ranks[:0], n, 1-level), m)
	sum, _ := s.orderStats(profits, lo, hi, m, n) // of the m smallest
	q := s.type7(n, 1-level)
	if m == 0 {
		return -q, -s.stat(0)
	}
	if frac > 0 {
		sum += frac * s.stat(m)
	}
	if math.IsInf(sum, 0) {
		// The tail's sum overflows (profits near ±MaxFloat64): select
		// the tail on a copy and add it scaled, as CVaR does.
		s.picked = append(s.picked[:0], profits...)
		selectNth(s.picked, m)
		return -q, -scaledTailMean(s.picked[:m], frac, s.picked[m], k)
	}
	return -q, -sum / k
}

// type7Ranks appends to ranks the order statistics that the type-7
// quantile at p of n values needs: the one at floor(h), h = (n-1)p, and
// the next when h is not whole.
func type7Ranks(ranks []int, n int, p float64) []int {
	r, frac := type7Index(n, p)
	ranks = append(ranks, r)
	if frac > 0 {
		ranks = append(ranks, r+1)
	}
	return ranks
}

// type7 returns the type-7 quantile at p of the n values whose order
// statistics orderStats has found.
func (s *Selector) type7(n int, p float64) float64 {
	r, frac := type7Index(n, p)
	v := s.stat(r)
	if frac > 0 {
		v = lerpMonotone(v, s.stat(r+1), frac)
	}
	return v
}

// stat returns the value of wanted order statistic r.
func (s *Selector) stat(r int) float64 {
	i, _ := slices.BinarySearch(s.ranks, r)
	return s.stats[i]
}

// orderStats sorts and deduplicates s.ranks and sets s.stats[i] to the
// value of order statistic s.ranks[i] of x, whose least value is lo and
// greatest hi. It returns the sum of the m smallest values of x, m one of
// s.ranks, or 0 if m is negative.
//
// It gathers and sorts the values of the buckets that hold the order
// statistics wanted (all of x when the range overflows a float64). If
// those are more than crowd values, it stops before gathering them and
// reports false: a heavy tail or an outlier that squeezes most of x into
// a few buckets makes the sort cost more than selection would.
func (s *Selector) orderStats(x []float64, lo, hi float64, m, crowd int) (float64, bool) {
	slices.Sort(s.ranks)
	s.ranks = slices.Compact(s.ranks)
	s.stats = append(s.stats[:0], make([]float64, len(s.ranks))...)
	width := hi - lo
	switch {
	case width == 0:
		for i := range s.stats {
			s.stats[i] = lo
		}
		if m < 0 {
			return 0, true
		}
		return float64(m) * lo, true
	case math.IsInf(width, 0):
		// A range too wide for a float64: sort a copy.
		return s.sortedSum(x, m, crowd)
	}
	if len(x) > math.MaxInt32 {
		// More values than a bucket's int32 count holds: sort a copy.
		return s.sortedSum(x, m, crowd)
	}
	if scale := selectBuckets / width; !math.IsInf(scale, 0) {
		return s.histogramSum(x, lo, 1, scale, m, crowd)
	}
	// A positive range below about 1.1e-305 (selectBuckets/MaxFloat64): its
	// reciprocal overflows. Differences v - lo are then tiny, and scaling
	// them by a power of two first is exact and keeps the buckets
	// monotone in v.
	return s.histogramSum(x, lo, tinyRangeScale, selectBuckets/(width*tinyRangeScale), m, crowd)
}

// tinyRangeScale multiplies the differences v - lo of a sample whose range
// is too small for selectBuckets/range to be finite (2^600: the least
// positive range, 2^-1074, becomes 2^-474, whose reciprocal is finite).
const tinyRangeScale = 0x1p600

// sortedSum is orderStats by sorting a copy of x, for a range too wide for
// a float64 or a sample too long for the bucket counts; it reports false
// if x holds more than crowd values.
func (s *Selector) sortedSum(x []float64, m, crowd int) (float64, bool) {
	if len(x) > crowd {
		return 0, false
	}
	s.picked = append(s.picked[:0], x...)
	slices.Sort(s.picked)
	for i, r := range s.ranks {
		s.stats[i] = s.picked[r]
	}
	var sum float64
	for _, v := range s.picked[:max(m, 0)] {
		sum += v
	}
	return sum, true
}

// histogramSum is orderStats for a finite, non-zero range: value v goes to
// bucket ((v - lo) pre) scale, which is monotone in v (pre is 1, or a
// power of two for a tiny range, so that the product is exact). The sum of the m smallest
// values adds those of lower buckets than m's in x's order, then those of
// m's bucket in ascending order.
func (s *Selector) histogramSum(x []float64, lo, pre, scale float64, m, crowd int) (float64, bool) {
	bucket := func(v float64) int { return min(int((v-lo)*pre*scale), selectBuckets-1) }
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
		if !s.want[b] && gathered+int(s.counts[b]) > crowd {
			for _, p := range pl {
				s.want[p.bucket] = false
			}
			return 0, false
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
		return 0, true
	}
	for _, v := range s.picked[gatheredM : gatheredM+m-belowM] {
		sum += v
	}
	return sum, true
}

// sampleRange returns the least and the greatest value of x in one pass.
//
// It panics, naming fn, if x is empty or holds a NaN or an infinity.
func sampleRange(fn string, x []float64) (lo, hi float64) {
	if len(x) == 0 {
		panic("risk: " + fn + ": empty sample")
	}
	lo, hi = x[0], x[0]
	nonFinite := 0.0
	for _, v := range x {
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
		nonFinite += v * 0 // NaN for a NaN or an infinity, else ±0
	}
	if nonFinite != 0 {
		panic("risk: " + fn + ": NaN or infinity in sample")
	}
	return lo, hi
}
