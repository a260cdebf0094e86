package economics

import (
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/hardware"
)

// Payout is the way a mining pool pays its miners (Rosenfeld, "Analysis of
// Bitcoin Pooled Mining Reward Systems", arXiv:1112.4980). All three pay the
// same in expectation; they differ in who carries the luck of finding blocks,
// which matters to Analyze, not to Evaluate.
type Payout uint8

// Payout schemes. The zero value is FPPS.
const (
	// FPPS (full pay per share) pays the expected subsidy and fees of every
	// share: the pool carries all block luck, the miner only share noise.
	FPPS Payout = iota
	// PPSPlus pays the subsidy per share and the fees PPLNS-style: the miner
	// carries the pool's luck on the fee part only.
	PPSPlus
	// PPLNS (pay per last N shares) splits the blocks the pool finds: the
	// miner carries the pool's luck in full, usually for a lower fee.
	PPLNS
)

// String returns "FPPS", "PPS+" or "PPLNS".
func (p Payout) String() string { return enumString(p, "Payout", "FPPS", "PPS+", "PPLNS") }

// MarshalText implements encoding.TextMarshaler.
func (p Payout) MarshalText() ([]byte, error) {
	return enumMarshal(p, "Payout", "unknown payout scheme", "FPPS", "PPS+", "PPLNS")
}

// UnmarshalText implements encoding.TextUnmarshaler; it accepts the names
// String returns, in any case, and "PPS+" also as "PPSPlus".
func (p *Payout) UnmarshalText(b []byte) error {
	if strings.EqualFold(string(b), "PPSPlus") {
		*p = PPSPlus
		return nil
	}
	return enumUnmarshal(p, b, "Payout", "unknown payout scheme", "FPPS", "PPS+", "PPLNS")
}

// Curtailment is a policy for switching mining off.
type Curtailment uint8

// Curtailment policies. The zero value is NoCurtailment.
const (
	// NoCurtailment runs miners through every hour of uptime.
	NoCurtailment Curtailment = iota
	// Economic switches miners (ASIC and GPU mining lines) off in each hour
	// of the day whose power cost exceeds the revenue they would earn in it.
	// With a time-of-use schedule that is the expensive hours; with a flat
	// price, all hours or none. AI cloud and colocation lines never curtail:
	// their customers pay for availability.
	Economic
)

// String returns "none" or "economic".
func (c Curtailment) String() string { return enumString(c, "Curtailment", "none", "economic") }

// MarshalText implements encoding.TextMarshaler.
func (c Curtailment) MarshalText() ([]byte, error) {
	return enumMarshal(c, "Curtailment", "unknown curtailment policy", "none", "economic")
}

// UnmarshalText implements encoding.TextUnmarshaler; names are compared
// without regard to case.
func (c *Curtailment) UnmarshalText(b []byte) error {
	return enumUnmarshal(c, b, "Curtailment", "unknown curtailment policy", "none", "economic")
}

// The package's small enums (Payout, Curtailment) share their text forms:
// names[v] is the name of value v.

func enumString[T ~uint8](v T, typ string, names ...string) string {
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, uint8(v))
}

func enumMarshal[T ~uint8](v T, field, reason string, names ...string) ([]byte, error) {
	if int(v) >= len(names) {
		return nil, invalid(field, uint8(v), reason)
	}
	return []byte(names[v]), nil
}

func enumUnmarshal[T ~uint8](v *T, b []byte, field, reason string, names ...string) error {
	for i, n := range names {
		if strings.EqualFold(string(b), n) {
			*v = T(i)
			return nil
		}
	}
	return invalid(field, string(b), reason)
}

