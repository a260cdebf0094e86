package hardware

import (
	"strconv"
	"strings"
)

// This file reads the unit types from text such as "200 TH/s" and "3.5 kW".
//
// A parser never multiplies a float64 by a unit. It turns the written number
// and the unit's prefix into one exact decimal, digits × 10^exp (for
// watt-hours it multiplies the digits by 3600 in integers first), and lets
// strconv.ParseFloat round that once. With the shortest decimals that
// format.go prints, Parse(x.String()) == x for every finite x >= 0.

// ParseHashrate parses a hashrate such as "200 TH/s", "200TH/s", "1.5 EH/s"
// or "95 th/s".
//
// The number is a decimal with an optional sign, point and exponent ("1e3").
// The unit follows, after optional spaces: H/s (or H) with an optional SI
// prefix k, M, G, T, P, E or Z. Letters may be in either case, except that a
// lowercase "m" (SI milli) is refused, so "MH/s" is mega and "mH/s" an error.
// The result is the decimal value rounded once to the nearest float64, so
// ParseHashrate(h.String()) == h for every finite h >= 0.
//
// Errors are *ParseError: ErrSyntax for malformed text or an unknown unit;
// ErrRange for a negative value, NaN, an infinity, or a value too large for a
// float64. A value too small for a float64 rounds to zero; "-0 H/s" is zero.
func ParseHashrate(s string) (Hashrate, error) {
	return parseQuantity[Hashrate]("ParseHashrate", s, matchHashrate)
}

// ParsePower parses a power such as "3.5 kW", "3500W" or "100 MW".
//
// The unit is W (or w) with an optional SI prefix: k or K (kilo), M (mega),
// G, T, P, E, Z. Prefixes above kilo must be uppercase: SI writes milli, pico
// and zepto as "m", "p" and "z", so "mW" is refused rather than read as
// megawatts. Numbers, rounding and errors are as for ParseHashrate.
func ParsePower(s string) (Power, error) {
	return parseQuantity[Power]("ParsePower", s, matchPower)
}

// ParseEnergy parses an energy such as "12.5 MWh", "3.2kWh" or "3600 J".
//
// The unit is Wh (watt-hours, also "wh", "WH") or J (joules), with an optional
// SI prefix as for ParsePower. The watt-hour value is converted to joules
// exactly in decimal before the one rounding to float64, so
// ParseEnergy(e.String()) == e for every finite e >= 0. Errors are as for
// ParseHashrate.
func ParseEnergy(s string) (Energy, error) {
	return parseQuantity[Energy]("ParseEnergy", s, matchEnergy)
}

// ParseEfficiency parses an efficiency such as "17.5 J/TH".
//
// The unit is J or W, a slash, and a hashrate prefix with H: "J/TH", "W/TH",
// "J/GH" (0.0175 J/GH is 17.5 J/TH), "J/PH". Letters may be in either case
// except for "m", as for ParseHashrate. Numbers, rounding and errors are as
// for ParseHashrate.
func ParseEfficiency(s string) (Efficiency, error) {
	return parseQuantity[Efficiency]("ParseEfficiency", s, matchEfficiency)
}

// parseQuantity is the body of every Parse function: it parses
// "<number> <unit>" and names fn in its errors. match reads the unit: it
// returns the unit's exponent and scale, the zero unitMatch for a unit it does
// not know, or a reason to refuse one it does (lowercase "m").
func parseQuantity[Q ~float64](fn, s string, match func(unit string) (unitMatch, string)) (Q, error) {
	fail := func(err error, reason string) (Q, error) {
		return 0, &ParseError{Func: fn, Input: s, Err: err, Reason: reason}
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return fail(ErrSyntax, "empty input")
	}
	n, rest, inf, ok := scanNumber(t)
	if inf {
		return fail(ErrRange, "NaN and infinities are not quantities")
	}
	if !ok {
		return fail(ErrSyntax, "missing number")
	}
	unit := strings.TrimLeft(rest, " \t")
	if unit == "" {
		return fail(ErrSyntax, "missing unit")
	}
	u, why := match(unit)
	if why != "" {
		return fail(ErrSyntax, why)
	}
	if u.scale == 0 {
		return fail(ErrSyntax, "unknown unit "+strconv.Quote(unit))
	}
	// digits × 10^(exp - frac + unit exponent), leading zeros dropped.
	digits := strings.TrimLeft(n.digits, "0")
	trimmed := strings.TrimRight(digits, "0")
	exp := n.exp - int64(n.frac) + int64(len(digits)-len(trimmed)) + int64(u.exp)
	if trimmed == "" {
		return 0, nil // zero, including "-0 W"
	}
	if n.neg {
		return fail(ErrRange, "negative")
	}
	// Exponents this far out overflow or underflow whatever the digits;
	// clamp them so that int arithmetic below cannot overflow.
	if sci := exp + int64(len(trimmed)) - 1; sci > 1000 {
		return fail(ErrRange, "overflows float64")
	} else if sci < -1000 {
		return 0, nil
	}
	v, fin := decValue(dec{digits: trimmed, exp: int(exp)}, u.scale)
	if !fin {
		return fail(ErrRange, "overflows float64")
	}
	return Q(v), nil
}

