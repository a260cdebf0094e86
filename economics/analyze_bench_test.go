package economics_test

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// The standard workload: 10,000 S21 mining and 2,000 H100 on AI
// cloud at PUE 1.1, one year in weekly steps, 200,000 paths, the default
// model, at the reference snapshot.
const benchPaths = 200_000

func standardWorkload(tb testing.TB) (economics.Site, economics.Allocation) {
	site := economics.Site{Capacity: 100 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97}
	a := economics.Allocation{Lines: []economics.Line{
		{Model: model(tb, "Antminer S21"), Workload: hardware.BitcoinMining, Units: 10_000},
		{Model: model(tb, "H100 SXM"), Workload: hardware.AICloud, Units: 2_000},
	}}
	return site, a
}

func BenchmarkAnalyze(b *testing.B) {
	site, a := standardWorkload(b)
	m, s := market.DefaultModel(), market.Reference()
	set := &economics.Settings{Paths: benchPaths, BandPaths: 10_000}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := economics.Analyze(site, a, m, s, set); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeWorkers runs the standard workload on 1 and 2 workers
// (Settings.Workers): the issue asks for a speed-up of at least 1.8.
func BenchmarkAnalyzeWorkers(b *testing.B) {
	site, a := standardWorkload(b)
	m, s := market.DefaultModel(), market.Reference()
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			set := &economics.Settings{Paths: benchPaths, BandPaths: 10_000, Workers: workers}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := economics.Analyze(site, a, m, s, set); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNormals draws the same standard normals per path as
// BenchmarkAnalyze, with the same generator (market.Stream.NormFloat64, one
// stream per path), on the same number of goroutines, and does nothing
// else: Steps() x NormalsPerStep() from the path's market stream, and the
// share-noise normal of an FPPS site, one per step, from its pool stream.
// It draws them one path at a time; the engine draws each kind of normal
// for 32 paths in one loop (with AVX2 where it can), which is faster, so
// this is a reference point rather than a floor.
func BenchmarkNormals(b *testing.B) {
	sim, err := market.DefaultModel().NewSimulator(market.Reference(), economics.DefaultHorizon, economics.DefaultStep)
	if err != nil {
		b.Fatal(err)
	}
	marketPerPath := int(math.Round(float64(sim.Steps()) * sim.NormalsPerStep()))
	poolPerPath := sim.Steps()
	workers := runtime.GOMAXPROCS(0)
	sink := make([]float64, workers)
	b.ReportMetric(float64((marketPerPath+poolPerPath)*benchPaths), "normals/op")
	for b.Loop() {
		var wg sync.WaitGroup
		for k := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng, prng := new(market.Stream), new(market.Stream)
				acc := 0.0
				for p := k; p < benchPaths; p += workers {
					rng.Seed(uint64(p), 1)
					prng.Seed(uint64(p), 2)
					for range marketPerPath {
						acc += rng.NormFloat64()
					}
					for range poolPerPath {
						acc += prng.NormFloat64()
					}
				}
				sink[k] = acc
			}()
		}
		wg.Wait()
	}
}

// BenchmarkAnalyzeFourYearsDaily is the long-horizon case of issue 11:
// the standard workload over four years in daily steps (1,460 steps),
// 20,000 paths. Bands keep every 12th step (122 points, MaxBandPoints),
// so their memory is 24 B x 10,000 band paths x 122 points, not x 1,460.
func BenchmarkAnalyzeFourYearsDaily(b *testing.B) {
	site, a := standardWorkload(b)
	m, s := market.DefaultModel(), market.Reference()
	set := &economics.Settings{Horizon: 4 * 365 * 24 * time.Hour, Step: 24 * time.Hour, Paths: 20_000}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := economics.Analyze(site, a, m, s, set); err != nil {
			b.Fatal(err)
		}
	}
}
