package market

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/internal/num"
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

	// PowerPrice is the flat electricity price in USD per kWh at the meter,
	// in [0, MaxPowerPrice] (5 USD/kWh, ERCOT's offer cap; see
	// CheckPowerPrice). In JSON it is a bare number or decimal string in
	// USD/kWh, or a string with its unit: "45 USD/MWh", "0.045 USD/kWh"
	// (ParsePowerPrice); a bare number above the bound is refused with a
	// message suggesting USD/MWh.
	PowerPrice decimal.Decimal `json:"power_price"`

	// TimeOfUse, when not empty, holds 24 hourly electricity prices in USD
	// per kWh; hour 0 runs from midnight to 01:00 site time. It replaces
	// PowerPrice wherever energy is priced. Keep PowerPrice as its mean for
	// display; MeanPowerPrice computes it. Each hour has PowerPrice's range
	// and JSON forms.
	TimeOfUse []decimal.Decimal `json:"time_of_use,omitempty"`

	// GPURates maps a hardware model name to its rental rate in USD per
	// GPU-hour of billed time, each in (0, MaxGPURate]. A model with no
	// rate has no key (a zero rate is an error, never "free"), and two keys
	// may not differ only by case. Look rates up with GPURate, which
	// ignores case.
	GPURates map[string]decimal.Decimal `json:"gpu_rates,omitempty"`

	// Utilization is the share of a rented GPU's hours that is billed, in
	// [0, 1]. It scales AI cloud revenue and the GPU's load.
	Utilization float64 `json:"utilization"`

	// GPUMining maps a hardware model name to the gross USD one GPU earns
	// per day mining other proof-of-work coins, before power and pool fees,
	// each in (0, MaxGPUMiningRevenue]. Keys follow GPURates' rules.
	GPUMining map[string]decimal.Decimal `json:"gpu_mining,omitempty"`

	// ColocationRate is the rent in USD per kW of the tenant's IT load per
	// month of HoursPerMonth hours, in [0, MaxColocationRate].
	ColocationRate decimal.Decimal `json:"colocation_rate"`
}

// Limits of a Snapshot's prices, checked by Validate (the power price's is
// MaxPowerPrice). Each is several times the highest figure seen in the
// market, so that a valid snapshot gives finite results everywhere and a
// unit mistake (per day for per hour, per MW for per kW) is caught.
const (
	// MaxGPURate is the highest GPU rental rate accepted, in USD per
	// GPU-hour: about 8 times the dearest on-demand list price for one
	// data-centre GPU (AWS p5.48xlarge, 8 H100, 98.32 USD/h before its June
	// 2025 cut: 12.29 USD per GPU-hour).
	MaxGPURate = 100

	// MaxGPUMiningRevenue is the highest GPU-mining revenue accepted, in
	// USD per GPU-day: several times the best any consumer GPU earned, at
	// Ethereum's May 2021 peak (an RTX 3090 at about 120 MH/s earned about
	// 20 USD a day; GPU mining has earned a small fraction of that since the
	// September 2022 merge).
	MaxGPUMiningRevenue = 100

	// MaxColocationRate is the highest colocation rent accepted, in USD per
	// kW-month: about 6.5 times the TeraWulf lease in Reference (154.17)
	// and several times retail colocation in the dearest US markets.
	MaxColocationRate = 1000
)

var (
	maxGPURate          = decimal.NewFromInt(MaxGPURate)
	maxGPUMiningRevenue = decimal.NewFromInt(MaxGPUMiningRevenue)
	maxColocationRate   = decimal.NewFromInt(MaxColocationRate)
)

