package economics_test

import (
	"fmt"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/market"
)

// BenchmarkAnalyzeSharded runs the standard workload as one run and as
// shards (cut at multiples of ChunkSize, run one after the other, merged
// in path order): the issue asks that the shards, summed, cost at most
// 5 % more than the single run.
func BenchmarkAnalyzeSharded(b *testing.B) {
	site, a := standardWorkload(b)
	m, s := market.DefaultModel(), market.Reference()
	for _, shards := range []int{1, 8, 32} {
		b.Run(fmt.Sprintf("shards=%d", shards), func(b *testing.B) {
			per := (benchPaths/shards + economics.ChunkSize - 1) / economics.ChunkSize * economics.ChunkSize
			b.ReportAllocs()
			for b.Loop() {
				var merged economics.Report
				for first := 0; first < benchPaths; first += per {
					set := &economics.Settings{Paths: min(per, benchPaths-first), BandPaths: 10_000, FirstPath: first, TotalPaths: benchPaths}
					if shards == 1 {
						set.TotalPaths = 0
					}
					r, err := economics.Analyze(site, a, m, s, set)
					if err != nil {
						b.Fatal(err)
					}
					if first == 0 {
						merged = r
					} else if err := merged.Merge(r); err != nil {
						b.Fatal(err)
					}
				}
				if merged.Paths != benchPaths {
					b.Fatalf("merged %d paths", merged.Paths)
				}
			}
		})
	}
}
