package economics

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
)

// LineResult is one line of a statement: what the line drew, made and cost
// over the period. Money is in USD rounded to the cent, bitcoin in satoshis.
//
// The identities GrossRevenue() = Revenue + PoolFees() and
// Profit = Revenue - PowerCost - Opex hold exactly. Gross revenue and pool
// fees are methods, computed when asked for, so that booking a statement
// allocates only what every caller reads.
type LineResult struct {
	Line  Line // the line booked; the zero Line in a statement's Total
	Units int  // machines, or kW leased for colocation

	ITPower       hardware.Power  // IT draw while running (AI cloud at the snapshot's utilization)
	FacilityPower hardware.Power  // ITPower x PUE
	Nameplate     hardware.Power  // facility power at nameplate: what counts against capacity
	Energy        hardware.Energy // facility energy drawn over the period
	Hashrate      hardware.Hashrate

	// Running and Curtailed are the hours each unit ran and was switched
	// off by the curtailment policy; downtime is the rest of the period.
	// They are per unit and so are zero in a statement's Total.
	Running, Curtailed time.Duration

	Mined market.Sats // bitcoin credited by the pool, after its fee

	Revenue   decimal.Decimal // net of pool fees
	PowerCost decimal.Decimal
	Opex      decimal.Decimal // fixed operating cost
	Profit    decimal.Decimal // Revenue - PowerCost - Opex

	feeCents int64
	total    bool
}

// PoolFees returns the pool's fees in USD.
func (r LineResult) PoolFees() decimal.Decimal { return centsDecimal(r.feeCents) }

// GrossRevenue returns revenue before pool fees, in USD.
func (r LineResult) GrossRevenue() decimal.Decimal { return r.Revenue.Add(r.PoolFees()) }

// Name returns the line's label (see Line.Name), or "total".
func (r LineResult) Name() string {
	if r.total {
		return "total"
	}
	return r.Line.Name()
}

// Equal reports whether r and o book the same amounts for lines of the
// same name; decimals compare by value.
func (r LineResult) Equal(o LineResult) bool {
	return r.Name() == o.Name() && r.Line.Workload == o.Line.Workload && r.Units == o.Units &&
		r.ITPower == o.ITPower && r.FacilityPower == o.FacilityPower && r.Nameplate == o.Nameplate &&
		r.Energy == o.Energy && r.Hashrate == o.Hashrate && r.Running == o.Running &&
		r.Curtailed == o.Curtailed && r.Mined == o.Mined && r.feeCents == o.feeCents &&
		r.Revenue.Equal(o.Revenue) && r.PowerCost.Equal(o.PowerCost) && r.Opex.Equal(o.Opex) &&
		r.Profit.Equal(o.Profit)
}

// MarshalJSON writes the line's figures, gross revenue and pool fees
// included, with the line's name in place of its model.
func (r LineResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name          string            `json:"name"`
		Workload      hardware.Workload `json:"workload"`
		Units         int               `json:"units"`
		ITPower       hardware.Power    `json:"it_power"`
		FacilityPower hardware.Power    `json:"facility_power"`
		Nameplate     hardware.Power    `json:"nameplate"`
		Energy        hardware.Energy   `json:"energy"`
		Hashrate      hardware.Hashrate `json:"hashrate"`
		Running       time.Duration     `json:"running"`
		Curtailed     time.Duration     `json:"curtailed"`
		Mined         market.Sats       `json:"mined"`
		GrossRevenue  decimal.Decimal   `json:"gross_revenue"`
		PoolFees      decimal.Decimal   `json:"pool_fees"`
		Revenue       decimal.Decimal   `json:"revenue"`
		PowerCost     decimal.Decimal   `json:"power_cost"`
		Opex          decimal.Decimal   `json:"opex"`
		Profit        decimal.Decimal   `json:"profit"`
	}{r.Name(), r.Line.Workload, r.Units, r.ITPower, r.FacilityPower, r.Nameplate, r.Energy, r.Hashrate,
		r.Running, r.Curtailed, r.Mined, r.GrossRevenue(), r.PoolFees(), r.Revenue, r.PowerCost, r.Opex, r.Profit})
}

// Statement is the exact result of running an allocation for a period at one
// snapshot's prices. Lines[i] belongs to the allocation's Lines[i]; Total is
// exactly their sum in every additive field (money to the cent, bitcoin to
// the satoshi).
type Statement struct {
	Date   time.Time     // the snapshot's date
	Period time.Duration // the period evaluated
	Lines  []LineResult
	Total  LineResult
}

// Evaluate books an allocation's expected output and costs over period at
// snapshot s. The model is deterministic: mining earns its expectation (no
// block luck), AI cloud bills the snapshot's utilization, and the period is
// spread evenly over the hours of the day for time-of-use prices.
//
// Bad input gives an error and no statement: an invalid site or snapshot
// (ErrInvalid, market.ErrInvalid), a non-positive period, negative units, an
// unknown mode or a model on a workload it cannot run
// (hardware.ErrUnsupported), a GPU line without a quote in the snapshot
// (market.ErrNoQuote), and facility power over capacity (ErrOverCapacity).
func Evaluate(site Site, a Allocation, s market.Snapshot, period time.Duration) (Statement, error) {
	if err := checkInputs(site, s); err != nil {
		return Statement{}, err
	}
	if period <= 0 {
		return Statement{}, invalid("period", period, "must be positive")
	}
	rates, err := resolveAll(site, a.Lines, &s, make([]lineRates, 0, len(a.Lines)), true)
	if err != nil {
		return Statement{}, err
	}
	p := readPrices(site, &s)
	st := Statement{Date: s.Date, Period: period, Lines: make([]LineResult, len(a.Lines))}
	var tot cents
	for i := range rates {
		lr, c, err := book(site, &p, a.Lines[i], &rates[i], period)
		if err != nil {
			return Statement{}, lineErr(i, err)
		}
		st.Lines[i] = lr
		tot.add(c)
		t := &st.Total
		t.Units += lr.Units
		t.ITPower += lr.ITPower
		t.FacilityPower += lr.FacilityPower
		t.Nameplate += lr.Nameplate
		t.Energy += lr.Energy
		t.Hashrate += lr.Hashrate
		t.Mined += lr.Mined
	}
	st.Total.total = true
	tot.fill(&st.Total)
	return st, nil
}

