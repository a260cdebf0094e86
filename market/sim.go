package market

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market/internal/simd"
	"gonum.org/v1/gonum/stat/distuv"
)

// Step is the market over one simulation step of one path. Prices and
// indices are at the end of the step; mining quantities are integrals over
// the step.
type Step struct {
	// Days is the length of the step in days. All steps have the
	// simulator's step length except the last, which is shorter when the
	// horizon is not a whole number of steps.
	Days float64
	// BTCPerTH is the expected BTC one TH/s earns over the step before pool
	// fees: the integral over the step of 1e12 (subsidy + fees) / (D 2^32)
	// per second, with D the difficulty in force. A retarget or a halving
	// inside the step splits the integral at the block where it happens.
	BTCPerTH float64
	// Blocks is the expected number of network blocks found in the step,
	// the integral of H / (D 2^32) per second; use it for pool luck.
	Blocks float64
	// RewardBTC is the mean reward per block in the step, subsidy plus
	// fees, in BTC, weighted by the blocks found. With no blocks found it
	// is the reward at the step's start.
	RewardBTC float64
	// Price is BTC/USD at the end of the step.
	Price float64
	// PriceRatio is Price over the snapshot's price.
	PriceRatio float64
	// Power multiplies every hourly power price of the snapshot during the
	// step: exp(X) of PowerModel, X taken at the end of the step.
	Power float64
	// GPUIndex is the common GPU rental index G at the end of the step
	// (1 at the snapshot). Model-specific drift is applied by GPURate.
	GPUIndex float64
	// Utilization is the billable utilization of rented GPUs in the step,
	// a Beta draw (see GPUModel), in [0, 1].
	Utilization float64
	// T is the time at the end of the step, in years of DaysPerYear days
	// since the snapshot.
	T float64

	dlogP float64 // change of log price over the step, for the lagged hashrate
}

// utilTableSize is the number of points of the Beta inverse-CDF table.
const utilTableSize = 4096

// maxLogRatio bounds the log of the price, hashrate, power and GPU states
// relative to their start (a factor of about 1e100 either way). No realistic
// model comes near it; it keeps every Step finite and the retarget loop
// bounded for any model that passes Validate.
const maxLogRatio = 230

// Simulation size limits of NewSimulator.
const (
	maxHorizon = 100 * DaysPerYear * 24 * time.Hour
	maxSteps   = 10_000_000
)

// poissonPiece is the largest Poisson mean drawn by one inversion; larger
// means are split into pieces, each with its own uniform.
const poissonPiece = 16

// stepConst holds the per-step constants of one step length.
type stepConst struct {
	days, years, seconds float64
	pDrift, pVol         float64 // (μ - λκ - σ²/2) dt, σ √dt
	lambda               float64 // λ dt
	expLambda            float64 // e^{-λ dt}, used when λ dt <= poissonPiece
	noJumpMax            int64   // the largest 32-bit draw b with no jump, (b + 1/2)/2^32 <= e^{-λ dt}; -1 when λ dt > poissonPiece
	hDrift, hVol         float64 // g dt, σ_H √dt
	wDecay, wVol         float64 // e^{-k dt}, σ_W √((1-e^{-2k dt})/(2k))
	gDrift, gVol         float64 // (μ_G - σ_G²/2) dt, σ_G √dt
	factors              *simd.FactorParams
	chain                *simd.ChainParams
}

// Simulator draws market paths of a Model from a Snapshot over a horizon
// cut into equal steps. It is immutable after NewSimulator and safe for
// concurrent use by many goroutines, each with its own *rand.Rand and dst.
type Simulator struct {
	model Model
	snap  Snapshot
	chain Chain // the snapshot's, Bitcoin.Params

	steps    int
	lagSteps int
	full     stepConst
	last     stepConst
	chol     [NumFactors][NumFactors]float64
	jumps    bool

	price0      float64 // USD
	fees0       float64 // BTC per block
	perTH       float64 // 1e12 / (D_0 2^32): BTC per TH/s per second per BTC of reward
	blockSec    float64 // target block interval in seconds
	invBlockSec float64 // 1 / blockSec
	expected    float64 // seconds a retarget period should take
	invExpected float64 // 1 / expected
	measured    float64 // (N-1)/N: the share of a period's time the protocol measures
	retarget    float64 // blocks per retarget period
	inEpoch     float64 // blocks into the retarget period at the snapshot
	height      float64 // snapshot height
	nextHalv    float64 // next halving height, +Inf if none
	subsidy0    float64 // BTC

	utilConst float64 // utilization when the Beta is degenerate (u = 0 or 1), else NaN
	utilTable bool    // whether utilization comes from the table
	// util[i+1] is the quantile at cell midpoint i; util[0] and
	// util[utilTableSize+1] repeat the first and last, so that the end
	// half-cells interpolate between equal values.
	util [utilTableSize + 2]float64
}

