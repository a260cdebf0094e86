package market

import (
	"math"
	"time"
)

// MeanPath is a Model's market from a Snapshot along its mean path: the
// step grid, the mean log hashrate, and the chain's blocks, retargets and
// halvings at that hashrate. Where the Simulator draws paths, a closed form
// of the model (economics.ValueCurtailment) starts from the mean path: it
// has the simulator's grid, its chain rule and its bounds, so that the two
// never disagree on the protocol or on how a horizon is cut into steps.
//
// The mean path's log hashrate over the snapshot's starts at 0 and moves,
// in step t, by Grid.Step(t).HashrateDrift plus Elasticity times the mean
// change of log price (PriceModel.MeanLog) of step t - Lag, when t >= Lag:
// the mean of log H in HashrateModel. Like the simulator's log states it is
// kept within ±230 (a factor of about 1e100), so that every number stays
// finite. Its chain is the simulator's (see NewSimulator) with the
// hashrate e^{LogHashrate(t)} in step t: blocks at H / (D 2^32) per second,
// retargets when a period's blocks are done, with the protocol's 2015 of
// 2016 measured intervals and its clamp, and halvings at their exact
// block.
//
// A MeanPath is immutable and safe for concurrent use. The slices its
// methods return are its own: read them, never change them.
type MeanPath struct {
	grid    Grid
	logH    []float64
	segs    []ChainSegment // every step's; step t's are segs[segOff[t]:segOff[t+1]]
	segOff  []int
	rets    []ChainRetarget
	elapsed float64
}

// ChainSegment is a stretch of a step of the mean path in which the
// difficulty and the subsidy do not change.
type ChainSegment struct {
	// Seconds is its length, positive.
	Seconds float64
	// InvD is the snapshot's difficulty over the difficulty in force,
	// D_0 / D. Blocks come at e^{LogHashrate} InvD / BlockInterval per
	// second, and one TH/s earns 1e12 InvD / (D_0 2^32) blocks' rewards
	// per second.
	InvD float64
	// Subsidy is the block subsidy in force, in BTC.
	Subsidy float64
	// Period is the number of retargets before the segment: the
	// difficulty in force was set by Retargets()[Period-1], or is the
	// snapshot's when Period is 0.
	Period int
}

// ChainRetarget is a retarget of the mean path.
type ChainRetarget struct {
	// Step is the step it falls in, At its time in seconds since the
	// snapshot.
	Step int
	At   float64
	// SecondsPerBlock is the mean block interval just before it, at the
	// difficulty of the period it ends: the period's length is about
	// RetargetInterval times it.
	SecondsPerBlock float64
	// Before and After are the snapshot's difficulty over the difficulty
	// before and after the retarget (InvD).
	Before, After float64
	// Clamped reports whether the period's measured time hit a bound of
	// Chain.Retarget's clamp, so that the difficulty moved by the factor 4.
	Clamped bool
}

// MeanPath returns the mean path of m from snapshot s over horizon in
// steps of length step. It checks its inputs as NewSimulator does and
// returns the same errors for them (matching ErrInvalid); it builds no
// utilization table, so it takes microseconds per step.
func (m Model) MeanPath(s Snapshot, horizon, step time.Duration) (*MeanPath, error) {
	o, err := m.origin(s, horizon, step)
	if err != nil {
		return nil, err
	}
	g := &o.grid
	p := &MeanPath{
		grid:    o.grid,
		logH:    make([]float64, 0, g.Steps),
		segOff:  append(make([]int, 0, g.Steps+1), 0),
		segs:    make([]ChainSegment, 0, g.Steps+g.Steps/8+4),
		elapsed: o.chain0.elapsed,
	}
	cs := o.chain0
	var hbar float64 // E[log H/H_0] in the current step
	for t := range g.Steps {
		st := g.Step(t)
		hbar += st.HashrateDrift
		if i := t - g.Lag; i >= 0 {
			hbar += m.Hashrate.Elasticity * m.Price.MeanLog(g.Step(i).Years)
		}
		hbar = min(max(hbar, -maxLogRatio), maxLogRatio)
		p.logH = append(p.logH, hbar)

		start := float64(t) * g.Full.Seconds
		q := math.Exp(hbar) * o.rule.invBlockSec * cs.invD
		o.rule.walk(&cs, q, st.Seconds, func(pc chainPiece) {
			if pc.seconds > 0 {
				p.segs = append(p.segs, ChainSegment{Seconds: pc.seconds, InvD: pc.invD, Subsidy: pc.subsidy, Period: len(p.rets)})
			}
			if pc.retarget {
				p.rets = append(p.rets, ChainRetarget{Step: t, At: start + st.Seconds - pc.left,
					SecondsPerBlock: pc.secPerBlock, Before: pc.invD, After: cs.invD, Clamped: pc.clamped})
			}
		})
		p.segOff = append(p.segOff, len(p.segs))
	}
	return p, nil
}

// Grid returns the step grid of the path, the simulator's.
func (p *MeanPath) Grid() Grid { return p.grid }

// LogHashrate returns the mean log hashrate over the snapshot's in step t,
// E[log H_t/H_0] (H is constant within a step), within ±230.
//
// It panics if t is not in [0, Grid().Steps).
func (p *MeanPath) LogHashrate(t int) float64 { return p.logH[t] }

// Segments returns the pieces of step t between its retargets and
// halvings, in order; their Seconds add up to the step's length (to
// rounding).
//
// It panics if t is not in [0, Grid().Steps).
func (p *MeanPath) Segments(t int) []ChainSegment {
	return p.segs[p.segOff[t]:p.segOff[t+1]:p.segOff[t+1]]
}

// Retargets returns the retargets of the path, in order.
func (p *MeanPath) Retargets() []ChainRetarget { return p.rets[:len(p.rets):len(p.rets)] }

// Elapsed returns the seconds the retarget period in progress at the
// snapshot had already taken: its blocks (the height modulo
// RetargetInterval) at the target block interval each, as the simulator
// assumes. They count in the first retarget's measured time at the
// snapshot's hashrate.
func (p *MeanPath) Elapsed() float64 { return p.elapsed }
