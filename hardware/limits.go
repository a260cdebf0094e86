package hardware

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// Limits that Model.Validate holds every model to. They are bounds of
// plausibility, not of arithmetic: each is several times the largest real
// machine we know of, so that no real model is refused, while a figure in the
// wrong unit (watts typed as milliwatts, a fleet's hashrate typed as one
// machine's) or an absurd one (1e300 W) is refused before it reaches a sum.
const (
	// MinModePower and MaxModePower bound a mode's Power. The smallest
	// SHA-256 miners sold (USB sticks) draw about 2.5 W; the largest single
	// machines draw about 11 kW (Bitmain's 3U hydro miners) and 14.3 kW (a
	// DGX B200 server, of which a catalog GPU is one eighth). A rack is not
	// one machine: model its servers or GPUs as units.
	MinModePower Power = 1 * Watt
	MaxModePower Power = 100 * Kilowatt

	// MinModeHashrate and MaxModeHashrate bound an ASIC mode's Hashrate. The
	// largest single miners hash about 0.9-1.2 PH/s (Bitmain's 3U hydro
	// units); a USB stick about 0.3-1 TH/s, and 2013's Block Erupter 336 MH/s.
	// With Power bounded too, every accepted mode's J/TH is finite.
	MinModeHashrate Hashrate = 1 * MegaHash
	MaxModeHashrate Hashrate = 10 * PetaHash

	// MaxHostPower bounds HostPower, the per-GPU share of a server: it is at
	// most a whole machine, MaxModePower. (The catalog's largest is 787.5 W,
	// a DGX B200's.) IdlePower is bounded by the stock mode's Power for a
	// GPU and by MaxModePower for an ASIC.
	MaxHostPower = MaxModePower

	// MaxMemoryGB bounds MemoryGB: about 35 times the 288 GB of the largest
	// GPUs of 2025 (B300, MI355X).
	MaxMemoryGB = 10_000

	// MaxBF16TFLOPS bounds BF16TFLOPS: 100 PFLOPS, about 40 times a B200's
	// dense 2,250 TFLOPS.
	MaxBF16TFLOPS = 100_000

	// MaxPriceUSD bounds Price, in USD per unit: 10 M USD, about 20 times a
	// DGX B200 server (about 0.5 M USD).
	MaxPriceUSD = 10_000_000

	// MaxPriceDecimals bounds the digits of Price after the decimal point, so
	// that a value such as "1e-2000000000", a few bytes of JSON, cannot make
	// a comparison or sum expand it into billions of digits (the same bound
	// as the module's internal decimal check).
	MaxPriceDecimals = 24
)

// priceInRange reports whether p is in [0, MaxPriceUSD] with at most
// MaxPriceDecimals decimals, looking at its exponent and digit count before
// doing any arithmetic, so that a huge exponent costs nothing.
func priceInRange(p decimal.Decimal) bool {
	e := int64(p.Exponent())
	if e < -MaxPriceDecimals || int64(p.NumDigits())+e > 8 { // 8 digits: < 1e8
		return false
	}
	return !p.IsNegative() && p.Cmp(decimal.NewFromInt(MaxPriceUSD)) <= 0
}

// shortDecimal formats d for an error message without expanding its
// exponent: the usual form when d is in bounds, else its digits (the first
// 20 if there are more) and exponent, such as "1e2000000000".
func shortDecimal(d decimal.Decimal) string {
	e := int64(d.Exponent())
	if e >= -MaxPriceDecimals && int64(d.NumDigits())+e <= 30 {
		return d.String()
	}
	c := d.Coefficient().String()
	if n := len(c); n > 21 {
		e += int64(n - 21)
		c = c[:21] + "..."
	}
	return c + "e" + strconv.FormatInt(e, 10)
}
