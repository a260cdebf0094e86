package market

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// Sats is an amount of bitcoin in satoshis, the chain's own integer unit.
// One bitcoin is SatsPerBTC satoshis.
//
// Sats is exact: sums of Sats never round. The zero value is no bitcoin.
// Negative values are allowed (a balance owed, a difference of amounts);
// functions that need a non-negative amount say so and check.
//
// Sats has no MarshalJSON or MarshalText method on purpose: in JSON it is a
// plain integer number of satoshis, {"fees_per_block": 2000000}, which is
// exact in every JSON reader that keeps 53-bit integers exact (all amounts up
// to MaxMoney are below 2^53). Use String for people and BTC for exact
// decimal arithmetic.
type Sats int64

// SatsPerBTC is the number of satoshis in one bitcoin.
const SatsPerBTC = 100_000_000

// MaxMoney is the total bitcoin supply cap, 21 million BTC, as Bitcoin Core's
// MAX_MONEY (consensus/amount.h) and btcutil's MaxSatoshi define it. The
// issuance schedule of Mainnet actually stops slightly below it (see
// Chain.Issued); MaxMoney is used as a sanity bound for amounts.
const MaxMoney Sats = 21_000_000 * SatsPerBTC

// String formats s in bitcoin with exactly 8 decimals and a " BTC" suffix,
// for example "0.03125000 BTC" or "-0.50000000 BTC". It uses integer
// arithmetic only, so every value, including math.MinInt64, prints exactly.
func (s Sats) String() string {
	// The magnitude as an unsigned number: for math.MinInt64 the negation
	// wraps to 1<<63, which is the correct magnitude in uint64.
	u := uint64(s)
	if s < 0 {
		u = -u
	}
	whole, frac := u/SatsPerBTC, u%SatsPerBTC

	b := make([]byte, 0, 32)
	if s < 0 {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, whole, 10)
	b = append(b, '.')
	// frac < 1e8: left-pad it to 8 digits.
	var digits [8]byte
	for i := len(digits) - 1; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	b = append(b, digits[:]...)
	b = append(b, " BTC"...)
	return string(b)
}

// BTC returns s in bitcoin as an exact decimal: Sats(3125000).BTC() is 0.03125.
func (s Sats) BTC() decimal.Decimal {
	return decimal.New(int64(s), -8)
}

// SatsFromBTC converts an amount of bitcoin to satoshis, exactly.
//
// It returns an error matching ErrInvalid if d is not a whole number of
// satoshis (a non-zero digit after the 8th decimal place) or if the amount
// does not fit in an int64 number of satoshis. It never rounds. Trailing zeros are
// fine: 0.031250000000 BTC is 3125000 sats.
func SatsFromBTC(d decimal.Decimal) (Sats, error) {
	if d.IsZero() {
		return 0, nil
	}
	// |d| in satoshis lies in [10^order, 10^(order+1)). Deciding range from
	// the order of magnitude first keeps huge exponents (1e2000000000) from
	// ever being expanded into digits.
	order := int64(d.NumDigits()) - 1 + int64(d.Exponent()) + 8
	if order >= 19 { // 10^19 > math.MaxInt64
		return 0, invalid("BTC amount", errValue(d), "does not fit in int64 satoshis")
	}
	if order < 0 { // less than one satoshi
		return 0, invalid("BTC amount", errValue(d), "has a fraction of a satoshi")
	}
	s := d.Shift(8) // exponent now at most 19 - 1 = 18, so cheap to expand
	if !s.IsInteger() {
		return 0, invalid("BTC amount", errValue(d), "has a fraction of a satoshi")
	}
	b := s.BigInt()
	if !b.IsInt64() {
		return 0, invalid("BTC amount", errValue(d), "does not fit in int64 satoshis")
	}
	return Sats(b.Int64()), nil
}

// errValue returns d for an error message, or, when printing it in full
// would expand a huge exponent into digits (1e2000000000), a short
// "<coefficient>e<exponent>" string.
func errValue(d decimal.Decimal) any {
	if e := d.Exponent(); e > 64 || e < -64 {
		return fmt.Sprintf("%se%d", d.Coefficient(), e)
	}
	return d
}