// NewSimulator returns a simulator of m from snapshot s over horizon, in
// steps of length step; the last step is shorter when horizon is not a
// multiple of step. It returns an error matching ErrInvalid if m or s fails
// Validate, if step is not positive, if horizon is shorter than step or
// longer than 100 years, if there would be more than 10 million steps, if
// the snapshot's price, fees or difficulty do not convert to finite
// positive simulation numbers (fees may be 0).
//
// Per step of dt years, Path (and Batch, which draws the same paths many
// at a time) applies in order:
//
//  1. Shocks: z ~ N(0, I_4), ε = L z with Corr = L Lᵀ (Cholesky, computed
//     here once).
//  2. Price: the exact jump-diffusion step of PriceModel. N is drawn by
//     inversion of the Poisson CDF with one uniform per piece of at most 16
//     in mean (one uniform for any realistic λ dt); the jump sum takes one
//     normal, drawn only in steps with N > 0.
//  3. Hashrate: the step of HashrateModel. H is constant within the step.
//  4. Fees: FeeModel's lognormal draw (one normal).
//  5. Blocks arrive deterministically at H / (D 2^32) per second, D the
//     difficulty in force. The height advances with them (fractionally),
//     and the subsidy is Chain.Subsidy at the height, so halvings inside the
//     horizon apply at their exact block. The difficulty changes only when
//     the blocks of the retarget period reach Chain.RetargetInterval: D' =
//     Chain.Retarget(D, actual), where actual is the time the period took
//     times (N-1)/N (the protocol measures N-1 = 2015 block intervals, so
//     blocks at exactly the target rate raise D by 2016/2015). The
//     snapshot's height fixes how far into its period the chain is (height
//     mod 2016 blocks), and that part of the period is assumed to have
//     taken the target block interval per block. The initial difficulty is
//     the snapshot's and the initial hashrate the one it implies,
//     D 2^32 / BlockInterval.
//  6. Power: the exact log-OU step of PowerModel from X_0 = 0.
//  7. GPU: the exact GBM step of the GPU index from G_0 = 1.
//  8. Utilization: one uniform u (on 2^32 points, see below), mapped
//     through a table of the Beta quantile function Q at the 4096 cell
//     midpoints p_i = (i + 1/2)/4096 (gonum distuv.Beta.Quantile),
//     interpolated linearly between them and held constant in the outer
//     half-cells (u < 1/8192 gives Q(p_0), u >= 1 - 1/8192 gives
//     Q(p_4095)). The draws thus follow a piecewise-linear approximation of
//     Q, exact at the table points; the tails beyond 1/8192 are cut off,
//     which shrinks the variance slightly. For the default parameters and
//     the other shapes tested, the table's mean is within 5e-6 of the
//     Beta's and its variance within 0.1 % (0.035 % at u = 0.85, k = 40).
//     A snapshot utilization of exactly 0 or 1 gives that value every step.
//
// Logs of price, hashrate, power and GPU index are kept within ±230 of
// their start (a factor of about 1e100) so that every value stays finite;
// no realistic model comes near that bound.
//
// Random draws per step, always in this order whatever the sign passed to
// Path: 4 factor normals; one 64-bit integer (rand.Rand.Uint64), whose high
// 32 bits b give the first Poisson uniform and whose low 32 bits give the
// utilization uniform, each (b + 1/2)/2^32, the midpoint of one of 2^32
// equal cells of (0, 1) (a resolution far finer than either use needs);
// if JumpRate > 0 and λ dt > 16, one rand.Rand.Float64 per further
// Poisson piece; if a jump happened, the jump normal; the fee normal.
//
// Building the utilization table costs 4096 Beta quantiles, a few to a few
// hundred milliseconds of processor time depending on the Beta parameters,
// spread over up to GOMAXPROCS goroutines: build a Simulator once and share
// it.
func (m Model) NewSimulator(s Snapshot, horizon, step time.Duration) (*Simulator, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	switch {
	case step <= 0:
		return nil, invalid("step", step, "must be positive")
	case horizon < step:
		return nil, invalid("horizon", horizon, fmt.Sprintf("must be at least the step %v", step))
	case horizon > maxHorizon:
		return nil, invalid("horizon", horizon, "must be at most 100 years")
	}
	n := int64(horizon / step)
	rest := horizon - time.Duration(n)*step
	if rest > 0 {
		n++
	}
	if n > maxSteps {
		return nil, invalid("horizon", horizon, fmt.Sprintf("%d steps of %v exceed %d", n, step, maxSteps))
	}
	chol, err := m.cholesky()
	if err != nil {
		return nil, err
	}

	sim := &Simulator{
		model: m,
		snap:  s.Clone(),
		steps: int(n),
		chol:  chol,
		jumps: m.Price.JumpRate > 0,
	}
	sim.model.GPU.ModelDrift = make(map[string]float64, len(m.GPU.ModelDrift))
	for k, v := range m.GPU.ModelDrift {
		sim.model.GPU.ModelDrift[k] = v
	}
	sim.lagSteps = int(math.Round(float64(m.Hashrate.Lag) / float64(step)))
	if rest == 0 {
		rest = step
	}
	sim.full = m.stepConst(step)
	sim.last = m.stepConst(rest)

	sim.price0 = num.Float(s.Bitcoin.Price)
	if !(sim.price0 > 0) || math.IsInf(sim.price0, 0) {
		return nil, invalid("Bitcoin.Price", errValue(s.Bitcoin.Price), "does not convert to a finite positive float64")
	}
	sim.fees0 = float64(s.Bitcoin.FeesPerBlock) / SatsPerBTC
	work := s.Bitcoin.Difficulty * (1 << 32)
	sim.perTH = 1e12 / work
	if math.IsInf(work, 0) || !(sim.perTH > 0) || math.IsInf(sim.perTH, 0) {
		return nil, invalid("Bitcoin.Difficulty", s.Bitcoin.Difficulty, "too large or too small to simulate")
	}
	c := s.Bitcoin.Params()
	sim.chain = c
	sim.blockSec = c.BlockInterval.Seconds()
	sim.retarget = float64(c.RetargetInterval)
	sim.invBlockSec = 1 / sim.blockSec
	sim.expected = sim.retarget * sim.blockSec
	sim.invExpected = 1 / sim.expected
	sim.measured = (sim.retarget - 1) / sim.retarget
	for _, c := range []*stepConst{&sim.full, &sim.last} {
		c.noJumpMax = -1
		if c.lambda <= poissonPiece {
			c.noJumpMax = int64(math.Floor(c.expLambda*(1<<32) - 0.5))
		}
	}
	sim.inEpoch = float64(s.Bitcoin.Height % c.RetargetInterval)
	sim.height = float64(s.Bitcoin.Height)
	sim.nextHalv = math.Inf(1)
	if h := c.NextHalving(s.Bitcoin.Height); h >= 0 {
		sim.nextHalv = float64(h)
	}
	sim.subsidy0 = float64(c.Subsidy(s.Bitcoin.Height)) / SatsPerBTC

	u, k := s.Utilization, m.GPU.UtilizationConcentration
	sim.utilConst = math.NaN()
	if u == 0 || u == 1 {
		sim.utilConst = u
	} else {
		sim.utilTable = true
		if !sim.betaTable(distuv.Beta{Alpha: u * k, Beta: (1 - u) * k}) {
			return nil, invalid("GPU.UtilizationConcentration", k, "Beta quantile table is not finite")
		}
	}
	var table *[simd.UtilTableLen]float64
	if sim.utilTable {
		table = &sim.util
	}
	for _, c := range []*stepConst{&sim.full, &sim.last} {
		c.factors = simd.NewFactorParams(&sim.chol, simd.FactorStep{
			PDrift: c.pDrift, PVol: c.pVol, HDrift: c.hDrift, HVol: c.hVol,
			WDecay: c.wDecay, WVol: c.wVol, GDrift: c.gDrift, GVol: c.gVol,
		}, m.Hashrate.Elasticity, m.Fees.Vol, maxLogRatio, table, sim.utilConst)
		c.chain = simd.NewChainParams(simd.ChainStep{
			Seconds: c.seconds, PerTH: sim.perTH, BlockSec: sim.blockSec, Retarget: sim.retarget,
			Expected: sim.expected, Fees0: sim.fees0, Price0: sim.price0,
		})
	}
	return sim, nil
}

