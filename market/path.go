package market

import "fmt"

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
	// Difficulty is the network difficulty in force at the end of the
	// step (the snapshot's until the first simulated retarget), to within
	// rounding: the simulator tracks its inverse.
	Difficulty float64

	dlogP float64 // change of log price over the step, for the lagged hashrate
}

// Path fills dst with one path of Steps() steps and returns it. dst is
// reused when its capacity is at least Steps(), else a new slice is
// allocated; Path allocates nothing else.
//
// sign must be +1 or -1: -1 negates every Gaussian draw (factor, jump and
// fee normals) and leaves the uniforms alone. Draws are consumed in the same
// order whatever the sign, so replaying a copy of rng's state (a Stream is
// copied by assignment) with sign -1 gives the antithetic partner of the
// path drawn with +1. On return rng has advanced past the path's draws.
//
// Path is Batch.Run for one path: both give the same path from the same
// stream, bit for bit.
//
// Path took a *rand.Rand (math/rand/v2) until the engine's own generator,
// Stream, replaced it: the paths of a given seed changed then, once.
//
// It panics if rng is nil or sign is neither +1 nor -1.
func (sim *Simulator) Path(rng *Stream, sign float64, dst []Step) []Step {
	if rng == nil {
		panic("market: Simulator.Path: nil rng")
	}
	if sign != 1 && sign != -1 {
		panic(fmt.Sprintf("market: Simulator.Path: sign %v is neither +1 nor -1", sign))
	}
	if cap(dst) < sim.grid.Steps {
		dst = make([]Step, sim.grid.Steps)
	}
	dst = dst[:sim.grid.Steps]

	// One lane of the batch kernel, on the stack; the lagged price changes
	// come from dst.
	var blk laneBlock
	sim.reset(&blk, []float64{sign})
	blk.rng.Load(0, &rng.s)
	var lagged [laneWidth]float64
	for j := range dst {
		lag := (*[laneWidth]float64)(nil)
		if i := j - sim.grid.Lag; i >= 0 && i < j {
			lagged[0] = dst[i].dlogP
			lag = &lagged
		}
		sim.step(j, &blk, lag)
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
			Difficulty:  sim.diff0 / blk.InvD[0],
			dlogP:       blk.DlogP[0],
		}
	}
	blk.rng.Store(0, &rng.s)
	return dst
}
