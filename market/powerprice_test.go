package market_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/market"
)

func TestParsePowerPrice(t *testing.T) {
	good := []struct {
		in   string
		want string // USD per kWh
	}{
		{"0.045", "0.045"},
		{"0.045 USD/kWh", "0.045"},
		{"45 USD/MWh", "0.045"},
		{"45USD/MWh", "0.045"},
		{" 38.5 usd/mwh ", "0.0385"},
		{"0", "0"},
		{"5 USD/kWh", "5"}, // MaxPowerPrice: ERCOT's offer cap, 5,000 USD/MWh
		{"5000 USD/MWh", "5"},
	}
	for _, c := range good {
		got, err := market.ParsePowerPrice(c.in)
		if err != nil || !got.Equal(decimal.RequireFromString(c.want)) {
			t.Errorf("ParsePowerPrice(%q) = %v, %v; want %s", c.in, got, err, c.want)
		}
	}
	bad := []struct {
		in, says string
	}{
		{"38", `write "38 USD/MWh" (0.038 USD/kWh)`},
		{"-0.01", "must be in [0, 5] USD/kWh"},
		{"5001 USD/MWh", "must be in [0, 5] USD/kWh"},
		{"45 EUR/MWh", `unit must be "USD/kWh" or "USD/MWh"`},
		{"USD/kWh", "must be a number"},
		{"", "must be a number"},
		{"1e2000000000", "must be a number"}, // decimal refuses exponents beyond 10,000
		{"1e9999", "at most 24 decimal places"},
		{"1e-9999", "at most 24 decimal places"},
		{"0e-9999", "at most 24 decimal places"},
	}
	for _, c := range bad {
		done := make(chan struct{})
		var err error
		go func() { _, err = market.ParsePowerPrice(c.in); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("ParsePowerPrice(%q) hangs", c.in)
		}
		if !errors.Is(err, market.ErrInvalid) || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "power price") {
			t.Errorf("ParsePowerPrice(%q) = %v; want ErrInvalid naming the power price and saying %q", c.in, err, c.says)
		}
	}
}

// CheckPowerPrice does no arithmetic on the digits a huge exponent stands
// for: decimal.New(1, 2e9) is a few bytes in Go, two billion digits to
// compare.
func TestCheckPowerPriceHugeExponent(t *testing.T) {
	for _, d := range []decimal.Decimal{decimal.New(1, 2_000_000_000), decimal.New(1, -2_000_000_000), decimal.New(0, -2_000_000_000)} {
		done := make(chan struct{})
		var ok bool
		go func() { _, ok = market.CheckPowerPrice(d); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("CheckPowerPrice(1e%d) hangs", d.Exponent())
		}
		if ok {
			t.Errorf("CheckPowerPrice(coefficient %v, exponent %d) accepted", d.Coefficient(), d.Exponent())
		}
	}
}

func FuzzParsePowerPrice(f *testing.F) {
	for _, s := range []string{"0.045", "45 USD/MWh", "38", "1e2000000000", "-1", "5 usd/kwh", "$5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := market.ParsePowerPrice(s)
		if err != nil {
			if !errors.Is(err, market.ErrInvalid) {
				t.Fatalf("ParsePowerPrice(%q): %v does not match ErrInvalid", s, err)
			}
			return
		}
		if _, ok := market.CheckPowerPrice(p); !ok {
			t.Fatalf("ParsePowerPrice(%q) = %v, outside the range it promises", s, p)
		}
	})
}
