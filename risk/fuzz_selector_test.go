package risk

import (
	"math"
	"testing"
)

// FuzzSelector checks the Selector against selection on arbitrary finite
// samples (tiny ranges, huge magnitudes, ties): Quantiles7To equals
// QuantilesTo's selection exactly, Tail's VaR equals VaRCVaR's and its
// CVaR agrees to rounding of the tail sum, all finite, and the sample is
// not modified. The level byte picks the level and the quantile.
func FuzzSelector(f *testing.F) {
	stFuzzSeed(f, 0.95, stProfits...)
	stFuzzSeed(f, 0.5, 0, 1e-310)
	stFuzzSeed(f, 0.05, 5e-324, 0, 1e-323, 5e-324, 0)
	stFuzzSeed(f, 0.9, math.MaxFloat64, -math.MaxFloat64, -math.MaxFloat64, 1)
	stFuzzSeed(f, 0.3, -math.MaxFloat64, -math.MaxFloat64, -math.MaxFloat64)
	stFuzzSeed(f, 0.7, 1e-300, 1e-300+1e-306, 1e-300)
	var s Selector
	f.Fuzz(func(t *testing.T, level float64, data []byte) {
		x := stFuzzFloats(data)
		if len(x) == 0 || !(level > 0 && level < 1) {
			return
		}
		// Repeat short samples so that the histogram's crowd limits and
		// QuantilesTo's Selector path (8192 values on) are reached too.
		for len(x) < 64 {
			x = append(x, x...)
		}
		orig := append([]float64(nil), x...)
		lo, hi := x[0], x[0]
		for _, v := range x {
			lo, hi = min(lo, v), max(hi, v)
		}
		ps := []float64{0, 1 - level, 0.5, level, 1}
		want := selectQuantiles(make([]float64, len(ps)), ps, Type7, x)
		got := s.Quantiles7To(make([]float64, len(ps)), ps, x)
		for i := range ps {
			if got[i] != want[i] {
				t.Fatalf("quantile %v: Selector %v, selection %v", ps[i], got[i], want[i])
			}
			if !(got[i] >= lo && got[i] <= hi) {
				t.Fatalf("quantile %v = %v outside [%v, %v]", ps[i], got[i], lo, hi)
			}
		}
		v, c := s.Tail(level, x)
		v2, c2 := VaRCVaR(level, x)
		for _, r := range []float64{v, c, v2, c2} {
			if math.IsNaN(r) || math.IsInf(r, 0) {
				t.Fatalf("not finite: Tail %v %v, VaRCVaR %v %v", v, c, v2, c2)
			}
		}
		scale := max(math.Abs(lo), math.Abs(hi))
		if v != v2 && !(v == 0 && v2 == 0) {
			t.Fatalf("Tail VaR %v, VaRCVaR %v", v, v2)
		}
		if math.Abs(c-c2) > 1e-9*scale {
			t.Fatalf("Tail CVaR %v, VaRCVaR %v", c, c2)
		}
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(orig[i]) {
				t.Fatal("input modified")
			}
		}
	})
}
