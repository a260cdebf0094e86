package economics

import (
	"context"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
	"github.com/wattfolio/wattfolio/risk"
)

// Stats summarises a distribution of profit over the horizon, in USD: the
// one type for it wherever one is reported (Report, its ByWorkload, Plan,
// FrontierPoint, Planner.Outcome). VaR and CVaR are positive losses at the
// settings' level (risk.VaR, risk.CVaR: type-7 quantile, exact fractional
// tail mean; Analyze sums CVaR's tail in another order, so its last bits
// may differ from risk's).
//
// With one path, the dispersion statistics (StdDev, Variance, StdErr) are
// zero as there is no spread to measure.
type Stats struct {
	Mean, StdDev, Variance float64
	// StdErr is the standard error of Mean: StdDev / sqrt(paths), or, with
	// antithetic pairs, the standard deviation of pair means over
	// sqrt(pairs).
	StdErr    float64
	VaR, CVaR float64
	ProbLoss  float64 // share of paths with a loss
}

// Band holds percentiles of cumulative profit, in USD, across paths at one
// time: the data of a fan chart.
type Band struct {
	At                     time.Duration // time since the snapshot
	P5, P25, P50, P75, P95 float64
}

// Report is the distribution of an allocation's profit over a horizon,
// from a Monte Carlo analysis. With one path it has no spread (see Stats):
// ask for more paths.
type Report struct {
	// FirstPath and Paths are the paths reported: [FirstPath,
	// FirstPath+Paths) of the seed's sequence (Settings.FirstPath).
	FirstPath int
	Paths     int
	Horizon   time.Duration
	Step      time.Duration
	Level     float64

	// Stats is the distribution of total profit over the horizon, USD.
	Stats

	// ByWorkload splits profit by the workload of the lines; only
	// workloads present in the allocation appear.
	ByWorkload map[hardware.Workload]Stats

	// MiningAICorrelation is the correlation across paths of mining profit
	// (bitcoin and GPU mining) with AI cloud profit; 0 when either has no
	// variance (for example, when the allocation lacks one of them).
	MiningAICorrelation float64

	// MeanMined is the mean bitcoin credited over the horizon;
	// MinedStdDev its standard deviation in sats.
	MeanMined   market.Sats
	MinedStdDev float64

	// Bands, MiningBands and AIBands are percentiles of cumulative profit
	// (total, mining, AI cloud) over the first Settings.BandPaths paths,
	// after each step, or after every k-th step when the horizon has more
	// than MaxBandPoints steps (see Settings.BandPaths). A shard
	// (Settings.TotalPaths) has them once it holds every band path of its
	// run, alone or merged.
	Bands, MiningBands, AIBands []Band

	// shard is what Merge needs, kept by a shard of a run
	// (Settings.TotalPaths > 0) until it is merged complete.
	shard *runState
}

// Analyze simulates allocation a at site under market model m from snapshot
// s, and reports the distribution of its profit. It is AnalyzeContext with
// a background context.
func Analyze(site Site, a Allocation, m market.Model, s market.Snapshot, opt *Settings) (Report, error) {
	return AnalyzeContext(context.Background(), site, a, m, s, opt)
}

