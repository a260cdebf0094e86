package hardware

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestValidateLimits(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	huge := decimal.New(1, 2000000000)  // "1e2000000000": a few bytes of JSON
	tiny := decimal.New(1, -2000000000) // "1e-2000000000"
	tests := []struct {
		name  string
		edit  func(*Model)
		gpu   bool
		field string
		limit string // part of the message that states the limit
	}{
		{"power 1e300 W", func(m *Model) { m.Modes[1].Power = 1e300 }, false, "Modes[1].Power", "100 kW"},
		{"power above 100 kW", func(m *Model) { m.Modes[1].Power = MaxModePower * 1.0001 }, false, "Modes[1].Power", "100 kW"},
		{"power below 1 W", func(m *Model) { m.Modes[0].Power = 0.5 }, false, "Modes[0].Power", "1 W"},
		{"power -0", func(m *Model) { m.Modes[0].Power = Power(math.Copysign(0, -1)) }, false, "Modes[0].Power", "1 W"},
		{"power NaN", func(m *Model) { m.Modes[0].Power = Power(nan) }, false, "Modes[0].Power", "100 kW"},
		{"hashrate 1e300", func(m *Model) { m.Modes[1].Hashrate = 1e300 }, false, "Modes[1].Hashrate", "10 PH/s"},
		{"hashrate above 10 PH/s", func(m *Model) { m.Modes[1].Hashrate = 11 * PetaHash }, false, "Modes[1].Hashrate", "10 PH/s"},
		{"hashrate denormal", func(m *Model) { m.Modes[1].Hashrate = 5e-324 }, false, "Modes[1].Hashrate", "1 MH/s"},
		{"hashrate NaN", func(m *Model) { m.Modes[1].Hashrate = Hashrate(nan) }, false, "Modes[1].Hashrate", "10 PH/s"},
		{"ASIC idle 1e300", func(m *Model) { m.IdlePower = 1e300 }, false, "IdlePower", "100 kW"},
		{"GPU idle Inf", func(m *Model) { m.IdlePower = Power(inf) }, true, "IdlePower", "700 W"},
		{"host 1e300", func(m *Model) { m.HostPower = 1e300 }, true, "HostPower", "100 kW"},
		{"host NaN", func(m *Model) { m.HostPower = Power(nan) }, true, "HostPower", "100 kW"},
		{"memory 1e300", func(m *Model) { m.MemoryGB = 1e300 }, true, "MemoryGB", "10000 GB"},
		{"memory Inf", func(m *Model) { m.MemoryGB = inf }, true, "MemoryGB", "10000 GB"},
		{"TFLOPS 1e300", func(m *Model) { m.BF16TFLOPS = 1e300 }, true, "BF16TFLOPS", "100000 TFLOPS"},
		{"TFLOPS -1", func(m *Model) { m.BF16TFLOPS = -1 }, true, "BF16TFLOPS", "100000 TFLOPS"},
		{"price above 10 M", func(m *Model) { m.Price = decimal.NewFromInt(MaxPriceUSD + 1) }, false, "Price", "10000000"},
		{"price 1e300", func(m *Model) { m.Price = decimal.New(1, 300) }, false, "Price", "10000000"},
		{"price 1e2000000000", func(m *Model) { m.Price = huge }, false, "Price", "10000000"},
		{"price 1e-2000000000", func(m *Model) { m.Price = tiny }, false, "Price", "24 decimals"},
		{"price 25 decimals", func(m *Model) { m.Price = decimal.New(1, -25) }, false, "Price", "24 decimals"},
		{"price negative", func(m *Model) { m.Price = decimal.NewFromInt(-1) }, true, "Price", "10000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := edited(tt.gpu, tt.edit).Validate()
			var ie *InvalidError
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &ie) {
				t.Fatalf("Validate() = %v, want an *InvalidError matching ErrInvalid", err)
			}
			if ie.Field != tt.field {
				t.Errorf("Field = %q, want %q (%v)", ie.Field, tt.field, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.field) || !strings.Contains(msg, tt.limit) {
				t.Errorf("message %q does not name %s and its limit %q", msg, tt.field, tt.limit)
			}
			if len(msg) > 400 {
				t.Errorf("message of %d bytes", len(msg))
			}
		})
	}
}

