package economics

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/internal/num"
)

// Fields of yearSums, USD summed over paths: one per booked field of Year,
// in Year's order. The totals (FreeCashFlow, EquityCashFlow) are not
// summed; yearsTable derives them from the rounded fields.
const (
	yMining    = iota // Year.Mining
	yAI               // Year.AICloud
	yColo             // Year.Colocation
	yPower            // Year.Power
	yOpex             // Year.Opex
	yCapex            // Year.Capex
	ySalvage          // Year.Salvage
	yTax              // Year.Tax
	yBorrowed         // Year.Borrowed
	yInterest         // Year.Interest
	yPrincipal        // Year.Principal
	yShield           // Year.TaxShield
	nYearFields
)

// yearFieldNames names the fields of yearSums as Year's fields, for errors.
var yearFieldNames = [nYearFields]string{
	"Mining", "AICloud", "Colocation", "Power", "Opex", "Capex", "Salvage",
	"Tax", "Borrowed", "Interest", "Principal", "TaxShield",
}

// yearSums holds one project year's cash flows, USD summed over paths,
// indexed by the y constants (yMining, ...). Amounts are positive in the
// direction their field names: a Power of 5 is 5 USD paid.
type yearSums [nYearFields]float64

// yearsTable returns the expected cash flow by project year: row y, with
// Year y+1, holds each field's mean over paths, sums[y][f]/paths, rounded
// half away from zero to the cent (num.CentsInt), and the totals computed
// from those cents in exact integer arithmetic:
//
//	FreeCashFlow   = Mining + AICloud + Colocation - Power - Opex - Capex + Salvage - Tax
//	EquityCashFlow = FreeCashFlow + Borrowed - Interest - Principal + TaxShield
//
// so that the rows add up exactly in decimals. A mean that is NaN,
// infinite or beyond int64 cents, or a total whose running sum (of the
// terms in the order written) overflows int64 cents, gives an ErrInvalid
// naming it: "Years[2].Mining", "Years[0].FreeCashFlow".
//
// It panics if paths < 1.
func yearsTable(sums []yearSums, paths int) ([]Year, error) {
	if paths < 1 {
		panic("economics: yearsTable: fewer than one path")
	}
	years := make([]Year, len(sums))
	for y := range sums {
		var c [nYearFields]int64
		for f, s := range sums[y] {
			mean := s / float64(paths)
			v, err := num.CentsInt(mean)
			if err != nil {
				return nil, errTooLarge(fmt.Sprintf("Years[%d].%s", y, yearFieldNames[f]), mean)
			}
			c[f] = v
		}
		// Every field is below 2^62 cents in magnitude (num.CentsInt), so
		// its negation does not overflow; the sums are checked.
		free, fUSD, ok := sumCents(c[yMining], c[yAI], c[yColo], -c[yPower], -c[yOpex], -c[yCapex], c[ySalvage], -c[yTax])
		if !ok {
			return nil, errTooLarge(fmt.Sprintf("Years[%d].FreeCashFlow", y), fUSD)
		}
		equity, eUSD, ok := sumCents(free, c[yBorrowed], -c[yInterest], -c[yPrincipal], c[yShield])
		if !ok {
			return nil, errTooLarge(fmt.Sprintf("Years[%d].EquityCashFlow", y), eUSD)
		}
		d := func(f int) decimal.Decimal { return centsDecimal(c[f]) }
		years[y] = Year{
			Year:           y + 1,
			Mining:         d(yMining),
			AICloud:        d(yAI),
			Colocation:     d(yColo),
			Power:          d(yPower),
			Opex:           d(yOpex),
			Capex:          d(yCapex),
			Salvage:        d(ySalvage),
			Tax:            d(yTax),
			FreeCashFlow:   centsDecimal(free),
			Borrowed:       d(yBorrowed),
			Interest:       d(yInterest),
			Principal:      d(yPrincipal),
			TaxShield:      d(yShield),
			EquityCashFlow: centsDecimal(equity),
		}
	}
	return years, nil
}

// sumCents adds cents in order with add64. On an int64 overflow of a
// running sum it reports false, with the whole sum in USD as a float64
// for the error.
func sumCents(c ...int64) (sum int64, usd float64, ok bool) {
	for _, v := range c {
		if sum, ok = add64(sum, v); !ok {
			for _, w := range c {
				usd += float64(w) / 100
			}
			return 0, usd, false
		}
	}
	return sum, 0, true
}
