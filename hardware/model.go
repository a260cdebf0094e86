package hardware

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// StockMode is the name of the maker's default operating mode, which every
// catalog model has. Mode("") returns it.
const StockMode = "stock"

// Mode is one operating point of a machine: the power it draws at the wall
// and, for a SHA-256 miner, the hashrate it delivers there.
//
// For a GPU, Power is the board's power when fully loaded (its TDP or power
// cap) and Hashrate is zero.
type Mode struct {
	Name     string   `json:"name"`               // StockMode, EcoMode, TurboMode or a caller's own
	Power    Power    `json:"power"`              // draw at the wall (ASIC) or board power at full load (GPU)
	Hashrate Hashrate `json:"hashrate,omitempty"` // SHA-256 hashrate; zero for a GPU
}

// Efficiency returns the mode's J/TH, or 0 for a mode that does not hash.
func (m Mode) Efficiency() Efficiency { return EfficiencyOf(m.Power, m.Hashrate) }

// Model is a machine model: its class, its operating modes and, for GPUs, the
// figures that decide its power draw and what it rents for.
//
// Models are plain values; the catalog returns copies, so a caller may adjust
// one (a measured hashrate, a negotiated price) without touching anyone else's.
type Model struct {
	Name  string `json:"name"`            // e.g. "Antminer S21"; must not be empty
	Maker string `json:"maker,omitempty"` // e.g. "Bitmain"; may be empty
	Class Class  `json:"class"`           // ASIC or GPU
	// Modes lists the operating points; one of them is named StockMode.
	Modes []Mode `json:"modes"`

	// GPU only.
	MemoryGB   float64 `json:"memory_gb,omitempty"`   // on-board memory, GB
	BF16TFLOPS float64 `json:"bf16_tflops,omitempty"` // dense BF16 tensor throughput
	IdlePower  Power   `json:"idle_power,omitempty"`  // board power when powered but not loaded
	HostPower  Power   `json:"host_power,omitempty"`  // share of the server's CPU, memory, NICs and fans per GPU

	// Price is a typical purchase price per unit in USD at PriceDate
	// ("2025-06"); zero when no public figure is known.
	Price     decimal.Decimal `json:"price"`
	PriceDate string          `json:"price_date,omitempty"` // "2006", "2006-01" or "2006-01-02", or empty
}

// Supports reports whether the model can run w. ASICs run only BitcoinMining;
// GPUs run AICloud and GPUMining. Every model can be Idle. Colocation is not a
// workload of a machine (the tenant brings the hardware), so no model supports it.
func (m Model) Supports(w Workload) bool {
	switch w {
	case Idle:
		return true
	case BitcoinMining:
		return m.Class == ASIC
	case AICloud, GPUMining:
		return m.Class == GPU
	}
	return false
}

// Mode returns the operating mode called name, compared without regard to
// case; "" means StockMode. An unknown name gives an error that matches
// ErrUnsupported.
func (m Model) Mode(name string) (Mode, error) {
	if name == "" {
		name = StockMode
	}
	for _, md := range m.Modes {
		if strings.EqualFold(md.Name, name) {
			return md, nil
		}
	}
	return Mode{}, fmt.Errorf("%w: model %q has no mode %q", ErrUnsupported, m.Name, name)
}

// StockMode returns the model's stock mode, or the zero Mode if it has none
// (which Validate reports). It is m.Mode("") without the error, for models
// known to be valid, such as those from Catalog.
func (m Model) StockMode() Mode {
	md, _ := m.Mode(StockMode)
	return md
}

// Equal reports whether m and o describe the same model: every field equal,
// Modes element by element, and Price compared by value with
// decimal.Decimal.Equal (so 1500 equals 1500.00). Models hold a Decimal and
// a slice, so they cannot be compared with ==.
func (m Model) Equal(o Model) bool {
	if m.Name != o.Name || m.Maker != o.Maker || m.Class != o.Class ||
		len(m.Modes) != len(o.Modes) ||
		m.MemoryGB != o.MemoryGB || m.BF16TFLOPS != o.BF16TFLOPS ||
		m.IdlePower != o.IdlePower || m.HostPower != o.HostPower ||
		!m.Price.Equal(o.Price) || m.PriceDate != o.PriceDate {
		return false
	}
	for i := range m.Modes {
		if m.Modes[i] != o.Modes[i] {
			return false
		}
	}
	return true
}

