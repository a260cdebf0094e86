package economics

import (
	"fmt"
	"math"

	"github.com/wattfolio/wattfolio/risk"
)

// targetMean returns the mean the target of obj constrains: over every
// path, for MinVariance and MinCVaR alike.
func (pl *Planner) targetMean(units []float64) float64 {
	m, _ := pl.pf.eval(units)
	return m
}

// shortfall returns how far whole units are from meeting the limits (and
// the target of obj): the sum of each row's excess over its bound, in MW
// (units for inventory rows, pl.usd USD for the target). Zero means
// feasible.
func (pl *Planner) shortfall(obj Objective, units []float64) float64 {
	c := &pl.cons
	r, _ := c.A.Dims()
	var s float64
	for k := range r {
		lhs := 0.0
		for i, u := range units {
			lhs += c.A.At(k, i) * u * pl.mw[i]
		}
		if ex := lhs - c.B[k] - pl.slack[k]; ex > tolOf(c.B[k]) {
			s += ex
		}
	}
	for i, u := range units {
		if c.Upper != nil && u > c.Upper[i] {
			s += u - c.Upper[i]
		}
	}
	if obj.Goal == MinVariance || obj.Goal == MinCVaR {
		if d := obj.Target - pl.targetMean(units); d > tolOf(obj.Target) {
			s += d / pl.usd
		}
	}
	return s
}

// roundTarget is round, retried when it fails with the target lowered by
// the mean profit of one unit of each candidate: a target the continuous
// optimum just meets (the greatest mean the limits allow, say) may be out
// of reach of whole units.
func (pl *Planner) roundTarget(units []float64, obj Objective) ([]int, error) {
	whole, err := pl.round(units, obj)
	if err == nil || (obj.Goal != MinVariance && obj.Goal != MinCVaR) {
		return whole, err
	}
	slack := 0.0
	for _, m := range pl.pf.mean {
		slack += max(m, 0)
	}
	obj.Target -= slack
	return pl.round(units, obj)
}

// maxRepairMoves bounds the single-unit moves of round's repair and
// improvement phases.
const maxRepairMoves = 100_000

// round makes the continuous units whole, as Optimize describes.
func (pl *Planner) round(units []float64, obj Objective) ([]int, error) {
	n := pl.n
	u := make([]float64, n)
	for i, v := range units {
		u[i] = math.Floor(v + 1e-7)
	}
	better := func(a, b float64) bool {
		if obj.Goal.maximize() {
			return a > b
		}
		return a < b
	}
	try := func(i int, d float64) bool {
		if u[i]+d < 0 {
			return false
		}
		u[i] += d
		return true
	}
	// Repair: reduce the shortfall one unit at a time.
	for moves := 0; ; moves++ {
		short := pl.shortfall(obj, u)
		if short == 0 {
			break
		}
		if moves == maxRepairMoves {
			return nil, fmt.Errorf("economics: %s: %w: no whole-unit allocation found near the continuous optimum", obj.Goal, risk.ErrInfeasible)
		}
		bi, bd, bs, bv := -1, 0.0, short, 0.0
		for i := range n {
			for _, d := range [2]float64{1, -1} {
				if !try(i, d) {
					continue
				}
				s := pl.shortfall(obj, u)
				v := pl.value(obj, u)
				u[i] -= d
				if s < bs || (s == bs && bi >= 0 && better(v, bv)) {
					bi, bd, bs, bv = i, d, s, v
				}
			}
		}
		if bi < 0 {
			if !pl.swap(obj, u, short, better) {
				return nil, fmt.Errorf("economics: %s: %w: no whole-unit allocation found near the continuous optimum", obj.Goal, risk.ErrInfeasible)
			}
			continue
		}
		u[bi] += bd
	}
	// Improve: single-unit moves that keep every limit.
	cur := pl.value(obj, u)
	for range maxRepairMoves {
		bi, bd, bv := -1, 0.0, cur
		for i := range n {
			for _, d := range [2]float64{1, -1} {
				if !try(i, d) {
					continue
				}
				if pl.shortfall(obj, u) == 0 {
					if v := pl.value(obj, u); better(v, bv) && math.Abs(v-bv) > 1e-12*math.Abs(bv) {
						bi, bd, bv = i, d, v
					}
				}
				u[i] -= d
			}
		}
		if bi < 0 {
			break
		}
		u[bi] += bd
		cur = bv
	}
	out := make([]int, n)
	for i, v := range u {
		if v > math.MaxInt32 {
			return nil, invalid(fmt.Sprintf("Candidates[%d].Units", i), v, "too many units for a whole allocation")
		}
		out[i] = int(v)
	}
	return out, nil
}

// maxSwap bounds the units of one candidate a swap trades, maxSwapOut
// those of the other.
const (
	maxSwap    = 64
	maxSwapOut = 4
)

// swap applies to u the swap that reduces the shortfall short most (the
// better objective among equals), and reports whether one does: a units
// of candidate i in or out (a up to maxSwapOut) against k units of
// candidate j out or in, k up to the units of j whose power is a units of
// i's, plus one, at most maxSwap. Single-unit moves cannot trade a large
// machine for several small ones, nor two for three; swaps can.
func (pl *Planner) swap(obj Objective, u []float64, short float64, better func(a, b float64) bool) bool {
	bi, bj, bdi, bdj, bs, bv := -1, -1, 0.0, 0.0, short, 0.0
	for i := range pl.n {
		for j := range pl.n {
			if i == j {
				continue
			}
			for a := 1.0; a <= maxSwapOut; a++ {
				kmax := min(maxSwap, math.Ceil(a*pl.mw[i]/pl.mw[j])+1)
				for k := 1.0; k <= kmax; k++ {
					for _, d := range [2][2]float64{{-a, k}, {a, -k}} {
						if u[i]+d[0] < 0 || u[j]+d[1] < 0 {
							continue
						}
						u[i] += d[0]
						u[j] += d[1]
						s := pl.shortfall(obj, u)
						v := pl.value(obj, u)
						u[i] -= d[0]
						u[j] -= d[1]
						if s < bs || (s == bs && bi >= 0 && better(v, bv)) {
							bi, bj, bdi, bdj, bs, bv = i, j, d[0], d[1], s, v
						}
					}
				}
			}
		}
	}
	if bi < 0 {
		return false
	}
	u[bi] += bdi
	u[bj] += bdj
	return true
}
