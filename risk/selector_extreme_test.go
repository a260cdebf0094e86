package risk

import (
	"math"
	"math/rand/v2"
	"testing"
)

// extremeSamples are finite samples at the edges of float64: all equal,
// ranges of a few subnormal steps (below the 1.1e-305 where the bucket
// scale selectBuckets/range overflows), values at ±MaxFloat64 whose tail
// sums overflow.
func extremeSamples(n int) map[string][]float64 {
	rng := rand.New(rand.NewPCG(9, 10))
	gen := map[string]func(i int) float64{
		"all equal":        func(int) float64 { return -3.25 },
		"two 1e-310 apart": func(i int) float64 { return float64(i%2) * 1e-310 },
		"subnormal spread": func(int) float64 { return float64(rng.IntN(1000)) * 5e-324 },
		"tiny range near 1e-295": func(i int) float64 {
			return 1e-295 + float64(rng.IntN(100))*math.SmallestNonzeroFloat64
		},
		"range 1e-306":    func(int) float64 { return -1e-300 + 1e-306*rng.Float64() },
		"all -MaxFloat64": func(int) float64 { return -math.MaxFloat64 },
		"±MaxFloat64":     func(i int) float64 { return float64(1-2*(i%2)) * math.MaxFloat64 },
		"near -MaxFloat64": func(int) float64 {
			return -math.MaxFloat64 * (1 - rng.Float64()*1e-3)
		},
		"-MaxFloat64 and small": func(i int) float64 {
			if i%3 == 0 {
				return -math.MaxFloat64
			}
			return rng.NormFloat64()
		},
	}
	out := make(map[string][]float64, len(gen))
	for name, f := range gen {
		x := make([]float64, n)
		for i := range x {
			x[i] = f(i)
		}
		out[name] = x
	}
	return out
}

// Every finite sample works in the Selector, QuantilesTo, VaRCVaR and
// CVaR: no panic, finite results equal to selection's, quantiles and tail
// means within the sample's range, and the Selector's tail equal to
// VaRCVaR's (to rounding of the tail sum).
func TestSelectorExtremeSamples(t *testing.T) {
	ps := []float64{0, 0.01, 0.05, 0.3, 0.5, 0.95, 1}
	var s Selector
	for _, n := range []int{1, 2, 3, 17, 1000, selectMinLen, 20_000} {
		for name, x := range extremeSamples(n) {
			lo, hi := x[0], x[0]
			for _, v := range x {
				lo, hi = min(lo, v), max(hi, v)
			}
			want := selectQuantiles(make([]float64, len(ps)), ps, Type7, x)
			got := s.Quantiles7To(make([]float64, len(ps)), ps, x)
			viaQ := QuantilesTo(make([]float64, len(ps)), ps, Type7, x)
			for i := range ps {
				if got[i] != want[i] || viaQ[i] != want[i] {
					t.Fatalf("%s n=%d: quantile %v: Selector %v, QuantilesTo %v, selection %v", name, n, ps[i], got[i], viaQ[i], want[i])
				}
				if !(want[i] >= lo && want[i] <= hi) {
					t.Fatalf("%s n=%d: quantile %v = %v outside [%v, %v]", name, n, ps[i], want[i], lo, hi)
				}
			}
			for _, level := range []float64{0.5, 0.95, 0.999} {
				v, c := s.Tail(level, x)
				v2, c2 := VaRCVaR(level, x)
				c3 := CVaR(level, x)
				for _, r := range []float64{v, c, v2, c2, c3} {
					if math.IsNaN(r) || math.IsInf(r, 0) {
						t.Fatalf("%s n=%d level %v: Tail %v %v, VaRCVaR %v %v, CVaR %v: not finite", name, n, level, v, c, v2, c2, c3)
					}
				}
				if v != v2 && !(v == 0 && v2 == 0) {
					t.Fatalf("%s n=%d level %v: Tail VaR %v, VaRCVaR %v", name, n, level, v, v2)
				}
				tol := 1e-12 * max(math.Abs(lo), math.Abs(hi))
				if math.Abs(c-c2) > tol || c3 != c2 {
					t.Fatalf("%s n=%d level %v: Tail CVaR %v, VaRCVaR %v, CVaR %v", name, n, level, c, c2, c3)
				}
				if c2 < -hi-tol || c2 > -lo+tol || c2 < v2-tol {
					t.Fatalf("%s n=%d level %v: CVaR %v outside [%v, %v] or below VaR %v", name, n, level, c2, -hi, -lo, v2)
				}
			}
		}
	}
}

