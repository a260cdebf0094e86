package market

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// A *Stream is a rand.Source.
var _ rand.Source = (*Stream)(nil)

// xoshiro256++ from the state {1, 2, 3, 4}: the first ten outputs of the
// reference C code (https://prng.di.unimi.it/xoshiro256plusplus.c), as
// rust-random's rand_xoshiro checks them (src/xoshiro256plusplus.rs,
// test "reference").
func TestStreamReference(t *testing.T) {
	r := Stream{s: [4]uint64{1, 2, 3, 4}}
	want := []uint64{41943041, 58720359, 3588806011781223, 3591011842654386,
		9228616714210784205, 9973669472204895162, 14011001112246962877,
		12406186145184390807, 15849039046786891736, 10450023813501588000}
	for i, w := range want {
		if got := r.Uint64(); got != w {
			t.Fatalf("output %d: %d, want %d", i, got, w)
		}
	}
}

// Seed(0, b): the first two words are SplitMix64's first two outputs from
// 0, 0xe220a8397b1dcdaf and 0x6e789e6aa1b965f4 (Vigna's splitmix64.c, the
// published vector), and the last two its first two from b XOR the first
// word. Seeds that differ in either word give different streams.
func TestStreamSeed(t *testing.T) {
	for _, b := range []uint64{0, 1, 0xe220a8397b1dcdaf} {
		r := NewStream(0, b)
		if r.s[0] != 0xe220a8397b1dcdaf || r.s[1] != 0x6e789e6aa1b965f4 {
			t.Errorf("Seed(0, %d): first words %#x %#x", b, r.s[0], r.s[1])
		}
		var sm Stream
		sm.Seed(b^0xe220a8397b1dcdaf, 0)
		if r.s[2] != sm.s[0] || r.s[3] != sm.s[1] {
			t.Errorf("Seed(0, %d): last words %#x %#x, want %#x %#x", b, r.s[2], r.s[3], sm.s[0], sm.s[1])
		}
	}
	seen := map[[4]uint64]bool{}
	for a := range uint64(20) {
		for b := range uint64(20) {
			r := NewStream(a, b)
			if r.s == [4]uint64{} || seen[r.s] {
				t.Fatalf("Seed(%d, %d): state %v is zero or repeats", a, b, r.s)
			}
			seen[r.s] = true
		}
	}
}

// Float64 is the top 53 bits over 2^53; ExpFloat64 is -ln of the open
// uniform of the same bits.
func TestStreamFloat64(t *testing.T) {
	a, b := NewStream(3, 4), NewStream(3, 4)
	for range 1000 {
		w := a.Uint64()
		if got, want := b.Float64(), float64(w>>11)/(1<<53); got != want {
			t.Fatalf("Float64 %v, want %v", got, want)
		}
		w = a.Uint64()
		if got, want := b.ExpFloat64(), -math.Log((float64(w>>11)+0.5)/(1<<53)); got != want {
			t.Fatalf("ExpFloat64 %v, want %v", got, want)
		}
	}
	// The extremes: all-zero and all-one top bits.
	if got := -math.Log(0.5 / (1 << 53)); !(got < 37.5) {
		t.Errorf("largest ExpFloat64 %v", got)
	}
}

// normals draws n normals from NewStream(seed, 1).
func normals(n int, seed uint64) []float64 {
	r := NewStream(seed, 1)
	z := make([]float64, n)
	for i := range z {
		z[i] = r.NormFloat64()
	}
	return z
}

// The ziggurat's normals have the standard normal's mean, variance and
// tail probabilities within sampling error: 10^7 draws, each statistic
// within 5 standard errors (a chance of about 6e-7 each of failing for a
// correct generator). The standard errors: mean 1/sqrt(n); variance
// sqrt(2/n); a probability p, sqrt(p(1-p)/n). The tails are exact normal
// probabilities, 2 Q(a) = erfc(a/√2); P(|Z| > r) tests the share of
// draws that go to the tail method, P(|Z| > 4) and P(|Z| > 4.5) the tail
// method's shape.
func TestNormalMoments(t *testing.T) {
	n := 10_000_000
	if testing.Short() {
		n = 1_000_000
	}
	z := normals(n, 42)
	var s, ss float64
	for _, v := range z {
		s += v
		ss += v * v
	}
	fn := float64(n)
	mean := s / fn
	variance := ss/fn - mean*mean
	if se := 1 / math.Sqrt(fn); math.Abs(mean) > 5*se {
		t.Errorf("mean %.3g, more than 5 standard errors (%.3g) from 0", mean, se)
	}
	if se := math.Sqrt(2 / fn); math.Abs(variance-1) > 5*se {
		t.Errorf("variance %.6f, more than 5 standard errors (%.3g) from 1", variance, se)
	}
	for _, a := range []float64{1, 2, 3, 3.6541528853610088, 4, 4.5} {
		k := 0
		for _, v := range z {
			if math.Abs(v) > a {
				k++
			}
		}
		p := math.Erfc(a / math.Sqrt2)
		got := float64(k) / fn
		se := math.Sqrt(p * (1 - p) / fn)
		if math.Abs(got-p) > 5*se {
			t.Errorf("P(|Z| > %v) = %.4g, want %.4g within 5 standard errors (%.2g)", a, got, p, se)
		}
		// Each sign's half.
		k = 0
		for _, v := range z {
			if v > a {
				k++
			}
		}
		got, p = float64(k)/fn, p/2
		se = math.Sqrt(p * (1 - p) / fn)
		if math.Abs(got-p) > 5*se {
			t.Errorf("P(Z > %v) = %.4g, want %.4g within 5 standard errors (%.2g)", a, got, p, se)
		}
	}
}

