package market

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// ErrNoQuote reports a price the snapshot does not hold, such as the rental
// rate of a GPU model it has no figure for.
var ErrNoQuote = errors.New("market: no quote")

// HoursPerMonth is the length of the month in which monthly rates (the
// colocation rate, fixed opex) are quoted: 8760 / 12 = 730 hours. A calendar
// month is not a fixed duration, so the library uses this average one.
const HoursPerMonth = 730

// Snapshot holds the market inputs at one date: everything a statement needs
// to price a fleet's output and its power.
//
// The zero value is not a valid snapshot (Bitcoin has no difficulty); build
// one by hand, start from Reference, or read one from JSON, then call
// Validate. Snapshots hold maps: treat a snapshot that has been handed to
// other code as read-only, and Clone it before changing it.
type Snapshot struct {
	// Date is when the figures were observed.
	Date time.Time `json:"date"`

	// Bitcoin holds price, difficulty, height, fees and the chain they are
	// on (Bitcoin.Params; Mainnet unless set).
	Bitcoin Bitcoin `json:"bitcoin"`

	// PowerPrice is the flat electricity price in USD per kWh at the meter.
	PowerPrice decimal.Decimal `json:"power_price"`

	// TimeOfUse, when not empty, holds 24 hourly electricity prices in USD
	// per kWh; hour 0 runs from midnight to 01:00 site time. It replaces
	// PowerPrice wherever energy is priced. Keep PowerPrice as its mean for
	// display; MeanPowerPrice computes it.
	TimeOfUse []decimal.Decimal `json:"time_of_use,omitempty"`

	// GPURates maps a hardware model name to its rental rate in USD per
	// GPU-hour of billed time. Look rates up with GPURate, which ignores case.
	GPURates map[string]decimal.Decimal `json:"gpu_rates,omitempty"`

	// Utilization is the share of a rented GPU's hours that is billed, in
	// [0, 1]. It scales AI cloud revenue and the GPU's load.
	Utilization float64 `json:"utilization"`

	// GPUMining maps a hardware model name to the gross USD one GPU earns
	// per day mining other proof-of-work coins, before power and pool fees.
	GPUMining map[string]decimal.Decimal `json:"gpu_mining,omitempty"`

	// ColocationRate is the rent in USD per kW of the tenant's IT load per
	// month of HoursPerMonth hours.
	ColocationRate decimal.Decimal `json:"colocation_rate"`
}

// Validate reports the first field out of range, as an error matching
// ErrInvalid that names the field and its value. Missing GPU quotes are not
// an error here: they are reported when a line needs them.
func (s Snapshot) Validate() error {
	if err := s.Bitcoin.Validate(); err != nil {
		return err
	}
	if s.PowerPrice.IsNegative() {
		return invalid("PowerPrice", s.PowerPrice, "must not be negative")
	}
	if n := len(s.TimeOfUse); n != 0 && n != 24 {
		return invalid("TimeOfUse", n, "must hold 24 hourly prices or none")
	}
	for h, p := range s.TimeOfUse {
		if p.IsNegative() {
			return invalid(fmt.Sprintf("TimeOfUse[%d]", h), p, "must not be negative")
		}
	}
	if math.IsNaN(s.Utilization) || s.Utilization < 0 || s.Utilization > 1 {
		return invalid("Utilization", s.Utilization, "must be in [0, 1]")
	}
	if err := checkQuotes("GPURates", s.GPURates); err != nil {
		return err
	}
	if err := checkQuotes("GPUMining", s.GPUMining); err != nil {
		return err
	}
	if s.ColocationRate.IsNegative() {
		return invalid("ColocationRate", s.ColocationRate, "must not be negative")
	}
	return nil
}

func checkQuotes(field string, m map[string]decimal.Decimal) error {
	for name, v := range m {
		if v.IsNegative() {
			return invalid(fmt.Sprintf("%s[%q]", field, name), v, "must not be negative")
		}
	}
	return nil
}

// GPURate returns the rental rate of the named GPU model in USD per GPU-hour.
// Names are compared without regard to case. A model with no rate gives an
// error matching ErrNoQuote.
func (s Snapshot) GPURate(model string) (decimal.Decimal, error) {
	return quote(s.GPURates, "GPURates", model)
}

// GPUMiningRevenue returns the gross USD per GPU-day the named model earns
// mining, or an error matching ErrNoQuote.
func (s Snapshot) GPUMiningRevenue(model string) (decimal.Decimal, error) {
	return quote(s.GPUMining, "GPUMining", model)
}

func quote(m map[string]decimal.Decimal, field, model string) (decimal.Decimal, error) {
	if v, ok := m[model]; ok {
		return v, nil
	}
	for name, v := range m {
		if strings.EqualFold(name, model) {
			return v, nil
		}
	}
	return decimal.Decimal{}, fmt.Errorf("%w: snapshot has no %s for %q", ErrNoQuote, field, model)
}

// HourlyPowerPrices returns the electricity price of each hour of the day in
// USD per kWh: the time-of-use schedule when there is one, else PowerPrice
// in every hour.
func (s Snapshot) HourlyPowerPrices() [24]decimal.Decimal {
	var out [24]decimal.Decimal
	for h := range out {
		if len(s.TimeOfUse) == 24 {
			out[h] = s.TimeOfUse[h]
		} else {
			out[h] = s.PowerPrice
		}
	}
	return out
}

// MeanPowerPrice returns the day's mean electricity price in USD per kWh,
// rounded to 1e-8 USD.
func (s Snapshot) MeanPowerPrice() decimal.Decimal {
	if len(s.TimeOfUse) != 24 {
		return s.PowerPrice
	}
	sum := decimal.Zero
	for _, p := range s.TimeOfUse {
		sum = sum.Add(p)
	}
	return sum.DivRound(decimal.NewFromInt(24), 8)
}

// Clone returns a deep copy of s, whose maps and slices the caller may change.
func (s Snapshot) Clone() Snapshot {
	c := s
	c.TimeOfUse = append([]decimal.Decimal(nil), s.TimeOfUse...)
	if s.TimeOfUse == nil {
		c.TimeOfUse = nil
	}
	c.GPURates = cloneQuotes(s.GPURates)
	c.GPUMining = cloneQuotes(s.GPUMining)
	return c
}

func cloneQuotes(m map[string]decimal.Decimal) map[string]decimal.Decimal {
	if m == nil {
		return nil
	}
	c := make(map[string]decimal.Decimal, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Equal reports whether s and o hold the same figures. Decimals are compared
// by value (1.50 equals 1.5) and dates with time.Time.Equal.
func (s Snapshot) Equal(o Snapshot) bool {
	if !s.Date.Equal(o.Date) || !s.Bitcoin.Equal(o.Bitcoin) || !s.PowerPrice.Equal(o.PowerPrice) ||
		s.Utilization != o.Utilization || !s.ColocationRate.Equal(o.ColocationRate) ||
		len(s.TimeOfUse) != len(o.TimeOfUse) {
		return false
	}
	for i := range s.TimeOfUse {
		if !s.TimeOfUse[i].Equal(o.TimeOfUse[i]) {
			return false
		}
	}
	return quotesEqual(s.GPURates, o.GPURates) && quotesEqual(s.GPUMining, o.GPUMining)
}

func quotesEqual(a, b map[string]decimal.Decimal) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !v.Equal(w) {
			return false
		}
	}
	return true
}
