package risk

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// ErrEncoding reports a malformed Summary encoding passed to
// Summary.UnmarshalBinary.
var ErrEncoding = errors.New("risk: malformed Summary encoding")

// Summary accumulates the count, mean, central moments, minimum and maximum
// of a stream of values in constant memory, one value at a time (Add) or by
// merging the summaries of parts of the stream (Merge). It is how a
// simulation summarizes paths without holding them, and how shards of a
// simulation run on different goroutines or machines combine.
//
// The zero value is an empty summary, ready to use. A Summary is a plain
// value: copying it copies the summary. Add, Merge and UnmarshalBinary need
// a pointer; the other methods do not modify it.
//
// Add uses the one-pass updates of Welford and Terriberry for the central
// moment sums M2, M3 and M4; Merge uses the pairwise formulas of Chan, Golub
// and LeVeque (1979) extended to M3 and M4 by Pébay (Sandia report
// SAND2008-6212). Merging the summaries of the parts of a data set agrees
// with one pass over the whole to within rounding (the tests hold the mean,
// variance, skewness and kurtosis to 1e-12 relative), though not bit for bit.
//
// Reproducibility: every operation in Add and Merge is rounded on its own
// (explicit float64 conversions forbid fused multiply-add), so a given
// sequence of Add and Merge calls gives the same bits on every platform.
// Merge is not associative to the bit, so to get the same bits whatever the
// scheduling, summarize fixed chunks of the data and merge the chunk
// summaries in a fixed order (for example, chunk 0, then 1, then 2).
//
// MarshalBinary and UnmarshalBinary ship a Summary between processes or
// machines exactly.
type Summary struct {
	n          int64
	mean       float64
	m2, m3, m4 float64 // sums of (x-mean)^j
	min, max   float64
}

// Add adds the value x to the summary.
//
// Special case: the moment sums overflow for deviations beyond about 1e77
// (M4) or 1e154 (M2), or for a mean whose update overflows (values of
// both signs near ±MaxFloat64). The summary then reports a Variance of
// +Inf or NaN and Skewness and ExcessKurtosis NaN, and UnmarshalBinary
// refuses its encoding (a non-finite field): callers with such values
// should rescale them first.
//
// It panics if x is NaN or infinite.
func (s *Summary) Add(x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		panic("risk: Summary.Add: NaN or infinite value")
	}
	if s.n == 0 {
		*s = Summary{n: 1, mean: x, min: x, max: x}
		return
	}
	n1 := float64(s.n)
	s.n++
	n := float64(s.n)
	delta := x - s.mean
	dn := delta / n
	dn2 := mulRounded(dn, dn)
	t1 := mulRounded(mulRounded(delta, dn), n1)
	s.mean += dn
	s.m4 += mulRounded(mulRounded(t1, dn2), mulRounded(n, n)-mulRounded(3, n)+3) + mulRounded(6, mulRounded(dn2, s.m2)) - mulRounded(4, mulRounded(dn, s.m3))
	s.m3 += mulRounded(mulRounded(t1, dn), n-2) - mulRounded(3, mulRounded(dn, s.m2))
	s.m2 += t1
	s.min = min(s.min, x)
	s.max = max(s.max, x)
}

// Merge adds to s all the values summarized by other, as if each had been
// passed to s.Add. Merging an empty summary changes nothing; merging into an
// empty summary copies other.
func (s *Summary) Merge(other Summary) {
	if other.n == 0 {
		return
	}
	if s.n == 0 {
		*s = other
		return
	}
	na, nb := float64(s.n), float64(other.n)
	n := na + nb
	d := other.mean - s.mean
	d2 := mulRounded(d, d)
	nab := mulRounded(na, nb)
	m2 := s.m2 + other.m2 + mulRounded(d2, nab)/n
	m3 := s.m3 + other.m3 +
		mulRounded(mulRounded(d2, d), mulRounded(nab, na-nb))/mulRounded(n, n) +
		mulRounded(mulRounded(3, d), mulRounded(na, other.m2)-mulRounded(nb, s.m2))/n
	m4 := s.m4 + other.m4 +
		mulRounded(mulRounded(d2, d2), mulRounded(nab, mulRounded(na, na)-nab+mulRounded(nb, nb)))/mulRounded(mulRounded(n, n), n) +
		mulRounded(mulRounded(6, d2), mulRounded(mulRounded(na, na), other.m2)+mulRounded(mulRounded(nb, nb), s.m2))/mulRounded(n, n) +
		mulRounded(mulRounded(4, d), mulRounded(na, other.m3)-mulRounded(nb, s.m3))/n
	s.mean += mulRounded(d, nb) / n
	s.m2, s.m3, s.m4 = m2, m3, m4
	s.n += other.n
	s.min = min(s.min, other.min)
	s.max = max(s.max, other.max)
}