// Validate reports whether m is a model the rest of the library can work
// with. It returns nil, or an *InvalidError (matching ErrInvalid) for the
// first problem found:
//
//   - Name is empty, or Class is not ASIC or GPU;
//   - Modes is empty, has no mode named StockMode, or has two modes whose
//     names are equal without regard to case (Mode could not tell them
//     apart), or a mode with an empty name;
//   - a mode's Power is not finite and > 0;
//   - an ASIC mode's Hashrate is not finite and > 0, or a GPU mode's
//     Hashrate is not 0;
//   - IdlePower, HostPower, MemoryGB or BF16TFLOPS is negative or not
//     finite, or a GPU's IdlePower exceeds its stock Power;
//   - Price is negative, or PriceDate is neither empty nor of the form
//     "2006", "2006-01" or "2006-01-02".
//
// Every catalog model validates.
func (m Model) Validate() error {
	if strings.TrimSpace(m.Name) == "" {
		return invalid("Name", m.Name, "must not be empty")
	}
	if !m.Class.valid() {
		return invalid("Class", m.Class, "must be ASIC or GPU")
	}
	if len(m.Modes) == 0 {
		return invalid("Modes", len(m.Modes), "must list at least the stock mode")
	}
	var stock Mode
	hasStock := false
	for i, md := range m.Modes {
		field := modeField(i)
		if strings.TrimSpace(md.Name) == "" {
			return invalid(field+".Name", md.Name, "must not be empty")
		}
		for j := range i {
			if strings.EqualFold(m.Modes[j].Name, md.Name) {
				return invalid(field+".Name", md.Name, fmt.Sprintf("repeats Modes[%d].Name", j))
			}
		}
		if !isFinite(float64(md.Power)) || !(md.Power > 0) {
			return invalid(field+".Power", md.Power, "must be finite and positive")
		}
		switch m.Class {
		case ASIC:
			if !isFinite(float64(md.Hashrate)) || !(md.Hashrate > 0) {
				return invalid(field+".Hashrate", md.Hashrate, "must be finite and positive for an ASIC")
			}
		case GPU:
			if md.Hashrate != 0 {
				return invalid(field+".Hashrate", md.Hashrate, "must be 0 for a GPU (it does not mine SHA-256)")
			}
		}
		if strings.EqualFold(md.Name, StockMode) {
			stock, hasStock = md, true
		}
	}
	if !hasStock {
		return invalid("Modes", len(m.Modes), fmt.Sprintf("has no mode named %q", StockMode))
	}
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"IdlePower", float64(m.IdlePower)},
		{"HostPower", float64(m.HostPower)},
		{"MemoryGB", m.MemoryGB},
		{"BF16TFLOPS", m.BF16TFLOPS},
	} {
		if !isFinite(f.v) || f.v < 0 {
			return invalid(f.name, f.v, "must be finite and not negative")
		}
	}
	if m.Class == GPU && m.IdlePower > stock.Power {
		return invalid("IdlePower", m.IdlePower, fmt.Sprintf("must not exceed the stock power %v", stock.Power))
	}
	if m.Price.IsNegative() {
		return invalid("Price", m.Price, "must not be negative")
	}
	if m.PriceDate != "" && !validDate(m.PriceDate) {
		return invalid("PriceDate", m.PriceDate, `must be "2006", "2006-01" or "2006-01-02"`)
	}
	return nil
}

// isFinite reports whether x is neither NaN nor an infinity.
func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// modeField names mode i for an error message. It is only called on the
// error path's behalf but is cheap enough to call eagerly: it allocates
// nothing for the first ten modes.
func modeField(i int) string {
	const names = "Modes[0]Modes[1]Modes[2]Modes[3]Modes[4]Modes[5]Modes[6]Modes[7]Modes[8]Modes[9]"
	if i < 10 {
		return names[8*i : 8*i+8]
	}
	return fmt.Sprintf("Modes[%d]", i)
}

// validDate reports whether s is a year, a year and month, or a full date
// ("2025", "2025-06", "2025-06-30"). It is checked by hand rather than with
// time.Parse, which allocates an error for each layout that does not match,
// because Validate runs on every line of every evaluation.
func validDate(s string) bool {
	digits := func(t string) (int, bool) {
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, false
			}
			n = n*10 + int(t[i]-'0')
		}
		return n, true
	}
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return false
	}
	if _, ok := digits(s[:4]); !ok {
		return false
	}
	if len(s) == 4 {
		return true
	}
	month, ok := digits(s[5:7])
	if s[4] != '-' || !ok || month < 1 || month > 12 {
		return false
	}
	if len(s) == 7 {
		return true
	}
	d, ok := digits(s[8:10])
	if s[7] != '-' || !ok || d < 1 {
		return false
	}
	year, _ := digits(s[:4])
	// The last day of the month: day 0 of the next month.
	return d <= time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