// betaTable fills sim.util with b's quantiles at the cell midpoints, clamped
// to [0, 1], on up to GOMAXPROCS goroutines (it is most of NewSimulator's
// time), and reports whether they are all numbers.
func (sim *Simulator) betaTable(b distuv.Beta) bool {
	parts := min(runtime.GOMAXPROCS(0), 8)
	var nan atomic.Bool
	var wg sync.WaitGroup
	for k := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; i < utilTableSize; i += parts {
				q := b.Quantile((float64(i) + 0.5) / utilTableSize)
				if math.IsNaN(q) {
					nan.Store(true)
				}
				sim.util[i+1] = min(max(q, 0), 1)
			}
		}()
	}
	wg.Wait()
	sim.util[0], sim.util[utilTableSize+1] = sim.util[1], sim.util[utilTableSize]
	return !nan.Load()
}

func (m Model) stepConst(d time.Duration) stepConst {
	h := d.Hours()
	dt := h / (DaysPerYear * 24)
	p := m.Price
	kappa := math.Expm1(p.JumpMean + p.JumpVol*p.JumpVol/2)
	sq := math.Sqrt(dt)
	return stepConst{
		days:      h / 24,
		years:     dt,
		seconds:   d.Seconds(),
		pDrift:    (p.Drift - p.JumpRate*kappa - p.Vol*p.Vol/2) * dt,
		pVol:      p.Vol * sq,
		lambda:    p.JumpRate * dt,
		expLambda: math.Exp(-p.JumpRate * dt),
		hDrift:    m.Hashrate.Growth * dt,
		hVol:      m.Hashrate.Vol * sq,
		wDecay:    math.Exp(-m.Power.Reversion * dt),
		wVol:      m.Power.Vol * math.Sqrt(ouFactor(m.Power.Reversion, dt)),
		gDrift:    (m.GPU.Drift - m.GPU.Vol*m.GPU.Vol/2) * dt,
		gVol:      m.GPU.Vol * sq,
	}
}

