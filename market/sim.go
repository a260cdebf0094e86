package market

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/wattfolio/wattfolio/internal/num"
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
	perTHsec             float64 // BTC per TH/s per BTC of reward over the step at the snapshot's difficulty
}

// Simulator draws market paths of a Model from a Snapshot over a horizon
// cut into equal steps. It is immutable after NewSimulator and safe for
// concurrent use by many goroutines, each with its own *rand.Rand and dst.
type Simulator struct {
	model Model
	snap  Snapshot

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
	util      [utilTableSize]float64
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
// hundred milliseconds depending on the Beta parameters: build a Simulator
// once and share it.
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
	c := m.Chain
	sim.blockSec = c.BlockInterval.Seconds()
	sim.retarget = float64(c.RetargetInterval)
	sim.invBlockSec = 1 / sim.blockSec
	sim.expected = sim.retarget * sim.blockSec
	sim.invExpected = 1 / sim.expected
	sim.measured = (sim.retarget - 1) / sim.retarget
	for _, c := range []*stepConst{&sim.full, &sim.last} {
		c.perTHsec = sim.perTH * c.seconds
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
		b := distuv.Beta{Alpha: u * k, Beta: (1 - u) * k}
		for i := range sim.util {
			q := b.Quantile((float64(i) + 0.5) / utilTableSize)
			if math.IsNaN(q) {
				return nil, invalid("GPU.UtilizationConcentration", k, "Beta quantile table is not finite")
			}
			sim.util[i] = min(max(q, 0), 1)
		}
	}
	return sim, nil
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
	var buf [laneFloats]float64
	var ch [1]chainState
	var ub [1]uint32
	ln := newLanes(buf[:], ch[:], ub[:], 1)
	sim.reset(&ln)
	rngs := [1]*rand.Rand{rng}
	signs := [1]float64{sign}
	var lagBuf [1]float64
	out := newBatchStep(buf[lanesFloats:], 1)
	out.PriceRatio, out.Power, out.GPUIndex = ln.exps()
	for j := range dst {
		var lagged []float64
		if i := j - sim.lagSteps; i >= 0 && i < j {
			lagBuf[0] = dst[i].dlogP
			lagged = lagBuf[:]
		}
		sim.step(j, &ln, rngs[:], signs[:], lagged, &out)
		dst[j] = Step{
			Days:        out.Days,
			BTCPerTH:    out.BTCPerTH[0],
			Blocks:      out.Blocks[0],
			RewardBTC:   out.RewardBTC[0],
			Price:       out.Price[0],
			PriceRatio:  out.PriceRatio[0],
			Power:       out.Power[0],
			GPUIndex:    out.GPUIndex[0],
			Utilization: out.Utilization[0],
			T:           out.T,
			dlogP:       ln.dlogP[0],
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

// batchStepFields is the number of per-path slices of BatchStep with their
// own memory; PriceRatio, Power and GPUIndex point into the lanes'
// exponentials.
const batchStepFields = 5

// newBatchStep returns a BatchStep for n paths whose slices point into buf.
func newBatchStep(buf []float64, n int) BatchStep {
	one := func(k int) []float64 { return buf[k*n : (k+1)*n : (k+1)*n] }
	return BatchStep{BTCPerTH: one(0), Blocks: one(1), RewardBTC: one(2), Price: one(3), Utilization: one(4)}
}

// Batch draws a batch of paths of a Simulator together, step by step: the
// paths Path draws, in structure-of-arrays form. A Monte Carlo engine that
// consumes each step of many paths uses it to keep no paths x steps array
// and to let the arithmetic of different paths overlap in the processor.
//
// A Batch holds scratch memory and is not safe for concurrent use: use one
// per goroutine. Its Simulator may be shared.
type Batch struct {
	sim  *Simulator
	size int
	ln   lanes
	full BatchStep // slices of size entries
	out  BatchStep // the step visit sees
	hist []float64 // the last rows steps' changes of log price, rows x size
	rows int
}

// NewBatch returns a Batch that draws up to size paths at a time. Its
// memory grows with size times the hashrate's lag in steps (when the lag is
// shorter than the horizon). Batches of 16 to 64 paths are fastest.
//
// It panics if size < 1.
func (sim *Simulator) NewBatch(size int) *Batch {
	if size < 1 {
		panic(fmt.Sprintf("market: Simulator.NewBatch: size %d < 1", size))
	}
	b := &Batch{sim: sim, size: size}
	buf := make([]float64, (lanesFloats+batchStepFields)*size)
	b.ln = newLanes(buf, make([]chainState, size), make([]uint32, size), size)
	b.full = newBatchStep(buf[lanesFloats*size:], size)
	if sim.lagSteps > 0 && sim.lagSteps < sim.steps {
		b.rows = sim.lagSteps
		b.hist = make([]float64, b.rows*size)
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
// visit may draw from rngs[k] (an engine drawing its own noise per step):
// those draws follow step j's in the stream and precede step j+1's, and
// path k's market then no longer matches Path's, which does not leave the
// stream to anyone else between steps. st and its slices are overwritten
// at the next step; visit must not keep them.
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
	ln := b.ln.slice(n)
	sim.reset(&ln)
	b.out = b.full
	b.out.slice(n)
	b.out.PriceRatio, b.out.Power, b.out.GPUIndex = ln.exps()
	out := &b.out
	for j := range sim.steps {
		var lagged []float64
		if i := j - sim.lagSteps; i >= 0 && i < j {
			// Row i % rows holds step i's changes until step j overwrites
			// it below.
			lagged = b.hist[(i%b.rows)*b.size:][:n]
		}
		sim.step(j, &ln, rngs, signs, lagged, out)
		if b.rows > 0 {
			copy(b.hist[(j%b.rows)*b.size:][:n], ln.dlogP)
		}
		visit(j, out)
	}
}

func (st *BatchStep) slice(n int) {
	st.BTCPerTH, st.Blocks, st.RewardBTC = st.BTCPerTH[:n], st.Blocks[:n], st.RewardBTC[:n]
	st.Price, st.Utilization = st.Price[:n], st.Utilization[:n]
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

// lanes is the state of a batch of paths between steps, and the scratch of
// one step, one entry per path in every slice.
type lanes struct {
	logP, logH, x, logG []float64 // states relative to the start
	ch                  []chainState
	t                   float64 // T at the end of the last step

	z0, z1, z2, z3 []float64 // signed factor normals
	jump           []float64 // jump part of the change of log price
	fee            []float64 // signed fee normal
	dlogP          []float64 // change of log price in the step
	ub             []uint32  // 32-bit draw of the utilization uniform
	arg, ex        []float64 // 5 per path: exponents and exponentials
}

// lanesFloats is the float64s per path that lanes takes; laneFloats those of
// one path with its BatchStep.
const (
	lanesFloats = 11 + 2*expsPerStep
	laneFloats  = lanesFloats + batchStepFields
	expsPerStep = 5 // price, hashrate, fees, power, GPU index
)

// newLanes returns lanes for n paths whose slices point into buf, ch and
// ub.
func newLanes(buf []float64, ch []chainState, ub []uint32, n int) lanes {
	one := func(k int) []float64 { return buf[k*n : (k+1)*n : (k+1)*n] }
	const e = expsPerStep
	return lanes{
		logP: one(0), logH: one(1), x: one(2), logG: one(3), ch: ch[:n:n],
		z0: one(4), z1: one(5), z2: one(6), z3: one(7),
		jump: one(8), fee: one(9), dlogP: one(10), ub: ub[:n:n],
		arg: buf[11*n : (11+e)*n : (11+e)*n], ex: buf[(11+e)*n : (11+2*e)*n : (11+2*e)*n],
	}
}

// slice returns the first n paths of ln; n must not exceed its size.
func (ln *lanes) slice(n int) lanes {
	return lanes{
		logP: ln.logP[:n], logH: ln.logH[:n], x: ln.x[:n], logG: ln.logG[:n], ch: ln.ch[:n],
		z0: ln.z0[:n], z1: ln.z1[:n], z2: ln.z2[:n], z3: ln.z3[:n],
		jump: ln.jump[:n], fee: ln.fee[:n], dlogP: ln.dlogP[:n], ub: ln.ub[:n],
		arg: ln.arg[:expsPerStep*n], ex: ln.ex[:expsPerStep*n],
	}
}

// exps returns the parts of ln.ex that step leaves the price ratio, the
// power multiplier and the GPU index in: BatchStep's fields point there.
func (ln *lanes) exps() (ratio, power, gpu []float64) {
	n := len(ln.ex) / expsPerStep
	return ln.ex[:n:n], ln.ex[3*n : 4*n : 4*n], ln.ex[4*n : 5*n : 5*n]
}

// reset puts every path of ln at the snapshot.
func (sim *Simulator) reset(ln *lanes) {
	clear(ln.logP)
	clear(ln.logH)
	clear(ln.x)
	clear(ln.logG)
	for i := range ln.ch {
		ln.ch[i] = chainState{
			invD:     1,
			inEpoch:  sim.inEpoch,
			elapsed:  sim.inEpoch * sim.blockSec,
			height:   sim.height,
			nextHalv: sim.nextHalv,
			subsidy:  sim.subsidy0,
		}
	}
	ln.t = 0
}

// step advances the len(rngs) paths of ln by step j and writes the step to
// out. lagged holds the change of log price each path's hashrate responds
// to when it is an earlier step's, and is nil otherwise: before the lag has
// passed, or when the lag is 0 steps (the step's own change).
//
// Each path draws, from its own stream and in this order: the 4 factor
// normals, the Poisson uniform(s) and, after a jump, the jump normal (when
// the model has jumps), the fee normal and the utilization uniform.
func (sim *Simulator) step(j int, ln *lanes, rngs []*rand.Rand, signs []float64, lagged []float64, out *BatchStep) {
	n := len(rngs)
	c := &sim.full
	if j == sim.steps-1 {
		c = &sim.last
	}
	p := &sim.model.Price
	signs = signs[:n]
	z0, z1, z2, z3 := ln.z0[:n], ln.z1[:n], ln.z2[:n], ln.z3[:n]
	jump, fee, ub := ln.jump[:n], ln.fee[:n], ln.ub[:n]

	// The draws, path by path.
	for i, r := range rngs {
		s := signs[i]
		z0[i] = s * r.NormFloat64()
		z1[i] = s * r.NormFloat64()
		z2[i] = s * r.NormFloat64()
		z3[i] = s * r.NormFloat64()
		// One 64-bit draw holds the step's two uniforms: its high half is
		// the Poisson uniform, its low half the utilization uniform.
		w := r.Uint64()
		ub[i] = uint32(w)
		jmp := 0.0
		// Most steps have no jump: b <= noJumpMax is the inversion's first
		// test, u <= e^{-λ dt}, on the integer.
		if b := int64(w >> 32); sim.jumps && b > c.noJumpMax {
			var k float64
			if c.lambda <= poissonPiece {
				k = poissonInv(uniform32(uint32(b)), c.lambda, c.expLambda)
			} else {
				k = poisson(uniform32(uint32(b)), r, c.lambda)
			}
			// The jump sum's normal is drawn only when a jump happens: the
			// uniform above decides that the same way for both signs, so
			// antithetic partners still consume the same draws.
			if k > 0 {
				zj := s * r.NormFloat64()
				jmp = k*p.JumpMean + math.Sqrt(k)*p.JumpVol*zj
			}
		}
		jump[i] = jmp
		fee[i] = s * r.NormFloat64()
	}

	// The factors, the exponents and the utilization.
	L := &sim.chol
	l00, l10, l11 := L[0][0], L[1][0], L[1][1]
	l20, l21, l22 := L[2][0], L[2][1], L[2][2]
	l30, l31, l32, l33 := L[3][0], L[3][1], L[3][2], L[3][3]
	feeVol := sim.model.Fees.Vol
	feeAdj := -feeVol * feeVol / 2
	elast := sim.model.Hashrate.Elasticity
	lagSelf := sim.lagSteps == 0
	if lagged != nil {
		lagged = lagged[:n]
	}
	logP, logH, x, logG, dlogPs := ln.logP[:n], ln.logH[:n], ln.x[:n], ln.logG[:n], ln.dlogP[:n]
	arg := ln.arg[:expsPerStep*n]
	aP, aH, aF, aW, aG := arg[:n], arg[n:2*n], arg[2*n:3*n], arg[3*n:4*n], arg[4*n:5*n]
	util := out.Utilization[:n]
	for i := range n {
		a, b, cc, d := z0[i], z1[i], z2[i], z3[i]
		// eps = L z, L lower triangular, written out.
		e0 := l00 * a
		e1 := l10*a + l11*b
		e2 := l20*a + l21*b + l22*cc
		e3 := l30*a + l31*b + l32*cc + l33*d

		// Price.
		lp := logP[i]
		dlogP := c.pDrift + c.pVol*e0 + jump[i]
		newLogP := clampLog(lp + dlogP)
		dlogP = newLogP - lp
		logP[i] = newLogP
		dlogPs[i] = dlogP

		// Hashrate, responding to the price change of step j - lag.
		dlogH := c.hDrift + c.hVol*e1
		if lagSelf {
			dlogH += elast * dlogP
		} else if lagged != nil {
			dlogH += elast * lagged[i]
		}
		lh := clampLog(logH[i] + dlogH)
		logH[i] = lh

		// Power and GPU.
		xw := clampLog(x[i]*c.wDecay + c.wVol*e2)
		x[i] = xw
		lg := clampLog(logG[i] + c.gDrift + c.gVol*e3)
		logG[i] = lg

		aP[i], aH[i], aF[i], aW[i], aG[i] = newLogP, lh, feeVol*fee[i]+feeAdj, xw, lg

		if sim.utilTable {
			util[i] = sim.utilization32(ub[i])
		} else {
			util[i] = sim.utilConst
		}
	}
	// The price ratio, power multiplier and GPU index stay where ExpTo
	// leaves them (see exps).
	ex := num.ExpTo(ln.ex, arg)
	eP, eH, eF := ex[:n], ex[n:2*n], ex[2*n:3*n]

	// Blocks, retargets and halvings within the step.
	ch := ln.ch[:n]
	btc, blocks, reward := out.BTCPerTH[:n], out.Blocks[:n], out.RewardBTC[:n]
	price := out.Price[:n]
	sec := c.seconds
	for i := range n {
		cs := &ch[i]
		fees := sim.fees0 * eF[i]
		r := cs.subsidy + fees
		q := eH[i] * sim.invBlockSec * cs.invD // blocks per second
		// The step holds no retarget (h = 0) or one s1 seconds in (h = 1)
		// after which the difficulty is D/f; both cases are computed
		// without a branch, which the processor could not predict, and
		// blended exactly (h is 0 or 1).
		toR := sim.retarget - cs.inEpoch
		s1 := toR / q
		if s1 < 0 { // rounding left the period a hair past its end
			s1 = 0
		}
		actual := (cs.elapsed + s1) * sim.measured
		if actual < sim.expected/4 {
			actual = sim.expected / 4
		} else if actual > 4*sim.expected {
			actual = 4 * sim.expected
		}
		var hb uint64
		if s1 < sec {
			hb = 0x3ff0000000000000 // 1.0
		}
		h := math.Float64frombits(hb)
		g := 1 - h
		f := actual*sim.invExpected*h + g // D / D' over the step
		s1 = s1*h + sec*g                 // seconds at D
		s2 := sec - s1                    // seconds at D' (0 without a retarget)
		nb1, nb2 := q*s1, q*f*s2
		nb := nb1 + nb2
		if !(nb2 < sim.retarget && nb < cs.nextHalv-cs.height) {
			// A halving, or a second retarget: cut the step at each.
			btc[i], blocks[i], reward[i] = sim.segments(cs, q, fees, sec)
		} else {
			invD := cs.invD * f
			btc[i] = sim.perTH * (cs.invD*s1 + invD*s2) * r
			blocks[i], reward[i] = nb, r
			cs.invD = invD
			cs.inEpoch = (cs.inEpoch+nb1)*g + nb2
			cs.elapsed = (cs.elapsed+s1)*g + s2
			cs.height += nb
		}
		price[i] = sim.price0 * eP[i]
	}
	ln.t += c.years
	out.Days, out.T = c.days, ln.t
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
			cs.subsidy = float64(sim.model.Chain.Subsidy(h)) / SatsPerBTC
			cs.nextHalv = math.Inf(1)
			if nh := sim.model.Chain.NextHalving(h); nh >= 0 {
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
		return sim.util[0]
	}
	i := int(f)
	if i >= utilTableSize-1 {
		return sim.util[utilTableSize-1]
	}
	f -= float64(i)
	return sim.util[i] + f*(sim.util[i+1]-sim.util[i])
}

// utilization32 is utilization(uniform32(b)), bit for bit, from b's bits:
// u 4096 - 1/2 = (b - 2^19 + 1/2) / 2^20, so the cell is (b - 2^19) >> 20
// and the fraction ((b - 2^19) mod 2^20 + 1/2) / 2^20, all exact.
func (sim *Simulator) utilization32(b uint32) float64 {
	if b < 1<<19 {
		return sim.util[0]
	}
	m := b - 1<<19
	i := m >> 20
	if i >= utilTableSize-1 {
		return sim.util[utilTableSize-1]
	}
	f := (float64(m&(1<<20-1)) + 0.5) * 0x1p-20
	return sim.util[i] + f*(sim.util[i+1]-sim.util[i])
}

func clampLog(x float64) float64 {
	// Plain comparisons, not min and max, which also order NaNs and signed
	// zeros at a cost this hot path does not need: x is never NaN here.
	if x > maxLogRatio {
		return maxLogRatio
	}
	if x < -maxLogRatio {
		return -maxLogRatio
	}
	return x
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