// checkInputs validates what every computation takes: the site and the
// snapshot.
func checkInputs(site Site, s market.Snapshot) error {
	if err := site.Validate(); err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("economics: snapshot: %w", err)
	}
	return nil
}

// cents holds a line's money in integer cents while it is booked.
type cents struct{ gross, fees, power, opex int64 }

func (c *cents) add(o cents) {
	c.gross += o.gross
	c.fees += o.fees
	c.power += o.power
	c.opex += o.opex
}

func (c cents) fill(r *LineResult) {
	r.feeCents = c.fees
	r.Revenue = centsDecimal(c.gross - c.fees)
	r.PowerCost = centsDecimal(c.power)
	r.Opex = centsDecimal(c.opex)
	r.Profit = centsDecimal(c.gross - c.fees - c.power - c.opex)
}

// centsDecimal returns c cents as a decimal; zero is the zero Decimal, which
// costs no allocation.
func centsDecimal(c int64) decimal.Decimal {
	if c == 0 {
		return decimal.Decimal{}
	}
	return decimal.New(c, -2)
}

// errTooLarge reports amounts beyond what a statement can book.
func errTooLarge(what string, v float64) error {
	return invalid(what, v, "too large to book")
}

// book computes one line. Each amount is computed in float64 from the
// quantities and the prices, and rounded once, half away from zero, to the
// cent (or, for bitcoin, the satoshi); the rest of the statement is integer
// arithmetic on those, hence exact.
func book(site Site, p *prices, l Line, r *lineRates, period time.Duration) (LineResult, cents, error) {
	lr := LineResult{Line: l, Units: l.Units}
	if l.Workload == hardware.Idle || l.Units == 0 {
		return lr, cents{}, nil
	}
	hours := period.Hours()
	u := 1.0
	if l.Workload == hardware.AICloud {
		u = p.utilization
	}
	n, priceSum := r.runHours(&site, p)
	runShare := site.Uptime * float64(n) / 24
	it := r.units * r.itAt(u) // kW
	lr.ITPower = hardware.Power(it) * hardware.Kilowatt
	lr.FacilityPower = lr.ITPower * hardware.Power(site.PUE)
	lr.Nameplate = hardware.Power(r.facilityKW(&site, r.units)) * hardware.Kilowatt
	lr.Hashrate = hardware.Hashrate(r.units*r.th) * hardware.TeraHash
	kwhPerHourOfDay := r.runningKW(&site, r.units, u) * hours * site.Uptime / 24
	lr.Energy = hardware.Energy(kwhPerHourOfDay*float64(n)) * hardware.KilowattHour
	lr.Running = hoursDuration(hours * runShare)
	lr.Curtailed = hoursDuration(hours * site.Uptime * float64(24-n) / 24)

	var c cents
	var err error
	usd := func(what string, v float64) int64 {
		if err != nil {
			return 0
		}
		x, e := num.CentsInt(v)
		if e != nil {
			err = errTooLarge(what, v)
		}
		return x
	}
	switch l.Workload {
	case hardware.BitcoinMining:
		// Credited sats are rounded to the satoshi, then the pool takes its
		// fee from them: netShare's two factors, applied in sats.
		grossSats := math.Round(r.grossPerHour(r.units, p.satsPerTHh) * site.creditShare() * hours * runShare)
		if !(grossSats < 1<<62) {
			return LineResult{}, cents{}, errTooLarge("mined sats", grossSats)
		}
		feeSats := math.Round(grossSats * site.PoolFee)
		lr.Mined = market.Sats(grossSats - feeSats)
		c.gross = usd("GrossRevenue", grossSats/market.SatsPerBTC*p.btc)
		c.fees = usd("PoolFees", feeSats/market.SatsPerBTC*p.btc)
	case hardware.GPUMining:
		c.gross = usd("GrossRevenue", r.grossPerHour(r.units, 1)*hours*runShare)
		c.fees = usd("PoolFees", float64(c.gross)*site.PoolFee/100)
	case hardware.AICloud:
		c.gross = usd("GrossRevenue", r.rentalGross(r.units, hours)*site.Uptime*u)
	case hardware.Colocation:
		c.gross = usd("GrossRevenue", r.rent(p, r.units, hours))
	}
	if r.paysPower(&site) {
		c.power = usd("PowerCost", powerCost(r.runningKW(&site, r.units, u)*site.Uptime, priceSum, hours))
	}
	c.opex = usd("Opex", r.opex(&site, p, r.units, hours))
	if err != nil {
		return LineResult{}, cents{}, err
	}
	c.fill(&lr)
	return lr, c, nil
}

func hoursDuration(h float64) time.Duration {
	return time.Duration(math.Round(h * float64(time.Hour)))
}
