package economics

import (
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// A line's cash flows, written once. Evaluate books them exactly over a
// period, UnitEconomics per unit and day, the Monte Carlo engine per step
// (hoisting their per-line values out of its per-path loops and scaling
// them by the step's revenue factors and power multiplier), and
// ValueCurtailment in closed form. Per unit and hour of running:
//
//	mining revenue   grossPerHour x netShare (miningPerHour): stale
//	                 shares, then the pool fee
//	AI cloud revenue rentalGross, times uptime and utilization
//	colocation rent  rent: USD per kW-month over market.HoursPerMonth
//	power            powerCost: facility kW (facilityKW, runningKW,
//	                 aiKW) x the mean price of the hours run x hours,
//	                 when paysPower
//	opex             opex: USD per MW-month of facility power at nameplate
//
// Which hours a line runs and what they cost are summed by each caller
// over its own time grid: Evaluate per hour of the day (runHours), the
// engine over sorted prices and a multiplier per path, UnitEconomics at the
// day's mean price. Functions that scale with a number of units take it
// first, so that one unit (1 x a = a) and a whole line round alike.

// facilityKW returns the facility power of units units at nameplate, kW: IT
// power at full load times PUE. It is what counts against capacity and what
// opex is charged on.
func (r *lineRates) facilityKW(site *Site, units float64) float64 {
	return units * r.maxIT * r.pue
}

// runningKW returns the facility power of units units running at billable
// utilization u, kW (mining runs at u = 1).
func (r *lineRates) runningKW(site *Site, units, u float64) float64 {
	return units * r.itAt(u) * r.pue
}

// aiIT returns an AI cloud unit's IT power as fixed + u x perUtil kW at
// billable utilization u: fixed is drawn whatever the load (the GPU idling
// and its share of the host), perUtil is the board's power above idle at
// full load.
func (r *lineRates) aiIT() (fixed, perUtil float64) {
	return r.idle + r.host, r.board - r.idle
}

// aiKW returns aiIT in facility power: kW at zero utilization and per unit
// of utilization.
func (r *lineRates) aiKW(site *Site) (fixed, perUtil float64) {
	f, u := r.aiIT()
	return f * r.pue, u * r.pue
}

// paysPower reports whether the site pays the line's power: every line's,
// but a colocation tenant's only under Site.ColocationPowerIncluded.
func (r *lineRates) paysPower(site *Site) bool {
	return r.workload != hardware.Colocation || site.ColocationPowerIncluded
}

// grossPerHour returns the gross mining revenue of units units per hour of
// running, before stale shares and the pool fee, per unit of the line's
// revenue factor x: for bitcoin mining x is the gross revenue of one TH/s
// for an hour (in sats, BTC or USD; the result is in the same currency),
// for GPU mining the GPU-mining revenue relative to the snapshot's (the
// result is in USD). It is 0 for lines that do not mine.
func (r *lineRates) grossPerHour(units, x float64) float64 {
	switch r.workload {
	case hardware.BitcoinMining:
		return units * r.th * x
	case hardware.GPUMining:
		return units * r.gpuMining / 24 * x
	}
	return 0
}

// creditShare returns the share of a miner's hashes the pool credits: all
// but the stale shares.
func (s *Site) creditShare() float64 { return 1 - s.StaleRate }

// netShare returns the share of a mining line's gross revenue it keeps:
// what the pool credits (bitcoin mining: all but stale shares), less the
// pool fee. It is 0 for lines that do not mine.
func (r *lineRates) netShare(site *Site) float64 {
	switch r.workload {
	case hardware.BitcoinMining:
		return site.creditShare() * (1 - site.PoolFee)
	case hardware.GPUMining:
		return 1 - site.PoolFee
	}
	return 0
}

// miningPerHour returns one unit's mining revenue per hour of running, net
// of stale shares and the pool fee, per unit of the revenue factor x (see
// grossPerHour); 0 for lines that do not mine.
func (r *lineRates) miningPerHour(site *Site, x float64) float64 {
	return r.grossPerHour(1, x) * r.netShare(site)
}

// revenueFactor returns a mining line's revenue factor at the snapshot, the
// x of grossPerHour in USD: gross USD per TH/s-hour for bitcoin mining, 1
// for GPU mining.
func (p *prices) revenueFactor(w hardware.Workload) float64 {
	if w == hardware.BitcoinMining {
		return p.satsPerTHh / market.SatsPerBTC * p.btc
	}
	return 1
}

// powerCost returns what kw kilowatts of facility power cost over hours
// hours of running, USD, when the hours run fall evenly on the hours of the
// day whose prices (USD per kWh) sum to priceSum: kw x priceSum/24 x hours.
// A curtailed hour is in neither priceSum nor hours' share of the day: the
// caller passes the hours actually run.
func powerCost(kw, priceSum, hours float64) float64 {
	return kw * priceSum / 24 * hours
}

// rentalGross returns what units GPUs of an AI cloud line bill over hours
// at full utilization, USD; uptime and utilization scale it.
func (r *lineRates) rentalGross(units, hours float64) float64 {
	return units * r.gpuRate * hours
}

// rent returns the colocation rent of units kW of IT load over hours, USD;
// 0 for other lines.
func (r *lineRates) rent(p *prices, units, hours float64) float64 {
	if r.workload != hardware.Colocation {
		return 0
	}
	return units * p.colo * hours / market.HoursPerMonth
}

// opex returns the fixed operating cost of units units over hours, USD,
// charged on facility power at nameplate; 0 for idle lines.
func (r *lineRates) opex(site *Site, p *prices, units, hours float64) float64 {
	if r.workload == hardware.Idle {
		return 0
	}
	return r.opexMW * units * r.maxIT * r.pue / 1000 * hours / market.HoursPerMonth
}

// runHours decides which hours of the day a line runs at the snapshot: all
// of them, or under Economic curtailment those whose power cost does not
// exceed the line's mining revenue. It returns the count and the sum of
// their prices.
func (r *lineRates) runHours(site *Site, p *prices) (n int, priceSum float64) {
	mining := r.workload == hardware.BitcoinMining || r.workload == hardware.GPUMining
	rev, kw := r.miningPerHour(site, p.revenueFactor(r.workload)), r.facilityKW(site, 1)
	for _, price := range p.hourly {
		if mining && site.Curtailment == Economic && kw*price > rev {
			continue
		}
		n++
		priceSum += price
	}
	return n, priceSum
}