// Steps returns the number of steps of a path: ceil(horizon / step).
func (sim *Simulator) Steps() int { return sim.steps }

// NormalsPerStep returns how many standard normals Path draws per step on
// average: 5 (the 4 factor shocks and the fee shock), plus, when the model
// has jumps, 1 in each step with at least one jump, P(N > 0) = 1 - e^{-λ dt}
// of them. Path also draws one 64-bit integer per step (the Poisson and
// utilization uniforms), plus one uniform per Poisson piece beyond the
// first when λ dt > 16.
func (sim *Simulator) NormalsPerStep() float64 {
	n := float64(NumFactors + 1)
	if sim.jumps {
		n += -math.Expm1(-sim.model.Price.JumpRate * sim.full.years)
	}
	return n
}

// Path fills dst with one path of Steps() steps and returns it. dst is
// reused when its capacity is at least Steps(), else a new slice is
// allocated; Path allocates nothing else.
//
// sign must be +1 or -1: -1 negates every Gaussian draw (factor, jump and
// fee normals) and leaves the uniforms alone. Draws are consumed in the same
// order whatever the sign, so replaying a copy of rng's state with sign -1
// gives the antithetic partner of the path drawn with +1.
//
// Path is Batch.Run for one path: both give the same path from the same
// stream, bit for bit.
//
// It panics if rng is nil or sign is neither +1 nor -1.
func (sim *Simulator) Path(rng *rand.Rand, sign float64, dst []Step) []Step {
	if rng == nil {
		panic("market: Simulator.Path: nil rng")
	}
	if sign != 1 && sign != -1 {
		panic(fmt.Sprintf("market: Simulator.Path: sign %v is neither +1 nor -1", sign))
	}
	if cap(dst) < sim.steps {
		dst = make([]Step, sim.steps)
	}
	dst = dst[:sim.steps]

	// One lane of the batch kernel, on the stack; the lagged price changes
	// come from dst.
	var blk laneBlock
	rngs := [1]*rand.Rand{rng}
	sim.reset(&blk, []float64{sign})
	var lagged [laneWidth]float64
	for j := range dst {
		lag := (*[laneWidth]float64)(nil)
		if i := j - sim.lagSteps; i >= 0 && i < j {
			lagged[0] = dst[i].dlogP
			lag = &lagged
		}
		sim.step(j, &blk, rngs[:], lag)
		dst[j] = Step{
			Days:        blk.days,
			BTCPerTH:    blk.BTC[0],
			Blocks:      blk.Blocks[0],
			RewardBTC:   blk.Reward[0],
			Price:       blk.Price[0],
			PriceRatio:  blk.ex[expPrice*laneWidth],
			Power:       blk.ex[expPower*laneWidth],
			GPUIndex:    blk.ex[expGPU*laneWidth],
			Utilization: blk.Util[0],
			T:           blk.t,
			dlogP:       blk.DlogP[0],
		}
	}
	return dst
}

// BatchStep is one step of a batch of paths: the fields of Step, one slice
// per field with one entry per path (path k of the batch at index k), and
// the two fields every path shares.
type BatchStep struct {
	// Days and T are Step.Days and Step.T, the same for every path.
	Days, T float64
	// BTCPerTH, Blocks, RewardBTC, Price, PriceRatio, Power, GPUIndex and
	// Utilization are the Step fields of the same names, one per path.
	BTCPerTH, Blocks, RewardBTC, Price, PriceRatio, Power, GPUIndex, Utilization []float64
}

