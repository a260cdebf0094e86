package market

import "fmt"

// BatchStep is one step of a batch of paths: the fields of Step, one slice
// per field with one entry per path (path k of the batch at index k), and
// the two fields every path shares. Batch.Run hands it to its visit
// function; it and its slices belong to the Batch and are overwritten at
// the next step.
type BatchStep struct {
	// Days and T are Step.Days and Step.T, the same for every path.
	Days, T float64
	// BTCPerTH, Blocks, RewardBTC, Price, PriceRatio, Power, GPUIndex and
	// Utilization are the Step fields of the same names, one per path.
	BTCPerTH, Blocks, RewardBTC, Price, PriceRatio, Power, GPUIndex, Utilization []float64

	diff0 float64   // the snapshot's difficulty
	invD  []float64 // per path, diff0 over the difficulty in force
}

// Difficulty returns Step.Difficulty of path k: the difficulty in force at
// the end of the step. It panics if k is out of range.
func (st *BatchStep) Difficulty(k int) float64 { return st.diff0 / st.invD[k] }

// Batch draws a batch of paths of a Simulator together, step by step: the
// paths Path draws, in structure-of-arrays form. It is the interface of the
// economics package's Monte Carlo engine (every path of Analyze,
// NewPortfolio and the planner is drawn through it), exported for engines
// of the same kind: code that consumes each step of many paths, keeps no
// paths x steps array and lets the arithmetic of different paths overlap in
// the processor. Path is the simpler interface for anything else.
//
// What a caller may rely on: Run gives each path the very path Path draws
// from the same stream and sign, bit for bit, whatever the batch's size,
// the number of paths run together and the processor; visit sees every
// step once, in order; a Batch holds scratch memory and is not safe for
// concurrent use (use one per goroutine), while its Simulator may be
// shared. What it may not rely on, because it may change: how many paths
// are stepped together (32 today, which makes batches of 32 the fastest;
// larger batches copy each step into slices of their own), the memory a
// Batch holds beyond what NewBatch states, and the order in which the
// paths of a step are computed.
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
		buf := make([]float64, 9*size)
		one := func(k int) []float64 { return buf[k*size : (k+1)*size : (k+1)*size] }
		b.own = BatchStep{BTCPerTH: one(0), Blocks: one(1), RewardBTC: one(2), Price: one(3),
			PriceRatio: one(4), Power: one(5), GPUIndex: one(6), Utilization: one(7), invD: one(8)}
	}
	if sim.grid.Lag > 0 && sim.grid.Lag < sim.grid.Steps {
		b.rows = sim.grid.Lag
		b.hist = make([][laneWidth]float64, b.rows*nb)
	}
	return b
}

// Size returns the most paths Run draws at once.
func (b *Batch) Size() int { return b.size }

// Run draws len(rngs) paths together, path k from rngs[k] with sign
// signs[k]: the same path, bit for bit, as Path(rngs[k], signs[k], dst).
// After step j of every path it calls visit(j, st), st holding step j of
// path k at index k of its slices, each of length len(rngs). When Run
// returns, each rngs[k] has advanced past path k's draws, as after Path.
//
// Run holds the streams' states in the batch while it runs and writes them
// back when it returns: visit must not draw from rngs (give it streams of
// its own). st and its slices are overwritten at the next step; visit must
// not keep them.
//
// Run took []*rand.Rand (math/rand/v2) until the engine's own generator,
// Stream, replaced it: the paths of a given seed changed then, once.
//
// It panics if len(rngs) is 0 or above Size, len(signs) differs from
// len(rngs), a rng is nil or a sign is neither +1 nor -1.
func (b *Batch) Run(rngs []*Stream, signs []float64, visit func(j int, st *BatchStep)) {
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
		for k, r := range rngs[lo:hi] {
			b.blocks[g].rng.Load(k, &r.s)
		}
	}
	if nb == 1 {
		blk := &b.blocks[0]
		b.out = BatchStep{BTCPerTH: blk.BTC[:n], Blocks: blk.Blocks[:n], RewardBTC: blk.Reward[:n], Price: blk.Price[:n],
			PriceRatio: blk.ex[expPrice*laneWidth:][:n], Power: blk.ex[expPower*laneWidth:][:n], GPUIndex: blk.ex[expGPU*laneWidth:][:n], Utilization: blk.Util[:n],
			invD: blk.InvD[:n]}
	} else {
		o := &b.own
		b.out = BatchStep{BTCPerTH: o.BTCPerTH[:n], Blocks: o.Blocks[:n], RewardBTC: o.RewardBTC[:n], Price: o.Price[:n],
			PriceRatio: o.PriceRatio[:n], Power: o.Power[:n], GPUIndex: o.GPUIndex[:n], Utilization: o.Utilization[:n],
			invD: o.invD[:n]}
	}
	b.out.diff0 = sim.diff0
	out := &b.out
	for j := range sim.grid.Steps {
		for g := range nb {
			lo, hi := g*laneWidth, min((g+1)*laneWidth, n)
			blk := &b.blocks[g]
			var lagged *[laneWidth]float64
			if i := j - sim.grid.Lag; i >= 0 && i < j {
				// Row i % rows holds step i's changes until step j
				// overwrites it below.
				lagged = &b.hist[(i%b.rows)*nb+g]
			}
			sim.step(j, blk, lagged)
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
				copy(out.invD[lo:hi], blk.InvD[:])
			}
		}
		out.Days, out.T = b.blocks[0].days, b.blocks[0].t
		visit(j, out)
	}
	for g := range nb {
		lo, hi := g*laneWidth, min((g+1)*laneWidth, n)
		for k, r := range rngs[lo:hi] {
			b.blocks[g].rng.Store(k, &r.s)
		}
	}
}
