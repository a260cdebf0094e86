package simd

// ChainBlock holds the chain of up to FactorLanes paths of the market
// model's simulation (package market): the difficulty, the retarget period,
// the height and the subsidy, and a step's blocks and rewards, one array
// per quantity, path i at index i.
type ChainBlock struct {
	// The state: snapshot difficulty over the difficulty in force, blocks
	// into the retarget period and the seconds it has taken, height, next
	// halving height (+Inf if none), subsidy in BTC.
	InvD, InEpoch, Elapsed, Height, NextHalv, Subsidy [FactorLanes]float64
	// The step: BTC per TH/s, expected blocks, mean reward per block (BTC)
	// and price (USD).
	BTC, Blocks, Reward, Price [FactorLanes]float64
}

// ChainParams are the constants of one step length for StepChain; build
// them with NewChainParams.
type ChainParams struct {
	// Each constant four times over, for 256-bit operands.
	sec, perTHsec, perTH, invBlockSec [4]float64
	retarget, measured, lo, hi        [4]float64
	invExpected, fees0, price0        [4]float64
}

// ChainStep are StepChain's constants. The chain's rule (how a step is cut
// at a retarget, which share of a period's time the protocol measures and
// how that time is clamped) is package market's: it passes its numbers in
// here, and StepChain only does the arithmetic.
type ChainStep struct {
	// Seconds is the step's length.
	Seconds float64
	// PerTH is the BTC one TH/s earns per second per BTC of block reward
	// at the snapshot's difficulty D_0: 1e12 / (D_0 2^32).
	PerTH float64
	// InvBlockSec is 1 over the target block interval in seconds.
	InvBlockSec float64
	// Retarget is the number of blocks of a retarget period, N.
	Retarget float64
	// Measured is the share of a period's time the protocol measures,
	// (N-1)/N.
	Measured float64
	// MinActual and MaxActual clamp a period's measured time, in seconds.
	MinActual, MaxActual float64
	// InvExpected is 1 over the seconds a period should take.
	InvExpected float64
	// Fees0 and Price0 are the fees per block (BTC) and the price (USD) at
	// the snapshot.
	Fees0, Price0 float64
}

// NewChainParams returns StepChain's parameters for c.
func NewChainParams(c ChainStep) *ChainParams {
	four := func(v float64) [4]float64 { return [4]float64{v, v, v, v} }
	return &ChainParams{
		sec: four(c.Seconds), perTHsec: four(c.PerTH * c.Seconds), perTH: four(c.PerTH),
		invBlockSec: four(c.InvBlockSec), retarget: four(c.Retarget),
		measured: four(c.Measured), lo: four(c.MinActual), hi: four(c.MaxActual),
		invExpected: four(c.InvExpected), fees0: four(c.Fees0), price0: four(c.Price0),
	}
}

// StepChain advances the chain of paths 0 to n-1 of c over a step in which
// path i's hashrate over the snapshot's is ex[ArgHashrate*FactorLanes+i]
// and its fees and price ratios ex[ArgFees...] and ex[ArgPrice...]
// (FactorBlock.Arg's layout), and sets the step's BTC per TH/s, blocks,
// reward and price. Blocks arrive at q = H/(D 2^32) per second, q =
// hashrate InvD InvBlockSec at the difficulty in force.
//
// A step holds no retarget and no halving (the blocks nb = q Seconds stay
// below both), or it holds one retarget s1 = (Retarget - InEpoch)/q
// seconds in, after which the difficulty is D/f, f = actual InvExpected
// with actual = (Elapsed + s1) Measured clamped to [MinActual, MaxActual],
// and nothing more. Any other step (a halving, or a second
// retarget) is left alone, state and results, and its path's bit is set
// in the returned mask: the caller cuts it at each event.
//
// On amd64 with AVX2 it does four paths at a time, with the same
// operations in the same order. It panics if n > FactorLanes.
func StepChain(c *ChainBlock, ex *[5 * FactorLanes]float64, p *ChainParams, n int) (left uint64) {
	if n > FactorLanes {
		panic("simd: StepChain: too many paths")
	}
	done, left := chainVec(c, ex, p, n)
	return left | stepChain(c, ex, p, done, n)
}

// stepChain is StepChain for paths from to n-1, one at a time.
func stepChain(c *ChainBlock, ex *[5 * FactorLanes]float64, p *ChainParams, from, n int) (left uint64) {
	sec, retarget := p.sec[0], p.retarget[0]
	for i := from; i < n; i++ {
		invD := c.InvD[i]
		q := ex[ArgHashrate*FactorLanes+i] * p.invBlockSec[0] * invD // blocks per second
		nb := q * sec
		r := c.Subsidy[i] + p.fees0[0]*ex[ArgFees*FactorLanes+i]
		toR := retarget - c.InEpoch[i]
		toH := c.NextHalv[i] - c.Height[i]
		c.Price[i] = p.price0[0] * ex[ArgPrice*FactorLanes+i]
		if nb < toR && nb < toH {
			// No retarget, no halving: one segment at the difficulty in
			// force.
			c.BTC[i] = p.perTHsec[0] * invD * r
			c.Blocks[i], c.Reward[i] = nb, r
			c.InEpoch[i] += nb
			c.Height[i] += nb
			c.Elapsed[i] += sec
			continue
		}
		s1 := toR / q // seconds to the retarget
		if s1 < 0 {   // rounding left the period a hair past its end
			s1 = 0
		}
		actual := (c.Elapsed[i] + s1) * p.measured[0]
		if actual < p.lo[0] {
			actual = p.lo[0]
		} else if actual > p.hi[0] {
			actual = p.hi[0]
		}
		f := actual * p.invExpected[0] // D / D'
		s2 := sec - s1                 // seconds at D'
		nb2 := q * f * s2
		if !(s1 <= sec && nb2 < retarget && toR+nb2 < toH) {
			left |= 1 << i
			continue
		}
		invD2 := invD * f
		c.BTC[i] = p.perTH[0] * (invD*s1 + invD2*s2) * r
		c.Blocks[i], c.Reward[i] = toR+nb2, r
		c.InvD[i] = invD2
		c.InEpoch[i], c.Elapsed[i] = nb2, s2
		c.Height[i] += toR + nb2
	}
	return left
}
