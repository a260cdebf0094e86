package market

import (
	"math"

	"github.com/wattfolio/wattfolio/market/internal/simd"
)

// maxRetargetFactor is how far one retarget can move the difficulty either
// way: the measured time of a period is clamped to [expected/4,
// 4 expected] (Bitcoin Core pow.cpp, CalculateNextWorkRequired).
const maxRetargetFactor = 4

// chainRule is a chain's difficulty and subsidy rule in float seconds: the
// one place where a step is cut at retargets and halvings and a retarget's
// measured time is clamped. Chain.Retarget, the simulator (its scalar walk
// and the constants of its vector kernel, simd.StepChain) and MeanPath all
// take the rule from here.
type chainRule struct {
	chain       Chain
	blockSec    float64 // target block interval, seconds
	invBlockSec float64 // 1 / blockSec
	retarget    float64 // blocks per retarget period, N
	measured    float64 // (N-1)/N: the share of a period's time the protocol measures
	expected    float64 // seconds a period should take, N blockSec
	invExpected float64 // 1 / expected
	lo, hi      float64 // bounds of a period's measured time: expected/4, 4 expected
}

// newChainRule returns c's rule. It needs c's BlockInterval and
// RetargetInterval positive, and its whole schedule valid for start and
// walk.
func newChainRule(c Chain) chainRule {
	r := chainRule{chain: c, blockSec: c.BlockInterval.Seconds(), retarget: float64(c.RetargetInterval)}
	r.invBlockSec = 1 / r.blockSec
	r.expected = r.retarget * r.blockSec
	r.invExpected = 1 / r.expected
	r.measured = (r.retarget - 1) / r.retarget
	r.lo, r.hi = r.expected/maxRetargetFactor, maxRetargetFactor*r.expected
	return r
}

// clamp returns a period's measured time clamped to [lo, hi], and whether
// it had to be.
func (r *chainRule) clamp(actual float64) (float64, bool) {
	switch {
	case actual < r.lo:
		return r.lo, true
	case actual > r.hi:
		return r.hi, true
	}
	return actual, false
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

// start returns the chain at a snapshot of the given height: the
// snapshot's difficulty, height mod N blocks into the retarget period, which
// are assumed to have taken the target interval each.
func (r *chainRule) start(height int64) chainState {
	in := float64(height % r.chain.RetargetInterval)
	cs := chainState{invD: 1, inEpoch: in, elapsed: in * r.blockSec, height: float64(height), nextHalv: math.Inf(1)}
	cs.subsidy = float64(r.chain.Subsidy(height)) / SatsPerBTC
	if h := r.chain.NextHalving(height); h >= 0 {
		cs.nextHalv = float64(h)
	}
	return cs
}

// chainPiece is a stretch of a step in which the difficulty and the
// subsidy are constant, and the event that ends it.
type chainPiece struct {
	seconds, blocks float64 // its length and the blocks found in it
	invD, subsidy   float64 // in force during it
	secPerBlock     float64 // mean block interval during it, 1/q
	left            float64 // seconds of the step after it
	retarget        bool    // a retarget ends it
	clamped         bool    // that retarget's measured time hit a bound
	halving         bool    // a halving ends it
}

// walk advances cs over a step of rem seconds in which blocks arrive at q
// per second at the difficulty in force (the hashrate is constant over the
// step), cutting it at each retarget and halving, and calls visit with each
// piece in turn, cs already past it. A piece may be empty (0 seconds) when
// two events fall at the same time or rounding leaves the height a hair
// past one.
//
// At a retarget the difficulty becomes D' = D expected / clamp(actual),
// actual the time the period took times (N-1)/N: the protocol measures
// N-1 = 2015 block intervals of the period's 2016 (see Chain.Retarget). At
// a halving height the subsidy becomes Chain.Subsidy there.
func (r *chainRule) walk(cs *chainState, q, rem float64, visit func(chainPiece)) {
	for rem > 0 {
		invQ := 1 / q
		pc := chainPiece{seconds: rem, invD: cs.invD, subsidy: cs.subsidy, secPerBlock: invQ}
		// max(·, 0): rounding may leave the height a hair past an event.
		if s := max((r.retarget-cs.inEpoch)*invQ, 0); s <= pc.seconds {
			pc.seconds, pc.retarget = s, true
		}
		if s := max((cs.nextHalv-cs.height)*invQ, 0); s <= pc.seconds {
			if s < pc.seconds {
				pc.retarget = false
			}
			pc.seconds, pc.halving = s, true
		}
		pc.blocks = q * pc.seconds
		cs.inEpoch += pc.blocks
		cs.height += pc.blocks
		cs.elapsed += pc.seconds
		rem -= pc.seconds
		pc.left = rem
		if pc.retarget {
			var actual float64
			actual, pc.clamped = r.clamp(cs.elapsed * r.measured)
			f := actual * r.invExpected // D / D'
			cs.invD *= f
			q *= f
			cs.inEpoch, cs.elapsed = 0, 0
		}
		if pc.halving {
			cs.height = cs.nextHalv
			h := int64(cs.nextHalv)
			cs.subsidy = float64(r.chain.Subsidy(h)) / SatsPerBTC
			cs.nextHalv = math.Inf(1)
			if nh := r.chain.NextHalving(h); nh >= 0 {
				cs.nextHalv = float64(nh)
			}
		}
		visit(pc)
	}
}

// kernel returns the constants of simd.StepChain for a step of seconds,
// with the rule's: the kernel keeps the arithmetic, the rule its numbers.
// perTH is BTC per TH/s per second per BTC of reward at the snapshot's
// difficulty, fees0 the snapshot's fees per block (BTC) and price0 its
// price (USD).
func (r *chainRule) kernel(seconds, perTH, fees0, price0 float64) *simd.ChainParams {
	return simd.NewChainParams(simd.ChainStep{
		Seconds: seconds, PerTH: perTH, InvBlockSec: r.invBlockSec,
		Retarget: r.retarget, Measured: r.measured, MinActual: r.lo, MaxActual: r.hi,
		InvExpected: r.invExpected, Fees0: fees0, Price0: price0,
	})
}