// Batch draws a batch of paths of a Simulator together, step by step: the
// paths Path draws, in structure-of-arrays form. A Monte Carlo engine that
// consumes each step of many paths uses it to keep no paths x steps array
// and to let the arithmetic of different paths overlap in the processor.
//
// A Batch steps its paths laneWidth (32) at a time; larger batches copy
// each step into slices of their own. It holds scratch memory and is not
// safe for concurrent use: use one per goroutine. Its Simulator may be
// shared.
type Batch struct {
	sim    *Simulator
	size   int
	blocks []laneBlock
	out    BatchStep            // the step visit sees
	own    BatchStep            // its memory when there are several blocks
	hist   [][laneWidth]float64 // per block, the last rows steps' changes of log price
	rows   int
}

// NewBatch returns a Batch that draws up to size paths at a time. Its
// memory grows with size times the hashrate's lag in steps (when the lag is
// shorter than the horizon). Batches of 32 paths are fastest.
//
// It panics if size < 1.
func (sim *Simulator) NewBatch(size int) *Batch {
	if size < 1 {
		panic(fmt.Sprintf("market: Simulator.NewBatch: size %d < 1", size))
	}
	nb := (size + laneWidth - 1) / laneWidth
	b := &Batch{sim: sim, size: size, blocks: make([]laneBlock, nb)}
	if nb > 1 {
		buf := make([]float64, 8*size)
		one := func(k int) []float64 { return buf[k*size : (k+1)*size : (k+1)*size] }
		b.own = BatchStep{BTCPerTH: one(0), Blocks: one(1), RewardBTC: one(2), Price: one(3),
			PriceRatio: one(4), Power: one(5), GPUIndex: one(6), Utilization: one(7)}
	}
	if sim.lagSteps > 0 && sim.lagSteps < sim.steps {
		b.rows = sim.lagSteps
		b.hist = make([][laneWidth]float64, b.rows*nb)
	}
	return b
}

// Size returns the most paths Run draws at once.
func (b *Batch) Size() int { return b.size }

// Run draws len(rngs) paths together, path k from rngs[k] with sign
// signs[k]: the same path, bit for bit, as Path(rngs[k], signs[k], dst).
// After step j of every path it calls visit(j, st), st holding step j of
// path k at index k of its slices, each of length len(rngs).
//
// visit may draw from rngs[k]: those draws follow step j's in the stream
// and precede step j+1's, so path k then differs from Path's, which leaves
// the stream alone between steps. st and its slices are overwritten at the
// next step; visit must not keep them.
//
// It panics if len(rngs) is 0 or above Size, len(signs) differs from
// len(rngs), a rng is nil or a sign is neither +1 nor -1.
func (b *Batch) Run(rngs []*rand.Rand, signs []float64, visit func(j int, st *BatchStep)) {
	n := len(rngs)
	if n == 0 || n > b.size || len(signs) != n {
		panic(fmt.Sprintf("market: Batch.Run: %d rngs and %d signs for a batch of %d", n, len(signs), b.size))
	}
	for k, r := range rngs {
		if r == nil {
			panic("market: Batch.Run: nil rng")
		}
		if s := signs[k]; s != 1 && s != -1 {
			panic(fmt.Sprintf("market: Batch.Run: sign %v is neither +1 nor -1", s))
		}
	}
	sim := b.sim
	nb := (n + laneWidth - 1) / laneWidth
	for g := range nb {
		lo, hi := g*laneWidth, min((g+1)*laneWidth, n)
		sim.reset(&b.blocks[g], signs[lo:hi])
	}
	if nb == 1 {
		blk := &b.blocks[0]
		b.out = BatchStep{BTCPerTH: blk.BTC[:n], Blocks: blk.Blocks[:n], RewardBTC: blk.Reward[:n], Price: blk.Price[:n],
			PriceRatio: blk.ex[expPrice*laneWidth:][:n], Power: blk.ex[expPower*laneWidth:][:n], GPUIndex: blk.ex[expGPU*laneWidth:][:n], Utilization: blk.Util[:n]}
	} else {
		o := &b.own
		b.out = BatchStep{BTCPerTH: o.BTCPerTH[:n], Blocks: o.Blocks[:n], RewardBTC: o.RewardBTC[:n], Price: o.Price[:n],
			PriceRatio: o.PriceRatio[:n], Power: o.Power[:n], GPUIndex: o.GPUIndex[:n], Utilization: o.Utilization[:n]}
	}
	out := &b.out
	for j := range sim.steps {
		for g := range nb {
			lo, hi := g*laneWidth, min((g+1)*laneWidth, n)
			blk := &b.blocks[g]
			var lagged *[laneWidth]float64
			if i := j - sim.lagSteps; i >= 0 && i < j {
				// Row i % rows holds step i's changes until step j
				// overwrites it below.
				lagged = &b.hist[(i%b.rows)*nb+g]
			}
			sim.step(j, blk, rngs[lo:hi], lagged)
			if b.rows > 0 {
				b.hist[(j%b.rows)*nb+g] = blk.DlogP
			}
			if nb > 1 {
				copy(out.BTCPerTH[lo:hi], blk.BTC[:])
				copy(out.Blocks[lo:hi], blk.Blocks[:])
				copy(out.RewardBTC[lo:hi], blk.Reward[:])
				copy(out.Price[lo:hi], blk.Price[:])
				copy(out.PriceRatio[lo:hi], blk.ex[expPrice*laneWidth:][:laneWidth])
				copy(out.Power[lo:hi], blk.ex[expPower*laneWidth:][:laneWidth])
				copy(out.GPUIndex[lo:hi], blk.ex[expGPU*laneWidth:][:laneWidth])
				copy(out.Utilization[lo:hi], blk.Util[:])
			}
		}
		out.Days, out.T = b.blocks[0].days, b.blocks[0].t
		visit(j, out)
	}
}