// Pearson's chi-square of 10^7 normals in 1,000 cells of equal
// probability under the normal CDF Φ (cell of z: floor(1000 Φ(z))),
// against the chi-square distribution with 999 degrees of freedom: the
// statistic must stay below its 1 - 1e-6 quantile. Fine cells catch a
// wrong layer edge or wedge anywhere in the body.
func TestNormalChiSquare(t *testing.T) {
	n, cells := 10_000_000, 1000
	if testing.Short() {
		n, cells = 1_000_000, 200
	}
	for _, seed := range []uint64{1} {
		count := make([]float64, cells)
		for _, v := range normals(n, seed) {
			c := int(float64(cells) * 0.5 * math.Erfc(-v/math.Sqrt2))
			count[min(c, cells-1)]++
		}
		e := float64(n) / float64(cells)
		chi := 0.0
		for _, c := range count {
			chi += (c - e) * (c - e) / e
		}
		limit := distuv.ChiSquared{K: float64(cells - 1)}.Quantile(1 - 1e-6)
		if chi > limit {
			t.Errorf("seed %d: chi-square %.1f over %d cells, above the 1-1e-6 quantile %.1f", seed, chi, cells, limit)
		}
		t.Logf("seed %d: chi-square %.1f, %d degrees of freedom", seed, chi, cells-1)
	}
}

// The Kolmogorov-Smirnov distance of 10^6 normals from Φ stays below the
// asymptotic critical value at 1e-6, sqrt(ln(2/1e-6)/2)/sqrt(n), from the
// Kolmogorov distribution's tail 2 exp(-2 n D²) (an upper bound on the
// exact tail, so the test is if anything stricter than 1e-6).
func TestNormalKS(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	z := normals(n, 7)
	slices.Sort(z)
	d := 0.0
	for i, v := range z {
		f := 0.5 * math.Erfc(-v/math.Sqrt2)
		d = max(d, f-float64(i)/float64(n), float64(i+1)/float64(n)-f)
	}
	limit := math.Sqrt(math.Log(2/1e-6)/2) / math.Sqrt(float64(n))
	if d > limit {
		t.Errorf("KS distance %.3g, above the 1e-6 critical value %.3g", d, limit)
	}
	t.Logf("KS distance %.3g (critical %.3g)", d, limit)
}

// ExpFloat64's mean is 1 and P(X > 5) = e^-5, within 5 standard errors
// of 10^6 draws.
func TestExpFloat64(t *testing.T) {
	r := NewStream(9, 9)
	n := 1_000_000
	var s float64
	k := 0
	for range n {
		x := r.ExpFloat64()
		s += x
		if x > 5 {
			k++
		}
	}
	fn := float64(n)
	if se := 1 / math.Sqrt(fn); math.Abs(s/fn-1) > 5*se {
		t.Errorf("mean %.5f, want 1 within %.3g", s/fn, 5*se)
	}
	p := math.Exp(-5)
	if se := math.Sqrt(p * (1 - p) / fn); math.Abs(float64(k)/fn-p) > 5*se {
		t.Errorf("P(X > 5) = %.5g, want %.5g within %.2g", float64(k)/fn, p, 5*se)
	}
}

func BenchmarkStreamUint64(b *testing.B) {
	r := NewStream(1, 2)
	var s uint64
	for b.Loop() {
		s += r.Uint64()
	}
	if s == 0 {
		b.Log(s)
	}
}

func BenchmarkStreamNormFloat64(b *testing.B) {
	r := NewStream(1, 2)
	var s float64
	for b.Loop() {
		s += r.NormFloat64()
	}
	if s == 0.5 {
		b.Log(s)
	}
}

// BenchmarkNormalRandV2 is what Stream replaces: math/rand/v2's
// NormFloat64 over its PCG.
func BenchmarkNormalRandV2(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var s float64
	for b.Loop() {
		s += r.NormFloat64()
	}
	if s == 0.5 {
		b.Log(s)
	}
}

// NormFloat64s draws what NormFloat64 draws from each stream, and leaves
// each where NormFloat64 leaves it, over enough draws for the slow paths.
func TestNormFloat64s(t *testing.T) {
	const n = 7
	rngs, twins := make([]*Stream, n), make([]*Stream, n)
	for k := range rngs {
		rngs[k], twins[k] = NewStream(uint64(k), 5), NewStream(uint64(k), 5)
	}
	dst := make([]float64, n)
	for range 2000 {
		NormFloat64s(dst, rngs)
		for k, r := range twins {
			if want := r.NormFloat64(); dst[k] != want || *r != *rngs[k] {
				t.Fatalf("stream %d: %v, want %v", k, dst[k], want)
			}
		}
	}
}

// BenchmarkPoissonSrc is the pool's block count under PPLNS and PPS+ in
// economics: gonum's distuv.Poisson with a Stream, and with the PCG it
// replaced, as Src, at a mean of 100.8 blocks: economics'
// DefaultPoolShare, 0.1, of a week's 1,008 blocks (gonum's PTRS method,
// for means of 10 and more: about two uniforms a draw).
func BenchmarkPoissonSrc(b *testing.B) {
	for _, c := range []struct {
		name string
		src  rand.Source
	}{{"Stream", NewStream(1, 2)}, {"PCG", rand.NewPCG(1, 2)}} {
		b.Run(c.name, func(b *testing.B) {
			p := distuv.Poisson{Lambda: 100.8, Src: c.src}
			var s float64
			b.ReportAllocs()
			for b.Loop() {
				s += p.Rand()
			}
			if s == 0.5 {
				b.Log(s)
			}
		})
	}
}
