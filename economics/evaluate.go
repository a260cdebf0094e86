package economics

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
)

// LineResult is one line of a statement: what the line drew, made and cost
// over the period. Money is in USD rounded to the cent, bitcoin in satoshis,
// power and hashrate rounded to 12 significant digits, energy to the
// watt-hour and durations to the second, so that reports print no float
// noise ("96.228 MW").
//
// The identities GrossRevenue() = Revenue + PoolFees() and
// Profit = Revenue - PowerCost - Opex hold exactly. Gross revenue and pool
// fees are methods, computed when asked for, so that booking a statement
// allocates only what every caller reads.
//
// In JSON (see MarshalJSON) every field has a snake_case key and the
// result round-trips exactly.
type LineResult struct {
	// Line is the line booked. In a statement's Total it is the zero Line,
	// whose Workload means nothing: the total has no workload (its JSON
	// leaves "workload" and "line" out).
	Line Line

	// Units counts machines; LeasedKW counts kW of IT load leased to
	// colocation tenants. A line has one or the other (a Colocation line's
	// Line.Units is its LeasedKW); the Total sums each apart.
	Units    int
	LeasedKW int

	ITPower       hardware.Power  // IT draw while running (AI cloud at the snapshot's utilization)
	FacilityPower hardware.Power  // ITPower x PUE
	Nameplate     hardware.Power  // facility power at nameplate: what counts against capacity
	Energy        hardware.Energy // facility energy drawn over the period
	Hashrate      hardware.Hashrate

	// Running and Curtailed are the hours each unit ran and was switched
	// off by the curtailment policy, to the second; downtime is the rest of
	// the period. They are per unit and so are zero in a statement's Total.
	Running, Curtailed time.Duration

	Mined market.Sats // bitcoin credited by the pool, after stale shares and its fee

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
		r.LeasedKW == o.LeasedKW &&
		r.ITPower == o.ITPower && r.FacilityPower == o.FacilityPower && r.Nameplate == o.Nameplate &&
		r.Energy == o.Energy && r.Hashrate == o.Hashrate && r.Running == o.Running &&
		r.Curtailed == o.Curtailed && r.Mined == o.Mined && r.feeCents == o.feeCents &&
		r.Revenue.Equal(o.Revenue) && r.PowerCost.Equal(o.PowerCost) && r.Opex.Equal(o.Opex) &&
		r.Profit.Equal(o.Profit)
}

