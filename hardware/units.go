package hardware

import (
	"math"
	"time"
)

// Hashrate is a rate of SHA-256d hashing in hashes per second.
//
// The zero value is no hashing at all. Multiply a constant to build one:
// 200 * TeraHash.
type Hashrate float64

// Hashrate units. Each is 1000 times the one before it.
const (
	Hash      Hashrate = 1
	KiloHash           = 1e3 * Hash
	MegaHash           = 1e3 * KiloHash
	GigaHash           = 1e3 * MegaHash
	TeraHash           = 1e3 * GigaHash
	PetaHash           = 1e3 * TeraHash
	ExaHash            = 1e3 * PetaHash
	ZettaHash          = 1e3 * ExaHash
)

// TeraHashes returns h in TH/s.
func (h Hashrate) TeraHashes() float64 { return float64(h / TeraHash) }

// String returns h with an SI prefix chosen so that the number is in
// [1, 1000): "200 TH/s", "1.5 EH/s". Prefixes run from none (H/s) to Z
// (ZH/s); a value under 1 H/s or at least 1000 ZH/s keeps the end prefix and
// may use exponent notation. The number is the shortest decimal that
// ParseHashrate reads back as exactly h. Zero is "0 H/s"; NaN, infinities
// and negative values print as "NaN H/s", "+Inf H/s", "-5 H/s".
func (h Hashrate) String() string { return formatFloat(float64(h), "H/s", maxPrefix) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// returns an error matching ErrRange for a negative, NaN or infinite value.
func (h Hashrate) MarshalText() ([]byte, error) { return marshalQuantity("Hashrate.MarshalText", h) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseHashrate.
// encoding/json calls it for JSON strings only: a bare JSON number is an
// error, as the unit would be a guess.
func (h *Hashrate) UnmarshalText(b []byte) error { return unmarshalText(h, b, ParseHashrate) }

// Power is a rate of energy use in watts.
//
// The zero value is no power. Multiply a constant to build one: 3.5 * Kilowatt.
type Power float64

// Power units. Each is 1000 times the one before it.
const (
	Watt     Power = 1
	Kilowatt       = 1e3 * Watt
	Megawatt       = 1e3 * Kilowatt
	Gigawatt       = 1e3 * Megawatt
)

// Kilowatts returns p in kW.
func (p Power) Kilowatts() float64 { return float64(p / Kilowatt) }

// Megawatts returns p in MW.
func (p Power) Megawatts() float64 { return float64(p / Megawatt) }

// Over returns the energy p delivers when it is held for d.
func (p Power) Over(d time.Duration) Energy { return Energy(float64(p) * d.Seconds()) }

// String returns p with an SI prefix chosen so that the number is in
// [1, 1000): 3500 W is "3.5 kW", 1e8 W is "100 MW". Prefixes run from none
// (W) to Z (ZW). The number is the shortest decimal that ParsePower reads back
// as exactly p. Special values print as for Hashrate.String.
func (p Power) String() string { return formatFloat(float64(p), "W", maxPrefix) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// returns an error matching ErrRange for a negative, NaN or infinite value.
func (p Power) MarshalText() ([]byte, error) { return marshalQuantity("Power.MarshalText", p) }

// UnmarshalText implements encoding.TextUnmarshaler with ParsePower; as for
// Hashrate, JSON numbers are refused.
func (p *Power) UnmarshalText(b []byte) error { return unmarshalText(p, b, ParsePower) }

// Energy is an amount of energy in joules.
//
// Electricity is billed in watt-hours, so the constants below are the
// watt-hour family; String prints in watt-hours too. The zero value is none.
type Energy float64

// Energy units.
const (
	Joule        Energy = 1
	WattHour            = 3600 * Joule
	KilowattHour        = 1e3 * WattHour
	MegawattHour        = 1e3 * KilowattHour
	GigawattHour        = 1e3 * MegawattHour
)

// KilowattHours returns e in kWh.
func (e Energy) KilowattHours() float64 { return float64(e / KilowattHour) }

// String returns e in the watt-hour family with an SI prefix chosen so that
// the number is in [1, 1000): "12.5 MWh". The number is the shortest decimal
// that ParseEnergy reads back as exactly e (which, as 1 Wh = 3600 J, may need
// more digits than e/3600 printed on its own). Special values print as for
// Hashrate.String.
func (e Energy) String() string {
	x := float64(e)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0) || x == 0:
		return formatFloat(x, "Wh", maxPrefix)
	case x < 0:
		return "-" + (-e).String()
	}
	return formatDec(energyWattHours(x), "Wh", maxPrefix)
}

// MarshalText implements encoding.TextMarshaler with the String form. It
// returns an error matching ErrRange for a negative, NaN or infinite value.
func (e Energy) MarshalText() ([]byte, error) { return marshalQuantity("Energy.MarshalText", e) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseEnergy; as for
// Hashrate, JSON numbers are refused.
func (e *Energy) UnmarshalText(b []byte) error { return unmarshalText(e, b, ParseEnergy) }

// Efficiency is the energy a miner spends per unit of work, in joules per
// terahash (J/TH), which is the same number as watts per TH/s. Lower is better.
type Efficiency float64

// JoulePerTeraHash is the unit of Efficiency.
const JoulePerTeraHash Efficiency = 1

// EfficiencyOf returns the efficiency of a machine that draws p while it
// hashes at h. It returns 0 when h is not positive or NaN: a machine that
// does not hash has no SHA-256 efficiency. Otherwise it is p / h in J/TH,
// with IEEE special cases: NaN for a NaN p, and +Inf when the quotient
// overflows (h below about 1e-296 H/s for p = 1 W). Model.Validate bounds
// both so that every valid mode's efficiency is finite.
func EfficiencyOf(p Power, h Hashrate) Efficiency {
	if !(h > 0) {
		return 0
	}
	return Efficiency(float64(p) / h.TeraHashes())
}

// String returns e in joules per terahash, without an SI prefix: "17.5 J/TH".
// The number is the shortest decimal that ParseEfficiency reads back as
// exactly e. Special values print as for Hashrate.String.
func (e Efficiency) String() string { return formatFloat(float64(e), "J/TH", 0) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// returns an error matching ErrRange for a negative, NaN or infinite value.
func (e Efficiency) MarshalText() ([]byte, error) {
	return marshalQuantity("Efficiency.MarshalText", e)
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseEfficiency; as
// for Hashrate, JSON numbers are refused.
func (e *Efficiency) UnmarshalText(b []byte) error { return unmarshalText(e, b, ParseEfficiency) }
