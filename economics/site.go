package economics

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
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

	// Capacity is the facility (grid) power, in (0, MaxCapacity]. The
	// allocation's IT power at nameplate, times PUE, must fit in it.
	Capacity hardware.Power `json:"capacity"`

	// PUE is facility power over IT power, in [1, MaxPUE] (cooling,
	// conversion losses).
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

	// PowerContract, when Valid, is a fixed price in USD per kWh, in
	// [0, market.MaxPowerPrice], that replaces the snapshot's power price in
	// every hour. In JSON it may carry its unit: "45 USD/MWh".
	PowerContract decimal.NullDecimal `json:"power_contract"`

	// Curtailment is the policy for switching miners off when they lose money.
	Curtailment Curtailment `json:"curtailment"`

	// ColocationPowerIncluded says the site pays for its colocation
	// tenants' power out of their rent. When false (the zero value) power
	// is passed through to the tenant at cost, as in a powered-shell lease:
	// the energy is reported but costs the site nothing.
	ColocationPowerIncluded bool `json:"colocation_power_included,omitempty"`

	// Halls, when not empty, divide the site into halls with their own
	// capacity, PUE and opex, which then replace the site's PUE and
	// OpexPerMWMonth for the lines in them (Line.Hall); the site's
	// Capacity still bounds their sum. Empty means one hall: the site.
	Halls []Hall `json:"halls,omitempty"`
}

// DefaultPoolShare is the pool share of network hashrate used when
// Site.PoolShare is zero: 0.1, about a large pool's (mempool.space pool
// rankings, 2025).
const DefaultPoolShare = 0.1

// Site limits. Each keeps arithmetic on a site finite and catches a value
// in the wrong unit; none is a hard physical law.
const (
	// MaxCapacity is the largest Site.Capacity: 100 GW, a sanity bound
	// two hundred times the largest single-site leases (200-500 MW of IT:
	// REFERENCE.md, "Leases") that keeps every product of capacity, price
	// and a 292-year period far inside float64 and int64 cents.
	MaxCapacity = 100 * hardware.Gigawatt

	// MaxPUE is the largest Site.PUE: 3. REFERENCE.md ("PUE"): the Uptime
	// Institute's industry average is 1.56 (2024), air-cooled mining
	// 1.2-1.5, immersion 1.03-1.10; a PUE above 3 is a typo.
	MaxPUE = 3

	// MaxOpexPerMWMonth is the largest Site.OpexPerMWMonth, USD per MW-month:
	// 1,000,000, about six times the rent an AI tenant pays for a MW of IT
	// (1.9 M USD per MW-year, Hut 8 River Bend; REFERENCE.md, "Leases"),
	// which covers the operator's opex and margin.
	MaxOpexPerMWMonth = 1_000_000
)

var maxOpex = decimal.NewFromInt(MaxOpexPerMWMonth)

// Validate reports the first field out of range as an error matching
// ErrInvalid that names the field, its value and the range:
//
//	Capacity        (0, MaxCapacity = 100 GW]
//	PUE             [1, MaxPUE = 3]
//	PoolFee         [0, 1)
//	Payout          FPPS, PPSPlus or PPLNS
//	PoolShare       (0, 1], or 0 for DefaultPoolShare
//	Uptime          (0, 1]
//	StaleRate       [0, 1)
//	OpexPerMWMonth  [0, MaxOpexPerMWMonth = 1,000,000] USD per MW-month
//	PowerContract   when Valid, [0, market.MaxPowerPrice = 5] USD per kWh
//	                (market.CheckPowerPrice: a number that reads as USD per
//	                MWh is refused with the unit suggested)
//	Curtailment     NoCurtailment or Economic
//	Halls[i]        Name not empty and unique, also ignoring case;
//	                Capacity (0, MaxCapacity]; PUE [1, MaxPUE];
//	                OpexPerMWMonth [0, MaxOpexPerMWMonth]
//
// Decimals must also have at most 24 digits before and after the point
// (internal/num.Bounded), so that no arithmetic on them can hang.
func (s Site) Validate() error {
	switch {
	case !finite(float64(s.Capacity)) || s.Capacity <= 0 || s.Capacity > MaxCapacity:
		return invalid("Site.Capacity", s.Capacity, fmt.Sprintf("must be in (0, %v]", MaxCapacity))
	case !finite(s.PUE) || s.PUE < 1 || s.PUE > MaxPUE:
		return invalid("Site.PUE", s.PUE, fmt.Sprintf("must be in [1, %d]", MaxPUE))
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
	case !num.Bounded(s.OpexPerMWMonth) || s.OpexPerMWMonth.IsNegative() || s.OpexPerMWMonth.GreaterThan(maxOpex):
		return invalid("Site.OpexPerMWMonth", s.OpexPerMWMonth,
			fmt.Sprintf("must be in [0, %d] USD per MW-month with at most %d decimal places", MaxOpexPerMWMonth, num.MaxDecimalDigits))
	case s.Curtailment > Economic:
		return invalid("Site.Curtailment", uint8(s.Curtailment), "unknown curtailment policy")
	}
	if s.PowerContract.Valid {
		if reason, ok := market.CheckPowerPrice(s.PowerContract.Decimal); !ok {
			return invalid("Site.PowerContract", s.PowerContract.Decimal, reason)
		}
	}
	return checkHalls(s.Halls)
}

