package economics

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
)

// chunkSize is the number of paths a worker takes at a time. Random streams
// belong to paths, not to chunks or workers, so it changes no result.
const chunkSize = 256

// SharesPerMinute is the rate at which one mining machine submits shares
// to an FPPS or PPS+ pool under the pool's variable share difficulty; it
// sets the share noise such a miner carries (Rosenfeld, arXiv:1112.4980:
// the variance of a share-paid miner is that of a Poisson count of shares).
// Pools tune vardiff to a few to a few tens of shares per minute per
// connection; 20 is used.
const SharesPerMinute = 20

// lineConst is a line's per-unit figures as the simulation uses them.
type lineConst struct {
	w        hardware.Workload
	units    float64
	th       float64 // TH/s
	facKW    float64 // facility kW at full load
	idleFac  float64 // AI: facility kW at zero load, (idle + host) x PUE
	loadFac  float64 // AI: extra facility kW at full load, (board - idle) x PUE
	gpuBase  float64 // AI: USD per GPU-hour at the snapshot
	gpuDrift float64 // AI: model-specific drift per year
	gpuMine  float64 // GPU mining: gross USD per GPU-day at the snapshot
	rentDay  float64 // colocation: USD per kW per day
	opexDay  float64 // USD per unit per day
	power    bool    // whether the site pays this line's power
}

// engine runs the simulation of one site and list of lines.
type engine struct {
	site  Site
	lc    []lineConst
	sim   *market.Simulator
	set   Settings
	steps int

	sorted   [24]float64 // hourly base power prices, ascending
	prefix   [25]float64 // prefix sums of sorted
	sumBase  float64     // sum of the 24 base prices
	contract bool        // a fixed power contract: the market multiplier does not apply

	shareNoise bool    // FPPS or PPS+: draw share noise each step
	poolLuck   bool    // PPLNS or PPS+: draw the pool's blocks each step
	feeShare   float64 // fees' share of the block reward at the snapshot (PPS+)
	poolShare  float64
	machines   float64 // bitcoin-mining machines, for the share count
	shareRel   float64 // relative share noise over a full step
	hasBitcoin bool
}

func newEngine(site Site, lines []Line, m market.Model, s market.Snapshot, set Settings, capacity bool) (*engine, error) {
	if err := checkInputs(site, s); err != nil {
		return nil, err
	}
	rates, err := resolveAll(site, lines, &s, make([]lineRates, 0, len(lines)), capacity)
	if err != nil {
		return nil, err
	}
	sim, err := m.NewSimulator(s, set.Horizon, set.Step)
	if err != nil {
		return nil, err
	}
	p := readPrices(site, &s)
	e := &engine{site: site, sim: sim, set: set, steps: sim.Steps(), contract: site.PowerContract.Valid}
	e.sorted = p.hourly
	sort.Float64s(e.sorted[:])
	for h, v := range e.sorted {
		e.prefix[h+1] = e.prefix[h] + v
	}
	e.sumBase = e.prefix[24]
	e.lc = make([]lineConst, len(lines))
	for i, l := range lines {
		r := &rates[i]
		c := lineConst{w: l.Workload, units: r.units, th: r.th, facKW: r.maxIT * site.PUE,
			opexDay: p.opex * r.maxIT * site.PUE / 1000 * 24 / market.HoursPerMonth, power: true}
		switch l.Workload {
		case hardware.Idle:
			c.opexDay = 0
		case hardware.BitcoinMining:
			e.hasBitcoin = true
			e.machines += r.units
		case hardware.AICloud:
			c.idleFac = (r.idle + r.host) * site.PUE
			c.loadFac = (r.board - r.idle) * site.PUE
			c.gpuBase, c.gpuDrift, err = sim.GPURateFactor(l.Model.Name)
			if err != nil {
				return nil, lineErr(i, err)
			}
		case hardware.GPUMining:
			c.gpuMine = r.gpuMining
		case hardware.Colocation:
			c.rentDay = p.colo * 24 / market.HoursPerMonth
			c.power = site.ColocationPowerIncluded
		}
		if !num.Finite(c.gpuBase) || !num.Finite(c.gpuMine) || !num.Finite(c.opexDay) || !num.Finite(c.rentDay) {
			return nil, lineErr(i, invalid("price", l.Name(), "does not convert to a finite number"))
		}
		e.lc[i] = c
	}
	if e.hasBitcoin {
		e.shareNoise = site.Payout == FPPS || site.Payout == PPSPlus
		e.poolLuck = site.Payout == PPLNS || site.Payout == PPSPlus
		e.poolShare = site.PoolShare
		if e.poolShare == 0 {
			e.poolShare = DefaultPoolShare
		}
		e.shareRel = e.shareRelOf(set.Step.Hours() / 24)
		reward := float64(s.Bitcoin.RewardPerBlock())
		if reward > 0 {
			e.feeShare = float64(s.Bitcoin.FeesPerBlock) / reward
		}
	}
	return e, nil
}

