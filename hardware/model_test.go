package hardware

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// edited returns a valid GPU or ASIC model changed by edit.
func edited(gpu bool, edit func(*Model)) Model {
	m := validASIC()
	if gpu {
		m = validGPU()
	}
	edit(&m)
	return m
}

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
			err := edited(tt.gpu, tt.edit).Validate()
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

func TestSupportsMatrix(t *testing.T) {
	workloads := []Workload{Idle, BitcoinMining, AICloud, GPUMining, Colocation, Workload(99)}
	want := map[Class][]bool{
		//     Idle  BTC    AI     GPUMin Coloc  bad
		ASIC: {true, true, false, false, false, false},
		GPU:  {true, false, true, true, false, false},
	}
	for _, m := range Catalog() {
		for i, w := range workloads {
			if got := m.Supports(w); got != want[m.Class][i] {
				t.Errorf("%s (%v).Supports(%v) = %v, want %v", m.Name, m.Class, w, got, want[m.Class][i])
			}
		}
	}
}

func TestModeLookup(t *testing.T) {
	m, _ := Lookup("Antminer S21")
	for _, name := range []string{"", "stock", "STOCK", "eco", "Turbo"} {
		if _, err := m.Mode(name); err != nil {
			t.Errorf("Mode(%q): %v", name, err)
		}
	}
	if _, err := m.Mode("overclock"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Mode(overclock) error = %v, want ErrUnsupported", err)
	}
	g, _ := Lookup("H100 SXM")
	if md, err := g.Mode(""); err != nil || md.Power != 700 || md.Hashrate != 0 || md.Efficiency() != 0 {
		t.Errorf("H100 SXM stock mode = %+v, %v", md, err)
	}
}

func TestModelJSONRoundTrip(t *testing.T) {
	for _, m := range Catalog() {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		var back Model
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v\n%s", m.Name, err, b)
		}
		if !back.Equal(m) {
			t.Errorf("%s: round trip\n got %+v\nwant %+v\njson %s", m.Name, back, m, b)
		}
	}
	m, _ := Lookup("Antminer S21")
	b, _ := json.Marshal(m)
	for _, frag := range []string{`"class":"ASIC"`, `"power":"3.5 kW"`, `"hashrate":"200 TH/s"`, `"name":"eco","power":"2.24 kW","hashrate":"160 TH/s"`} {
		if !strings.Contains(string(b), frag) {
			t.Errorf("JSON of the S21 lacks %s:\n%s", frag, b)
		}
	}
	g, _ := Lookup("H100 SXM")
	b, _ = json.Marshal(g)
	if strings.Contains(string(b), `"hashrate"`) {
		t.Errorf("GPU JSON carries a hashrate: %s", b)
	}
}

func TestModelEqual(t *testing.T) {
	a, _ := Lookup("H100 SXM")
	b, _ := Lookup("H100 SXM")
	if !a.Equal(b) {
		t.Fatal("two lookups of one model are not Equal")
	}
	b.Price = b.Price.Round(4) // same value, different exponent
	if !a.Equal(b) {
		t.Error("Equal compares the Decimal representation, not its value")
	}
	edits := []func(*Model){
		func(m *Model) { m.Name = "x" },
		func(m *Model) { m.Maker = "x" },
		func(m *Model) { m.Class = ASIC },
		func(m *Model) { m.Modes = append(m.Modes, Mode{Name: "capped", Power: 500}) },
		func(m *Model) { m.Modes[0].Power = 500 },
		func(m *Model) { m.MemoryGB = 1 },
		func(m *Model) { m.BF16TFLOPS = 1 },
		func(m *Model) { m.IdlePower = 1 },
		func(m *Model) { m.HostPower = 1 },
		func(m *Model) { m.Price = m.Price.Add(m.Price) },
		func(m *Model) { m.PriceDate = "1999" },
	}
	for i, edit := range edits {
		c, _ := Lookup("H100 SXM")
		edit(&c)
		if a.Equal(c) || c.Equal(a) {
			t.Errorf("edit %d: models still Equal", i)
		}
	}
}

// TestModeCaseFold: Mode ignores case by strings.EqualFold, and Validate
// refuses every pair of mode names Mode could not tell apart, so which mode
// a name finds never depends on the order of Modes.
func TestModeCaseFold(t *testing.T) {
	for _, names := range [][]string{
		{"ECO"},   // with validASIC's "eco"
		{"ſtock"}, // with "stock": U+017F folds to "s"
		{"Turbo", "tURBO"},
		{"Kelvin", "\u212aelvin"}, // KELVIN SIGN folds to "k"
	} {
		m := validASIC()
		for _, n := range names {
			m.Modes = append(m.Modes, Mode{Name: n, Power: 3000, Hashrate: 200 * TeraHash})
		}
		err := m.Validate()
		var ie *InvalidError
		if !errors.As(err, &ie) || ie.Field != modeField(len(m.Modes)-1)+".Name" || !strings.Contains(err.Error(), "repeats") {
			t.Errorf("modes %q: Validate() = %v, want a repeated-name error for the last", names, err)
		}
	}
	m := validASIC()
	for _, name := range []string{"ECO", "Eco", "eco"} {
		if md, err := m.Mode(name); err != nil || md != m.Modes[0] {
			t.Errorf("Mode(%q) = %+v, %v", name, md, err)
		}
	}
	for _, name := range []string{" eco", "eco ", "ec o", "ecoo"} {
		_, err := m.Mode(name)
		if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), m.Name) {
			t.Errorf("Mode(%q) = %v, want ErrUnsupported naming the model", name, err)
		}
	}
}