// TestValidateAtLimits: every figure at its documented bound is accepted,
// and what other packages derive from it (J/TH, kW) is finite.
func TestValidateAtLimits(t *testing.T) {
	for _, m := range []Model{
		{Name: "max ASIC", Class: ASIC, Modes: []Mode{{Name: StockMode, Power: MaxModePower, Hashrate: MinModeHashrate}},
			IdlePower: MaxModePower, Price: decimal.NewFromInt(MaxPriceUSD)},
		{Name: "min ASIC", Class: ASIC, Modes: []Mode{{Name: StockMode, Power: MinModePower, Hashrate: MaxModeHashrate}},
			Price: decimal.New(1, -MaxPriceDecimals)},
		{Name: "max GPU", Class: GPU, Modes: []Mode{{Name: StockMode, Power: MaxModePower}},
			IdlePower: MaxModePower, HostPower: MaxHostPower, MemoryGB: MaxMemoryGB, BF16TFLOPS: MaxBF16TFLOPS,
			Price: decimal.RequireFromString("10000000.000000000000000000000000")},
	} {
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", m.Name, err)
		}
		for _, md := range m.Modes {
			if e := float64(md.Efficiency()); math.IsNaN(e) || math.IsInf(e, 0) || e < 0 {
				t.Errorf("%s: efficiency %v", m.Name, e)
			}
		}
	}
}

func TestShortDecimal(t *testing.T) {
	for _, tt := range []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.RequireFromString("1500.25"), "1500.25"},
		{decimal.New(1, 2000000000), "1e2000000000"},
		{decimal.New(-7, -2000000000), "-7e-2000000000"},
		{decimal.RequireFromString("123456789012345678901234567890123456789"), "123456789012345678901...e18"},
	} {
		if got := shortDecimal(tt.d); got != tt.want {
			t.Errorf("shortDecimal = %q, want %q", got, tt.want)
		}
	}
}

// TestValidateStrings: names JSON could not carry are refused, and a huge
// name gives a short message.
func TestValidateStrings(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Model)
		field string
	}{
		{"bad UTF-8 name", func(m *Model) { m.Name = "S21\xff" }, "Name"},
		{"bad UTF-8 maker", func(m *Model) { m.Maker = "\xc3" }, "Maker"},
		{"bad UTF-8 mode", func(m *Model) { m.Modes[0].Name = "eco\xff" }, "Modes[0].Name"},
		{"bad UTF-8 date", func(m *Model) { m.PriceDate = "\xff" }, "PriceDate"},
		{"huge repeated mode", func(m *Model) {
			m.Modes[0].Name = strings.Repeat("x", 1<<20)
			m.Modes = append(m.Modes, Mode{Name: strings.Repeat("X", 1<<20), Power: 1000, Hashrate: TeraHash})
		}, "Modes[2].Name"},
	}
	for _, tt := range tests {
		m := validASIC()
		tt.edit(&m)
		err := m.Validate()
		var ie *InvalidError
		if !errors.As(err, &ie) || ie.Field != tt.field || !strings.Contains(err.Error(), tt.field) {
			t.Errorf("%s: Validate() = %.200v, want an *InvalidError for %s", tt.name, err, tt.field)
			continue
		}
		if len(err.Error()) > 300 {
			t.Errorf("%s: message of %d bytes", tt.name, len(err.Error()))
		}
	}
	if _, err := ParseWorkload(strings.Repeat("x", 1<<20)); !errors.Is(err, ErrUnsupported) || len(err.Error()) > 200 {
		t.Errorf("ParseWorkload(huge): %d bytes", len(err.Error()))
	}
	if _, err := ParseClass(strings.Repeat("x", 1<<20)); !errors.Is(err, ErrUnsupported) || len(err.Error()) > 200 {
		t.Errorf("ParseClass(huge): %d bytes", len(err.Error()))
	}
}

func TestModeErrorShort(t *testing.T) {
	m := validASIC()
	m.Name = strings.Repeat("n", 1<<20)
	if _, err := m.Mode(strings.Repeat("m", 1<<20)); !errors.Is(err, ErrUnsupported) || len(err.Error()) > 300 {
		t.Errorf("Mode(huge): %d bytes", len(err.Error()))
	}
}