// shareRelOf returns the relative standard deviation of the site's share
// count over a step of days days: 1/sqrt(expected shares), at least one share.
func (e *engine) shareRelOf(days float64) float64 {
	shares := SharesPerMinute * days * 1440 * e.machines * e.site.Uptime
	return 1 / math.Sqrt(max(shares, 1))
}

// worker is one goroutine's scratch: its random stream, the path and the
// per-line results of the path being computed.
type worker struct {
	pcg   *rand.PCG
	rng   *rand.Rand
	steps []market.Step
	unit  []float64 // per line: horizon profit of one unit
	acc   *moments  // Portfolio: the moments of the current chunk
	byW   [hardware.Colocation + 1]float64
	mined float64 // BTC credited over the horizon
	cum   [3][]float64
}

func (e *engine) newWorker() *worker {
	pcg := rand.NewPCG(0, 0)
	w := &worker{pcg: pcg, rng: rand.New(pcg), steps: make([]market.Step, e.steps), unit: make([]float64, len(e.lc))}
	return w
}

// splitmix64 is the finalizer of SplitMix64 (Steele, Lea and Flood, 2014),
// used to turn (seed, stream) into well-mixed PCG seeds.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// seedPath points w's stream at path p's draws and returns the sign of its
// Gaussian draws: antithetic partners share a stream.
func (e *engine) seedPath(w *worker, p int) float64 {
	stream, sign := uint64(p), 1.0
	if e.set.Antithetic {
		stream, sign = uint64(p/2), float64(1-2*(p%2))
	}
	w.pcg.Seed(splitmix64(e.set.Seed^splitmix64(stream)), splitmix64(stream+0x632be59bd9b4e019^e.set.Seed))
	return sign
}