// mulRounded returns a*b rounded to float64. The explicit conversion forbids the
// compiler to fuse the product into a following addition (an FMA), which
// some platforms would otherwise do, so that Add and Merge give the same
// bits everywhere.
func mulRounded(a, b float64) float64 { return float64(a * b) }

// N returns the number of values summarized.
func (s Summary) N() int { return int(s.n) }

// Mean returns the mean of the values, or NaN if there are none.
func (s Summary) Mean() float64 {
	if s.n == 0 {
		return math.NaN()
	}
	return s.mean
}

// Variance returns the unbiased sample variance of the values (divided by
// n-1, as Variance), or NaN if there are fewer than two.
func (s Summary) Variance() float64 {
	if s.n < 2 {
		return math.NaN()
	}
	return s.m2 / float64(s.n-1)
}

// StdDev returns the square root of Variance, or NaN if there are fewer
// than two values.
func (s Summary) StdDev() float64 { return math.Sqrt(s.Variance()) }

// StdErr returns the standard error of the mean, StdDev/sqrt(N), or NaN if
// there are fewer than two values.
func (s Summary) StdErr() float64 { return s.StdDev() / math.Sqrt(float64(s.n)) }

// Min returns the least value, or NaN if there are none.
func (s Summary) Min() float64 {
	if s.n == 0 {
		return math.NaN()
	}
	return s.min
}

// Max returns the greatest value, or NaN if there are none.
func (s Summary) Max() float64 {
	if s.n == 0 {
		return math.NaN()
	}
	return s.max
}

// Skewness returns the population skewness g1 = m3/m2^1.5 of the values, as
// the function Skewness (scipy.stats.skew with bias=True).
//
// Special cases (see momentRatio): it is NaN if there are no values, if all
// are equal (M2 = 0), if their spread is so small that the sums of cubed
// and fourth-power deviations underflow (M2 below 2^-500, about 3e-151),
// or if a moment sum overflowed (deviations beyond about 1e77).
func (s Summary) Skewness() float64 {
	g1, _ := momentRatios(float64(s.n), s.m2, s.m3, s.m4)
	return g1
}

// ExcessKurtosis returns the population excess kurtosis g2 = m4/m2^2 - 3 of
// the values, as the function ExcessKurtosis (scipy.stats.kurtosis with its
// defaults). Its special cases are those of Skewness: NaN for no values,
// all values equal, M2 below 2^-500 or a moment sum that overflowed.
func (s Summary) ExcessKurtosis() float64 {
	_, g2 := momentRatios(float64(s.n), s.m2, s.m3, s.m4)
	return g2
}

// minMomentSum is the least sum of squared deviations M2 from which the
// moment ratios are computed: below it the cubes and fourth powers of the
// deviations underflow (a deviation below 2^-256 has a subnormal or zero
// fourth power), so that M3 and M4 no longer describe the data, and
// m2*sqrt(m2) itself underflows to zero from about 2^-716.
const minMomentSum = 0x1p-500

// momentRatios returns the skewness g1 = sqrt(n) M3 / M2^1.5 and the excess
// kurtosis g2 = n M4 / M2^2 - 3 from the sums of powers of deviations M2,
// M3, M4 of n values. Both are NaN when n is 0, when M2 is 0 (all values
// equal) or below minMomentSum (too small a spread for M3 and M4 to be
// represented), or when a sum is not finite (deviations beyond about 1e77
// overflow their fourth powers).
func momentRatios(n, m2, m3, m4 float64) (g1, g2 float64) {
	if !momentsDefined(n, m2, m3, m4) {
		return math.NaN(), math.NaN()
	}
	return math.Sqrt(n) * m3 / (m2 * math.Sqrt(m2)), n*m4/(m2*m2) - 3
}

// momentsDefined reports whether momentRatios has ratios to give: n > 0,
// M2 in [minMomentSum, +Inf), M3 and M4 finite.
func momentsDefined(n, m2, m3, m4 float64) bool {
	return n > 0 && m2 >= minMomentSum && !math.IsInf(m2, 0) &&
		!math.IsNaN(m3) && !math.IsInf(m3, 0) && !math.IsNaN(m4) && !math.IsInf(m4, 0)
}

// String returns a short human-readable form such as
// "n=1000 mean=0.5 sd=0.29 min=0 max=1".
func (s Summary) String() string {
	return fmt.Sprintf("n=%d mean=%.6g sd=%.6g min=%.6g max=%.6g", s.n, s.Mean(), s.StdDev(), s.Min(), s.Max())
}

