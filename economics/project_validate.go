package economics

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
)

// Validation of a Project's dated, capital, contract and financing terms.
// The lines' models, modes and units are resolve's to check; the site's
// fields are Site.Validate's.

var (
	maxCapitalUnit = decimal.NewFromInt(MaxCapitalUnit)
	maxLeaseRate   = decimal.NewFromInt(MaxLeaseRate)
	maxOutlay      = decimal.NewFromInt(MaxOutlay)
)

// maxLeaseDefault is the largest Lease.Default, a yearly hazard: 10 is a
// mean time to default of about five weeks.
const maxLeaseDefault = 10

// Validate reports the first of p's fields out of range, for a snapshot
// dated date, as an error matching ErrInvalid whose field is the value's
// path in the project ("Site.Halls[1].PUE", "Lines[3].Delay.Min",
// "Outlays[2].Amount", "Finance.TaxRate"). It checks, in this order:
//
//	Site                 Site.Validate, halls included
//	Lines[i].Start       not before date (the zero time is date)
//	Lines[i].End         after the line's start (Start, or date when Start is zero)
//	Lines[i].Delay       0 <= Min <= Likely <= Max <= MaxHorizon
//	Lines[i].Capital     Unit in [0, MaxCapitalUnit] USD; Life in (0, MaxHorizon];
//	                     Salvage in [0, 1]; Depreciation StraightLine, MACRS5 or Bonus
//	Lines[i].Lease       on Colocation lines only; Rate in (0, MaxLeaseRate] USD per
//	                     kW-month; Escalator in [0, 1); Term in [1 day, MaxHorizon];
//	                     Default in [0, 10] per year; Relet not negative
//	Outlays[i]           Date not before date (the zero time is date); Amount in
//	                     [0, MaxOutlay] USD; Life in [0, MaxHorizon]
//	Finance              Finance.Validate
//
// Decimals must also have at most 24 digits before and after the point
// (internal/num.Bounded). The lines' models, modes, units and halls are
// checked where the lines are resolved (Evaluate, Analyze, Appraise), not
// here.
func (p Project) Validate(date time.Time) error {
	if err := p.Site.Validate(); err != nil {
		return err
	}
	for i, l := range p.Lines {
		if err := checkLineTerms(i, l, date); err != nil {
			return err
		}
	}
	if err := checkOutlays(p.Outlays, date); err != nil {
		return err
	}
	return p.Finance.Validate()
}

// checkLineTerms checks the dated, capital and lease fields of line i (see
// Project.Validate) against the snapshot's date; errors name
// "Lines[i].Field".
func checkLineTerms(i int, l Line, date time.Time) error {
	start := date
	if !l.Start.IsZero() {
		if l.Start.Before(date) {
			return lineErr(i, invalid("Start", l.Start, fmt.Sprintf("must not be before the snapshot's date %s", date.Format(time.DateOnly))))
		}
		start = l.Start
	}
	if !l.End.IsZero() && !l.End.After(start) {
		return lineErr(i, invalid("End", l.End, fmt.Sprintf("must be after the line's start %s", start.Format(time.RFC3339))))
	}
	if d := l.Delay; d != nil {
		switch {
		case d.Min < 0:
			return lineErr(i, invalid("Delay.Min", d.Min, "must not be negative"))
		case d.Likely < d.Min:
			return lineErr(i, invalid("Delay.Likely", d.Likely, fmt.Sprintf("must be at least Min = %v", d.Min)))
		case d.Max < d.Likely:
			return lineErr(i, invalid("Delay.Max", d.Max, fmt.Sprintf("must be at least Likely = %v", d.Likely)))
		case d.Max > MaxHorizon:
			return lineErr(i, invalid("Delay.Max", d.Max, fmt.Sprintf("must be at most %v (100 years)", time.Duration(MaxHorizon))))
		}
	}
	if c := l.Capital; c != nil {
		switch {
		case !num.Bounded(c.Unit) || c.Unit.IsNegative() || c.Unit.GreaterThan(maxCapitalUnit):
			return lineErr(i, invalid("Capital.Unit", c.Unit,
				fmt.Sprintf("must be in [0, %d] USD per unit with at most %d decimal places", MaxCapitalUnit, num.MaxDecimalDigits)))
		case c.Life <= 0 || c.Life > MaxHorizon:
			return lineErr(i, invalid("Capital.Life", c.Life, fmt.Sprintf("must be in (0, %v]", time.Duration(MaxHorizon))))
		case !finite(c.Salvage) || c.Salvage < 0 || c.Salvage > 1:
			return lineErr(i, invalid("Capital.Salvage", c.Salvage, "must be in [0, 1], a share of Unit"))
		case c.Depreciation > Bonus:
			return lineErr(i, invalid("Capital.Depreciation", uint8(c.Depreciation), "unknown depreciation schedule"))
		}
	}
	if s := l.Lease; s != nil {
		switch {
		case l.Workload != hardware.Colocation:
			return lineErr(i, invalid("Lease", l.Workload, "a lease is for Colocation lines only"))
		case !num.Bounded(s.Rate) || !s.Rate.IsPositive() || s.Rate.GreaterThan(maxLeaseRate):
			return lineErr(i, invalid("Lease.Rate", s.Rate,
				fmt.Sprintf("must be in (0, %d] USD per kW-month with at most %d decimal places", MaxLeaseRate, num.MaxDecimalDigits)))
		case !finite(s.Escalator) || s.Escalator < 0 || s.Escalator >= 1:
			return lineErr(i, invalid("Lease.Escalator", s.Escalator, "must be in [0, 1), a yearly rise"))
		case s.Term < 24*time.Hour || s.Term > MaxHorizon:
			return lineErr(i, invalid("Lease.Term", s.Term, fmt.Sprintf("must be in [24h, %v]: a lease runs at least a day", time.Duration(MaxHorizon))))
		case !finite(s.Default) || s.Default < 0 || s.Default > maxLeaseDefault:
			return lineErr(i, invalid("Lease.Default", s.Default, fmt.Sprintf("must be in [0, %d], a yearly hazard", maxLeaseDefault)))
		case s.Relet < 0:
			return lineErr(i, invalid("Lease.Relet", s.Relet, "must not be negative"))
		}
	}
	return nil
}

