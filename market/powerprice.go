package market

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/internal/num"
)

// MaxPowerPrice is the highest power price the library accepts, in USD per
// kWh: 5 USD/kWh is 5,000 USD/MWh, ERCOT's system-wide offer cap (the
// ceiling of Texas's real-time wholesale price since 2023, the highest a US
// grid allows). A flat or contract price is far below it (the Cambridge
// Digital Mining Industry Report, April 2025, puts miners' median at 45
// USD/MWh); a number above it is almost surely a price per MWh.
const MaxPowerPrice = 5

var (
	maxPowerPrice = decimal.NewFromInt(MaxPowerPrice)
	kWhPerMWh     = decimal.NewFromInt(1000)
)

// CheckPowerPrice reports whether p, in USD per kWh, is a plausible power
// price: in [0, MaxPowerPrice], with at most 24 decimal places. It does no arithmetic that a huge exponent could slow. When it is not, reason says why in words an
// error message can carry; for a p that reads as USD per MWh it suggests
// the unit, as in
//
//	must be in [0, 5] USD/kWh; 38 looks like USD/MWh: write "38 USD/MWh" (0.038 USD/kWh)
func CheckPowerPrice(p decimal.Decimal) (reason string, ok bool) {
	reason = fmt.Sprintf("must be in [0, %d] USD/kWh", MaxPowerPrice)
	if !num.Bounded(p) {
		return reason + fmt.Sprintf(" with at most %d decimal places", num.MaxDecimalDigits), false
	}
	if !p.IsNegative() && p.LessThanOrEqual(maxPowerPrice) {
		return "", true
	}
	if perKWh := p.Div(kWhPerMWh); p.IsPositive() && perKWh.LessThanOrEqual(maxPowerPrice) {
		reason += fmt.Sprintf("; %s looks like USD/MWh: write %q (%s USD/kWh)", p, p.String()+" USD/MWh", perKWh)
	}
	return reason, false
}

// ParsePowerPrice reads a power price and returns it in USD per kWh,
// exactly: "0.045 USD/kWh", "45 USD/MWh", "45USD/MWh" (the unit's case does
// not matter). A bare number, "0.045", is USD per kWh. The price must be in
// [0, MaxPowerPrice] USD/kWh; a bare number above it is refused with a
// message suggesting USD/MWh. Errors match ErrInvalid and name the price
// as field "power price"; callers that know the field rewrap it.
func ParsePowerPrice(s string) (decimal.Decimal, error) {
	text, perMWh := strings.TrimSpace(s), false
	lower := strings.ToLower(text)
	switch {
	case strings.HasSuffix(lower, "usd/kwh"):
		text = strings.TrimSpace(text[:len(text)-len("usd/kwh")])
	case strings.HasSuffix(lower, "usd/mwh"):
		text, perMWh = strings.TrimSpace(text[:len(text)-len("usd/mwh")]), true
	case strings.ContainsAny(text, "/ $"):
		return decimal.Decimal{}, invalid("power price", s, `unit must be "USD/kWh" or "USD/MWh"`)
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Decimal{}, invalid("power price", s, `must be a number with an optional unit: "0.045 USD/kWh" or "45 USD/MWh"`)
	}
	if perMWh && num.Bounded(d) {
		d = d.Div(kWhPerMWh)
	}
	if reason, ok := CheckPowerPrice(d); !ok {
		return decimal.Decimal{}, invalid("power price", s, reason)
	}
	return d, nil
}