// Statement is the exact result of running an allocation for a period at one
// snapshot's prices. Lines[i] belongs to the allocation's Lines[i]; Total is
// exactly their sum in every additive field (money to the cent, bitcoin to
// the satoshi, machines and leased kW apart).
//
// In JSON: {"date", "period" (a Go duration, "720h0m0s"), "lines",
// "total"}; it round-trips exactly (see LineResult.MarshalJSON).
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
// A period that crosses a halving is split at the halving's expected time:
// blocks remaining to it (market.Chain.NextHalving) at the snapshot's
// expected block rate, the network hashrate that the difficulty implies,
// which is one block per Chain.BlockInterval (10 minutes on Mainnet). Each
// part earns the subsidy of its epoch; difficulty, hashrate share, fees and
// prices stay the snapshot's throughout, and Economic curtailment decides
// each part's hours at its own revenue. Any positive period is accepted (a
// time.Duration holds 292 years).
//
// A dated line runs only over its part of the period: from Start plus the
// mean of its Delay, (Min+Likely+Max)/3, to End. A lease pays its
// contracted rent, escalating, without default (Appraise draws defaults),
// and after each term and its dark time the snapshot's colocation rate.
// Each line runs at its hall's PUE and pays its hall's opex; capacity is
// checked per hall and for the site at every moment.
//
// Bad input gives an error and no statement: an invalid site or snapshot
// (ErrInvalid, market.ErrInvalid), a non-positive period, negative units, an
// unknown mode or a model on a workload it cannot run
// (hardware.ErrUnsupported), a colocation line that names a model or mode,
// a GPU line without a quote in the snapshot (market.ErrNoQuote) or with a
// zero one (ErrInvalid), facility power over capacity (ErrOverCapacity),
// and amounts a statement cannot hold: a line's or the total's cents,
// satoshis, machines or kW beyond int64 (about 4.6e16 USD, 4.6e18 sats;
// ErrInvalid naming the field, such as "Lines[2].GrossRevenue" or
// "Total.Mined").
func Evaluate(site Site, a Allocation, s market.Snapshot, period time.Duration) (Statement, error) {
	if err := checkInputs(site, s); err != nil {
		return Statement{}, err
	}
	if period <= 0 {
		return Statement{}, invalid("period", period, "must be positive")
	}
	for i, l := range a.Lines {
		if err := checkLineTerms(i, l, s.Date); err != nil {
			return Statement{}, err
		}
	}
	rates, err := resolveAll(site, a.Lines, &s, make([]lineRates, 0, len(a.Lines)), true)
	if err != nil {
		return Statement{}, err
	}
	p := readPrices(site, &s)
	eps := epochs(s.Bitcoin, p.satsPerTHh, period)
	st := Statement{Date: s.Date, Period: period, Lines: make([]LineResult, len(a.Lines))}
	var tot cents
	t := &st.Total
	for i := range rates {
		tm := newLineTime(a.Lines[i], s.Date, p.colo)
		lr, c, err := book(site, &p, eps, a.Lines[i], &rates[i], &tm, period)
		if err != nil {
			return Statement{}, lineErr(i, err)
		}
		st.Lines[i] = lr
		ok := tot.add(c)
		var ok1, ok2, ok3 bool
		t.Units, ok1 = addInt(t.Units, lr.Units)
		t.LeasedKW, ok2 = addInt(t.LeasedKW, lr.LeasedKW)
		var mined int64
		mined, ok3 = add64(int64(t.Mined), int64(lr.Mined))
		t.Mined = market.Sats(mined)
		switch {
		case !ok:
			return Statement{}, invalid("Total", fmt.Sprintf("through Lines[%d]", i), "money beyond int64 cents (about 4.6e16 USD)")
		case !ok1:
			return Statement{}, invalid("Total.Units", fmt.Sprintf("through Lines[%d]", i), "machines beyond int64")
		case !ok2:
			return Statement{}, invalid("Total.LeasedKW", fmt.Sprintf("through Lines[%d]", i), "kW beyond int64")
		case !ok3:
			return Statement{}, invalid("Total.Mined", fmt.Sprintf("through Lines[%d]", i), "satoshis beyond int64")
		}
		t.ITPower += lr.ITPower
		t.FacilityPower += lr.FacilityPower
		t.Nameplate += lr.Nameplate
		t.Energy += lr.Energy
		t.Hashrate += lr.Hashrate
	}
	t.ITPower = hardware.Power(round12(float64(t.ITPower)))
	t.FacilityPower = hardware.Power(round12(float64(t.FacilityPower)))
	t.Nameplate = hardware.Power(round12(float64(t.Nameplate)))
	t.Energy = roundEnergy(float64(t.Energy) / float64(hardware.KilowattHour))
	t.Hashrate = hardware.Hashrate(round12(float64(t.Hashrate)))
	t.total = true
	if !tot.fill(t) {
		return Statement{}, invalid("Total.Profit", "", "beyond int64 cents (about 4.6e16 USD)")
	}
	return st, nil
}

// epoch is a part of a period that earns one subsidy: its hours and the
// expected gross sats per TH/s-hour in it.
type epoch struct{ hours, satsPerTHh float64 }

