package market

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market/internal/simd"
	"gonum.org/v1/gonum/stat/distuv"
)

// utilTableSize is the number of points of the Beta inverse-CDF table.
const utilTableSize = 4096

// maxLogRatio bounds the log of the price, hashrate, power and GPU states
// relative to their start (a factor of about 1e100 either way). No realistic
// model comes near it; it keeps every Step finite and the retarget loop
// bounded for any model that passes Validate.
const maxLogRatio = 230

// stepConst holds the per-step constants of one step length: the step's
// moments, the Poisson inversion's constants and the kernels' parameters.
type stepConst struct {
	StepMoments
	expLambda float64 // e^{-λ dt}, used when λ dt <= poissonPiece
	noJumpMax int64   // the largest 32-bit draw b with no jump, (b + 1/2)/2^32 <= e^{-λ dt}; -1 when λ dt > poissonPiece
	factors   *simd.FactorParams
	chain     *simd.ChainParams
}

// Simulator draws market paths of a Model from a Snapshot over a horizon
// cut into equal steps. It is immutable after NewSimulator and safe for
// concurrent use by many goroutines, each with its own Stream and dst.
type Simulator struct {
	model Model
	snap  Snapshot

	// The grid (Steps, Lag), the chain's rule and its state at the
	// snapshot, the snapshot's price, fees and difficulty.
	origin
	full  stepConst
	last  stepConst
	chol  [NumFactors][NumFactors]float64
	jumps bool

	utilConst float64 // utilization when the Beta is degenerate (u = 0 or 1), else NaN
	utilTable bool    // whether utilization comes from the table
	// util[i+1] is the quantile at cell midpoint i; util[0] and
	// util[utilTableSize+1] repeat the first and last, so that the end
	// half-cells interpolate between equal values.
	util [utilTableSize + 2]float64
}

// NewSimulator returns a simulator of m from snapshot s over horizon, in
// steps of length step; the last step is shorter when horizon is not a
// multiple of step (Grid; MeanPath follows the same grid and chain). It returns an error matching ErrInvalid if m or s fails
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
//     difficulty in force, on the snapshot's chain (Bitcoin.Params). The
//     height advances with them (fractionally), and the subsidy is
//     Chain.Subsidy at the height, so halvings inside the horizon apply at
//     their exact block. The difficulty changes only when the blocks of
//     the retarget period reach Chain.RetargetInterval: D' =
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
//     midpoints p_i = (i + 1/2)/4096 (within 1e-12 of gonum's
//     distuv.Beta.Quantile: see betaTable), interpolated linearly between
//     them and held constant in the outer half-cells (u < 1/8192 gives
//     Q(p_0), u >= 1 - 1/8192 gives Q(p_4095)). The draws thus follow a
//     piecewise-linear approximation of Q, exact at the table points; the tails beyond 1/8192 are cut off,
//     which shrinks the variance slightly. For the default parameters and
//     the other shapes tested, the table's mean is within 5e-6 of the
//     Beta's and its variance within 0.1 % (0.035 % at u = 0.85, k = 40).
//     A snapshot utilization of exactly 0 or 1, or a concentration of
//     +Inf, gives the snapshot's utilization every step.
//
// Logs of price, hashrate, power and GPU index are kept within ±230 of
// their start (a factor of about 1e100) so that every value stays finite;
// no realistic model comes near that bound.
//
// Random draws per step, from the path's Stream (xoshiro256++; its normals
// from a 256-layer ziggurat, see Stream.NormFloat64), always in this order
// whatever the sign passed to Path: 4 factor normals; one 64-bit integer
// (Stream.Uint64), whose high 32 bits b give the first Poisson uniform and
// whose low 32 bits give the utilization uniform, each (b + 1/2)/2^32, the
// midpoint of one of 2^32 equal cells of (0, 1) (a resolution far finer
// than either use needs); if JumpRate > 0 and λ dt > 16, one
// Stream.Float64 per further Poisson piece; if a jump happened, the jump
// normal; the fee normal.
//
// Building the utilization table costs 4096 Beta quantiles, one
// incomplete beta function each (3 ms of processor time for the default
// model; more for extreme shapes), spread over up to GOMAXPROCS
// goroutines: build a Simulator once and share it.
func (m Model) NewSimulator(s Snapshot, horizon, step time.Duration) (*Simulator, error) {
	o, err := m.origin(s, horizon, step)
	if err != nil {
		return nil, err
	}
	chol, err := m.cholesky()
	if err != nil {
		return nil, err
	}

	sim := &Simulator{
		model:  m,
		snap:   s.Clone(),
		origin: o,
		chol:   chol,
		jumps:  m.Price.JumpRate > 0,
	}
	sim.model.GPU.ModelDrift = make(map[string]float64, len(m.GPU.ModelDrift))
	for k, v := range m.GPU.ModelDrift {
		sim.model.GPU.ModelDrift[k] = v
	}
	sim.full = m.stepConst(o.grid.Full)
	sim.last = m.stepConst(o.grid.Last)

	u, k := s.Utilization, m.GPU.UtilizationConcentration
	sim.utilConst = math.NaN()
	if u == 0 || u == 1 || math.IsInf(k, 1) {
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
			PDrift: c.PriceDrift, PVol: c.PriceVol, HDrift: c.HashrateDrift, HVol: c.HashrateVol,
			WDecay: c.PowerDecay, WVol: c.PowerVol, GDrift: c.GPUDrift, GVol: c.GPUVol,
		}, m.Hashrate.Elasticity, m.Fees.Vol, maxLogRatio, table, sim.utilConst)
		c.chain = sim.rule.kernel(c.Seconds, sim.perTH, sim.fees0, sim.price0)
	}
	return sim, nil
}

// stepConst returns the simulator's constants of a step of moments sm.
func (m Model) stepConst(sm StepMoments) stepConst {
	c := stepConst{StepMoments: sm, expLambda: math.Exp(-m.Price.JumpRate * sm.Years), noJumpMax: -1}
	if c.Jumps <= poissonPiece {
		c.noJumpMax = int64(math.Floor(c.expLambda*(1<<32) - 0.5))
	}
	return c
}

// Steps returns the number of steps of a path: ceil(horizon / step).
func (sim *Simulator) Steps() int { return sim.grid.Steps }

// NormalsPerStep returns how many standard normals Path draws per step on
// average: 5 (the 4 factor shocks and the fee shock), plus, when the model
// has jumps, 1 in each step with at least one jump, P(N > 0) = 1 - e^{-λ dt}
// of them. Path also draws one 64-bit integer per step (the Poisson and
// utilization uniforms), plus one uniform per Poisson piece beyond the
// first when λ dt > 16.
func (sim *Simulator) NormalsPerStep() float64 {
	n := float64(NumFactors + 1)
	if sim.jumps {
		n += -math.Expm1(-sim.model.Price.JumpRate * sim.full.Years)
	}
	return n
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
	// Validate refuses keys that fold together; the least matching name
	// keeps the answer deterministic regardless.
	found, best := false, ""
	for name := range md {
		if strings.EqualFold(name, model) && (!found || name < best) {
			found, best = true, name
		}
	}
	if !found {
		return 0
	}
	return md[best]
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