// Site is a facility: its grid connection, cooling overhead, pool terms,
// availability, fixed costs and power contract.
//
// The zero value is not a valid site (PUE and Uptime must be set); Validate
// says what is missing. A Site is a plain value and safe to share.
type Site struct {
	Name string `json:"name,omitempty"`

	// Capacity is the facility (grid) power. The allocation's IT power at
	// nameplate, times PUE, must fit in it.
	Capacity hardware.Power `json:"capacity"`

	// PUE is facility power over IT power, >= 1 (cooling, conversion losses).
	PUE float64 `json:"pue"`

	// PoolFee is the pool's share of gross mining revenue, in [0, 1). It is
	// charged on GPU mining revenue too.
	PoolFee float64 `json:"pool_fee"`

	// Payout is the pool's payout scheme.
	Payout Payout `json:"payout"`

	// PoolShare is the pool's share of the network hashrate, in (0, 1]. It
	// sets the block luck a PPLNS or PPS+ miner carries; zero means
	// DefaultPoolShare. Evaluate does not use it.
	PoolShare float64 `json:"pool_share,omitempty"`

	// Uptime is the fraction of the period machines run, in (0, 1].
	Uptime float64 `json:"uptime"`

	// StaleRate is the fraction of mined shares that are stale and not paid,
	// in [0, 1).
	StaleRate float64 `json:"stale_rate,omitempty"`

	// OpexPerMWMonth is fixed operating cost (staff, maintenance, insurance)
	// in USD per MW of facility power in use, per month of
	// market.HoursPerMonth hours, charged whether machines run or not.
	OpexPerMWMonth decimal.Decimal `json:"opex_per_mw_month"`

	// PowerContract, when Valid, is a fixed price in USD per kWh that
	// replaces the snapshot's power price in every hour.
	PowerContract decimal.NullDecimal `json:"power_contract"`

	// Curtailment is the policy for switching miners off when they lose money.
	Curtailment Curtailment `json:"curtailment"`

	// ColocationPowerIncluded says the site pays for its colocation
	// tenants' power out of their rent. When false (the zero value) power
	// is passed through to the tenant at cost, as in a powered-shell lease:
	// the energy is reported but costs the site nothing.
	ColocationPowerIncluded bool `json:"colocation_power_included,omitempty"`
}

// DefaultPoolShare is the pool share of network hashrate used when
// Site.PoolShare is zero: 0.1, about a large pool's (mempool.space pool
// rankings, 2025).
const DefaultPoolShare = 0.1

// Validate reports the first field out of range as an error matching
// ErrInvalid that names the field and its value.
func (s Site) Validate() error {
	switch {
	case !finite(float64(s.Capacity)) || s.Capacity <= 0:
		return invalid("Site.Capacity", s.Capacity, "must be positive and finite")
	case !finite(s.PUE) || s.PUE < 1:
		return invalid("Site.PUE", s.PUE, "must be at least 1")
	case !finite(s.PoolFee) || s.PoolFee < 0 || s.PoolFee >= 1:
		return invalid("Site.PoolFee", s.PoolFee, "must be in [0, 1)")
	case s.Payout > PPLNS:
		return invalid("Site.Payout", uint8(s.Payout), "unknown payout scheme")
	case !finite(s.PoolShare) || s.PoolShare < 0 || s.PoolShare > 1:
		return invalid("Site.PoolShare", s.PoolShare, "must be in (0, 1], or 0 for the default")
	case !finite(s.Uptime) || s.Uptime <= 0 || s.Uptime > 1:
		return invalid("Site.Uptime", s.Uptime, "must be in (0, 1]")
	case !finite(s.StaleRate) || s.StaleRate < 0 || s.StaleRate >= 1:
		return invalid("Site.StaleRate", s.StaleRate, "must be in [0, 1)")
	case s.OpexPerMWMonth.IsNegative():
		return invalid("Site.OpexPerMWMonth", s.OpexPerMWMonth, "must not be negative")
	case s.PowerContract.Valid && s.PowerContract.Decimal.IsNegative():
		return invalid("Site.PowerContract", s.PowerContract.Decimal, "must not be negative")
	case s.Curtailment > Economic:
		return invalid("Site.Curtailment", uint8(s.Curtailment), "unknown curtailment policy")
	}
	return nil
}

// Equal reports whether s and o are the same site; decimals compare by value.
func (s Site) Equal(o Site) bool {
	a, b := s, o
	a.OpexPerMWMonth, b.OpexPerMWMonth = decimal.Zero, decimal.Zero
	a.PowerContract, b.PowerContract = decimal.NullDecimal{}, decimal.NullDecimal{}
	return a == b && s.OpexPerMWMonth.Equal(o.OpexPerMWMonth) &&
		s.PowerContract.Valid == o.PowerContract.Valid &&
		s.PowerContract.Decimal.Equal(o.PowerContract.Decimal)
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
