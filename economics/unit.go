package economics

import (
	"errors"
	"fmt"
	"strings"

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
// power at the day's mean price without curtailment, at the snapshot's
// subsidy (a day that crosses a halving is not split; Evaluate splits
// periods). Breakevens are on power alone (opex excluded), as the industry
// quotes them: at the breakeven, net revenue equals power cost. A breakeven
// that does not apply to the workload is not Valid; for AI cloud, an invalid
// BreakevenUtilization means that no utilization covers the power the GPU
// draws.
//
// Costs per BTC are per BTC credited: what the pool pays the miner after
// stale shares and its fee, the basis on which listed miners disclose
// production and cost. They are cash costs: power, and power plus the
// site's opex; the industry's "all-in" cost also counts depreciation and
// SG&A, which a Unit does not know.
//
// In JSON every field has a snake_case key; a breakeven that does not apply
// is null. Unknown keys are errors on decoding.
type Unit struct {
	Model    string            `json:"model,omitempty"`
	Mode     string            `json:"mode,omitempty"`
	Workload hardware.Workload `json:"workload"`

	Facility   hardware.Power      `json:"facility"`   // facility power per unit at nameplate (IT x PUE)
	Efficiency hardware.Efficiency `json:"efficiency"` // J/TH at the wall, before PUE (bitcoin mining)

	RevenuePerDay   decimal.Decimal `json:"revenue_per_day"`    // USD per unit per day, net of pool fees
	PowerCostPerDay decimal.Decimal `json:"power_cost_per_day"` // USD per unit per day
	ProfitPerDay    decimal.Decimal `json:"profit_per_day"`     // revenue - power - opex, USD per unit per day

	RevenuePerMWYear decimal.Decimal `json:"revenue_per_mw_year"` // USD per MW of facility power per 365-day year
	ProfitPerMWYear  decimal.Decimal `json:"profit_per_mw_year"`  // USD per MW of facility power per 365-day year

	BreakevenPowerPrice decimal.NullDecimal `json:"breakeven_power_price"` // USD per kWh (mining and AI cloud)
	BreakevenHashprice  decimal.NullDecimal `json:"breakeven_hashprice"`   // gross USD per TH/s per day (bitcoin mining)
	BreakevenBTCPrice   decimal.NullDecimal `json:"breakeven_btc_price"`   // USD per BTC (bitcoin mining); equals PowerCostPerBTC

	// PowerCostPerBTC is the power cost per BTC credited, USD (bitcoin
	// mining).
	PowerCostPerBTC decimal.NullDecimal `json:"power_cost_per_btc"`
	// CashCostPerBTC is power and opex per BTC credited, USD (bitcoin
	// mining): a cash cost, not the industry's all-in cost (which adds
	// depreciation and SG&A).
	CashCostPerBTC decimal.NullDecimal `json:"cash_cost_per_btc"`

	BreakevenUtilization decimal.NullDecimal `json:"breakeven_utilization"` // billable share of hours (AI cloud)
}

// UnmarshalJSON reads a Unit strictly: unknown keys are errors matching
// ErrInvalid that name them.
func (u *Unit) UnmarshalJSON(b []byte) error {
	type plain Unit
	var p plain
	if err := strictDecode(b, &p, "Unit"); err != nil {
		return err
	}
	*u = Unit(p)
	return nil
}

// UnitEconomics returns the economics of one unit of line's model, in line's
// mode and workload (line.Units is ignored), at snapshot s. It returns the
// errors Evaluate would for the same line, naming it "line" ("line.Model").
func UnitEconomics(site Site, line Line, s market.Snapshot) (Unit, error) {
	if err := checkInputs(site, s); err != nil {
		return Unit{}, err
	}
	line.Units = 1
	r, err := resolve(0, line, &s)
	if err == nil {
		err = r.placeHall(&site, 0, line.Hall)
	}
	if err != nil {
		return Unit{}, asLine(err)
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
	u.Facility = hardware.Power(round12(facKW * 1000)) // W, without float noise
	if r.th > 0 {
		u.Efficiency = hardware.Efficiency(round12(r.maxIT * 1000 / r.th))
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
	dec := func(field string, f float64, places int32) decimal.Decimal {
		d, e := num.Decimal(f)
		if e != nil && err == nil {
			err = invalid("Unit."+field, f, "not a finite number at these prices (a price at the edge of its range)")
		}
		return d.Round(places)
	}
	u.RevenuePerDay = dec("RevenuePerDay", revenue, 4)
	u.PowerCostPerDay = dec("PowerCostPerDay", power, 4)
	u.ProfitPerDay = dec("ProfitPerDay", revenue-power-opex, 4)
	if facKW > 0 {
		perMW := 365 * 1000 / facKW
		u.RevenuePerMWYear = dec("RevenuePerMWYear", revenue*perMW, 2)
		u.ProfitPerMWYear = dec("ProfitPerMWYear", (revenue-power-opex)*perMW, 2)
	}
	valid := func(field string, f float64, places int32) decimal.NullDecimal {
		return decimal.NullDecimal{Decimal: dec(field, f, places), Valid: true}
	}
	switch line.Workload {
	case hardware.BitcoinMining, hardware.GPUMining:
		if runKW > 0 {
			u.BreakevenPowerPrice = valid("BreakevenPowerPrice", revenue/(runKW*day), 6)
		}
	case hardware.AICloud:
		u.BreakevenPowerPrice = valid("BreakevenPowerPrice", revenue/(runKW*day), 6)
		// u*rate = (fixed + u*perUtil) * price, in facility kW.
		fixedKW, perUtilKW := r.aiKW(site)
		fixed := fixedKW * meanPrice
		margin := r.rentalGross(1, 1) - perUtilKW*meanPrice
		if margin > 0 && fixed/margin <= 1 {
			u.BreakevenUtilization = valid("BreakevenUtilization", fixed/margin, 4)
		}
	}
	if line.Workload == hardware.BitcoinMining && r.th > 0 {
		hashprice := s.Bitcoin.BTCPerTHDay() * p.btc // gross USD/TH/day
		// At the breakeven hashprice h, h x miningPerHour(1) is the power
		// cost of a day at the mean price.
		beHash := runKW * 24 * meanPrice / r.miningPerHour(site, 1)
		u.BreakevenHashprice = valid("BreakevenHashprice", beHash, 6)
		u.BreakevenBTCPrice = valid("BreakevenBTCPrice", p.btc*beHash/hashprice, 2)
		// REFERENCE.md: cost to mine 1 BTC = daily power cost / E, with E
		// here the BTC credited per day (after stale shares and the pool
		// fee), the basis miners disclose.
		credited := revenue / p.btc
		u.PowerCostPerBTC = valid("PowerCostPerBTC", power/credited, 2)
		u.CashCostPerBTC = valid("CashCostPerBTC", (power+opex)/credited, 2)
	}
	if err != nil {
		return Unit{}, err
	}
	return u, nil
}

// BreakevenTable returns the unit economics of every catalog model on each
// workload it supports (stock mode), plus one kW of colocation, at snapshot
// s. Models the snapshot has no quote for on a workload (market.ErrNoQuote)
// are left out; a zero quote is an error (ErrInvalid) naming the model, as
// in Evaluate, since it is a price the snapshot gets wrong, not one it lacks.
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
		if err == nil {
			err = r.placeHall(&site, 0, "")
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

// asLine renames the path of an error about Lines[0] to "line", for
// functions that take one line.
func asLine(err error) error {
	var ie *InvalidError
	if errors.As(err, &ie) && err == error(ie) && strings.HasPrefix(ie.Field, "Lines[0]") {
		return &InvalidError{Field: "line" + strings.TrimPrefix(ie.Field, "Lines[0]"), Value: ie.Value, Reason: ie.Reason}
	}
	if inner := errors.Unwrap(err); inner != nil && strings.HasPrefix(err.Error(), "economics: Lines[0]: ") {
		return fmt.Errorf("economics: line: %w", inner)
	}
	return err
}
