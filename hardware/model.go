package hardware

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Class is the kind of machine: an ASIC that only hashes SHA-256, or a GPU.
type Class uint8

// Machine classes.
const (
	ASIC Class = iota + 1
	GPU
)

// Workload is what a machine, or a block of leased power, is put to.
type Workload uint8

// Workloads. The zero value is Idle: powered off, earning and costing nothing
// but fixed costs.
const (
	Idle          Workload = iota // switched off
	BitcoinMining                 // SHA-256 proof of work, paid through a pool
	AICloud                       // GPUs rented out by the hour for AI/HPC
	GPUMining                     // GPUs mining other proof-of-work coins, paid in USD per GPU-day
	Colocation                    // IT power leased to a tenant, per kW-month; no hardware of ours
)

// ErrUnsupported reports a model asked to run a workload it cannot run, or an
// operating mode it does not have.
var ErrUnsupported = errors.New("hardware: unsupported")

// ErrUnknown reports a name that is not in the catalog.
var ErrUnknown = errors.New("hardware: unknown model")

// StockMode is the name of the maker's default operating mode, which every
// catalog model has. Mode("") returns it.
const StockMode = "stock"

// Mode is one operating point of a machine: the power it draws at the wall
// and, for a SHA-256 miner, the hashrate it delivers there.
//
// For a GPU, Power is the board's power when fully loaded (its TDP or power
// cap) and Hashrate is zero.
type Mode struct {
	Name     string   `json:"name"`
	Power    Power    `json:"power"`
	Hashrate Hashrate `json:"hashrate,omitempty"`
}

// Efficiency returns the mode's J/TH, or 0 for a mode that does not hash.
func (m Mode) Efficiency() Efficiency { return EfficiencyOf(m.Power, m.Hashrate) }

// Model is a machine model: its class, its operating modes and, for GPUs, the
// figures that decide its power draw and what it rents for.
//
// Models are plain values; the catalog returns copies, so a caller may adjust
// one (a measured hashrate, a negotiated price) without touching anyone else's.
type Model struct {
	Name  string `json:"name"`
	Maker string `json:"maker,omitempty"`
	Class Class  `json:"class"`
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
	PriceDate string          `json:"price_date,omitempty"`
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