// chainState is where one path's chain stands: difficulty, retarget period,
// height and subsidy.
type chainState struct {
	invD     float64 // snapshot difficulty over the difficulty in force
	inEpoch  float64 // blocks into the retarget period
	elapsed  float64 // seconds the period has taken
	height   float64
	nextHalv float64 // next halving height, +Inf if none
	subsidy  float64 // BTC
}

// laneWidth is the most paths step advances at once.
const laneWidth = simd.FactorLanes

// The exponentials of a step, in laneBlock.Arg and ex.
const (
	expPrice    = simd.ArgPrice    // price ratio
	expHashrate = simd.ArgHashrate // hashrate over the snapshot's
	expFees     = simd.ArgFees     // fees over the snapshot's
	expPower    = simd.ArgPower    // power multiplier
	expGPU      = simd.ArgGPU      // GPU index
	expsPerStep = 5
)

// laneBlock is up to laneWidth paths: their state between steps, the
// scratch of a step, and its results, one entry per path in every array.
// Fixed arrays reached through one pointer keep step's loops free of slice
// headers, for which x86-64 has too few registers.
type laneBlock struct {
	n       int     // paths in the block
	days, t float64 // the step's length and end

	// The signs, the draws, the log states relative to the start (log
	// price, hashrate, power multiplier, GPU index), the exponents and the
	// utilization: see simd.StepFactors.
	simd.FactorBlock

	// The chain (chainState, one array per field) and the step's blocks,
	// rewards and prices: see simd.StepChain.
	simd.ChainBlock

	ex [expsPerStep * laneWidth]float64 // the exponentials of Arg, path i of exponential k at k*laneWidth + i
}

// reset puts the len(signs) paths of blk at the snapshot, with signs.
func (sim *Simulator) reset(blk *laneBlock, signs []float64) {
	n := len(signs)
	blk.n = n
	copy(blk.Sign[:], signs)
	clear(blk.LogP[:n])
	clear(blk.LogH[:n])
	clear(blk.X[:n])
	clear(blk.LogG[:n])
	for i := range n {
		blk.InvD[i] = 1
		blk.InEpoch[i] = sim.inEpoch
		blk.Elapsed[i] = sim.inEpoch * sim.blockSec
		blk.Height[i] = sim.height
		blk.NextHalv[i] = sim.nextHalv
		blk.Subsidy[i] = sim.subsidy0
	}
	blk.t = 0
}