// summaryVersion is the first byte of the binary encoding.
const summaryVersion = 1

// summaryLen is the length of the binary encoding: a version byte, the count
// and six float64s.
const summaryLen = 1 + 8 + 6*8

// MarshalBinary encodes s in 57 bytes: a version byte (1), then the count as
// a little-endian uint64, then the IEEE 754 bits of the mean, M2, M3, M4,
// minimum and maximum as little-endian uint64s. The encoding is exact:
// UnmarshalBinary restores the same bits, so shards summarized on different
// machines merge as if summarized in one process. It never returns an error.
func (s Summary) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, summaryLen)
	b = append(b, summaryVersion)
	b = binary.LittleEndian.AppendUint64(b, uint64(s.n))
	for _, f := range [...]float64{s.mean, s.m2, s.m3, s.m4, s.min, s.max} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	return b, nil
}

// UnmarshalBinary sets s to the summary encoded by MarshalBinary in data.
// It returns an error matching ErrEncoding, and leaves s unchanged, if data
// has the wrong length or version or describes no possible summary: a
// negative count, a non-finite field, a non-empty payload for a zero
// count, min > max, a mean outside [min, max], a negative M2 or M4, one
// value (or equal min and max) with a non-zero M2, M3 or M4 or a mean
// other than min, or moment sums larger than n values in [min, max] can
// have (|Mj| <= n (max-min)^j, for j = 2, 3, 4).
func (s *Summary) UnmarshalBinary(data []byte) error {
	if len(data) != summaryLen {
		return fmt.Errorf("%w: length %d, want %d", ErrEncoding, len(data), summaryLen)
	}
	if data[0] != summaryVersion {
		return fmt.Errorf("%w: version %d, want %d", ErrEncoding, data[0], summaryVersion)
	}
	n := int64(binary.LittleEndian.Uint64(data[1:]))
	names := [6]string{"mean", "M2", "M3", "M4", "min", "max"}
	var f [6]float64
	for i := range f {
		f[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[9+8*i:]))
		if math.IsNaN(f[i]) || math.IsInf(f[i], 0) {
			return fmt.Errorf("%w: %s = %v is not finite", ErrEncoding, names[i], f[i])
		}
	}
	t := Summary{n: n, mean: f[0], m2: f[1], m3: f[2], m4: f[3], min: f[4], max: f[5]}
	if n < 0 {
		return fmt.Errorf("%w: negative count %d", ErrEncoding, n)
	}
	if n == 0 {
		if t != (Summary{}) {
			return fmt.Errorf("%w: values for an empty summary", ErrEncoding)
		}
		*s = t
		return nil
	}
	if err := t.checkMoments(); err != nil {
		return err
	}
	*s = t
	return nil
}

// checkMoments reports an error matching ErrEncoding if t, a summary of
// n >= 1 values with finite fields, describes no possible data.
func (t Summary) checkMoments() error {
	switch {
	case t.min > t.max:
		return fmt.Errorf("%w: min %v > max %v", ErrEncoding, t.min, t.max)
	case !(t.mean >= t.min && t.mean <= t.max):
		return fmt.Errorf("%w: mean %v outside [min %v, max %v]", ErrEncoding, t.mean, t.min, t.max)
	case t.m2 < 0:
		return fmt.Errorf("%w: negative M2 (sum of squared deviations) %v", ErrEncoding, t.m2)
	case t.m4 < 0:
		return fmt.Errorf("%w: negative M4 (sum of fourth-power deviations) %v", ErrEncoding, t.m4)
	case (t.n == 1 || t.min == t.max) && (t.m2 != 0 || t.m3 != 0 || t.m4 != 0 || t.mean != t.min || t.min != t.max):
		return fmt.Errorf("%w: %d equal values with min %v, max %v, mean %v and moment sums %v, %v, %v (want one value and zeros)",
			ErrEncoding, t.n, t.min, t.max, t.mean, t.m2, t.m3, t.m4)
	}
	// n values in [min, max] deviate from their mean by at most the range
	// r, so |Mj| <= n r^j. (The products may overflow to +Inf: no limit.)
	n, r := float64(t.n), t.max-t.min
	for j, m := range [...]float64{t.m2, t.m3, t.m4} {
		if limit := n * math.Pow(r, float64(j+2)); math.Abs(m) > limit {
			return fmt.Errorf("%w: |M%d| = %v above n (max-min)^%d = %v", ErrEncoding, j+2, math.Abs(m), j+2, limit)
		}
	}
	return nil
}
