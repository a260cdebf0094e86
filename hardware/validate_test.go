package hardware

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
)

func validASIC() Model {
	return Model{
		Name:  "Test miner",
		Class: ASIC,
		Modes: []Mode{
			{Name: "eco", Power: 2000, Hashrate: 150 * TeraHash},
			{Name: StockMode, Power: 3000, Hashrate: 200 * TeraHash},
		},
		Price: decimal.NewFromInt(3000),
	}
}

func validGPU() Model {
	return Model{
		Name:      "Test GPU",
		Class:     GPU,
		Modes:     []Mode{{Name: StockMode, Power: 700}},
		IdlePower: 70,
		HostPower: 575,
		MemoryGB:  80,
		Price:     decimal.NewFromInt(27500),
		PriceDate: "2026-01",
	}
}

func TestValidateAccepts(t *testing.T) {
	for _, m := range []Model{validASIC(), validGPU()} {
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", m.Name, err)
		}
	}
	g := validGPU()
	g.IdlePower = 700 // equal to stock power is allowed
	g.PriceDate = "2026"
	if err := g.Validate(); err != nil {
		t.Errorf("idle == TDP: %v", err)
	}
}

func TestValidateRejects(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name  string
		edit  func(*Model)
		gpu   bool
		field string
	}{
		{"empty name", func(m *Model) { m.Name = " " }, false, "Name"},
		{"zero class", func(m *Model) { m.Class = 0 }, false, "Class"},
		{"bad class", func(m *Model) { m.Class = 7 }, false, "Class"},
		{"no modes", func(m *Model) { m.Modes = nil }, false, "Modes"},
		{"no stock mode", func(m *Model) { m.Modes = m.Modes[:1] }, false, "Modes"},
		{"empty mode name", func(m *Model) { m.Modes[0].Name = "" }, false, "Modes[0].Name"},
		{"duplicate mode", func(m *Model) { m.Modes[0].Name = "STOCK" }, false, "Modes[1].Name"},
		{"zero power", func(m *Model) { m.Modes[1].Power = 0 }, false, "Modes[1].Power"},
		{"negative power", func(m *Model) { m.Modes[0].Power = -1 }, false, "Modes[0].Power"},
		{"NaN power", func(m *Model) { m.Modes[0].Power = Power(nan) }, false, "Modes[0].Power"},
		{"Inf power", func(m *Model) { m.Modes[0].Power = Power(math.Inf(1)) }, false, "Modes[0].Power"},
		{"ASIC zero hashrate", func(m *Model) { m.Modes[1].Hashrate = 0 }, false, "Modes[1].Hashrate"},
		{"ASIC NaN hashrate", func(m *Model) { m.Modes[1].Hashrate = Hashrate(nan) }, false, "Modes[1].Hashrate"},
		{"ASIC Inf hashrate", func(m *Model) { m.Modes[1].Hashrate = Hashrate(math.Inf(1)) }, false, "Modes[1].Hashrate"},
		{"negative price", func(m *Model) { m.Price = decimal.NewFromInt(-1) }, false, "Price"},
		{"bad price date", func(m *Model) { m.PriceDate = "June 2025" }, false, "PriceDate"},
		{"GPU hashrate", func(m *Model) { m.Modes[0].Hashrate = 1 }, true, "Modes[0].Hashrate"},
		{"GPU idle above TDP", func(m *Model) { m.IdlePower = 701 }, true, "IdlePower"},
		{"GPU negative idle", func(m *Model) { m.IdlePower = -1 }, true, "IdlePower"},
		{"GPU NaN idle", func(m *Model) { m.IdlePower = Power(nan) }, true, "IdlePower"},
		{"negative host", func(m *Model) { m.HostPower = -5 }, true, "HostPower"},
		{"Inf host", func(m *Model) { m.HostPower = Power(math.Inf(1)) }, true, "HostPower"},
		{"negative memory", func(m *Model) { m.MemoryGB = -80 }, true, "MemoryGB"},
		{"NaN TFLOPS", func(m *Model) { m.BF16TFLOPS = nan }, true, "BF16TFLOPS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validASIC()
			if tt.gpu {
				m = validGPU()
			}
			tt.edit(&m)
			err := m.Validate()
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate() = %v, want an error matching ErrInvalid", err)
			}
			var ie *InvalidError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not an *InvalidError", err)
			}
			if ie.Field != tt.field {
				t.Errorf("Field = %q, want %q (%v)", ie.Field, tt.field, err)
			}
		})
	}
}

func TestStockMode(t *testing.T) {
	m := validASIC()
	if got := m.StockMode(); got != m.Modes[1] {
		t.Errorf("StockMode() = %+v", got)
	}
	if got := (Model{}).StockMode(); got != (Mode{}) {
		t.Errorf("zero Model StockMode() = %+v, want zero", got)
	}
}

func TestValidatePriceDate(t *testing.T) {
	tests := []struct {
		date string
		ok   bool
	}{
		{"", true},
		{"2025", true},
		{"2025-06", true},
		{"2025-06-30", true},
		{"2024-02-29", true}, // leap day
		{"2025-02-29", false},
		{"2025-04-31", false},
		{"2025-13", false},
		{"2025-00", false},
		{"2025-06-00", false},
		{"25-06", false},
		{"2025/06", false},
		{"June 2025", false},
		{"2025-6", false},
		{"20x5", false},
	}
	for _, tt := range tests {
		m := validGPU()
		m.PriceDate = tt.date
		err := m.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("PriceDate %q: Validate() = %v, want ok=%v", tt.date, err, tt.ok)
		}
	}
}
