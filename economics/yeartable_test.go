package economics

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// One year over 4 paths, by hand. The means are binary fractions, so
// their hundredfold is exact and the ties are true ties: 100.125 → 100.13,
// 0.375 → 0.38, 0.125 → 0.13, -0.125 → -0.13 (half away from zero),
// 5.125 → 5.13; 8.4/4 is the float64 nearest 2.1, 2.10 in cents.
// FreeCashFlow = 100.13 + 0.50 + 0.38 - 0.13 - (-0.13) - 250 + 0 - 2.50
// = -151.49; EquityCashFlow = -151.49 + 200 - 10 - 5.13 + 2.10 = 35.48.
// A second year of zeros is all zeros.
func TestYearsTableByHand(t *testing.T) {
	var s yearSums
	s[yMining], s[yAI], s[yColo] = 400.5, 2, 1.5
	s[yPower], s[yOpex], s[yCapex] = 0.5, -0.5, 1000
	s[ySalvage], s[yTax] = 0, 10
	s[yBorrowed], s[yInterest], s[yPrincipal], s[yShield] = 800, 40, 20.5, 8.4
	got, err := yearsTable([]yearSums{s, {}}, 4)
	if err != nil {
		t.Fatal(err)
	}
	d := decimal.RequireFromString
	want := Year{
		Year: 1, Mining: d("100.13"), AICloud: d("0.5"), Colocation: d("0.38"),
		Power: d("0.13"), Opex: d("-0.13"), Capex: d("250"), Salvage: d("0"), Tax: d("2.5"),
		FreeCashFlow: d("-151.49"),
		Borrowed:     d("200"), Interest: d("10"), Principal: d("5.13"), TaxShield: d("2.1"),
		EquityCashFlow: d("35.48"),
	}
	if len(got) != 2 {
		t.Fatalf("%d rows, want 2", len(got))
	}
	if !yearEqual(got[0], want) {
		t.Errorf("year 1 = %+v\nwant     %+v", got[0], want)
	}
	if !yearEqual(got[1], Year{Year: 2}) {
		t.Errorf("year 2 = %+v, want zeros", got[1])
	}
}

// yearEqual compares every field of two Years, decimals with Equal.
func yearEqual(a, b Year) bool {
	da, db := yearDecimals(a), yearDecimals(b)
	for i := range da {
		if !da[i].Equal(db[i]) {
			return false
		}
	}
	return a.Year == b.Year
}

// yearDecimals lists a Year's decimals in field order.
func yearDecimals(y Year) []decimal.Decimal {
	return []decimal.Decimal{y.Mining, y.AICloud, y.Colocation, y.Power, y.Opex, y.Capex, y.Salvage, y.Tax,
		y.FreeCashFlow, y.Borrowed, y.Interest, y.Principal, y.TaxShield, y.EquityCashFlow}
}

// Over random sums, every amount is a whole number of cents, each field is
// its mean rounded half away from zero (math.Round of 100 times it), and
// the totals add up exactly in decimal arithmetic.
func TestYearsTableAddsUp(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 7))
	const paths = 777
	sums := make([]yearSums, 300)
	for y := range sums {
		for f := range sums[y] {
			sums[y][f] = (r.Float64() - 0.2) * math.Pow(10, 3+9*r.Float64()) * paths
		}
	}
	years, err := yearsTable(sums, paths)
	if err != nil {
		t.Fatal(err)
	}
	hundred := decimal.NewFromInt(100)
	for y, row := range years {
		if row.Year != y+1 {
			t.Fatalf("row %d has Year %d", y, row.Year)
		}
		for _, v := range yearDecimals(row) {
			if !v.Mul(hundred).IsInteger() {
				t.Fatalf("year %d: %v is not whole cents", y+1, v)
			}
		}
		fields := yearDecimals(row)
		fields = append(fields[:8:8], fields[9:13]...) // without the totals, in the y order
		for f, v := range fields {
			want := decimal.New(int64(math.Round(sums[y][f]/paths*100)), -2)
			if !v.Equal(want) {
				t.Fatalf("year %d %s = %v, want %v", y+1, yearFieldNames[f], v, want)
			}
		}
		free := row.Mining.Add(row.AICloud).Add(row.Colocation).Sub(row.Power).Sub(row.Opex).
			Sub(row.Capex).Add(row.Salvage).Sub(row.Tax)
		if !row.FreeCashFlow.Equal(free) {
			t.Fatalf("year %d: FreeCashFlow %v, the fields add up to %v", y+1, row.FreeCashFlow, free)
		}
		equity := free.Add(row.Borrowed).Sub(row.Interest).Sub(row.Principal).Add(row.TaxShield)
		if !row.EquityCashFlow.Equal(equity) {
			t.Fatalf("year %d: EquityCashFlow %v, the fields add up to %v", y+1, row.EquityCashFlow, equity)
		}
	}
}

// A mean beyond int64 cents (about 4.6e16 USD) or not finite, and totals
// that overflow int64 cents (9.2e16 USD: three fields of 4e16 USD, each
// within bounds), are ErrInvalid naming the field.
func TestYearsTableTooLarge(t *testing.T) {
	at := func(y int, set func(*yearSums)) []yearSums {
		sums := make([]yearSums, y+1)
		set(&sums[y])
		return sums
	}
	for _, c := range []struct {
		sums  []yearSums
		field string
	}{
		{at(0, func(s *yearSums) { s[yMining] = 1e17 }), "Years[0].Mining"},
		{at(1, func(s *yearSums) { s[yPower] = math.NaN() }), "Years[1].Power"},
		{at(2, func(s *yearSums) { s[yShield] = math.Inf(-1) }), "Years[2].TaxShield"},
		{at(0, func(s *yearSums) { s[yMining], s[yAI], s[yColo] = 4e16, 4e16, 4e16 }), "Years[0].FreeCashFlow"},
		{at(0, func(s *yearSums) { s[yPower], s[yOpex], s[yCapex] = 4e16, 4e16, 4e16 }), "Years[0].FreeCashFlow"},
		{at(1, func(s *yearSums) { s[yMining], s[yBorrowed], s[yShield] = 4e16, 4e16, 4e16 }), "Years[1].EquityCashFlow"},
	} {
		_, err := yearsTable(c.sums, 1)
		var ie *InvalidError
		if !errors.Is(err, ErrInvalid) || !errors.As(err, &ie) || ie.Field != c.field {
			t.Errorf("yearsTable: %v, want ErrInvalid at %s", err, c.field)
		}
	}
	// Within bounds: 4e16 in two fields of opposite sign nets to zero.
	if _, err := yearsTable(at(0, func(s *yearSums) { s[yMining], s[yCapex] = 4e16, 4e16 }), 1); err != nil {
		t.Errorf("yearsTable(4e16 - 4e16) = %v", err)
	}
}

func TestYearsTableEmpty(t *testing.T) {
	if years, err := yearsTable(nil, 3); len(years) != 0 || err != nil {
		t.Errorf("yearsTable(nil) = %v, %v; want no rows", years, err)
	}
	defer func() {
		if recover() == nil {
			t.Error("yearsTable with 0 paths did not panic")
		}
	}()
	yearsTable([]yearSums{{}}, 0)
}
