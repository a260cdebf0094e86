package market

import (
	"math/bits"

	"github.com/wattfolio/wattfolio/market/internal/simd"
)

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

	rng simd.Streams      // the paths' random streams, loaded by Path and Batch.Run
	w   [laneWidth]uint64 // the step's 64-bit draws
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
	cs := &sim.chain0
	for i := range n {
		blk.InvD[i] = cs.invD
		blk.InEpoch[i] = cs.inEpoch
		blk.Elapsed[i] = cs.elapsed
		blk.Height[i] = cs.height
		blk.NextHalv[i] = cs.nextHalv
		blk.Subsidy[i] = cs.subsidy
	}
	blk.t = 0
}

// step advances the paths of blk, drawing from their streams in blk.rng,
// by step j. lagged holds the change of log price each path's hashrate
// responds to when it is an earlier step's, and is nil otherwise: before
// the lag has passed, or when the lag is 0 steps (the step's own change).
//
// Each path draws, from its own stream and in this order: the 4 factor
// normals, one 64-bit integer (the Poisson and utilization uniforms), the
// further Poisson uniforms and, after a jump, the jump normal (when the
// model has jumps), and the fee normal. Each kind of draw is made for all
// the paths in one loop (simd.Normals, simd.Uint64s) before the next kind:
// the paths' streams are independent, so that changes no path's draws, and
// it lets the draws of different paths overlap in the processor.
func (sim *Simulator) step(j int, blk *laneBlock, lagged *[laneWidth]float64) {
	n := blk.n
	c := &sim.full
	if j == sim.grid.Steps-1 {
		c = &sim.last
	}
	// The draws. Signs are applied below.
	st := &blk.rng
	simd.Normals(&blk.Z0, st, n)
	simd.Normals(&blk.Z1, st, n)
	simd.Normals(&blk.Z2, st, n)
	simd.Normals(&blk.Z3, st, n)
	simd.Uint64s(&blk.w, st, n)
	for i, w := range blk.w[:n] {
		// One 64-bit draw holds the step's two uniforms: its high half is
		// the Poisson uniform, its low half the utilization uniform.
		blk.UB[i] = uint32(w)
		jmp := 0.0
		// Most steps have no jump: b <= noJumpMax is the inversion's first
		// test, u <= e^{-λ dt}, on the integer.
		if b := int64(w >> 32); sim.jumps && b > c.noJumpMax {
			var r Stream
			st.Store(i, &r.s)
			jmp = sim.jump(c, &r, blk.Sign[i], uint32(b))
			st.Load(i, &r.s)
		}
		blk.Jump[i] = jmp
	}
	simd.Normals(&blk.Fee, st, n)

	// The factors, the exponents and the utilization.
	lag := simd.LagNone
	switch {
	case sim.grid.Lag == 0:
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
		q := blk.ex[expHashrate*laneWidth+i] * sim.rule.invBlockSec * invD
		fees := sim.fees0 * blk.ex[expFees*laneWidth+i]
		cs := chainState{invD, blk.InEpoch[i], blk.Elapsed[i], blk.Height[i], blk.NextHalv[i], blk.Subsidy[i]}
		blk.BTC[i], blk.Blocks[i], blk.Reward[i] = sim.segments(&cs, q, fees, c.Seconds)
		blk.InvD[i], blk.InEpoch[i], blk.Elapsed[i] = cs.invD, cs.inEpoch, cs.elapsed
		blk.Height[i], blk.NextHalv[i], blk.Subsidy[i] = cs.height, cs.nextHalv, cs.subsidy
	}
	blk.t += c.Years
	blk.days = c.Days
}

// segments advances cs over a step of rem seconds that holds a retarget or
// a halving, cutting it at each (chainRule.walk), and returns the step's
// BTC per TH/s, blocks and mean reward per block. q is the block rate (per
// second) at the difficulty in force; the hashrate is constant over the
// step.
func (sim *Simulator) segments(cs *chainState, q, fees, rem float64) (btcPerTH, blocks, reward float64) {
	var rewardSum float64
	sim.rule.walk(cs, q, rem, func(pc chainPiece) {
		r := pc.subsidy + fees
		btcPerTH += sim.perTH * pc.invD * pc.seconds * r
		blocks += pc.blocks
		rewardSum += pc.blocks * r
	})
	reward = cs.subsidy + fees
	if blocks > 0 {
		reward = rewardSum / blocks
	}
	return btcPerTH, blocks, reward
}