// Validate reports the first field out of range, as an error matching
// ErrInvalid that names the field (a path such as "TimeOfUse[3]" or
// `GPURates["H200"]`), its value and its limit. Fields are checked in
// declaration order and map keys in sorted order, so the error is the same
// on every call. The limits are those documented on each field: Bitcoin's
// (Bitcoin.Validate), power prices in [0, MaxPowerPrice] USD/kWh
// (CheckPowerPrice), Utilization in [0, 1], GPU rates in (0, MaxGPURate],
// GPU-mining revenues in (0, MaxGPUMiningRevenue], ColocationRate in [0,
// MaxColocationRate], every decimal with at most 24 decimal places; two
// GPURates or GPUMining keys may not differ only by case, and each is a
// non-empty UTF-8 model name. Validate does no
// arithmetic that a decimal's exponent could make slow.
//
// Missing GPU quotes are not an error here: they are reported, with
// ErrNoQuote, when a line needs them.
func (s Snapshot) Validate() error {
	if err := s.Bitcoin.Validate(); err != nil {
		return err
	}
	if reason, ok := CheckPowerPrice(s.PowerPrice); !ok {
		return invalid("PowerPrice", errValue(s.PowerPrice), reason)
	}
	if n := len(s.TimeOfUse); n != 0 && n != 24 {
		return invalid("TimeOfUse", n, "must hold 24 hourly prices or none")
	}
	for h, p := range s.TimeOfUse {
		if reason, ok := CheckPowerPrice(p); !ok {
			return invalid(fmt.Sprintf("TimeOfUse[%d]", h), errValue(p), reason)
		}
	}
	if math.IsNaN(s.Utilization) || s.Utilization < 0 || s.Utilization > 1 {
		return invalid("Utilization", s.Utilization, "must be in [0, 1]")
	}
	if err := checkQuotes("GPURates", s.GPURates, maxGPURate, "USD per GPU-hour"); err != nil {
		return err
	}
	if err := checkQuotes("GPUMining", s.GPUMining, maxGPUMiningRevenue, "USD per GPU-day"); err != nil {
		return err
	}
	if c := s.ColocationRate; c.IsNegative() || !num.Bounded(c) || c.GreaterThan(maxColocationRate) {
		return invalid("ColocationRate", errValue(c),
			fmt.Sprintf("must be in [0, %d] USD per kW-month with at most %d decimal places", MaxColocationRate, num.MaxDecimalDigits))
	}
	return nil
}

// checkQuotes checks a map of quotes: every value in (0, upper] with at most
// 24 decimal places, and no two keys equal but for case.
func checkQuotes(field string, m map[string]decimal.Decimal, upper decimal.Decimal, unit string) error {
	names := sortedKeys(m)
	for _, name := range names {
		if name == "" || !utf8.ValidString(name) {
			return invalid(field+" key", fmt.Sprintf("%+q", name), "must be a non-empty model name in UTF-8")
		}
		v := m[name]
		if !v.IsPositive() || !num.Bounded(v) || v.GreaterThan(upper) {
			return invalid(fmt.Sprintf("%s[%q]", field, name), errValue(v),
				fmt.Sprintf("must be in (0, %s] %s with at most %d decimal places (leave a model without a quote out)", upper, unit, num.MaxDecimalDigits))
		}
	}
	return checkCaseCollisions(field, names)
}

// checkCaseCollisions refuses two keys that differ only by case: lookups
// ignore case, so either could answer. names must be sorted.
func checkCaseCollisions(field string, names []string) error {
	seen := make(map[string]string, len(names))
	for _, name := range names {
		folded := foldKey(name)
		if first, ok := seen[folded]; ok {
			return invalid(fmt.Sprintf("%s[%q]", field, name), name,
				fmt.Sprintf("%+q differs only by case from %+q; names are matched without regard to case", name, first))
		}
		seen[folded] = name
	}
	return nil
}

// foldKey maps every rune of s to the smallest rune of its case-folding
// orbit (unicode.SimpleFold), so that two strings have equal keys exactly
// when strings.EqualFold holds for them.
func foldKey(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}

func sortedKeys[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
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
	// Validate refuses keys that fold together; for a snapshot that was not
	// validated, the least matching name answers, the same on every call.
	found, best := false, ""
	for name := range m {
		if strings.EqualFold(name, model) && (!found || name < best) {
			found, best = true, name
		}
	}
	if found {
		return m[best], nil
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
// rounded to 1e-8 USD. Call it on a snapshot that passes Validate: a price
// with a huge exponent (decimal.New(1, 2e9)) makes the sum slow.
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