// path simulates path p into w: per-unit line profits, profit by workload,
// BTC credited, and, when cum is set, cumulative profit after each step
// (total, mining, AI).
func (e *engine) path(w *worker, p int) {
	sign := e.seedPath(w, p)
	steps := e.sim.Path(w.rng, sign, w.steps)
	for i := range w.unit {
		w.unit[i] = 0
	}
	w.byW = [hardware.Colocation + 1]float64{}
	w.mined = 0
	site := &e.site
	netShare := (1 - site.StaleRate) * (1 - site.PoolFee)
	var cumT, cumM, cumA float64
	for t := range steps {
		st := &steps[t]
		hoursRun := st.Days * 24 * site.Uptime
		invHours := 1 / (st.Days * 24)
		mult := st.Power
		if e.contract {
			mult = 1
		}
		luck := 1.0
		if e.hasBitcoin {
			sub, fee := 1.0, 1.0
			if e.shareNoise {
				// Relative share noise 1/sqrt(shares in the step); all
				// steps but the last have the same length.
				rel := e.shareRel
				if t == len(steps)-1 {
					rel = e.shareRelOf(st.Days)
				}
				sub = 1 + sign*w.rng.NormFloat64()*rel
				fee = sub
			}
			if e.poolLuck {
				lambda := e.poolShare * st.Blocks
				if lambda > 0 {
					fee = distuv.Poisson{Lambda: lambda, Src: w.rng}.Rand() / lambda
				}
				if site.Payout == PPLNS {
					sub = fee
				}
			}
			luck = (1-e.feeShare)*sub + e.feeShare*fee
		}
		var stepM, stepA, stepT float64
		for i := range e.lc {
			c := &e.lc[i]
			var rev, cost float64
			switch c.w {
			case hardware.Idle:
				continue
			case hardware.BitcoinMining, hardware.GPUMining:
				var perHour, btcPerHour float64 // USD and BTC per hour of running, net
				if c.w == hardware.BitcoinMining {
					btcPerHour = c.th * st.BTCPerTH * invHours * netShare
					perHour = btcPerHour * st.Price
				} else {
					perHour = c.gpuMine / 24 * (1 - site.PoolFee) * st.PriceRatio
				}
				n, psum := 24, e.sumBase
				if site.Curtailment == Economic {
					n = e.runHours(perHour / (c.facKW * mult))
					psum = e.prefix[n]
				}
				run := hoursRun * float64(n) / 24
				rev = perHour * run
				if c.w == hardware.BitcoinMining {
					btc := btcPerHour * run * luck
					w.mined += c.units * btc
					rev = btc * st.Price
				}
				cost = c.facKW * mult * psum * hoursRun / 24
			case hardware.AICloud:
				u := st.Utilization
				rate := c.gpuBase * st.GPUIndex
				if c.gpuDrift != 0 {
					rate *= math.Exp(c.gpuDrift * st.T)
				}
				rev = rate * u * hoursRun
				cost = (c.idleFac + u*c.loadFac) * mult * e.sumBase / 24 * hoursRun
			case hardware.Colocation:
				rev = c.rentDay * st.Days
				if c.power {
					cost = c.facKW * mult * e.sumBase / 24 * hoursRun
				}
			}
			profit := rev - cost - c.opexDay*st.Days
			w.unit[i] += profit
			lineProfit := c.units * profit
			w.byW[c.w] += lineProfit
			stepT += lineProfit
			switch c.w {
			case hardware.BitcoinMining, hardware.GPUMining:
				stepM += lineProfit
			case hardware.AICloud:
				stepA += lineProfit
			}
		}
		if w.cum[0] != nil {
			cumT, cumM, cumA = cumT+stepT, cumM+stepM, cumA+stepA
			w.cum[0][t], w.cum[1][t], w.cum[2][t] = cumT, cumM, cumA
		}
	}
}

// runHours returns how many hours of the day have a base price at most
// threshold: the hours a miner runs under economic curtailment.
func (e *engine) runHours(threshold float64) int {
	if !(threshold >= e.sorted[0]) { // also catches NaN
		return 0
	}
	n := 24
	for n > 0 && e.sorted[n-1] > threshold {
		n--
	}
	return n
}

// simulate runs every path, calling perPath(w, p) for each from
// Settings.Workers goroutines, and endChunk(w, c), when not nil, after the
// last path of chunk c. Each chunk of chunkSize paths runs on one
// goroutine, so per-chunk state in w needs no locks.
func (e *engine) simulate(ctx context.Context, perPath func(w *worker, p int), endChunk func(w *worker, c int)) error {
	paths := e.set.Paths
	chunks := (paths + chunkSize - 1) / chunkSize
	workers := e.set.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, chunks)
	var next atomic.Int64
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := e.newWorker()
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks || ctx.Err() != nil {
					return
				}
				end := min((c+1)*chunkSize, paths)
				for p := c * chunkSize; p < end; p++ {
					perPath(w, p)
				}
				if endChunk != nil {
					endChunk(w, c)
				}
				if e.set.Progress != nil {
					mu.Lock()
					done += end - c*chunkSize
					e.set.Progress(done, paths)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