// step advances the paths of blk, drawing from rngs (one per path), by step
// j. lagged holds the change of log price each path's hashrate responds to
// when it is an earlier step's, and is nil otherwise: before the lag has
// passed, or when the lag is 0 steps (the step's own change).
//
// Each path draws, from its own stream and in this order: the 4 factor
// normals, one 64-bit integer (the Poisson and utilization uniforms), the
// further Poisson uniforms and, after a jump, the jump normal (when the
// model has jumps), and the fee normal.
func (sim *Simulator) step(j int, blk *laneBlock, rngs []*rand.Rand, lagged *[laneWidth]float64) {
	n := blk.n
	rngs = rngs[:n]
	c := &sim.full
	if j == sim.steps-1 {
		c = &sim.last
	}
	// The draws, path by path. Signs are applied below.
	for i, r := range rngs {
		blk.Z0[i] = r.NormFloat64()
		blk.Z1[i] = r.NormFloat64()
		blk.Z2[i] = r.NormFloat64()
		blk.Z3[i] = r.NormFloat64()
		// One 64-bit draw holds the step's two uniforms: its high half is
		// the Poisson uniform, its low half the utilization uniform.
		w := r.Uint64()
		blk.UB[i] = uint32(w)
		jmp := 0.0
		// Most steps have no jump: b <= noJumpMax is the inversion's first
		// test, u <= e^{-λ dt}, on the integer.
		if b := int64(w >> 32); sim.jumps && b > c.noJumpMax {
			jmp = sim.jump(c, r, blk.Sign[i], uint32(b))
		}
		blk.Jump[i] = jmp
		blk.Fee[i] = r.NormFloat64()
	}

	// The factors, the exponents and the utilization.
	lag := simd.LagNone
	switch {
	case sim.lagSteps == 0:
		lag = simd.LagSelf
	case lagged != nil:
		lag = simd.LagEarlier
	}
	simd.StepFactors(&blk.FactorBlock, c.factors, n, lag, lagged)
	if n == laneWidth {
		simd.ExpTo(blk.ex[:], blk.Arg[:])
	} else {
		for k := range expsPerStep {
			simd.ExpTo(blk.ex[k*laneWidth:][:n], blk.Arg[k*laneWidth:][:n])
		}
	}

	// Blocks, retargets and halvings within the step: simd.StepChain does
	// the steps with no event or one retarget, and leaves the others (a
	// halving, more retargets) to segments.
	left := simd.StepChain(&blk.ChainBlock, &blk.ex, c.chain, n)
	for ; left != 0; left &= left - 1 {
		i := bits.TrailingZeros64(left)
		invD := blk.InvD[i]
		q := blk.ex[expHashrate*laneWidth+i] * sim.invBlockSec * invD
		fees := sim.fees0 * blk.ex[expFees*laneWidth+i]
		cs := chainState{invD, blk.InEpoch[i], blk.Elapsed[i], blk.Height[i], blk.NextHalv[i], blk.Subsidy[i]}
		blk.BTC[i], blk.Blocks[i], blk.Reward[i] = sim.segments(&cs, q, fees, c.seconds)
		blk.InvD[i], blk.InEpoch[i], blk.Elapsed[i] = cs.invD, cs.inEpoch, cs.elapsed
		blk.Height[i], blk.NextHalv[i], blk.Subsidy[i] = cs.height, cs.nextHalv, cs.subsidy
	}
	blk.t += c.years
	blk.days = c.days
}

// jump draws the jumps of a step of c from the Poisson uniform's 32 bits
// b (and rng, for pieces after the first) and returns their sum, drawing
// the jump normal, times sign, when there is at least one.
func (sim *Simulator) jump(c *stepConst, rng *rand.Rand, sign float64, b uint32) float64 {
	var k float64
	if c.lambda <= poissonPiece {
		k = poissonInv(uniform32(b), c.lambda, c.expLambda)
	} else {
		k = poisson(uniform32(b), rng, c.lambda)
	}
	// The jump sum's normal is drawn only when a jump happens: the uniform
	// decides that the same way for both signs, so antithetic partners
	// still consume the same draws.
	if k == 0 {
		return 0
	}
	p := &sim.model.Price
	zj := sign * rng.NormFloat64()
	return k*p.JumpMean + math.Sqrt(k)*p.JumpVol*zj
}

// segments advances cs over a step of rem seconds that holds a retarget or
// a halving, cutting it at each, and returns the step's BTC per TH/s,
// blocks and mean reward per block. q is the block rate (per second) at the
// difficulty in force; the hashrate is constant over the step.
func (sim *Simulator) segments(cs *chainState, q, fees, rem float64) (btcPerTH, blocks, reward float64) {
	var rewardSum float64
	for rem > 0 {
		invQ := 1 / q
		seg, retarget, halving := rem, false, false
		// max(·, 0): rounding may leave the height a hair past an event.
		if s := max((sim.retarget-cs.inEpoch)*invQ, 0); s <= seg {
			seg, retarget = s, true
		}
		if s := max((cs.nextHalv-cs.height)*invQ, 0); s <= seg {
			if s < seg {
				retarget = false
			}
			seg, halving = s, true
		}
		nb := q * seg
		r := cs.subsidy + fees
		btcPerTH += sim.perTH * cs.invD * seg * r
		blocks += nb
		rewardSum += nb * r
		cs.inEpoch += nb
		cs.height += nb
		cs.elapsed += seg
		rem -= seg
		if retarget {
			// Chain.Retarget's rule in float seconds: D' = D x expected /
			// actual, actual clamped to [expected/4, 4 expected]; the
			// protocol measures N-1 of the period's N block intervals.
			actual := cs.elapsed * sim.measured
			if actual < sim.expected/4 {
				actual = sim.expected / 4
			} else if actual > 4*sim.expected {
				actual = 4 * sim.expected
			}
			f := actual * sim.invExpected // D / D'
			cs.invD *= f
			q *= f
			cs.inEpoch, cs.elapsed = 0, 0
		}
		if halving {
			cs.height = cs.nextHalv
			h := int64(cs.nextHalv)
			cs.subsidy = float64(sim.chain.Subsidy(h)) / SatsPerBTC
			cs.nextHalv = math.Inf(1)
			if nh := sim.chain.NextHalving(h); nh >= 0 {
				cs.nextHalv = float64(nh)
			}
		}
	}
	reward = cs.subsidy + fees
	if blocks > 0 {
		reward = rewardSum / blocks
	}
	return btcPerTH, blocks, reward
}

