package hardware

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

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
	Power    Power    `json:"power"`              // draw at the wall (ASIC) or board power at full load (GPU); [MinModePower, MaxModePower] = [1 W, 100 kW]
	Hashrate Hashrate `json:"hashrate,omitempty"` // SHA-256 hashrate, [MinModeHashrate, MaxModeHashrate] = [1 MH/s, 10 PH/s]; zero for a GPU
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
	MemoryGB   float64 `json:"memory_gb,omitempty"`   // on-board memory, GB; [0, MaxMemoryGB = 10,000]
	BF16TFLOPS float64 `json:"bf16_tflops,omitempty"` // dense BF16 tensor throughput; [0, MaxBF16TFLOPS = 100,000]
	IdlePower  Power   `json:"idle_power,omitempty"`  // board power when powered but not loaded; [0, stock Power]
	HostPower  Power   `json:"host_power,omitempty"`  // share of the server's CPU, memory, NICs and fans per GPU; [0, MaxHostPower = 100 kW]

	// Price is a typical purchase price per unit in USD at PriceDate
	// ("2025-06"); zero when no public figure is known. It is in
	// [0, MaxPriceUSD = 10 M USD] with at most MaxPriceDecimals (24) decimals.
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
// case (Unicode simple case folding, as strings.EqualFold: "ECO" finds
// "eco"); the name is not otherwise normalized, so " eco" finds nothing. ""
// means StockMode. An unknown name gives an error that matches
// ErrUnsupported and names the model and the mode.
//
// Validate refuses a model with two modes whose names differ only by case,
// so on a valid model at most one mode matches and the answer never depends
// on the order of Modes. On a model that fails Validate that way, Mode
// returns the first match in Modes.
func (m Model) Mode(name string) (Mode, error) {
	if name == "" {
		name = StockMode
	}
	for _, md := range m.Modes {
		if strings.EqualFold(md.Name, name) {
			return md, nil
		}
	}
	return Mode{}, fmt.Errorf("%w: model %s has no mode %s", ErrUnsupported, quoteInput(m.Name), quoteInput(name))
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
// with. It returns nil, or an *InvalidError (matching ErrInvalid) that names
// the field, for the first problem found:
//
//   - Name is empty, or Class is not ASIC or GPU;
//   - Name, Maker, PriceDate or a mode's name is not valid UTF-8 (its JSON
//     would not round-trip: encoding/json replaces bad bytes with U+FFFD);
//   - Modes is empty, has no mode named StockMode, or has two modes whose
//     names are equal without regard to case (Mode, which ignores case,
//     could not tell them apart), or a mode with an empty name;
//   - a mode's Power is NaN or outside [MinModePower, MaxModePower]
//     (1 W to 100 kW);
//   - an ASIC mode's Hashrate is NaN or outside [MinModeHashrate,
//     MaxModeHashrate] (1 MH/s to 10 PH/s), or a GPU mode's Hashrate is not 0;
//   - IdlePower is NaN or outside [0, stock Power] for a GPU or
//     [0, MaxModePower] for an ASIC; HostPower outside [0, MaxHostPower]
//     (100 kW); MemoryGB outside [0, MaxMemoryGB] (10,000 GB); BF16TFLOPS
//     outside [0, MaxBF16TFLOPS] (100,000 TFLOPS);
//   - Price is outside [0, MaxPriceUSD] (10 M USD) or has more than
//     MaxPriceDecimals (24) digits after the point, or PriceDate is neither
//     empty nor of the form "2006", "2006-01" or "2006-01-02".
//
// The limits and their reasons are documented with the constants. Every
// catalog model validates.
func (m Model) Validate() error {
	if strings.TrimSpace(m.Name) == "" {
		return invalid("Name", m.Name, "must not be empty")
	}
	for _, f := range []struct{ name, v string }{{"Name", m.Name}, {"Maker", m.Maker}, {"PriceDate", m.PriceDate}} {
		if !utf8.ValidString(f.v) {
			return invalid(f.name, quoteInput(f.v), "must be valid UTF-8 (JSON cannot carry it)")
		}
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
		if !utf8.ValidString(md.Name) {
			return invalid(field+".Name", quoteInput(md.Name), "must be valid UTF-8 (JSON cannot carry it)")
		}
		for j := range i {
			if strings.EqualFold(m.Modes[j].Name, md.Name) {
				return invalid(field+".Name", md.Name, fmt.Sprintf("repeats Modes[%d].Name", j))
			}
		}
		if !(md.Power >= MinModePower && md.Power <= MaxModePower) {
			return invalid(field+".Power", md.Power, "must be in [1 W, 100 kW] per unit (MinModePower, MaxModePower)")
		}
		switch m.Class {
		case ASIC:
			if !(md.Hashrate >= MinModeHashrate && md.Hashrate <= MaxModeHashrate) {
				return invalid(field+".Hashrate", md.Hashrate, "must be in [1 MH/s, 10 PH/s] per unit for an ASIC (MinModeHashrate, MaxModeHashrate)")
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
	// A GPU's idle limit is its stock power, printed only for an error
	// (limit ""): Validate runs on every Evaluate, and printing a Power
	// costs more than all the checks.
	idleMax, idleLimit := float64(MaxModePower), "100 kW (MaxModePower)"
	if m.Class == GPU {
		idleMax, idleLimit = float64(stock.Power), ""
	}
	for _, f := range []struct {
		name  string
		v     float64
		max   float64
		limit string
	}{
		{"IdlePower", float64(m.IdlePower), idleMax, idleLimit},
		{"HostPower", float64(m.HostPower), float64(MaxHostPower), "100 kW (MaxHostPower)"},
		{"MemoryGB", m.MemoryGB, MaxMemoryGB, "10000 GB (MaxMemoryGB)"},
		{"BF16TFLOPS", m.BF16TFLOPS, MaxBF16TFLOPS, "100000 TFLOPS (MaxBF16TFLOPS)"},
	} {
		if !(f.v >= 0 && f.v <= f.max) {
			if f.limit == "" {
				f.limit = "the stock mode's power " + stock.Power.String()
			}
			return invalid(f.name, f.v, "must be in [0, "+f.limit+"]")
		}
	}
	if !priceInRange(m.Price) {
		return invalid("Price", shortDecimal(m.Price), "must be in [0, 10000000] USD per unit (MaxPriceUSD) with at most 24 decimals")
	}
	if m.PriceDate != "" && !validDate(m.PriceDate) {
		return invalid("PriceDate", m.PriceDate, `must be "2006", "2006-01" or "2006-01-02"`)
	}
	return nil
}

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
