package num

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
)

func TestFloatAndDecimal(t *testing.T) {
	for _, s := range []string{"0", "0.045", "86000", "-12.5", "91226", "1e-22", "123456789012345678901234567890"} {
		d := decimal.RequireFromString(s)
		want, _ := d.Float64()
		if got := Float(d); got != want {
			t.Errorf("Float(%s) = %v, want %v (decimal's own conversion)", s, got, want)
		}
	}
	for _, f := range []float64{0, 0.045, 1.0 / 3, -2.5e-300, 1e300} {
		d, err := Decimal(f)
		if err != nil || Float(d) != f {
			t.Errorf("Decimal(%v) = %v, %v: does not read back", f, d, err)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := Decimal(f); !errors.Is(err, ErrNotFinite) {
			t.Errorf("Decimal(%v): %v, want ErrNotFinite", f, err)
		}
	}
}

func TestCentsInt(t *testing.T) {
	for _, c := range []struct {
		usd  float64
		want int64
	}{{0, 0}, {0.005, 1}, {-0.005, -1}, {1234.564, 123456}, {4e16, 4e18}} {
		if got, err := CentsInt(c.usd); err != nil || got != c.want {
			t.Errorf("CentsInt(%v) = %d, %v; want %d", c.usd, got, err, c.want)
		}
	}
	// 2^62 cents (about 4.6e16 USD) and beyond, NaN and infinities do not fit.
	for _, usd := range []float64{5e16, -5e16, math.NaN(), math.Inf(1)} {
		if _, err := CentsInt(usd); !errors.Is(err, ErrNotFinite) {
			t.Errorf("CentsInt(%v): %v, want ErrNotFinite", usd, err)
		}
	}
}

func TestBounded(t *testing.T) {
	for _, c := range []struct {
		d    decimal.Decimal
		want bool
	}{
		{decimal.RequireFromString("0.045"), true},
		{decimal.RequireFromString("999999999999999999999999"), true}, // 24 digits
		{decimal.RequireFromString("1e24"), false},
		{decimal.RequireFromString("1e-24"), true},
		{decimal.RequireFromString("1e-25"), false},
		{decimal.New(1, 2_000_000_000), false},  // a few bytes, two billion digits
		{decimal.New(1, -2_000_000_000), false}, // likewise
		{decimal.New(0, -2_000_000_000), false}, // zero, but any comparison would rescale
		{decimal.Zero, true},
	} {
		if got := Bounded(c.d); got != c.want {
			t.Errorf("Bounded(coefficient %v, exponent %d) = %v, want %v", c.d.Coefficient(), c.d.Exponent(), got, c.want)
		}
	}
}
