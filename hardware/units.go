package hardware

import "time"

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

// Efficiency is the energy a miner spends per unit of work, in joules per
// terahash (J/TH), which is the same number as watts per TH/s. Lower is better.
type Efficiency float64

// JoulePerTeraHash is the unit of Efficiency.
const JoulePerTeraHash Efficiency = 1

// EfficiencyOf returns the efficiency of a machine that draws p while it
// hashes at h. It returns 0 when h is not positive: a machine that does not
// hash has no SHA-256 efficiency.
func EfficiencyOf(p Power, h Hashrate) Efficiency {
	if !(h > 0) {
		return 0
	}
	return Efficiency(float64(p) / h.TeraHashes())
}
