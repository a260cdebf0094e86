package economics

import (
	"context"
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// ChunkSize is the number of paths a worker takes at a time, and the unit
// of a shard (Settings.TotalPaths): a Report keeps the moments of each
// chunk, so that shards starting at multiples of it merge into the
// single run's bits. Random streams belong to paths, not to chunks or
// workers, so it changes no result of a run.
const ChunkSize = 256

// chunkSize is ChunkSize.
const chunkSize = ChunkSize

// sharesPerMinute is the rate at which one mining machine submits shares
// to an FPPS or PPS+ pool under the pool's variable share difficulty; it
// sets the share noise such a miner carries (Rosenfeld, arXiv:1112.4980:
// the variance of a share-paid miner is that of a Poisson count of shares).
// Pools tune vardiff to a few to a few tens of shares per minute per
// connection; 20 is used.
const sharesPerMinute = 20

// lineConst is a line as the simulation uses it: its resolved rates and
// the per-unit values of its cash flows (cashflow.go) that no step
// changes, hoisted out of the loops.
type lineConst struct {
	r        lineRates
	facKW    float64 // facility kW at full load: r.facilityKW(site, 1)
	idleFac  float64 // AI: facility kW at zero load (r.aiKW)
	loadFac  float64 // AI: extra facility kW at full load (r.aiKW)
	gpuDrift float64 // AI: model-specific drift per year
	gpuNet   float64 // GPU mining: USD per hour of running per unit of PriceRatio, r.miningPerHour(site, 1)
	rentDay  float64 // colocation: USD per kW per day, r.rent
	opexDay  float64 // USD per unit per day, r.opex
	power    bool    // whether the site pays this line's power, r.paysPower
	tm       lineTime
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

	// Bands: when bandPaths > 0, the cumulative profit (total, mining, AI
	// cloud) of paths below bandPaths after each step j that is a point b
	// of the band grid goes to bands[k][b*bandPaths+p].
	bandPaths int
	bandGrid  bandGrid
	bands     [3][]float64

	// Time: timed is set when some line has dates, a delay or a lease;
	// draws when some line draws from a path's project stream (a delay, a
	// lease's defaults). npvRate > 0 discounts every per-unit cash flow
	// to the snapshot at log(1+rate) per year (Problem.Finance,
	// Appraise); capital books each line's capital and salvage per unit
	// (Problem.Finance). horizon is the horizon in years.
	timed, draws bool
	npvRate      float64
	capital      bool
	horizon      float64
	hp0          float64 // the hashprice at the snapshot, USD per TH/s-day
	led          *ledgerSpec
}

func newEngine(site Site, lines []Line, m market.Model, s market.Snapshot, set Settings, capacity bool) (*engine, error) {
	if err := checkInputs(site, s); err != nil {
		return nil, err
	}
	for i, l := range lines {
		if err := checkLineTerms(i, l, s.Date); err != nil {
			return nil, err
		}
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
	e := &engine{site: site, sim: sim, set: set, steps: sim.Steps(), contract: site.PowerContract.Valid,
		horizon: yearsOf(set.Horizon), hp0: s.Bitcoin.SatsPerTHDay() / market.SatsPerBTC * p.btc}
	e.sorted = p.hourly
	sort.Float64s(e.sorted[:])
	for h, v := range e.sorted {
		e.prefix[h+1] = e.prefix[h] + v
	}
	e.sumBase = e.prefix[24]
	e.lc = make([]lineConst, len(lines))
	for i, l := range lines {
		r := &rates[i]
		c := lineConst{r: *r, facKW: r.facilityKW(&site, 1), opexDay: r.opex(&site, &p, 1, 24),
			rentDay: r.rent(&p, 1, 24), power: r.paysPower(&site), tm: newLineTime(l, s.Date, p.colo)}
		e.timed = e.timed || c.tm.timed
		e.draws = e.draws || c.tm.needsDraws()
		switch l.Workload {
		case hardware.BitcoinMining:
			e.hasBitcoin = true
			e.machines += r.units
		case hardware.AICloud:
			c.idleFac, c.loadFac = r.aiKW(&site)
			// The rate is the snapshot's, as in r; the model adds a drift.
			_, c.gpuDrift, err = sim.GPURateFactor(l.Model.Name)
			if err != nil {
				return nil, lineErr(i, err)
			}
		case hardware.GPUMining:
			c.gpuNet = r.miningPerHour(&site, 1)
			if _, c.gpuDrift, err = sim.GPURateFactor(l.Model.Name); err != nil {
				c.gpuDrift = 0 // GPU mining revenue follows no rental rate; its resale moves with the index alone
			}
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
	shares := sharesPerMinute * days * 1440 * e.machines * e.site.Uptime
	return 1 / math.Sqrt(max(shares, 1))
}

// batchSize is the number of paths a worker simulates together, one
// market.Batch: enough for the arithmetic of different paths to overlap,
// few enough that a step of the batch stays in the L1 cache. chunkSize is a
// multiple of it. Random streams belong to paths, so it changes no result.
const batchSize = 32

// worker is one goroutine's scratch: the random streams of a batch of
// paths, their results, and the results of the path last loaded by path.
type worker struct {
	rngs  []*market.Stream // per path of the batch: the market's stream
	prngs []*market.Stream // per path of the batch: the pool's stream
	signs []float64
	batch *market.Batch
	visit func(j int, st *market.BatchStep)

	// The batch in hand: paths p0 to p0+n-1, path p0+k at index k.
	p0, n  int
	units  []float64 // per line, then per path: profit of one unit so far
	minedB []float64 // BTC credited so far
	luck   []float64 // scratch: this step's pool luck
	ones   []float64 // 1s, the power multiplier under a fixed contract

	// The path loaded by path: per-unit line profits, profit by
	// workload, BTC credited.
	unit  []float64
	byW   [hardware.Colocation + 1]float64
	mined float64
	acc   *moments // Portfolio: the moments of the current chunk

	// A step's per-unit revenue, power and BTC of the line being booked.
	rev, pow, btc []float64
	// Dated lines: per path of the batch, its project stream (delays,
	// defaults) and per line, then per path, its state.
	jrngs []*market.Stream
	pt    []pathTime
	span  []lineSpan // per line: its batch's start and disposal times
	led   *ledger    // Appraise's per-path books
}

func (e *engine) newWorker() *worker {
	w := &worker{
		rngs:   make([]*market.Stream, batchSize),
		prngs:  make([]*market.Stream, batchSize),
		signs:  make([]float64, batchSize),
		batch:  e.sim.NewBatch(batchSize),
		units:  make([]float64, len(e.lc)*batchSize),
		minedB: make([]float64, batchSize),
		luck:   make([]float64, batchSize),
		ones:   make([]float64, batchSize),
		unit:   make([]float64, len(e.lc)),
		rev:    make([]float64, batchSize),
		pow:    make([]float64, batchSize),
		btc:    make([]float64, batchSize),
	}
	if e.timed {
		w.pt = make([]pathTime, len(e.lc)*batchSize)
		w.span = make([]lineSpan, len(e.lc))
		w.jrngs = make([]*market.Stream, batchSize)
		for k := range w.jrngs {
			w.jrngs[k] = new(market.Stream)
		}
	}
	if e.led != nil {
		w.led = e.led.newLedger()
	}
	for k := range w.rngs {
		w.rngs[k] = new(market.Stream)
		w.prngs[k] = new(market.Stream)
		w.ones[k] = 1
	}
	w.visit = func(j int, st *market.BatchStep) { e.step(w, j, st) }
	return w
}

// splitmix64 is the finalizer of SplitMix64 (Steele, Lea and Flood, 2014),
// used to turn (seed, stream) into well-mixed 128-bit stream seeds.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// seedPath points mkt and pool at path p's two streams (p counted from
// Settings.FirstPath) and returns the
// sign of its Gaussian draws: antithetic partners share their streams.
// The market's draws come from mkt, the pool's luck from pool, so that the
// market of a path is the same whatever the site's payout scheme.
func (e *engine) seedPath(mkt, pool *market.Stream, p int) float64 {
	p += e.set.FirstPath
	stream, sign := uint64(p), 1.0
	if e.set.Antithetic {
		stream, sign = uint64(p/2), float64(1-2*(p%2))
	}
	seed := e.set.Seed
	mkt.Seed(splitmix64(seed^splitmix64(stream)), splitmix64(stream+0x632be59bd9b4e019^seed))
	pool.Seed(splitmix64(seed^splitmix64(stream^0xd1b54a32d192ed03)), splitmix64(stream+0x8cb92ba72f3d8dd7^seed))
	return sign
}

// run simulates paths p0 to p0+n-1 (n at most batchSize) into w's batch.
//
// Each path draws from its own two streams: the market's draws
// (market.Batch.Run) from one, and per step the pool's from the other: the
// share-noise normal under FPPS or PPS+, then the pool's Poisson block
// count under PPLNS or PPS+.
func (e *engine) run(w *worker, p0, n int) {
	w.p0, w.n = p0, n
	for k := range n {
		w.signs[k] = e.seedPath(w.rngs[k], w.prngs[k], p0+k)
	}
	clear(w.units)
	clear(w.minedB)
	if e.timed {
		e.startPaths(w, p0, n)
	}
	if w.led != nil {
		w.led.reset(n)
	}
	w.batch.Run(w.rngs[:n], w.signs[:n], w.visit)
}

// path loads path p's results into w: per-unit line profits, profit by
// workload and BTC credited. simulate calls perPath(w, p) with p's batch
// in hand; for any other path, path simulates p alone first.
func (e *engine) path(w *worker, p int) {
	if p < w.p0 || p >= w.p0+w.n {
		e.run(w, p, 1)
	}
	k := p - w.p0
	w.byW = [hardware.Colocation + 1]float64{}
	for l := range w.unit {
		u := w.units[l*batchSize+k]
		w.unit[l] = u
		w.byW[e.lc[l].r.workload] += e.lc[l].r.units * u
	}
	w.mined = w.minedB[k]
}

// step books step j of w's batch of paths, st, into its results.
func (e *engine) step(w *worker, j int, st *market.BatchStep) {
	n := w.n
	site := &e.site
	days := st.Days
	hoursRun := days * 24 * site.Uptime
	invHours := 1 / (days * 24)
	mult := st.Power[:n]
	if e.contract {
		mult = w.ones[:n]
	}
	price, ratio, btcPerTH, util, gpu := st.Price[:n], st.PriceRatio[:n], st.BTCPerTH[:n], st.Utilization[:n], st.GPUIndex[:n]

	luck := w.ones[:n]
	if e.hasBitcoin && (e.shareNoise || e.poolLuck) {
		luck = w.luck[:n]
		// Relative share noise 1/sqrt(shares in the step); all steps but
		// the last have the same length.
		rel := e.shareRel
		if j == e.steps-1 {
			rel = e.shareRelOf(days)
		}
		if !e.poolLuck {
			// FPPS: share noise on the whole reward.
			shareLuck(luck, w.prngs[:n], w.signs[:n], rel)
		} else {
			for k := range n {
				sub, fee := 1.0, 1.0
				if e.shareNoise {
					sub = 1 + w.signs[k]*w.prngs[k].NormFloat64()*rel
					fee = sub
				}
				lambda := e.poolShare * st.Blocks[k]
				if lambda > 0 {
					fee = distuv.Poisson{Lambda: lambda, Src: w.prngs[k]}.Rand() / lambda
				}
				if site.Payout == PPLNS {
					sub = fee
				}
				luck[k] = (1-e.feeShare)*sub + e.feeShare*fee
			}
		}
	}

	economic := site.Curtailment == Economic
	t1 := st.T
	t0 := t1 - days/market.DaysPerYear
	df := e.discount(t1)
	rev, pow := w.rev[:n], w.pow[:n]
	if w.led != nil {
		w.led.splitStep(t0, t1)
	}
	for l := range e.lc {
		c := &e.lc[l]
		skip, full := e.activity(w, l, t0, t1)
		if skip {
			continue
		}
		opex := c.opexDay * days
		var btc []float64 // BTC per unit this step, bitcoin mining only
		pre := false      // rev and pow already cover only the time the line runs
		switch c.r.workload {
		case hardware.Idle:
			continue
		case hardware.BitcoinMining:
			// BTC per hour of running, net, per BTC per TH/s of the step.
			perBTC := c.r.miningPerHour(site, invHours)
			btc = w.btc[:n]
			if !economic {
				kb, kc := perBTC*hoursRun, powerCost(c.facKW, e.sumBase, hoursRun)
				if full && df == 1 && w.led == nil {
					// Analyze's common case, fused: no per-step arrays.
					bookBitcoin(w.units[l*batchSize:][:n], w.minedB[:n], btcPerTH, luck, price, mult, kb, kc, opex, c.r.units)
					continue
				}
				mineBitcoin(rev, pow, btc, btcPerTH, luck, price, mult, kb, kc)
				break
			}
			for k := range n {
				btcPerHour := perBTC * btcPerTH[k]
				h := e.runHours(btcPerHour * price[k] / (c.facKW * mult[k]))
				btc[k] = btcPerHour * hoursRun * float64(h) / 24 * luck[k]
				rev[k] = btc[k] * price[k]
				pow[k] = powerCost(c.facKW*mult[k], e.prefix[h], hoursRun)
			}
		case hardware.GPUMining:
			for k := range n {
				perHour := c.gpuNet * ratio[k]
				h, psum := 24, e.sumBase
				if economic {
					h = e.runHours(perHour / (c.facKW * mult[k]))
					psum = e.prefix[h]
				}
				rev[k] = perHour * hoursRun * float64(h) / 24
				pow[k] = powerCost(c.facKW*mult[k], psum, hoursRun)
			}
		case hardware.AICloud:
			base := c.r.rentalGross(1, hoursRun) // USD per unit of index and utilization
			if c.gpuDrift != 0 {
				base *= math.Exp(c.gpuDrift * st.T)
			}
			perPrice := powerCost(1, e.sumBase, hoursRun) // per facility kW and unit of multiplier
			if full && df == 1 && w.led == nil {
				bookAI(w.units[l*batchSize:][:n], gpu, util, mult, base, c.idleFac*perPrice, c.loadFac*perPrice, opex)
				continue
			}
			rentAI(rev, pow, gpu, util, mult, base, c.idleFac*perPrice, c.loadFac*perPrice)
		case hardware.Colocation:
			perMult := 0.0
			if c.power {
				perMult = powerCost(c.facKW, e.sumBase, hoursRun)
			}
			if c.tm.lease == nil {
				rent := c.rentDay * days
				for k := range n {
					rev[k], pow[k] = rent, perMult*mult[k]
				}
				break
			}
			pre = true
			for k := range n {
				pt := &w.pt[l*batchSize+k]
				if usd, ok := c.tm.quickRent(pt, t0, t1); ok {
					rev[k], pow[k] = usd, perMult*mult[k]
					continue
				}
				usd, occupied := c.tm.rent(pt, t0, t1, gpu[k], w.jrngs[k])
				rev[k], pow[k] = usd, occupied*perMult*mult[k]
			}
		}
		e.book(w, l, rev, pow, btc, opex, pre, full, t0, t1, df)
	}
	if e.capital || e.led != nil {
		e.salvage(w, j, st, t0, t1, df)
	}
	if w.led != nil {
		w.led.close(n, df)
		w.led.mark(j)
	}

	// Bands: cumulative profit after the step, of the band paths.
	if e.bandPaths > w.p0 && e.bandGrid.point(j) >= 0 {
		stride := e.bandGrid.point(j) * e.bandPaths
		for k := range min(n, e.bandPaths-w.p0) {
			var byW [hardware.Colocation + 1]float64
			for l := range e.lc {
				byW[e.lc[l].r.workload] += e.lc[l].r.units * w.units[l*batchSize+k]
			}
			mining := byW[hardware.BitcoinMining] + byW[hardware.GPUMining]
			ai := byW[hardware.AICloud]
			total := mining + ai + byW[hardware.Colocation]
			p := stride + w.p0 + k
			e.bands[0][p], e.bands[1][p], e.bands[2][p] = total, mining, ai
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
// goroutine, in batches of batchSize paths; perPath(w, p) runs, in path
// order, once p's batch is done, and e.path(w, p) loads its results. Per-
// chunk state in w needs no locks.
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
				for p0 := c * chunkSize; p0 < end; p0 += batchSize {
					e.run(w, p0, min(batchSize, end-p0))
					for p := p0; p < p0+w.n; p++ {
						perPath(w, p)
					}
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