// checkOutlays checks each outlay (see Project.Validate) against the
// snapshot's date; errors name "Outlays[i].Field".
func checkOutlays(outs []Outlay, date time.Time) error {
	for i, o := range outs {
		field := func(name string) string { return fmt.Sprintf("Outlays[%d].%s", i, name) }
		switch {
		case !o.Date.IsZero() && o.Date.Before(date):
			return invalid(field("Date"), o.Date, fmt.Sprintf("must not be before the snapshot's date %s", date.Format(time.DateOnly)))
		case !num.Bounded(o.Amount) || o.Amount.IsNegative() || o.Amount.GreaterThan(maxOutlay):
			return invalid(field("Amount"), o.Amount,
				fmt.Sprintf("must be in [0, %d] USD with at most %d decimal places", int64(MaxOutlay), num.MaxDecimalDigits))
		case o.Life < 0 || o.Life > MaxHorizon:
			return invalid(field("Life"), o.Life, fmt.Sprintf("must be in [0, %v]; 0 expenses the outlay", time.Duration(MaxHorizon)))
		}
	}
	return nil
}

// Validate reports the first field out of range as an error matching
// ErrInvalid that names the field ("Finance.TaxRate"), its value and the
// range:
//
//	Discount  [0, 1], a yearly rate
//	TaxRate   [0, 1)
//	Debt      [0, 1), a share of capital spending
//	Interest  [0, 1], a yearly rate
//	Tenor     [0, MaxHorizon]; positive when Debt is
//
// The zero Finance is valid: no discounting, no tax, no debt.
func (f Finance) Validate() error {
	switch {
	case !finite(f.Discount) || f.Discount < 0 || f.Discount > 1:
		return invalid("Finance.Discount", f.Discount, "must be in [0, 1], a yearly rate")
	case !finite(f.TaxRate) || f.TaxRate < 0 || f.TaxRate >= 1:
		return invalid("Finance.TaxRate", f.TaxRate, "must be in [0, 1)")
	case !finite(f.Debt) || f.Debt < 0 || f.Debt >= 1:
		return invalid("Finance.Debt", f.Debt, "must be in [0, 1), a share of capital spending")
	case !finite(f.Interest) || f.Interest < 0 || f.Interest > 1:
		return invalid("Finance.Interest", f.Interest, "must be in [0, 1], a yearly rate")
	case f.Tenor < 0 || f.Tenor > MaxHorizon:
		return invalid("Finance.Tenor", f.Tenor, fmt.Sprintf("must be in [0, %v]", time.Duration(MaxHorizon)))
	case f.Debt > 0 && f.Tenor == 0:
		return invalid("Finance.Tenor", f.Tenor, "must be positive when Debt is")
	}
	return nil
}
