package risk

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Quantiles7To agrees exactly with QuantilesTo's selection on a copy on
// samples of every shape: small, ties, constant, heavy tails, outliers,
// huge ranges.
func TestQuantiles7ToMatchesSelection(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ps := []float64{0.05, 0.25, 0.5, 0.75, 0.95}
	psAll := []float64{0, 0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 0.95, 0.99, 1, 0.5}
	gen := map[string]func(i int) float64{
		"normal":   func(int) float64 { return rng.NormFloat64() * 1e6 },
		"ties":     func(int) float64 { return math.Round(rng.NormFloat64() * 3) },
		"constant": func(int) float64 { return 42 },
		"cauchy":   func(int) float64 { return rng.NormFloat64() / rng.NormFloat64() },
		"outlier": func(i int) float64 {
			if i == 7 {
				return 1e200
			}
			return rng.Float64()
		},
		"huge range": func(i int) float64 { return float64(1-2*(i%2)) * 1e308 * rng.Float64() },
		"sorted":     func(i int) float64 { return float64(i) },
		"two values": func(i int) float64 { return float64(i % 2) },
	}
	var s Selector
	for name, f := range gen {
		for _, n := range []int{1, 2, 3, 4, 5, 10, 17, 100, 1000, 10_000, 30_001} {
			x := make([]float64, n)
			for i := range x {
				x[i] = f(i)
			}
			orig := slices.Clone(x)
			for _, p := range [][]float64{ps, psAll} {
				want := selectQuantiles(make([]float64, len(p)), p, Type7, x)
				got := s.Quantiles7To(make([]float64, len(p)), p, x)
				for i := range want {
					if got[i] != want[i] { // == : among tied zeros either sign may be picked
						t.Fatalf("%s, n=%d: quantile %v = %v, selection %v", name, n, p[i], got[i], want[i])
					}
				}
			}
			if !slices.Equal(x, orig) {
				t.Fatalf("%s, n=%d: x modified", name, n)
			}
		}
	}
}

// A Selector asked for quantiles that lie in crowded buckets gives up
// without writing dst, and is ready for the next sample.
func TestSelectorCrowd(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	x := stRandom(rng, 5000)
	x[7] = 1e200
	lo, hi := sampleRange("test", x)
	ps := []float64{0.05, 0.5}
	var s Selector
	dst := []float64{-1, -1}
	if s.quantiles7(dst, ps, x, lo, hi, len(x)/selectCrowd) || dst[0] != -1 || dst[1] != -1 {
		t.Fatalf("crowded sample: quantiles7 went ahead, dst %v", dst)
	}
	if !s.quantiles7(dst, ps, x, lo, hi, len(x)) {
		t.Fatal("no limit: quantiles7 gave up")
	}
	for _, y := range [][]float64{x, stRandom(rng, 3000)} {
		got := s.Quantiles7To(make([]float64, 2), ps, y)
		want := selectQuantiles(make([]float64, 2), ps, Type7, y)
		if !slices.Equal(got, want) {
			t.Errorf("after giving up: %v, selection %v", got, want)
		}
	}
}

func TestSelectorPanics(t *testing.T) {
	var s Selector
	tests := []struct {
		name string
		f    func()
	}{
		{"empty", func() { s.Quantiles7To(make([]float64, 1), []float64{0.5}, nil) }},
		{"len", func() { s.Quantiles7To(make([]float64, 2), []float64{0.5}, []float64{1}) }},
		{"p > 1", func() { s.Quantiles7To(make([]float64, 1), []float64{1.5}, []float64{1}) }},
		{"p NaN", func() { s.Quantiles7To(make([]float64, 1), []float64{math.NaN()}, []float64{1}) }},
		{"NaN", func() { s.Quantiles7To(make([]float64, 1), []float64{0.5}, []float64{1, math.NaN(), 2}) }},
		{"Inf", func() { s.Quantiles7To(make([]float64, 1), []float64{0.5}, []float64{1, math.Inf(-1)}) }},
		{"Tail level 0", func() { s.Tail(0, []float64{1}) }},
		{"Tail level 1", func() { s.Tail(1, []float64{1}) }},
		{"Tail level NaN", func() { s.Tail(math.NaN(), []float64{1}) }},
		{"Tail empty", func() { s.Tail(0.95, nil) }},
		{"Tail Inf", func() { s.Tail(0.95, []float64{math.Inf(1)}) }},
	}
	for _, tc := range tests {
		if msg := stPanics(tc.f); !strings.HasPrefix(msg, "risk: ") {
			t.Errorf("%s: panic %q, want one starting with \"risk: \"", tc.name, msg)
		}
	}
}