// utilization maps a uniform u in [0, 1) through the Beta quantile table:
// linear interpolation between the points at (i + 1/2)/4096, constant in
// the two end half-cells.
func (sim *Simulator) utilization(u float64) float64 {
	f := u*utilTableSize - 0.5
	if f <= 0 {
		return sim.util[1]
	}
	i := int(f)
	if i >= utilTableSize-1 {
		return sim.util[utilTableSize]
	}
	f -= float64(i)
	return sim.util[i+1] + f*(sim.util[i+2]-sim.util[i+1])
}

// poisson draws a Poisson(lambda) count by inversion of its CDF, one uniform
// per piece of mean at most poissonPiece: u for the first, then Float64
// draws from rng.
func poisson(u float64, rng *rand.Rand, lambda float64) float64 {
	var n float64
	for lambda > 0 {
		l := min(lambda, poissonPiece)
		lambda -= l
		n += poissonInv(u, l, math.Exp(-l))
		if lambda > 0 {
			u = rng.Float64()
		}
	}
	return n
}

// uniform32 maps a 32-bit draw to the midpoint of its cell of (0, 1):
// (b + 1/2) / 2^32, a uniform on 2^32 points that never gives 0 or 1.
func uniform32(b uint32) float64 {
	return (float64(b) + 0.5) * 0x1p-32
}

// poissonInv returns the smallest k with P(N <= k) >= u for N ~
// Poisson(lambda), given e^{-lambda}: inversion of the CDF, summing the
// probabilities upward. It stops when they underflow.
func poissonInv(u, lambda, expNeg float64) float64 {
	p := expNeg
	cdf := p
	k := 0.0
	for u > cdf && p > 0 {
		k++
		p *= lambda / k
		cdf += p
	}
	return k
}

// GPURateFactor returns what the rental rate of a GPU model needs on a
// path: base, the snapshot's rate in USD per GPU-hour, and drift, the
// model's extra drift per year from GPUModel.ModelDrift (0 if none; names
// are matched as in Snapshot.GPURate, exact first, then ignoring case). The
// rate at a step st is
//
//	base * st.GPUIndex * exp(drift * st.T)
//
// Look the factor up once per line and apply it per step. The error matches
// ErrNoQuote when the snapshot has no rate for the model, and ErrInvalid
// when its rate does not convert to a finite float64.
func (sim *Simulator) GPURateFactor(model string) (base, drift float64, err error) {
	r, err := sim.snap.GPURate(model)
	if err != nil {
		return 0, 0, err
	}
	base = num.Float(r)
	if !num.Finite(base) {
		return 0, 0, invalid(fmt.Sprintf("GPURates[%q]", model), r, "does not convert to a finite float64")
	}
	return base, sim.modelDrift(model), nil
}

func (sim *Simulator) modelDrift(model string) float64 {
	md := sim.model.GPU.ModelDrift
	if d, ok := md[model]; ok {
		return d
	}
	for name, d := range md {
		if strings.EqualFold(name, model) {
			return d
		}
	}
	return 0
}

// GPURate returns the rental rate of the named GPU model at step st in USD
// per GPU-hour, base * st.GPUIndex * exp(drift * st.T) with the factors of
// GPURateFactor, or its error. In a loop over steps, call GPURateFactor once
// instead: GPURate looks the model up on every call.
func (sim *Simulator) GPURate(model string, st Step) (float64, error) {
	base, drift, err := sim.GPURateFactor(model)
	if err != nil {
		return 0, err
	}
	return base * st.GPUIndex * math.Exp(drift*st.T), nil
}