// epochs splits period at the halvings it crosses, each at its expected
// time: the blocks remaining to it times the chain's block interval (the
// snapshot's difficulty implies a hashrate that finds one block per
// interval). first is the snapshot's sats per TH/s-hour, which the first
// part keeps bit for bit.
func epochs(b market.Bitcoin, first float64, period time.Duration) []epoch {
	left := period.Hours()
	c := b.Params()
	out := make([]epoch, 0, 2)
	h, sats := b.Height, first
	for range 64 {
		next := c.NextHalving(h)
		if next < 0 {
			break
		}
		t := float64(next-h) * c.BlockInterval.Hours()
		if !(t < left) {
			break
		}
		out = append(out, epoch{t, sats})
		left -= t
		h = next
		nb := b
		nb.Height = h
		sats = nb.SatsPerTHDay() / 24
	}
	return append(out, epoch{left, sats})
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

// add adds o to c; it reports false when a sum leaves int64.
func (c *cents) add(o cents) bool {
	var ok [4]bool
	c.gross, ok[0] = add64(c.gross, o.gross)
	c.fees, ok[1] = add64(c.fees, o.fees)
	c.power, ok[2] = add64(c.power, o.power)
	c.opex, ok[3] = add64(c.opex, o.opex)
	return ok == [4]bool{true, true, true, true}
}

// fill sets r's money from c; it reports false when revenue or profit
// leaves int64 cents.
func (c cents) fill(r *LineResult) bool {
	rev, ok1 := add64(c.gross, -c.fees)
	cost, ok2 := add64(c.power, c.opex)
	profit, ok3 := add64(rev, -cost)
	if !ok1 || !ok2 || !ok3 || c.fees == math.MinInt64 || cost == math.MinInt64 {
		return false
	}
	r.feeCents = c.fees
	r.Revenue = centsDecimal(rev)
	r.PowerCost = centsDecimal(c.power)
	r.Opex = centsDecimal(c.opex)
	r.Profit = centsDecimal(profit)
	return true
}

// add64 returns a+b and whether it did not overflow.
func add64(a, b int64) (int64, bool) {
	s := a + b
	return s, (s > a) == (b > 0)
}

// addInt is add64 for int.
func addInt(a, b int) (int, bool) {
	s, ok := add64(int64(a), int64(b))
	return int(s), ok && int64(int(s)) == s
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
// arithmetic on those, hence exact. A bitcoin mining line sums its mining
// revenue, power, energy and hours over eps, the period's halving epochs;
// other lines earn alike in every epoch and are booked over the whole
// period at once.
//
// A dated line (tm) runs only over its part of the period: from Start plus
// its mean delay to End. A lease pays its contracted rent, escalating,
// with no default (Appraise draws defaults), and after each term's end and
// dark time the snapshot's colocation rate; power is drawn while a tenant
// is in.
func book(site Site, p *prices, eps []epoch, l Line, r *lineRates, tm *lineTime, period time.Duration) (LineResult, cents, error) {
	lr := LineResult{Line: l, Units: l.Units}
	if l.Workload == hardware.Colocation {
		lr.Units, lr.LeasedKW = 0, l.Units
	}
	if l.Workload == hardware.Idle || l.Units == 0 {
		return lr, cents{}, nil
	}
	hours := period.Hours()
	occupied := 1.0 // share of the running hours a colocation tenant is in
	var leaseUSD float64
	if tm.timed {
		eps, hours = tm.clip(eps, hours)
		if tm.lease != nil {
			leaseUSD, occupied = tm.contracted(period.Hours() / 24 / market.DaysPerYear)
		}
	}
	if l.Workload != hardware.BitcoinMining {
		eps = []epoch{{hours, p.satsPerTHh}}
	}
	u := 1.0
	if l.Workload == hardware.AICloud {
		u = p.utilization
	}
	it := r.units * r.itAt(u) // kW
	lr.ITPower = hardware.Power(round12(it * float64(hardware.Kilowatt)))
	lr.FacilityPower = hardware.Power(round12(it * float64(hardware.Kilowatt) * r.pue))
	lr.Nameplate = hardware.Power(round12(r.facilityKW(&site, r.units) * float64(hardware.Kilowatt)))
	lr.Hashrate = hardware.Hashrate(round12(r.units * r.th * float64(hardware.TeraHash)))

	kwRun := r.runningKW(&site, r.units, u)
	var mined, powerUSD, kwh, run, curt float64
	q := *p
	for _, e := range eps {
		q.satsPerTHh = e.satsPerTHh
		n, priceSum := r.runHours(&site, &q)
		runShare := site.Uptime * float64(n) / 24
		switch l.Workload {
		case hardware.BitcoinMining:
			// Credited sats: stale shares off, before the pool's fee.
			mined += r.grossPerHour(r.units, e.satsPerTHh) * site.creditShare() * e.hours * runShare
		case hardware.GPUMining:
			mined += r.grossPerHour(r.units, 1) * e.hours * runShare
		}
		if r.paysPower(&site) {
			powerUSD += powerCost(kwRun*site.Uptime, priceSum, e.hours) * occupied
		}
		kwh += kwRun * e.hours * site.Uptime / 24 * float64(n) * occupied
		run += e.hours * runShare
		curt += e.hours * site.Uptime * float64(24-n) / 24
	}
	lr.Energy = roundEnergy(kwh)
	lr.Running = hoursDuration(run)
	lr.Curtailed = hoursDuration(curt)

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
		grossSats := math.Round(mined)
		if !(grossSats < 1<<62) {
			return LineResult{}, cents{}, errTooLarge("Mined", grossSats)
		}
		feeSats := math.Round(grossSats * site.PoolFee)
		lr.Mined = market.Sats(grossSats - feeSats)
		c.gross = usd("GrossRevenue", grossSats/market.SatsPerBTC*p.btc)
		c.fees = usd("PoolFees", feeSats/market.SatsPerBTC*p.btc)
	case hardware.GPUMining:
		c.gross = usd("GrossRevenue", mined)
		c.fees = usd("PoolFees", float64(c.gross)*site.PoolFee/100)
	case hardware.AICloud:
		c.gross = usd("GrossRevenue", r.rentalGross(r.units, hours)*site.Uptime*u)
	case hardware.Colocation:
		if tm.lease != nil {
			c.gross = usd("GrossRevenue", r.units*leaseUSD)
		} else {
			c.gross = usd("GrossRevenue", r.rent(p, r.units, hours))
		}
	}
	c.power = usd("PowerCost", powerUSD)
	c.opex = usd("Opex", r.opex(&site, p, r.units, hours))
	if err != nil {
		return LineResult{}, cents{}, err
	}
	if !c.fill(&lr) {
		return LineResult{}, cents{}, errTooLarge("Profit", 0)
	}
	return lr, c, nil
}

// hoursDuration returns h hours as a duration rounded to the second.
func hoursDuration(h float64) time.Duration {
	return time.Duration(math.Round(h*3600)) * time.Second
}

// round12 rounds x to 12 significant digits: what a physical quantity in a
// statement is known to, without the float noise of its products
// (96228000.00000001 W prints as "96.228 MW").
//
// It scales x by a power of ten so that 12 digits lie before the point,
// rounds, and scales back: both powers are exact (at most 1e22), so the
// result is the float64 nearest the rounded decimal, as parsing its text
// would give, without formatting it (Evaluate calls this for every line).
func round12(x float64) float64 {
	if x == 0 || !num.Finite(x) {
		return x
	}
	a := math.Abs(x)
	e := int(math.Floor(math.Log10(a))) // decimal exponent, corrected below
	if e < 308 && a >= math.Pow10(e+1) {
		e++
	} else if a < math.Pow10(e) {
		e--
	}
	switch k := 11 - e; {
	case k >= 0 && k <= 22:
		p := math.Pow10(k)
		return math.Round(x*p) / p
	case k < 0 && k >= -22:
		p := math.Pow10(-k)
		return math.Round(x/p) * p
	}
	// Beyond exact powers of ten (quantities below 1e-11 or above 1e33,
	// which no site has): print and parse.
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	if err != nil {
		return x
	}
	return r
}

// roundEnergy returns kwh kilowatt-hours rounded to the watt-hour (and to 12
// significant digits).
func roundEnergy(kwh float64) hardware.Energy {
	return hardware.Energy(round12(math.Round(kwh*1000))) * hardware.WattHour
}