// number is the numeric part of a quantity as written.
type number struct {
	neg    bool
	digits string // integer and fraction digits, as written
	frac   int    // how many of digits follow the point
	exp    int64  // the exponent written after 'e', clamped
}

// expLimit bounds a written exponent: any larger magnitude already makes
// every value overflow or underflow, whatever the digits.
const expLimit = 1 << 40

// scanNumber reads a decimal number from the start of s: an optional sign,
// digits with an optional point, and an optional exponent "e-7". It returns
// the number and the rest of s. A letter 'e' not followed by an exponent is
// left for the unit ("1.5EH/s"). inf is true for "inf", "infinity" and "nan"
// in any case.
func scanNumber(s string) (n number, rest string, inf, ok bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		n.neg = s[i] == '-'
		i++
	}
	if low := strings.ToLower(s[i:]); strings.HasPrefix(low, "inf") || strings.HasPrefix(low, "nan") {
		return n, "", true, false
	}
	var b strings.Builder
	for i < len(s) && isDigit(s[i]) {
		b.WriteByte(s[i])
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			b.WriteByte(s[i])
			n.frac++
			i++
		}
	}
	if b.Len() == 0 {
		return n, s[i:], false, false
	}
	n.digits = b.String()
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		eneg := false
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			eneg = s[j] == '-'
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			var e int64
			for j < len(s) && isDigit(s[j]) {
				if e < expLimit {
					e = e*10 + int64(s[j]-'0')
				}
				j++
			}
			e = min(e, expLimit)
			if eneg {
				e = -e
			}
			n.exp = e
			i = j
		}
	}
	return n, s[i:], false, true
}

// isDigit reports whether c is an ASCII decimal digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// unitMatch says how one unit suffix maps to a decimal exponent and scale.
// The zero unitMatch, with scale 0, is no unit at all.
type unitMatch struct {
	exp   int   // power of ten the unit adds
	scale int64 // 1, or 3600 for watt-hours
}

// suffix is a unit as written after its SI prefix, and the scale it stands
// for.
type suffix struct {
	text  string // compared without regard to case
	scale int64  // 1, or 3600 for watt-hours
}

// matchPrefixed reads unit as an optional SI prefix (see prefixExp for
// caseFree) followed by one of suffixes. It returns the zero unitMatch when
// the rest is none of them, and the reason when the prefix is refused.
func matchPrefixed(unit string, caseFree bool, suffixes ...suffix) (unitMatch, string) {
	e, rest, why := prefixExp(unit, caseFree)
	if why != "" {
		return unitMatch{}, why
	}
	for _, x := range suffixes {
		if strings.EqualFold(rest, x.text) {
			return unitMatch{exp: e, scale: x.scale}, ""
		}
	}
	return unitMatch{}, ""
}

// matchHashrate accepts [prefix]H/s or [prefix]H, letters in any case. ('H'
// is not a prefix, so a bare "H/s" reaches the suffixes whole.)
func matchHashrate(unit string) (unitMatch, string) {
	return matchPrefixed(unit, true, suffix{"H/s", 1}, suffix{"H", 1})
}

// matchPower accepts [prefix]W; the W may be lowercase.
func matchPower(unit string) (unitMatch, string) {
	return matchPrefixed(unit, false, suffix{"W", 1})
}

// matchEnergy accepts [prefix]Wh and [prefix]J; letters after the prefix in
// any case.
func matchEnergy(unit string) (unitMatch, string) {
	return matchPrefixed(unit, false, suffix{"Wh", 3600}, suffix{"J", 1})
}

// matchEfficiency accepts J/<prefix>H and W/<prefix>H, letters in any case:
// "J/TH", "W/TH", "j/th", "J/GH" (1000 J/TH).
func matchEfficiency(unit string) (unitMatch, string) {
	if len(unit) < 2 || unit[1] != '/' || !strings.ContainsRune("JjWw", rune(unit[0])) {
		return unitMatch{}, ""
	}
	u, why := matchPrefixed(unit[2:], true, suffix{"H", 1})
	if u.scale != 0 {
		// x J per 10^e hashes is x × 10^(12-e) J per 10^12 hashes.
		u.exp = 12 - u.exp
	}
	return u, why
}