// BenchmarkQuantiles7To compares the Selector (a new one each time, as
// QuantilesTo makes) with selection on a copy and with QuantilesTo, which
// picks one of them, at sizes around selectMinLen, for one probability and
// for five, on normal values and on stRandom's mixture (a tenth of zeros,
// a tenth in a heavy left tail), which crowds the Selector's buckets.
func BenchmarkQuantiles7To(b *testing.B) {
	for _, n := range []int{4096, selectMinLen, 16384, 100_000} {
		rng := rand.New(rand.NewPCG(1, uint64(n)))
		normal := make([]float64, n)
		for i := range normal {
			normal[i] = rng.NormFloat64()
		}
		for _, data := range []struct {
			name string
			x    []float64
		}{{"normal", normal}, {"mixed", stRandom(rng, n)}} {
			x := data.x
			for _, ps := range [][]float64{{0.05}, {0.05, 0.25, 0.5, 0.75, 0.95}} {
				dst := make([]float64, len(ps))
				name := fmt.Sprintf("%s/%dp/%d", data.name, len(ps), n)
				b.Run("Selector/"+name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						var s Selector
						s.Quantiles7To(dst, ps, x)
					}
				})
				b.Run("selection/"+name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						selectQuantiles(dst, ps, Type7, x)
					}
				})
				b.Run("QuantilesTo/"+name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						QuantilesTo(dst, ps, Type7, x)
					}
				})
			}
		}
	}
}

// Tail's VaR is VaRCVaR's exactly and its CVaR within rounding.
func TestTailMatchesVaRCVaR(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	var s Selector
	for _, n := range []int{1, 2, 3, 10, 19, 20, 21, 100, 1000, 200_000} {
		for name, f := range map[string]func(int) float64{
			"normal":   func(int) float64 { return 2.8e7 + 5.9e6*rng.NormFloat64() },
			"ties":     func(int) float64 { return math.Round(rng.NormFloat64() * 3) },
			"constant": func(int) float64 { return -5 },
			"outlier": func(i int) float64 {
				if i == 3 {
					return -1e300
				}
				return rng.Float64()
			},
		} {
			x := make([]float64, n)
			for i := range x {
				x[i] = f(i)
			}
			for _, level := range []float64{0.5, 0.9, 0.95, 0.99, 0.999999} {
				wv, wc := VaRCVaR(level, x)
				gv, gc := s.Tail(level, x)
				if gv != wv || math.Abs(gc-wc) > 1e-12*math.Abs(wc) {
					t.Fatalf("%s, n=%d, level %v: Tail %v, %v; VaRCVaR %v, %v", name, n, level, gv, gc, wv, wc)
				}
			}
		}
	}
}

func BenchmarkTail(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 200_000)
	for i := range x {
		x[i] = 2.8e7 + 5.9e6*rng.NormFloat64()
	}
	b.Run("Selector", func(b *testing.B) {
		var s Selector
		for b.Loop() {
			s.Tail(0.95, x)
		}
	})
	b.Run("VaRCVaR", func(b *testing.B) {
		for b.Loop() {
			VaRCVaR(0.95, x)
		}
	})
}
