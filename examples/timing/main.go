// Command timing runs issue 11's standard workload once through
// economics.Analyze and prints its statistics and the time Analyze took,
// excluding process start: the Go side of scripts/pair_analyze.sh, paired
// with scripts/c_analyze.c.
//
// The workload is BenchmarkAnalyze's (economics/analyze_bench_test.go):
// 10,000 Antminer S21 mining and 2,000 H100 SXM on AI cloud at a 100 MW
// site, PUE 1.1, pool fee 2 %, uptime 0.97, one year in weekly steps,
// 200,000 paths, 10,000 band paths, market.DefaultModel at
// market.Reference. The time includes everything Analyze does (building
// the simulator and its utilization table, the paths, the statistics and
// the bands); the simulator alone is timed too (simulator_s), so that it
// can be compared with the C program's untimed set-up. cpu_s is the
// processor time of all threads during Analyze, less sensitive than the
// wall time to other load on a shared machine. Linux only (getrusage).
//
// Usage:
//
//	GOMAXPROCS=2 go run ./examples/timing [-paths 200000] [-seed 0]
package main

import (
	"flag"
	"fmt"
	"log"
	"math"
	"runtime"
	"syscall"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

func main() {
	paths := flag.Int("paths", 200_000, "number of paths")
	seed := flag.Uint64("seed", 0, "Settings.Seed")
	shards := flag.Int("shards", 1, "run the paths as this many shards (Settings.FirstPath and TotalPaths, cut at multiples of economics.ChunkSize) one after the other, merged with Report.Merge")
	flag.Parse()

	s21, err := hardware.Lookup("Antminer S21")
	if err != nil {
		log.Fatal(err)
	}
	h100, err := hardware.Lookup("H100 SXM")
	if err != nil {
		log.Fatal(err)
	}
	site := economics.Site{Capacity: 100 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97}
	a := economics.Allocation{Lines: []economics.Line{
		{Model: s21, Workload: hardware.BitcoinMining, Units: 10_000},
		{Model: h100, Workload: hardware.AICloud, Units: 2_000},
	}}
	m, s := market.DefaultModel(), market.Reference()
	set := &economics.Settings{Paths: *paths, BandPaths: 10_000, Seed: *seed}

	// The simulator alone, as Analyze builds it (its Beta table is most of
	// its cost): not part of the paired time.
	t0 := time.Now()
	if _, err := m.NewSimulator(s, economics.DefaultHorizon, economics.DefaultStep); err != nil {
		log.Fatal(err)
	}
	simTime := time.Since(t0)

	cpu0 := cpuSeconds()
	start := time.Now()
	r, err := analyze(site, a, m, s, set, *shards)
	took := time.Since(start)
	cpu := cpuSeconds() - cpu0
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("go_analyze: %d paths x %d steps, GOMAXPROCS %d, seed %d\n",
		r.Paths, int(math.Ceil(float64(r.Horizon)/float64(r.Step))), runtime.GOMAXPROCS(0), *seed)
	fmt.Printf("mean %.6e  sd %.6e  stderr %.6e  VaR95 %.6e  CVaR95 %.6e  P(loss) %.5f  mined %.4f BTC sd %.4f\n",
		r.Mean, r.StdDev, r.StdErr, r.VaR, r.CVaR, r.ProbLoss, float64(r.MeanMined)/market.SatsPerBTC, r.MinedStdDev/market.SatsPerBTC)
	fmt.Printf("simulator_s=%.6f time_s=%.6f cpu_s=%.6f\n", simTime.Seconds(), took.Seconds(), cpu)
}

// cpuSeconds returns the processor time the process has used so far, user
// and system, all threads.
// analyze runs set's paths as one run, or as shards run one after the
// other and merged in path order.
func analyze(site economics.Site, a economics.Allocation, m market.Model, s market.Snapshot, set *economics.Settings, shards int) (economics.Report, error) {
	if shards <= 1 {
		return economics.Analyze(site, a, m, s, set)
	}
	total := set.Paths
	per := (total/shards + economics.ChunkSize - 1) / economics.ChunkSize * economics.ChunkSize
	var merged economics.Report
	for first := 0; first < total; first += per {
		sh := *set
		sh.FirstPath, sh.Paths, sh.TotalPaths = first, min(per, total-first), total
		r, err := economics.Analyze(site, a, m, s, &sh)
		if err != nil {
			return economics.Report{}, err
		}
		if first == 0 {
			merged = r
		} else if err := merged.Merge(r); err != nil {
			return economics.Report{}, err
		}
	}
	return merged, nil
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		log.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
