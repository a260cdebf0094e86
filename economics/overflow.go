package economics

import (
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
)

// The simulation works in float64. Inputs that pass validation but are
// extreme (prices near 1e300, say) can make a path's profit overflow to
// ±Inf or NaN; no statistic of such paths means anything, so Analyze,
// NewPortfolio and NewPlanner check every path's results before any
// statistic is taken, and refuse them with an ErrInvalid that names the
// input responsible (overflowError).

// maxUnitProfit bounds the magnitude of one unit's profit (or loss) over
// the horizon on any path, in USD: 1e15, ten times the world's yearly
// output. No plausible price comes near (a GPU server renting at 10,000 USD
// an hour for 100 years makes 9e9), and the bound keeps every sum and sum
// of squares of the statistics finite, whatever the paths and units.
const maxUnitProfit = 1e15

// unitProfitOK reports whether a unit's profit u is finite and within
// maxUnitProfit.
func unitProfitOK(u float64) bool { return math.Abs(u) <= maxUnitProfit }

// input is a number the caller gave, with its field path.
type input struct {
	field string
	value any
	size  float64 // |value| as a float64, to rank the suspects
}

func decInput(field string, d decimal.Decimal) input {
	f := num.Float(d)
	if math.Abs(f) >= implausible {
		// 1e+300, not three hundred digits.
		return input{field, strconv.FormatFloat(f, 'g', 6, 64), math.Abs(f)}
	}
	return input{field, d, math.Abs(f)}
}

// suspects returns the inputs the profit of line i (workload w, model
// name) is a product of: its prices, the site's opex and its units.
func suspects(site *Site, s *market.Snapshot, i int, l Line) []input {
	var in []input
	if l.Workload != hardware.Colocation || site.ColocationPowerIncluded {
		switch {
		case site.PowerContract.Valid:
			in = append(in, decInput("Site.PowerContract", site.PowerContract.Decimal))
		case len(s.TimeOfUse) == 24:
			for h, p := range s.TimeOfUse {
				in = append(in, decInput(fmt.Sprintf("Snapshot.TimeOfUse[%d]", h), p))
			}
		default:
			in = append(in, decInput("Snapshot.PowerPrice", s.PowerPrice))
		}
	}
	switch l.Workload {
	case hardware.BitcoinMining:
		in = append(in, decInput("Snapshot.Bitcoin.Price", s.Bitcoin.Price))
	case hardware.AICloud:
		if v, ok := s.GPURates[l.Model.Name]; ok {
			in = append(in, decInput(fmt.Sprintf("Snapshot.GPURates[%q]", l.Model.Name), v))
		}
	case hardware.GPUMining:
		if v, ok := s.GPUMining[l.Model.Name]; ok {
			in = append(in, decInput(fmt.Sprintf("Snapshot.GPUMining[%q]", l.Model.Name), v))
		}
	case hardware.Colocation:
		in = append(in, decInput("Snapshot.ColocationRate", s.ColocationRate))
	}
	in = append(in, decInput("Site.OpexPerMWMonth", site.OpexPerMWMonth))
	in = append(in, input{fmt.Sprintf("Lines[%d].Units", i), l.Units, math.Abs(float64(l.Units))})
	return in
}

// overflowError returns the ErrInvalid for a result of line i that is not
// finite (what names the result, e.g. "the profit on path 12"): it names
// the largest of the inputs the line's profit is a product of, the one
// that overflowed it, if that input is implausibly large; else the
// horizon, over which the market model's growth overflowed.
func overflowError(site *Site, s *market.Snapshot, lines []Line, horizon time.Duration, i int, what string) error {
	if i < 0 || i >= len(lines) {
		return invalid("Lines", len(lines), what+" is not finite (overflow): some price or unit count is too large")
	}
	best := input{size: -1}
	for _, in := range suspects(site, s, i, lines[i]) {
		if in.size > best.size {
			best = in
		}
	}
	if best.size < implausible {
		return invalid("Settings.Horizon", horizon, fmt.Sprintf("makes %s of Lines[%d] (%s) exceed 1e15 USD per unit or overflow float64: the market model's growth over this horizon, as no input is implausibly large", what, i, lines[i].Name()))
	}
	return invalid(best.field, best.value, fmt.Sprintf("makes %s of Lines[%d] (%s) exceed 1e15 USD per unit or overflow float64: no plausible value comes near", what, i, lines[i].Name()))
}

