package risk

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

var stBenchSizes = []int{1e3, 1e5, 1e6}

var stBenchSink float64

// stBenchEachSize runs f on a random sample of each of stBenchSizes, one
// sub-benchmark a size.
func stBenchEachSize(b *testing.B, f func(x []float64)) {
	for _, n := range stBenchSizes {
		x := stRandom(rand.New(rand.NewPCG(1, uint64(n))), n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f(x)
			}
		})
	}
}

func BenchmarkVaR(b *testing.B) {
	stBenchEachSize(b, func(x []float64) { stBenchSink = VaR(0.95, x) })
}

func BenchmarkCVaR(b *testing.B) {
	stBenchEachSize(b, func(x []float64) { stBenchSink = CVaR(0.95, x) })
}

func BenchmarkVaRCVaR(b *testing.B) {
	stBenchEachSize(b, func(x []float64) {
		v, c := VaRCVaR(0.95, x)
		stBenchSink = v + c
	})
}

// BenchmarkSummaryAdd adds n values per iteration.
func BenchmarkSummaryAdd(b *testing.B) {
	stBenchEachSize(b, func(x []float64) {
		var s Summary
		for _, v := range x {
			s.Add(v)
		}
		stBenchSink = s.Mean()
	})
}

func BenchmarkSummaryMerge(b *testing.B) {
	x := stRandom(rand.New(rand.NewPCG(1, 2)), 1000)
	s := stSummarize(x)
	b.ReportAllocs()
	for b.Loop() {
		t := s
		t.Merge(s)
		stBenchSink = t.Mean()
	}
}
