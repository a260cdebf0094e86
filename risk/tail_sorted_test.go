package risk

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTailSortedMatchesVaRCVaR checks TailSorted, fed Smallest's values,
// against VaRCVaR on the same sample: VaR is the same order statistic or
// interpolation of the same two, so it must be equal; CVaR is the same
// tail added in another order, so it must agree to a few ulps of the tail's
// scale.
func TestTailSortedMatchesVaRCVaR(t *testing.T) {
	src := rand.New(rand.NewPCG(7, 11))
	var sel Selector
	for _, n := range []int{1, 2, 3, 19, 20, 21, 100, 1001, 20000} {
		for _, level := range []float64{0.5, 0.75, 0.9, 0.95, 0.99, 0.999} {
			x := make([]float64, n)
			for i := range x {
				x[i] = src.NormFloat64()*1e6 + 3e5
				if i%7 == 0 {
					x[i] = math.Round(x[i] / 1e5) // ties
				}
			}
			small := sel.Smallest(nil, TailLen(level, n), x)
			v, c := TailSorted(level, n, small)
			wv, wc := VaRCVaR(level, x)
			if v != wv && !(v == 0 && wv == 0) {
				t.Errorf("n=%d level=%v: VaR %v, VaRCVaR %v", n, level, v, wv)
			}
			if d := math.Abs(c - wc); d > 1e-12*math.Max(1, math.Abs(wc)) {
				t.Errorf("n=%d level=%v: CVaR %v, VaRCVaR %v", n, level, c, wc)
			}
		}
	}
}

// TestTailSortedShards checks the property shards rely on: the smallest
// TailLen(level, N) values of each part of a sample, merged, give the
// whole sample's VaR and CVaR bit for bit.
func TestTailSortedShards(t *testing.T) {
	src := rand.New(rand.NewPCG(3, 5))
	var sel Selector
	const n = 5000
	x := make([]float64, n)
	for i := range x {
		x[i] = src.NormFloat64() * 100
	}
	for _, level := range []float64{0.75, 0.95, 0.99} {
		need := TailLen(level, n)
		wv, wc := TailSorted(level, n, sel.Smallest(nil, need, x))
		for _, cuts := range [][]int{{0, n}, {0, 256, n}, {0, 1000, 1001, 4096, n}, {0, 4999, n}} {
			var merged []float64
			for i := 1; i < len(cuts); i++ {
				merged = sel.Smallest(merged, need, x[cuts[i-1]:cuts[i]])
			}
			slices.Sort(merged)
			v, c := TailSorted(level, n, merged)
			if math.Float64bits(v) != math.Float64bits(wv) || math.Float64bits(c) != math.Float64bits(wc) {
				t.Errorf("level %v cuts %v: %v %v, whole %v %v", level, cuts, v, c, wv, wc)
			}
		}
	}
}

// TestTailLen checks the count against the definition on small cases
// worked by hand, and that it never decreases with n.
func TestTailLen(t *testing.T) {
	// n = 100 at 0.95: k = 5 whole outcomes, type-7 h = 99 x 0.05 = 4.95,
	// lo = 4: max(5, 4) + 2 = 7. n = 1: 1. n = 10 at 0.5: k = 5, h = 4.5,
	// 5 + 2 = 7.
	for _, c := range []struct {
		level float64
		n     int
		want  int
	}{{0.95, 100, 7}, {0.95, 1, 1}, {0.5, 10, 7}, {0.99, 3, 2}} {
		if got := TailLen(c.level, c.n); got != c.want {
			t.Errorf("TailLen(%v, %d) = %d, want %d", c.level, c.n, got, c.want)
		}
	}
	for _, level := range []float64{0.5, 0.95, 0.999} {
		prev := 0
		for n := 1; n < 3000; n++ {
			l := TailLen(level, n)
			if l < prev || l > n {
				t.Fatalf("TailLen(%v, %d) = %d after %d", level, n, l, prev)
			}
			prev = l
		}
	}
}

func TestTailSortedPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"short":    func() { TailSorted(0.95, 100, []float64{1, 2}) },
		"unsorted": func() { TailSorted(0.5, 3, []float64{3, 2, 1}) },
		"nan":      func() { TailSorted(0.5, 3, []float64{math.NaN(), 2, 3}) },
		"level":    func() { TailLen(1, 3) },
		"k":        func() { new(Selector).Smallest(nil, -1, []float64{1}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