// AnalyzeContext is Analyze that stops, returning ctx.Err(), when ctx is
// done.
//
// Each path draws the market from m (market.Batch, the paths of
// market.Simulator.Path) from its own random stream, and the pool's luck
// from a second one, so that a seed gives the same markets whatever the
// site and the allocation; it books every line per step as Evaluate books
// a period: mining at the step's expected BTC per TH/s and price, times the
// pool's luck (share noise under FPPS, from 20 shares a minute per
// machine, the pool's Poisson block count under PPLNS, both under PPS+);
// AI cloud at the step's GPU rate and utilization; power at the step's
// price multiplier, under the site's curtailment policy. A dated line earns
// and pays only for the part of each step it runs (from Start plus a delay
// drawn per path to End), a lease pays its rent until its tenant defaults
// (drawn per path) and from re-letting at the market rate, and each line
// runs at its hall's PUE and opex. Delays and defaults come from a third
// stream per path, so they never change a path's market. Memory grows
// with the number of paths (a few float64 each), never with paths x
// steps.
//
// The same Settings.Seed gives the same report bit for bit, whatever
// GOMAXPROCS and Settings.Workers. It returns the errors of Evaluate, and
// ErrInvalid for bad settings (see Settings for every field's range),
// market.ErrInvalid for a bad model, and ErrInvalid naming the input
// responsible (a price, Site.PowerContract, a line's Units) when inputs
// that each pass validation make a unit's profit on a path exceed 1e15 USD
// (ten times the world's yearly output, and the bound that keeps every
// statistic finite) or overflow float64, or the mean bitcoin mined
// overflow int64 sats.
func AnalyzeContext(ctx context.Context, site Site, a Allocation, m market.Model, s market.Snapshot, opt *Settings) (Report, error) {
	set, err := opt.resolved()
	if err != nil {
		return Report{}, err
	}
	e, err := newEngine(site, a.Lines, m, s, set, true)
	if err != nil {
		return Report{}, err
	}
	n := set.Paths
	st := &runState{seed: set.Seed, total: set.TotalPaths, first: set.FirstPath, paths: n, antithetic: set.Antithetic,
		level: set.Level, horizon: set.Horizon, step: set.Step, bandPaths: set.BandPaths, bandHeld: set.bandPathsHere(),
		bandSets: 3, bandMax: MaxBandPoints}
	var present [hardware.Colocation + 1]bool
	for _, c := range e.lc {
		present[c.r.workload] = true
	}
	for w := hardware.BitcoinMining; w <= hardware.Colocation; w++ {
		if present[w] {
			st.work = append(st.work, w)
		}
	}
	d := st.dims()
	chunks := (n + chunkSize - 1) / chunkSize
	st.chunks = make([]float64, chunks*chunkStride(d))
	if set.Antithetic {
		st.pairs = make([]float64, chunks*chunkStride(d))
	}
	total := make([]float64, n)
	mined := make([]float64, n)
	var byW [hardware.Colocation + 1][]float64
	for _, w := range st.work {
		byW[w] = make([]float64, n)
	}
	if st.bandHeld > 0 {
		e.bandPaths, e.bandGrid = st.bandHeld, set.bandGrid()
		for k := range e.bands {
			e.bands[k] = make([]float64, st.bandHeld*e.bandGrid.points)
		}
	}
	var bad firstBad
	err = e.simulate(ctx, func(w *worker, p int) {
		e.path(w, p)
		t := 0.0
		for k, v := range w.byW {
			if byW[k] != nil {
				byW[k][p] = v
			}
			t += v
		}
		total[p] = t
		mined[p] = w.mined
		ok := finite(t) && finite(w.mined)
		for _, u := range w.unit {
			ok = ok && unitProfitOK(u)
		}
		if !ok {
			bad.note(p, func() error { return e.pathError(&site, &s, a.Lines, w, p) })
		}
	}, func(w *worker, c int) {
		if bad.err == nil {
			st.addChunk(c, c*chunkSize, min((c+1)*chunkSize, n), total, mined, &byW)
		}
	})
	if err != nil {
		return Report{}, err
	}
	if bad.err != nil {
		return Report{}, bad.err
	}
	for k := range e.bands {
		for _, v := range e.bands[k] {
			if !finite(v) {
				return Report{}, overflowError(&site, &s, a.Lines, set.Horizon, -1, "the cumulative profit of a path")
			}
		}
	}
	st.bands = e.bands

	// The smallest profits of each distribution, enough for VaR and CVaR
	// of the whole run, and the losses; one task per distribution.
	dists := append([][]float64{total}, make([][]float64, len(st.work))...)
	for i, w := range st.work {
		dists[1+i] = byW[w]
	}
	st.losses = make([]int64, len(dists))
	st.tails = make([][]float64, len(dists))
	need := risk.TailLen(set.Level, set.runPaths())
	tasks := make([]func(*risk.Selector), len(dists))
	for i, x := range dists {
		tasks[i] = func(sel *risk.Selector) {
			st.tails[i] = sel.Smallest(nil, need, x)
			for _, v := range x {
				if v < 0 {
					st.losses[i]++
				}
			}
		}
	}
	runTasks(set.Workers, tasks)

	var r Report
	if mined := st.fill(&r, set.Workers, true); !finite(r.MinedStdDev) || math.Abs(mined*market.SatsPerBTC) >= math.MaxInt64 {
		// Bitcoin credited is units x BTC per unit: only a fleet or a
		// price far past any plausible one gets here.
		return Report{}, minedError(a.Lines, e.largestMiner(), "the mean bitcoin mined (Report.MeanMined)")
	}
	if !st.complete() {
		r.shard = st
	}
	return r, nil
}

// runTasks runs the tasks on workers goroutines (GOMAXPROCS for 0), each
// with its own Selector, and waits for them.
func runTasks(workers int, tasks []func(*risk.Selector)) {
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(tasks))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sel risk.Selector
			for {
				i := int(next.Add(1) - 1)
				if i >= len(tasks) {
					return
				}
				tasks[i](&sel)
			}
		}()
	}
	wg.Wait()
}

// newStats returns the Stats of the profits x of set's paths given their
// mean, standard deviation and variance (each caller's estimate), without
// VaR and CVaR: the standard error of the mean (with antithetic pairs, that
// of the pair means) and the share of losses.
func newStats(set Settings, x []float64, mean, sd, variance float64) Stats {
	s := Stats{Mean: mean, ProbLoss: risk.ProbLoss(x)}
	n := len(x)
	if n < 2 {
		return s
	}
	s.StdDev, s.Variance = sd, variance
	s.StdErr = sd / math.Sqrt(float64(n))
	if set.Antithetic && n >= 4 {
		pairs := n / 2
		ss := 0.0
		for k := 0; k < pairs; k++ {
			d := (x[2*k]+x[2*k+1])/2 - mean
			ss += d * d
		}
		s.StdErr = math.Sqrt(ss/float64(pairs-1)) / math.Sqrt(float64(pairs))
	}
	return s
}

// bandAt returns the band of cumulative profit at point t of the band
// grid g from cum, the band paths' values at that point: the type-7
// percentiles of risk.QuantilesTo.
func bandAt(sel *risk.Selector, cum []float64, step, horizon time.Duration, g bandGrid, t int) Band {
	ps := [5]float64{0.05, 0.25, 0.5, 0.75, 0.95}
	var q [5]float64
	sel.Quantiles7To(q[:], ps[:], cum)
	return Band{At: g.at(t, step, horizon), P5: q[0], P25: q[1], P50: q[2], P75: q[3], P95: q[4]}
}
