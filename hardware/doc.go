// Package hardware provides the physical side of wattfolio: units for
// hashrate, power, energy and efficiency; machine classes (ASIC, GPU) and
// workloads; machine models with their operating modes; and a catalog of
// real, sourced models such as the Antminer S21 and the H100 SXM.
//
// A Model is a plain value. Look one up, pick a mode, and read its figures:
//
//	m, err := hardware.Lookup("Antminer S21")
//	if err != nil { ... }
//	eco, err := m.Mode("eco")                 // 160 TH/s at 2.24 kW
//	fmt.Println(eco.Efficiency())             // 14 J/TH
//	fmt.Println(m.Supports(hardware.AICloud)) // false: an ASIC only mines
//
// Callers may also build their own models (a measured hashrate, a machine
// not in the catalog) and check them with Model.Validate.
//
// # Units
//
// Hashrate is in hashes per second, Power in watts, Energy in joules and
// Efficiency in joules per terahash (the same number as watts per TH/s). Each
// is a named float64 with constants, so 200*TeraHash and 3.5*Kilowatt read as
// what they are and adding a Power to a Hashrate does not compile. Energy's
// constants and text form are the watt-hour family, as electricity is billed.
//
// Every unit type has a String method and a parser (ParseHashrate,
// ParsePower, ParseEnergy, ParseEfficiency) for text such as "200 TH/s",
// "3.5 kW", "12.5 MWh" and "17.5 J/TH", with or without the space. String
// chooses the SI prefix that puts the number in [1, 1000), up to Z (10^21),
// and prints the shortest decimal that parses back to the same float64: for
// every finite value x >= 0, Parse(x.String()) == x exactly. Parsers never
// multiply a float64 by a unit; they round the decimal text once.
//
// Prefixes are k (or K), M, G, T, P, E and Z. Submultiples are not supported:
// "M" is always mega, and a lowercase "m" is refused rather than guessed at
// ("100 mW" is an error, not 100 MW). Hashrate and efficiency units may be
// written in lowercase ("th/s"), as miners do; power and energy prefixes above
// kilo must be uppercase, as SI writes them.
//
// The unit types, Class and Workload implement encoding.TextMarshaler and
// TextUnmarshaler, so a JSON or YAML configuration reads "power": "3.5 kW".
// encoding/json calls UnmarshalText for JSON strings only: a bare number such
// as "power": 3500 is an error, as its unit would be a guess.
//
// # Errors
//
// Parsers return a *ParseError (like strconv.NumError) whose Err is
// ErrSyntax for malformed text or an unknown unit, and ErrRange for a
// negative value, NaN, an infinity or an overflow. Model.Validate returns an
// *InvalidError, carrying the field and the value, that matches ErrInvalid.
// Lookup of a name not in the catalog returns a *LookupError that matches
// ErrUnknown and suggests close catalog names; a name that is part of several
// ("H100") matches ErrAmbiguous as well and lists them all. Model.Mode of a
// missing mode, ParseClass and ParseWorkload of an unknown name match
// ErrUnsupported. Test for them with errors.Is and errors.As.
//
// # Limits and JSON
//
// Model.Validate holds every figure to a documented plausible range, several
// times the largest real machine: a mode's power to [MinModePower,
// MaxModePower] (1 W to 100 kW per unit), an ASIC's hashrate to
// [MinModeHashrate, MaxModeHashrate] (1 MH/s to 10 PH/s), memory, BF16
// TFLOPS, host power and price to [0, MaxMemoryGB], [0, MaxBF16TFLOPS],
// [0, MaxHostPower] and [0, MaxPriceUSD]. A value past a limit, NaN or an
// infinity is an *InvalidError naming the field and the limit, so a figure
// in the wrong unit is refused before any sum.
//
// Model and Mode decode JSON strictly whatever the caller's decoder options:
// an unknown key ("hash_rate" for "hashrate") is an *InvalidError naming the
// key and where it was, never silently dropped. Decoding does not validate.
//
// # Conventions
//
// A Mode's Power is the draw at the wall for an ASIC and the board's power at
// full load (its TDP) for a GPU; a GPU's Hashrate is zero. A GPU's draw at
// utilization u in [0, 1] is IdlePower + u*(Power - IdlePower) for the board,
// plus HostPower, its share of the server (CPUs, memory, NICs, fans). In the
// catalog HostPower is the server's maximum draw less its GPUs' TDP, divided
// by the number of GPUs: for a DGX H100, (10.2 kW - 8*700 W)/8 = 575 W.
//
// ASIC modes other than the maker's stock mode follow one stated curve, near
// the nominal clock f0: hashrate is proportional to the clock f and power to
// f², so efficiency (J/TH) is proportional to f. With r = f/f0,
//
//	Hashrate(r) = r * Hashrate(1)
//	Power(r)    = r² * Power(1)
//	J/TH(r)     = r * J/TH(1)
//
// The catalog's "eco" mode is r = 0.8 (80 % hashrate, 64 % power, 80 % J/TH)
// and "turbo" is r = 1.1 (110 % hashrate, 121 % power, 110 % J/TH). The curve
// is a simplification (real chips also lower voltage with frequency, and
// fans and power supplies do not scale): use measured modes when you have them.
// ClockScaledMode applies the same curve to a mode of your own.
//
// Values are immutable once built and safe for concurrent use; Catalog and
// Lookup return fresh copies, and the package keeps no mutable state. Money
// is decimal.Decimal; Model.Price is USD per unit at Model.PriceDate.
package hardware
