package market

import (
	"fmt"
	"math"
	"time"

	"github.com/wattfolio/wattfolio/internal/num"
)

// Simulation size limits of NewSimulator and MeanPath.
const (
	maxHorizon = 100 * DaysPerYear * 24 * time.Hour
	maxSteps   = 10_000_000
)

// Grid is how a Model's simulation cuts a horizon into steps, and what one
// step of each length is under the model. Simulator draws its paths on it,
// and MeanPath, for closed forms, follows the same steps.
type Grid struct {
	// Steps is the number of steps, ceil(horizon / step): from 1 to 10
	// million.
	Steps int
	// Lag is HashrateModel.Lag in steps, rounded to the nearest whole
	// step and at most Steps: the hashrate of step j responds to the
	// change of log price over step j - Lag (over step j itself when Lag
	// is 0, and to nothing while j - Lag < 0).
	Lag int
	// Full is every step but the last; Last is the last step, shorter
	// when the horizon is not a whole number of steps (else equal to
	// Full).
	Full, Last StepMoments
}

// Step returns the moments of step t: &g.Last for the last step, &g.Full
// for the others.
func (g *Grid) Step(t int) *StepMoments {
	if t == g.Steps-1 {
		return &g.Last
	}
	return &g.Full
}

// StepMoments is one simulation step of a given length under a Model: the
// length in the units the model's formulas take, and the mean and standard
// deviation of each factor's Gaussian move over the step (NewSimulator
// gives the order in which a step applies them). dt below is Years.
type StepMoments struct {
	// Length is the step's duration; Years, Seconds and Days are the same
	// length in years of DaysPerYear days, in seconds and in days.
	Length               time.Duration
	Years, Seconds, Days float64
	// PriceDrift and PriceVol are the mean and standard deviation of the
	// Gaussian part of the change of log price, (Drift - JumpRate κ -
	// Vol²/2) dt and Vol √dt with κ = e^{JumpMean + JumpVol²/2} - 1
	// (PriceModel); Jumps is the expected number of jumps, JumpRate dt.
	PriceDrift, PriceVol, Jumps float64
	// HashrateDrift and HashrateVol are Growth dt and Vol √dt of
	// HashrateModel; the lagged response to the price comes on top.
	HashrateDrift, HashrateVol float64
	// PowerDecay and PowerVol are e^{-k dt} and Vol √((1 - e^{-2k dt})/(2k))
	// (Vol √dt for k = 0), the exact log-OU step of PowerModel:
	// X' = PowerDecay X + PowerVol Z.
	PowerDecay, PowerVol float64
	// GPUDrift and GPUVol are (Drift - Vol²/2) dt and Vol √dt of the GPU
	// index of GPUModel.
	GPUDrift, GPUVol float64
}

// grid checks step and horizon as NewSimulator documents and returns the
// grid of m over them.
func (m Model) grid(horizon, step time.Duration) (Grid, error) {
	switch {
	case step <= 0:
		return Grid{}, invalid("step", step, "must be positive")
	case horizon < step:
		return Grid{}, invalid("horizon", horizon, fmt.Sprintf("must be at least the step %v", step))
	case horizon > maxHorizon:
		return Grid{}, invalid("horizon", horizon, "must be at most 100 years")
	}
	n := int64(horizon / step)
	rest := horizon - time.Duration(n)*step
	if rest > 0 {
		n++
	}
	if n > maxSteps {
		return Grid{}, invalid("horizon", horizon, fmt.Sprintf("%d steps of %v exceed %d", n, step, maxSteps))
	}
	if rest == 0 {
		rest = step
	}
	g := Grid{Steps: int(n), Lag: int(n), Full: m.stepMoments(step), Last: m.stepMoments(rest)}
	if lag := math.Round(float64(m.Hashrate.Lag) / float64(step)); lag < float64(n) {
		g.Lag = int(lag)
	}
	return g, nil
}

// stepMoments returns the moments of a step of length d under m.
func (m Model) stepMoments(d time.Duration) StepMoments {
	h := d.Hours()
	dt := h / (DaysPerYear * 24)
	sq := math.Sqrt(dt)
	return StepMoments{
		Length:        d,
		Years:         dt,
		Seconds:       d.Seconds(),
		Days:          h / 24,
		PriceDrift:    m.Price.drift() * dt,
		PriceVol:      m.Price.Vol * sq,
		Jumps:         m.Price.JumpRate * dt,
		HashrateDrift: m.Hashrate.Growth * dt,
		HashrateVol:   m.Hashrate.Vol * sq,
		PowerDecay:    math.Exp(-m.Power.Reversion * dt),
		PowerVol:      m.Power.Vol * math.Sqrt(ouFactor(m.Power.Reversion, dt)),
		GPUDrift:      (m.GPU.Drift - m.GPU.Vol*m.GPU.Vol/2) * dt,
		GPUVol:        m.GPU.Vol * sq,
	}
}

// origin is what a simulation of a model from a snapshot starts from: the
// step grid, the chain's rule and its state at the snapshot, and the
// snapshot's price, fees and difficulty as simulation numbers. NewSimulator
// and MeanPath both build it, so that they check the same inputs, return
// the same errors and start from the same numbers.
type origin struct {
	grid   Grid
	rule   chainRule
	chain0 chainState // the chain at the snapshot
	price0 float64    // USD
	fees0  float64    // BTC per block
	diff0  float64    // the snapshot's difficulty
	perTH  float64    // 1e12 / (D_0 2^32): BTC per TH/s per second per BTC of reward
}

// origin checks m, s, horizon and step as NewSimulator documents and
// returns where their simulation starts.
func (m Model) origin(s Snapshot, horizon, step time.Duration) (origin, error) {
	if err := m.Validate(); err != nil {
		return origin{}, err
	}
	if err := s.Validate(); err != nil {
		return origin{}, err
	}
	g, err := m.grid(horizon, step)
	if err != nil {
		return origin{}, err
	}
	o := origin{grid: g, rule: newChainRule(s.Bitcoin.Params())}
	o.price0 = num.Float(s.Bitcoin.Price)
	if !(o.price0 > 0) || math.IsInf(o.price0, 0) {
		return origin{}, invalid("Bitcoin.Price", errValue(s.Bitcoin.Price), "does not convert to a finite positive float64")
	}
	o.fees0 = float64(s.Bitcoin.FeesPerBlock) / SatsPerBTC
	o.diff0 = s.Bitcoin.Difficulty
	work := s.Bitcoin.Difficulty * (1 << 32)
	o.perTH = 1e12 / work
	if math.IsInf(work, 0) || !(o.perTH > 0) || math.IsInf(o.perTH, 0) {
		return origin{}, invalid("Bitcoin.Difficulty", s.Bitcoin.Difficulty, "too large or too small to simulate")
	}
	o.chain0 = o.rule.start(s.Bitcoin.Height)
	return o, nil
}
