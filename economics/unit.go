package economics

import (
	"errors"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
)

// Unit is the economics of one unit of a model on one workload at a
// snapshot: its daily revenue and costs, what a megawatt of it earns in a
// year, and the prices at which it breaks even.
//
// Daily figures include the site's uptime, pool fee and stale rate, and price
// power at the day's mean price without curtailment. Breakevens are on power
// alone (opex excluded), as the industry quotes them: at the breakeven, net
// revenue equals power cost. A breakeven that does not apply to the workload
// is not Valid; for AI cloud, an invalid BreakevenUtilization means that no
// utilization covers the power the GPU draws.
type Unit struct {
	Model    string
	Mode     string
	Workload hardware.Workload

	Facility   hardware.Power      // facility power per unit at nameplate (IT x PUE)
	Efficiency hardware.Efficiency // J/TH at the wall, before PUE (bitcoin mining)

	RevenuePerDay   decimal.Decimal // USD per unit per day, net of pool fees
	PowerCostPerDay decimal.Decimal // USD per unit per day
	ProfitPerDay    decimal.Decimal // revenue - power - opex, USD per unit per day

	RevenuePerMWYear decimal.Decimal // USD per MW of facility power per 365-day year
	ProfitPerMWYear  decimal.Decimal // USD per MW of facility power per 365-day year

	BreakevenPowerPrice  decimal.NullDecimal // USD per kWh (mining and AI cloud)
	BreakevenHashprice   decimal.NullDecimal // gross USD per TH/s per day (bitcoin mining)
	BreakevenBTCPrice    decimal.NullDecimal // USD per BTC (bitcoin mining)
	CostPerBTC           decimal.NullDecimal // power cost per BTC mined, before pool fee and stale shares (bitcoin mining)
	AllInCostPerBTC      decimal.NullDecimal // power and opex per BTC credited by the pool (bitcoin mining)
	BreakevenUtilization decimal.NullDecimal // billable share of hours (AI cloud)
}

// UnitEconomics returns the economics of one unit of line's model, in line's
// mode and workload (line.Units is ignored), at snapshot s. It returns the
// errors Evaluate would for the same line.
func UnitEconomics(site Site, line Line, s market.Snapshot) (Unit, error) {
	if err := checkInputs(site, s); err != nil {
		return Unit{}, err
	}
	line.Units = 1
	r, err := resolve(0, line, &s)
	if err != nil {
		return Unit{}, err
	}
	p := readPrices(site, &s)
	return unitOf(&site, &p, &s, line, &r)
}

