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
	hDrift, hVol         float64 // g dt, σ_H √dt
	wDecay, wVol         float64 // e^{-k dt}, σ_W √((1-e^{-2k dt})/(2k))
	gDrift, gVol         float64 // (μ_G - σ_G²/2) dt, σ_G √dt
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
	retarget    float64 // blocks per retarget period
	inEpoch     float64 // blocks into the retarget period at the snapshot
	height      float64 // snapshot height
	nextHalv    float64 // next halving height, +Inf if none
	subsidy0    float64 // BTC

	utilConst float64 // utilization when the Beta is degenerate (u = 0 or 1), else NaN
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
// Per step of dt years, Path applies in order:
//
//  1. Shocks: z ~ N(0, I_4), ε = L z with Corr = L Lᵀ (Cholesky, computed
//     here once).
//  2. Price: the exact jump-diffusion step of PriceModel. N is drawn by
//     inversion of the Poisson CDF with one uniform per piece of at most 16
//     in mean (one uniform for any realistic λ dt); the jump sum takes one
//     normal, drawn in every step when JumpRate > 0.
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
//  8. Utilization: one uniform u, mapped through a table of the Beta
//     quantile function Q at the 4096 cell midpoints p_i = (i + 1/2)/4096
//     (gonum distuv.Beta.Quantile), interpolated linearly between them and
//     held constant in the outer half-cells (u < 1/8192 gives Q(p_0), u >=
//     1 - 1/8192 gives Q(p_4095)). The draws thus follow a piecewise-linear
//     approximation of Q, exact at the table points; the tails beyond
//     1/8192 are cut off, which shrinks the variance slightly. For the
//     default parameters and the other shapes tested, the table's mean is
//     within 5e-6 of the Beta's and its variance within 0.1 % (0.035 % at
//     u = 0.85, k = 40). A snapshot utilization of
//     exactly 0 or 1 gives that value every step.
//
// Logs of price, hashrate, power and GPU index are kept within ±230 of
// their start (a factor of about 1e100) so that every value stays finite;
// no realistic model comes near that bound.
//
// Random draws per step, always in this order whatever the sign passed to
// Path: 4 factor normals; if JumpRate > 0, the Poisson uniform(s) and, if
// a jump happened, the
// jump normal; the fee normal; the utilization uniform.
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
// of them. Path also draws 1 uniform per step, plus 1 per Poisson piece when
// the model has jumps.
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

	p := &sim.model.Price
	L := &sim.chol
	feeVol := sim.model.Fees.Vol
	feeAdj := -feeVol * feeVol / 2
	elast := sim.model.Hashrate.Elasticity

	var (
		logP, logH, x, logG float64 // states relative to the start
		dRatio              = 1.0   // difficulty over the snapshot's
		invD                = 1.0   // 1 / dRatio
		inEpoch             = sim.inEpoch
		elapsed             = sim.inEpoch * sim.blockSec
		height              = sim.height
		nextHalv            = sim.nextHalv
		subsidy             = sim.subsidy0
		t                   float64
	)
	for j := range dst {
		c := &sim.full
		if j == sim.steps-1 {
			c = &sim.last
		}
		var z [NumFactors]float64
		for i := range z {
			z[i] = sign * rng.NormFloat64()
		}
		// eps = L z, L lower triangular, written out: this runs every step.
		eps := [NumFactors]float64{
			L[0][0] * z[0],
			L[1][0]*z[0] + L[1][1]*z[1],
			L[2][0]*z[0] + L[2][1]*z[1] + L[2][2]*z[2],
			L[3][0]*z[0] + L[3][1]*z[1] + L[3][2]*z[2] + L[3][3]*z[3],
		}

		// Price.
		dlogP := c.pDrift + c.pVol*eps[FactorPrice]
		if sim.jumps {
			var n float64
			if c.lambda <= poissonPiece {
				n = poissonInv(rng.Float64(), c.lambda, c.expLambda)
			} else {
				n = poisson(rng, c.lambda)
			}
			// The jump sum's normal is drawn only when a jump happens: the
			// uniform above decides that the same way for both signs, so
			// antithetic partners still consume the same draws.
			if n > 0 {
				zj := sign * rng.NormFloat64()
				dlogP += n*p.JumpMean + math.Sqrt(n)*p.JumpVol*zj
			}
		}
		newLogP := clampLog(logP + dlogP)
		dlogP = newLogP - logP
		logP = newLogP

		// Hashrate, responding to the price change of step j - lag.
		dlogH := c.hDrift + c.hVol*eps[FactorHashrate]
		if i := j - sim.lagSteps; i >= 0 {
			lagged := dlogP
			if i < j {
				lagged = dst[i].dlogP
			}
			dlogH += elast * lagged
		}
		logH = clampLog(logH + dlogH)

		// Fees.
		fees := sim.fees0 * num.Exp(feeVol*sign*rng.NormFloat64()+feeAdj)

		// Blocks, retargets and halvings within the step.
		rate := num.Exp(logH) * sim.invBlockSec // blocks per second at dRatio = 1
		var btcPerTH, blocks, rewardSum float64
		rem := c.seconds
		// Most steps hold no retarget and no halving: one segment, no
		// division.
		if nb := rate * invD * rem; nb < sim.retarget-inEpoch && nb < nextHalv-height {
			reward := subsidy + fees
			btcPerTH = sim.perTH * invD * rem * reward
			blocks, rewardSum = nb, nb*reward
			inEpoch += nb
			height += nb
			elapsed += rem
			rem = 0
		}
		for rem > 0 {
			invR := dRatio / rate
			r := 1 / invR
			seg, retarget, halving := rem, false, false
			// max(·, 0): rounding may leave the height a hair past an event.
			if s := max((sim.retarget-inEpoch)*invR, 0); s <= seg {
				seg, retarget = s, true
			}
			if s := max((nextHalv-height)*invR, 0); s <= seg {
				if s < seg {
					retarget = false
				}
				seg, halving = s, true
			}
			nb := r * seg
			reward := subsidy + fees
			btcPerTH += sim.perTH / dRatio * seg * reward
			blocks += nb
			rewardSum += nb * reward
			inEpoch += nb
			height += nb
			elapsed += seg
			rem -= seg
			if retarget {
				// Chain.Retarget's rule in float seconds: D' = D x expected /
				// actual, actual clamped to [expected/4, 4 expected].
				actual := elapsed * (sim.retarget - 1) / sim.retarget
				if actual < sim.expected/4 {
					actual = sim.expected / 4
				} else if actual > 4*sim.expected {
					actual = 4 * sim.expected
				}
				dRatio *= sim.expected / actual
				invD = 1 / dRatio
				inEpoch, elapsed = 0, 0
			}
			if halving {
				height = nextHalv
				h := int64(nextHalv)
				subsidy = float64(sim.model.Chain.Subsidy(h)) / SatsPerBTC
				nextHalv = math.Inf(1)
				if nh := sim.model.Chain.NextHalving(h); nh >= 0 {
					nextHalv = float64(nh)
				}
			}
		}
		reward := subsidy + fees
		if blocks > 0 {
			reward = rewardSum / blocks
		}

		// Power and GPU.
		x = clampLog(x*c.wDecay + c.wVol*eps[FactorPower])
		logG = clampLog(logG + c.gDrift + c.gVol*eps[FactorGPU])

		// Utilization.
		util := sim.utilConst
		u := rng.Float64()
		if math.IsNaN(util) {
			util = sim.utilization(u)
		}

		t += c.years
		ratio := num.Exp(logP)
		dst[j] = Step{
			Days:        c.days,
			BTCPerTH:    btcPerTH,
			Blocks:      blocks,
			RewardBTC:   reward,
			Price:       sim.price0 * ratio,
			PriceRatio:  ratio,
			Power:       num.Exp(x),
			GPUIndex:    num.Exp(logG),
			Utilization: util,
			T:           t,
			dlogP:       dlogP,
		}
	}
	return dst
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
// per piece of mean at most poissonPiece.
func poisson(rng *rand.Rand, lambda float64) float64 {
	var n float64
	for lambda > 0 {
		l := min(lambda, poissonPiece)
		lambda -= l
		n += poissonInv(rng.Float64(), l, math.Exp(-l))
	}
	return n
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