// Golden tails of samples at the float64 limit, worked by hand: the tail
// mean of values all at -MaxFloat64 is -MaxFloat64 (a loss of MaxFloat64),
// at level 0.5 the tail of {-Max, +Max} x 4 is the four -Max values, and
// at 0.01 it is k = 7.92 values (to 1e-12 relative).
func TestCVaRAtMaxFloat64(t *testing.T) {
	allMin := []float64{-math.MaxFloat64, -math.MaxFloat64, -math.MaxFloat64, -math.MaxFloat64}
	pm := []float64{-math.MaxFloat64, math.MaxFloat64, -math.MaxFloat64, math.MaxFloat64, -math.MaxFloat64, math.MaxFloat64, -math.MaxFloat64, math.MaxFloat64}
	var s Selector
	for _, tc := range []struct {
		name  string
		level float64
		x     []float64
		want  float64
	}{
		{"all -Max, 0.5", 0.5, allMin, math.MaxFloat64},
		{"all -Max, 0.1", 0.1, allMin, math.MaxFloat64},
		{"±Max, 0.5", 0.5, pm, math.MaxFloat64},
		// k = 7.92: four -Max, three +Max and 0.92 of +Max, over 7.92.
		{"±Max, 0.01", 0.01, pm, 0.08 / 7.92 * math.MaxFloat64},
	} {
		_, c := VaRCVaR(tc.level, tc.x)
		_, cs := s.Tail(tc.level, tc.x)
		tol := 1e-12 * math.Abs(tc.want)
		if math.Abs(c-tc.want) > tol || math.Abs(cs-tc.want) > tol || CVaR(tc.level, tc.x) != c {
			t.Errorf("%s: CVaR %v, Tail %v, want %v", tc.name, c, cs, tc.want)
		}
	}
	// Type-7 quantile halfway between -Max and +Max is 0, not NaN or Inf.
	if q := Quantile(0.5, Type7, []float64{-math.MaxFloat64, math.MaxFloat64}); q != 0 {
		t.Errorf("median of ±Max = %v, want 0", q)
	}
}

// The mean of values near the float64 limit is finite and within their
// range (worked by hand: the mean of {Max, Max} is Max, of {Max, Max/2}
// is 0.75 Max).
func TestMeanAtMaxFloat64(t *testing.T) {
	for _, tc := range []struct {
		x    []float64
		want float64
	}{
		{[]float64{math.MaxFloat64, math.MaxFloat64}, math.MaxFloat64},
		{[]float64{-math.MaxFloat64, -math.MaxFloat64, -math.MaxFloat64}, -math.MaxFloat64},
		{[]float64{math.MaxFloat64, math.MaxFloat64 / 2}, 0.75 * math.MaxFloat64},
		{[]float64{math.MaxFloat64, -math.MaxFloat64}, 0},
	} {
		if got := Mean(tc.x); got != tc.want {
			t.Errorf("Mean(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
}

// CornishFisherVaR with sd = 0 is -mean even when the expansion would
// overflow (before, 0 times -Inf gave NaN).
func TestCornishFisherZeroSD(t *testing.T) {
	if got := CornishFisherVaR(0.95, 3, 0, 1e300, 1e300); got != -3 {
		t.Errorf("CornishFisherVaR with sd 0 = %v, want -3", got)
	}
}

// StdDev of values near the float64 limit is finite (worked by hand: the
// sample standard deviation of {-a, a} is a·sqrt(2)), where the variance
// 2a² overflows to +Inf.
func TestStdDevAtMaxFloat64(t *testing.T) {
	for _, a := range []float64{1e200, 1e300, math.MaxFloat64 / 2} {
		x := []float64{-a, a}
		if v := Variance(x); !math.IsInf(v, 1) {
			t.Errorf("Variance(±%g) = %v, want +Inf", a, v)
		}
		if got, want := StdDev(x), a*math.Sqrt2; math.Abs(got-want) > 1e-15*want {
			t.Errorf("StdDev(±%g) = %v, want %v", a, got, want)
		}
	}
	if got := Sharpe([]float64{-1e300, 1e300, 3e300}, 0); math.IsNaN(got) || math.IsInf(got, 0) {
		t.Errorf("Sharpe of huge profits = %v", got)
	}
}
