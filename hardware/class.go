package hardware

import (
	"fmt"
	"strconv"
	"strings"
)

// Class is the kind of machine: an ASIC that only hashes SHA-256, or a GPU.
type Class uint8

// Machine classes.
const (
	ASIC Class = iota + 1
	GPU
)

// String returns "ASIC" or "GPU", and "Class(N)" for any other value.
func (c Class) String() string {
	switch c {
	case ASIC:
		return "ASIC"
	case GPU:
		return "GPU"
	}
	return "Class(" + strconv.Itoa(int(c)) + ")"
}

// valid reports whether c is ASIC or GPU.
func (c Class) valid() bool { return c == ASIC || c == GPU }

// ParseClass returns the class named s, "ASIC" or "GPU", compared without
// regard to case. Any other text gives an error that matches ErrUnsupported.
func ParseClass(s string) (Class, error) {
	switch {
	case strings.EqualFold(s, "ASIC"):
		return ASIC, nil
	case strings.EqualFold(s, "GPU"):
		return GPU, nil
	}
	return 0, fmt.Errorf("%w: class %s", ErrUnsupported, quoteInput(s))
}

// MarshalText implements encoding.TextMarshaler. It returns an error matching
// ErrUnsupported for a value other than ASIC and GPU (including the zero
// value), which no reader could make sense of.
func (c Class) MarshalText() ([]byte, error) { return marshalEnum("class", c) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseClass.
func (c *Class) UnmarshalText(b []byte) error { return unmarshalText(c, b, ParseClass) }

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

// String returns the workload's name in kebab case: "idle",
// "bitcoin-mining", "ai-cloud", "gpu-mining", "colocation"; and "Workload(N)"
// for any other value.
func (w Workload) String() string {
	switch w {
	case Idle:
		return "idle"
	case BitcoinMining:
		return "bitcoin-mining"
	case AICloud:
		return "ai-cloud"
	case GPUMining:
		return "gpu-mining"
	case Colocation:
		return "colocation"
	}
	return "Workload(" + strconv.Itoa(int(w)) + ")"
}

// valid reports whether w is one of the declared workloads.
func (w Workload) valid() bool { return w <= Colocation }

// ParseWorkload returns the workload named s. It accepts the String form
// ("bitcoin-mining") and the Go constant name ("BitcoinMining"): case is
// ignored, as are hyphens, underscores and spaces, so "bitcoin_mining" and
// "AI cloud" work too. Any other text gives an error that matches
// ErrUnsupported.
func ParseWorkload(s string) (Workload, error) {
	key := strings.Map(func(r rune) rune {
		switch r {
		case '-', '_', ' ':
			return -1
		}
		return r
	}, s)
	for w := Idle; w <= Colocation; w++ {
		if strings.EqualFold(key, strings.ReplaceAll(w.String(), "-", "")) {
			return w, nil
		}
	}
	return 0, fmt.Errorf("%w: workload %s", ErrUnsupported, quoteInput(s))
}

// MarshalText implements encoding.TextMarshaler. It returns an error matching
// ErrUnsupported for a value that is not a declared workload.
func (w Workload) MarshalText() ([]byte, error) { return marshalEnum("workload", w) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseWorkload.
func (w *Workload) UnmarshalText(b []byte) error { return unmarshalText(w, b, ParseWorkload) }