// largestTerm returns the index of the line with the largest |units x
// per-unit profit| (NaN counts as largest), the one to blame for a sum that
// is not finite.
func largestTerm(e *engine, unit []float64) int {
	best, size := 0, -1.0
	for l, u := range unit {
		v := math.Abs(e.lc[l].r.units * u)
		if math.IsNaN(v) {
			return l
		}
		if v > size {
			best, size = l, v
		}
	}
	return best
}

// firstBad keeps the error of the lowest path that went wrong, so that
// which error is returned does not depend on the workers.
type firstBad struct {
	mu  sync.Mutex
	p   int
	err error
}

// note records the error of path p, built by mk, if p is the lowest so far.
func (b *firstBad) note(p int, mk func() error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err == nil || p < b.p {
		b.p, b.err = p, mk()
	}
}

// pathError returns the error for path p, loaded in w, whose results are
// not all finite.
func (e *engine) pathError(site *Site, s *market.Snapshot, lines []Line, w *worker, p int) error {
	what := fmt.Sprintf("the profit on path %d", p)
	for l, u := range w.unit {
		if !unitProfitOK(u) {
			return overflowError(site, s, lines, e.set.Horizon, l, what)
		}
	}
	if !finite(w.mined) {
		return minedError(lines, e.largestMiner(), fmt.Sprintf("the bitcoin mined on path %d", p))
	}
	return overflowError(site, s, lines, e.set.Horizon, largestTerm(e, w.unit), what)
}

// largestMiner returns the bitcoin-mining line with the most units, or -1.
func (e *engine) largestMiner() int {
	best := -1
	for l := range e.lc {
		if e.lc[l].r.workload == hardware.BitcoinMining && (best < 0 || e.lc[l].r.units > e.lc[best].r.units) {
			best = l
		}
	}
	return best
}

// minedError returns the ErrInvalid for bitcoin mined that cannot be
// represented (what names it): mining depends on no price, so it names the
// units of line i, the largest miner.
func minedError(lines []Line, i int, what string) error {
	if i < 0 || i >= len(lines) {
		return invalid("Lines", len(lines), what+" overflows: the fleet is too large")
	}
	return invalid(fmt.Sprintf("Lines[%d].Units", i), lines[i].Units,
		fmt.Sprintf("makes %s overflow (at most %d sats, %.0f BTC): the fleet is too large", what, int64(math.MaxInt64), float64(math.MaxInt64)/market.SatsPerBTC))
}

// implausible is a magnitude no price (USD), rate or unit count an input
// plausibly reaches; an overflow with such an input is blamed on it.
const implausible = 1e9

// blameOverflow returns overflowError for line i if one of its inputs is
// implausibly large, else fallback: the overflow then comes from elsewhere
// (the model's moments over a long horizon, say).
func blameOverflow(site *Site, s *market.Snapshot, lines []Line, i int, what string, fallback error) error {
	if i >= 0 && i < len(lines) {
		for _, in := range suspects(site, s, i, lines[i]) {
			if in.size >= implausible {
				return overflowError(site, s, lines, 0, i, what)
			}
		}
	}
	return fallback
}

// largestInput returns the line with the largest input, or -1.
func largestInput(site *Site, s *market.Snapshot, lines []Line) int {
	best, size := -1, -1.0
	for i, l := range lines {
		for _, in := range suspects(site, s, i, l) {
			if in.size > size {
				best, size = i, in.size
			}
		}
	}
	return best
}