func unitOf(site *Site, p *prices, s *market.Snapshot, line Line, r *lineRates) (Unit, error) {
	mode := line.Mode
	if mode == "" {
		mode = hardware.StockMode
	}
	u := Unit{Model: line.Model.Name, Mode: mode, Workload: line.Workload}
	if line.Workload == hardware.Colocation {
		u.Model, u.Mode = "", ""
	}
	daySum := p.daySum()
	meanPrice := daySum / 24
	util := 1.0
	if line.Workload == hardware.AICloud {
		util = p.utilization
	}
	facKW := r.facilityKW(site, 1)
	runKW := r.runningKW(site, 1, util)
	u.Facility = hardware.Power(facKW) * hardware.Kilowatt
	if r.th > 0 {
		u.Efficiency = hardware.Efficiency(r.maxIT * 1000 / r.th)
	}
	day := 24 * site.Uptime
	var revenue float64 // USD per day
	switch line.Workload {
	case hardware.BitcoinMining, hardware.GPUMining:
		revenue = r.miningPerHour(site, p.revenueFactor(line.Workload)) * day
	case hardware.AICloud:
		revenue = r.rentalGross(1, day) * util
	case hardware.Colocation:
		revenue = r.rent(p, 1, 24)
	}
	power := 0.0
	if r.paysPower(site) {
		power = powerCost(runKW*site.Uptime, daySum, 24)
	}
	opex := r.opex(site, p, 1, 24)
	var err error
	dec := func(f float64, places int32) decimal.Decimal {
		d, e := num.Decimal(f)
		if e != nil && err == nil {
			err = errTooLarge("unit economics", f)
		}
		return d.Round(places)
	}
	u.RevenuePerDay = dec(revenue, 4)
	u.PowerCostPerDay = dec(power, 4)
	u.ProfitPerDay = dec(revenue-power-opex, 4)
	if facKW > 0 {
		perMW := 365 * 1000 / facKW
		u.RevenuePerMWYear = dec(revenue*perMW, 2)
		u.ProfitPerMWYear = dec((revenue-power-opex)*perMW, 2)
	}
	valid := func(f float64, places int32) decimal.NullDecimal {
		return decimal.NullDecimal{Decimal: dec(f, places), Valid: true}
	}
	switch line.Workload {
	case hardware.BitcoinMining, hardware.GPUMining:
		if runKW > 0 {
			u.BreakevenPowerPrice = valid(revenue/(runKW*day), 6)
		}
	case hardware.AICloud:
		u.BreakevenPowerPrice = valid(revenue/(runKW*day), 6)
		// u*rate = (fixed + u*perUtil) * price, in facility kW.
		fixedKW, perUtilKW := r.aiKW(site)
		fixed := fixedKW * meanPrice
		margin := r.rentalGross(1, 1) - perUtilKW*meanPrice
		if margin > 0 && fixed/margin <= 1 {
			u.BreakevenUtilization = valid(fixed/margin, 4)
		}
	}
	if line.Workload == hardware.BitcoinMining && r.th > 0 {
		hashprice := s.Bitcoin.BTCPerTHDay() * p.btc // gross USD/TH/day
		// At the breakeven hashprice h, h x miningPerHour(1) is the power
		// cost of a day at the mean price.
		beHash := runKW * 24 * meanPrice / r.miningPerHour(site, 1)
		u.BreakevenHashprice = valid(beHash, 6)
		u.BreakevenBTCPrice = valid(p.btc*beHash/hashprice, 2)
		// REFERENCE.md: cost to mine 1 BTC = daily power cost / E, E the
		// gross expected BTC per day.
		grossBTC := r.grossPerHour(1, s.Bitcoin.BTCPerTHDay()) * site.Uptime
		u.CostPerBTC = valid(power/grossBTC, 2)
		u.AllInCostPerBTC = valid((power+opex)/(revenue/p.btc), 2)
	}
	if err != nil {
		return Unit{}, err
	}
	return u, nil
}

// BreakevenTable returns the unit economics of every catalog model on each
// workload it supports (stock mode), plus one kW of colocation, at snapshot
// s. Models the snapshot has no quote for on a workload (market.ErrNoQuote)
// are left out.
func BreakevenTable(site Site, s market.Snapshot) ([]Unit, error) {
	if err := checkInputs(site, s); err != nil {
		return nil, err
	}
	p := readPrices(site, &s)
	var out []Unit
	add := func(line Line) error {
		r, err := resolve(0, line, &s)
		if errors.Is(err, market.ErrNoQuote) {
			return nil
		}
		if err != nil {
			return err
		}
		u, err := unitOf(&site, &p, &s, line, &r)
		if err != nil {
			return err
		}
		out = append(out, u)
		return nil
	}
	for _, m := range hardware.Catalog() {
		for _, w := range []hardware.Workload{hardware.BitcoinMining, hardware.AICloud, hardware.GPUMining} {
			if !m.Supports(w) {
				continue
			}
			if err := add(Line{Model: m, Workload: w, Units: 1}); err != nil {
				return nil, err
			}
		}
	}
	if err := add(Line{Workload: hardware.Colocation, Units: 1}); err != nil {
		return nil, err
	}
	return out, nil
}
