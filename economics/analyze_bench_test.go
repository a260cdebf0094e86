package economics_test

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

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

// BenchmarkNormals is the floor for BenchmarkAnalyze: it draws the same
// number of standard normals (the simulator's per step, plus the share
// noise draw of an FPPS site) from per-path PCG streams, on the same number
// of goroutines, and does nothing else.
func BenchmarkNormals(b *testing.B) {
	sim, err := market.DefaultModel().NewSimulator(market.Reference(), economics.DefaultHorizon, economics.DefaultStep)
	if err != nil {
		b.Fatal(err)
	}
	perPath := int(math.Round(float64(sim.Steps()) * (sim.NormalsPerStep() + 1)))
	workers := runtime.GOMAXPROCS(0)
	sink := make([]float64, workers)
	b.ReportMetric(float64(perPath*benchPaths), "normals/op")
	for b.Loop() {
		var wg sync.WaitGroup
		for k := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				pcg := rand.NewPCG(0, 0)
				rng := rand.New(pcg)
				acc := 0.0
				for p := k; p < benchPaths; p += workers {
					pcg.Seed(uint64(p), 1)
					for range perPath {
						acc += rng.NormFloat64()
					}
				}
				sink[k] = acc
			}()
		}
		wg.Wait()
	}
}
