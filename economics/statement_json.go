package economics

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
)

// lineResultJSON is the JSON form of a LineResult.
type lineResultJSON struct {
	Name          string             `json:"name"`
	Line          *Line              `json:"line,omitempty"`
	Workload      *hardware.Workload `json:"workload,omitempty"`
	Units         int                `json:"units"`
	LeasedKW      int                `json:"leased_kw"`
	ITPower       hardware.Power     `json:"it_power"`
	FacilityPower hardware.Power     `json:"facility_power"`
	Nameplate     hardware.Power     `json:"nameplate"`
	Energy        hardware.Energy    `json:"energy"`
	Hashrate      hardware.Hashrate  `json:"hashrate"`
	Running       string             `json:"running"`
	Curtailed     string             `json:"curtailed"`
	Mined         market.Sats        `json:"mined"`
	GrossRevenue  decimal.Decimal    `json:"gross_revenue"`
	PoolFees      decimal.Decimal    `json:"pool_fees"`
	Revenue       decimal.Decimal    `json:"revenue"`
	PowerCost     decimal.Decimal    `json:"power_cost"`
	Opex          decimal.Decimal    `json:"opex"`
	Profit        decimal.Decimal    `json:"profit"`
}

// MarshalJSON writes the line's figures with snake_case keys: "name", the
// "line" booked (a full Line, so the model round-trips) and its "workload"
// (both left out for a Total), "units" (machines), "leased_kw", power,
// energy and hashrate with their units ("96.228 MW"), "running" and
// "curtailed" as Go durations ("720h0m0s"), "mined" in satoshis, and money
// as decimal strings, gross revenue and pool fees included. UnmarshalJSON
// reads it back exactly.
func (r LineResult) MarshalJSON() ([]byte, error) {
	j := lineResultJSON{Name: r.Name(), Units: r.Units, LeasedKW: r.LeasedKW,
		ITPower: r.ITPower, FacilityPower: r.FacilityPower, Nameplate: r.Nameplate, Energy: r.Energy,
		Hashrate: r.Hashrate, Running: r.Running.String(), Curtailed: r.Curtailed.String(), Mined: r.Mined,
		GrossRevenue: r.GrossRevenue(), PoolFees: r.PoolFees(), Revenue: r.Revenue, PowerCost: r.PowerCost,
		Opex: r.Opex, Profit: r.Profit}
	if !r.total {
		l, w := r.Line, r.Line.Workload
		j.Line, j.Workload = &l, &w
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes. Unknown keys are errors;
// so are money that is not a whole number of cents within int64, and
// figures that break the identities (gross = revenue + pool fees, profit =
// revenue - power cost - opex) or a name or workload that is not the
// line's. Errors match ErrInvalid and name the key.
func (r *LineResult) UnmarshalJSON(b []byte) error { return r.decode(b, "LineResult") }

func (r *LineResult) decode(b []byte, path string) error {
	var j lineResultJSON
	if err := strictDecode(b, &j, path); err != nil {
		return err
	}
	out := LineResult{Units: j.Units, LeasedKW: j.LeasedKW, ITPower: j.ITPower, FacilityPower: j.FacilityPower,
		Nameplate: j.Nameplate, Energy: j.Energy, Hashrate: j.Hashrate, Mined: j.Mined}
	switch {
	case j.Line == nil && j.Name == "total":
		out.total = true
		if j.Workload != nil {
			return invalid(path+".workload", *j.Workload, "a total has no workload")
		}
	case j.Line == nil:
		return invalid(path+".line", nil, `required unless "name" is "total"`)
	default:
		out.Line = *j.Line
		if j.Name != out.Line.Name() {
			return invalid(path+".name", j.Name, fmt.Sprintf("must be the line's name, %q", out.Line.Name()))
		}
		if j.Workload != nil && *j.Workload != out.Line.Workload {
			return invalid(path+".workload", *j.Workload, fmt.Sprintf("must be the line's, %s", out.Line.Workload))
		}
		units, kw := out.Line.Units, 0
		if out.Line.Workload == hardware.Colocation {
			units, kw = 0, out.Line.Units
		}
		if out.Units != units || out.LeasedKW != kw {
			return invalid(path+".units", out.Units, fmt.Sprintf("units and leased_kw must be the line's, %d and %d", units, kw))
		}
	}
	var err error
	for _, d := range []struct {
		key string
		s   string
		dst *time.Duration
	}{{"running", j.Running, &out.Running}, {"curtailed", j.Curtailed, &out.Curtailed}} {
		if *d.dst, err = time.ParseDuration(d.s); err != nil {
			return invalid(path+"."+d.key, d.s, `must be a Go duration such as "720h0m0s"`)
		}
	}
	var c cents
	var gross, revenue, profit int64
	for _, m := range []struct {
		key string
		d   decimal.Decimal
		dst *int64
	}{{"gross_revenue", j.GrossRevenue, &gross}, {"pool_fees", j.PoolFees, &c.fees}, {"revenue", j.Revenue, &revenue},
		{"power_cost", j.PowerCost, &c.power}, {"opex", j.Opex, &c.opex}, {"profit", j.Profit, &profit}} {
		if *m.dst, err = decimalCents(m.d); err != nil {
			return invalid(path+"."+m.key, m.d, err.Error())
		}
	}
	c.gross = gross
	if !c.fill(&out) {
		return invalid(path+".profit", j.Profit, "beyond int64 cents")
	}
	switch {
	case out.Revenue.Shift(2).IntPart() != revenue:
		return invalid(path+".revenue", j.Revenue, "must be gross_revenue - pool_fees")
	case out.Profit.Shift(2).IntPart() != profit:
		return invalid(path+".profit", j.Profit, "must be revenue - power_cost - opex")
	}
	*r = out
	return nil
}

// decimalCents returns d in whole cents, for |d| below 2^62 cents.
func decimalCents(d decimal.Decimal) (int64, error) {
	if !num.Bounded(d) {
		return 0, fmt.Errorf("must have at most %d digits before and after the point", num.MaxDecimalDigits)
	}
	c := d.Shift(2)
	if !c.IsInteger() {
		return 0, fmt.Errorf("must be a whole number of cents")
	}
	if c.Abs().GreaterThanOrEqual(decimal.New(1<<62, 0)) {
		return 0, fmt.Errorf("must be below 2^62 cents (about 4.6e16 USD)")
	}
	return c.IntPart(), nil
}

// MarshalJSON writes {"date", "period", "lines", "total"}, the period as a
// Go duration ("720h0m0s").
func (s Statement) MarshalJSON() ([]byte, error) {
	lines := s.Lines
	if lines == nil {
		lines = []LineResult{}
	}
	return json.Marshal(struct {
		Date   time.Time    `json:"date"`
		Period string       `json:"period"`
		Lines  []LineResult `json:"lines"`
		Total  LineResult   `json:"total"`
	}{s.Date, s.Period.String(), lines, s.Total})
}

// UnmarshalJSON reads what MarshalJSON writes, exactly. Unknown keys are
// errors, and so is a total that is not exactly the sum of the lines in
// money, satoshis, machines and leased kW. Errors match ErrInvalid and name
// the key ("Statement.lines[2].profit").
func (s *Statement) UnmarshalJSON(b []byte) error {
	var j struct {
		Date   time.Time         `json:"date"`
		Period string            `json:"period"`
		Lines  []json.RawMessage `json:"lines"`
		Total  json.RawMessage   `json:"total"`
	}
	if err := strictDecode(b, &j, "Statement"); err != nil {
		return err
	}
	out := Statement{Date: j.Date}
	var err error
	if out.Period, err = time.ParseDuration(j.Period); err != nil || out.Period <= 0 {
		return invalid("Statement.period", j.Period, `must be a positive Go duration such as "720h0m0s"`)
	}
	out.Lines = make([]LineResult, len(j.Lines))
	var sum cents
	var units, kw, mined int64
	ok := true
	for i, m := range j.Lines {
		l := &out.Lines[i]
		if err := l.decode(m, fmt.Sprintf("Statement.lines[%d]", i)); err != nil {
			return err
		}
		if l.total {
			return invalid(fmt.Sprintf("Statement.lines[%d].name", i), "total", "a line cannot be a total")
		}
		var o [4]bool
		o[0] = sum.add(l.cents())
		units, o[1] = add64(units, int64(l.Units))
		kw, o[2] = add64(kw, int64(l.LeasedKW))
		mined, o[3] = add64(mined, int64(l.Mined))
		ok = ok && o == [4]bool{true, true, true, true}
	}
	if err := out.Total.decode(j.Total, "Statement.total"); err != nil {
		return err
	}
	var want LineResult
	if !out.Total.total || !ok || !sum.fill(&want) || want.feeCents != out.Total.feeCents ||
		!want.Profit.Equal(out.Total.Profit) || !want.PowerCost.Equal(out.Total.PowerCost) ||
		!want.Opex.Equal(out.Total.Opex) || !want.Revenue.Equal(out.Total.Revenue) ||
		units != int64(out.Total.Units) || kw != int64(out.Total.LeasedKW) || mined != int64(out.Total.Mined) {
		return invalid("Statement.total", "", `must be named "total" and be exactly the sum of the lines`)
	}
	*s = out
	return nil
}

// cents returns r's money in cents (r holds whole cents by construction).
func (r LineResult) cents() cents {
	return cents{
		gross: r.GrossRevenue().Shift(2).IntPart(),
		fees:  r.feeCents,
		power: r.PowerCost.Shift(2).IntPart(),
		opex:  r.Opex.Shift(2).IntPart(),
	}
}