// checkHalls checks each hall's fields (see Site.Validate); errors name
// "Site.Halls[i].Field". Two names that differ only by case are refused,
// as Inventory's are: a reader would take them for one hall.
func checkHalls(halls []Hall) error {
	var seen map[string]int // foldKey(name) -> index, for many halls
	if len(halls) > 16 {
		seen = make(map[string]int, len(halls))
	}
	for i, h := range halls {
		field := func(name string) string { return fmt.Sprintf("Site.Halls[%d].%s", i, name) }
		switch {
		case h.Name == "":
			return invalid(field("Name"), h.Name, "must not be empty")
		case !finite(float64(h.Capacity)) || h.Capacity <= 0 || h.Capacity > MaxCapacity:
			return invalid(field("Capacity"), h.Capacity, fmt.Sprintf("must be in (0, %v]", MaxCapacity))
		case !finite(h.PUE) || h.PUE < 1 || h.PUE > MaxPUE:
			return invalid(field("PUE"), h.PUE, fmt.Sprintf("must be in [1, %d]", MaxPUE))
		case !num.Bounded(h.OpexPerMWMonth) || h.OpexPerMWMonth.IsNegative() || h.OpexPerMWMonth.GreaterThan(maxOpex):
			return invalid(field("OpexPerMWMonth"), h.OpexPerMWMonth,
				fmt.Sprintf("must be in [0, %d] USD per MW-month with at most %d decimal places", MaxOpexPerMWMonth, num.MaxDecimalDigits))
		}
		j := -1
		if seen != nil {
			key := foldKey(h.Name)
			if k, ok := seen[key]; ok {
				j = k
			} else {
				seen[key] = i
			}
		} else {
			j = slices.IndexFunc(halls[:i], func(g Hall) bool { return strings.EqualFold(g.Name, h.Name) })
		}
		if j >= 0 {
			reason := "is the name of Site.Halls[%d]: names must be unique"
			if halls[j].Name != h.Name {
				reason = "differs only by case from the name of Site.Halls[%d]: names must differ also ignoring case"
			}
			return invalid(field("Name"), h.Name, fmt.Sprintf(reason, j))
		}
	}
	return nil
}

// UnmarshalJSON reads a site strictly: an unknown key is an error matching
// ErrInvalid that names it ("Site.pu", "Site.Halls[1].capcity"), whatever
// the decoder's options, so a typo is never silently a default.
// "power_contract" is null (none), a number in USD per kWh, or a string
// with its unit, "45 USD/MWh" or "0.045 USD/kWh" (market.ParsePowerPrice);
// a bare number above market.MaxPowerPrice is refused with a message that
// suggests USD/MWh. The decoded site is not
// validated otherwise: call Validate (every function that takes a Site
// does).
func (s *Site) UnmarshalJSON(b []byte) error {
	type plain Site
	var raw struct {
		plain
		PowerContract json.RawMessage   `json:"power_contract"`
		Halls         []json.RawMessage `json:"halls"`
	}
	if err := strictDecode(b, &raw, "Site"); err != nil {
		return err
	}
	*s = Site(raw.plain)
	s.PowerContract = decimal.NullDecimal{}
	s.Halls = nil
	if raw.Halls != nil {
		s.Halls = make([]Hall, len(raw.Halls))
	}
	for i, m := range raw.Halls {
		if err := strictDecode(m, &s.Halls[i], fmt.Sprintf("Site.Halls[%d]", i)); err != nil {
			return err
		}
	}
	pc := bytes.TrimSpace(raw.PowerContract)
	if len(pc) == 0 || bytes.Equal(pc, []byte("null")) {
		return nil
	}
	text := string(pc)
	if pc[0] == '"' {
		if err := json.Unmarshal(pc, &text); err != nil {
			return invalid("Site.PowerContract", string(pc), "must be a number or a string")
		}
	}
	d, err := market.ParsePowerPrice(text)
	if err != nil {
		var me *market.InvalidError
		if errors.As(err, &me) {
			return invalid("Site.PowerContract", text, me.Reason)
		}
		return invalid("Site.PowerContract", text, err.Error())
	}
	s.PowerContract = decimal.NullDecimal{Decimal: d, Valid: true}
	return nil
}

// foldKey maps s to a key that two strings share exactly when
// strings.EqualFold holds: each rune becomes the least rune of its simple
// case-folding orbit.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}

// Equal reports whether s and o are the same site; decimals compare by value.
func (s Site) Equal(o Site) bool {
	if len(s.Halls) != len(o.Halls) {
		return false
	}
	for i, h := range s.Halls {
		g := o.Halls[i]
		if h.Name != g.Name || h.Capacity != g.Capacity || h.PUE != g.PUE || !h.OpexPerMWMonth.Equal(g.OpexPerMWMonth) {
			return false
		}
	}
	return s.scalars() == o.scalars() && s.OpexPerMWMonth.Equal(o.OpexPerMWMonth) &&
		s.PowerContract.Valid == o.PowerContract.Valid &&
		s.PowerContract.Decimal.Equal(o.PowerContract.Decimal)
}

// siteScalars are a Site's comparable fields, for Equal.
type siteScalars struct {
	name                    string
	capacity                hardware.Power
	pue, poolFee, share     float64
	uptime, stale           float64
	payout                  Payout
	curtailment             Curtailment
	colocationPowerIncluded bool
}

func (s Site) scalars() siteScalars {
	return siteScalars{s.Name, s.Capacity, s.PUE, s.PoolFee, s.PoolShare, s.Uptime, s.StaleRate, s.Payout, s.Curtailment, s.ColocationPowerIncluded}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
