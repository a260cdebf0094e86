package hardware

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// This file holds the text forms of the unit types: String, the Parse
// functions and the encoding.TextMarshaler and TextUnmarshaler methods.
//
// Exact round trips rest on two rules. String prints the shortest decimal
// that parses back to the same float64 (strconv's shortest form, with the
// decimal point moved to fit the SI prefix: moving it is exact). Parse never
// multiplies a float64 by a unit: it turns the decimal text and the prefix
// into one decimal number, "mantissa digits e exponent", and lets
// strconv.ParseFloat round that once. Energy is the one unit with a factor
// that is not a power of ten (1 Wh = 3600 J); there Parse multiplies the
// decimal digits by 3600 exactly, in integers, before the single rounding,
// and String searches for the shortest watt-hour decimal that survives it.

// prefixLetters are the SI prefixes String uses, in steps of 10^3 from k.
const prefixLetters = "kMGTPEZ"

// maxPrefix is the index of the largest prefix, Z (10^21); index 0 is no
// prefix.
const maxPrefix = len(prefixLetters)

// prefixName returns the prefix for 10^(3k), 0 <= k <= maxPrefix.
func prefixName(k int) string {
	if k == 0 {
		return ""
	}
	return prefixLetters[k-1 : k]
}

// dec is a decimal number digits × 10^exp, where digits is a string of
// decimal digits with no leading zero (empty for zero) and exp is the
// exponent of the last digit.
type dec struct {
	digits string
	exp    int
}

// sci returns the exponent of d's leading digit: d is 1.234... × 10^sci.
func (d dec) sci() int { return d.exp + len(d.digits) - 1 }

// shortest returns the shortest decimal that strconv.ParseFloat reads back
// as x, for finite x > 0.
func shortest(x float64) dec {
	s := strconv.FormatFloat(x, 'e', -1, 64) // "1.2345e+06"
	return decFromE(s)
}

// decFromE converts strconv's 'e' form ("1.2345e+06", "5e-324") to a dec.
func decFromE(s string) dec {
	i := strings.IndexByte(s, 'e')
	sci, _ := strconv.Atoi(s[i+1:])
	digits := strings.Replace(s[:i], ".", "", 1)
	return trimDec(digits, sci-(len(digits)-1))
}

// formatDec writes d with the largest SI prefix, up to maxPre, that leaves a
// mantissa in [1, 1000), followed by a space, the prefix and unit.
func formatDec(d dec, unit string, maxPre int) string {
	if d.digits == "" {
		return "0 " + unit
	}
	s := d.sci()
	k := 0
	if s >= 0 {
		k = min(s/3, maxPre)
	}
	return mantissa(d.digits, s-3*k) + " " + prefixName(k) + unit
}

// mantissa writes digits (leading digit first) as a decimal whose leading
// digit has exponent s: plain notation for -4 <= s < 21, as Go's %v does for a
// float64, and exponent notation ("1.5e+24", "5e-324") beyond.
func mantissa(digits string, s int) string {
	var b strings.Builder
	switch {
	case s >= 21 || s < -4:
		b.WriteByte(digits[0])
		if len(digits) > 1 {
			b.WriteByte('.')
			b.WriteString(digits[1:])
		}
		b.WriteByte('e')
		if s >= 0 {
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(s))
	case s < 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -s-1))
		b.WriteString(digits)
	default:
		n := s + 1 // digits before the point
		if len(digits) <= n {
			b.WriteString(digits)
			b.WriteString(strings.Repeat("0", n-len(digits)))
		} else {
			b.WriteString(digits[:n])
			b.WriteByte('.')
			b.WriteString(digits[n:])
		}
	}
	return b.String()
}

// formatFloat is String for the unit types whose unit is a power of ten.
func formatFloat(x float64, unit string, maxPre int) string {
	switch {
	case math.IsNaN(x):
		return "NaN " + unit
	case math.IsInf(x, 1):
		return "+Inf " + unit
	case math.IsInf(x, -1):
		return "-Inf " + unit
	case x < 0:
		return "-" + formatFloat(-x, unit, maxPre)
	case x == 0:
		return "0 " + unit
	}
	return formatDec(shortest(x), unit, maxPre)
}

// String returns h with an SI prefix chosen so that the number is in
// [1, 1000): "200 TH/s", "1.5 EH/s". Prefixes run from none (H/s) to Z
// (ZH/s); a value under 1 H/s or at least 1000 ZH/s keeps the end prefix and
// may use exponent notation. The number is the shortest decimal that
// ParseHashrate reads back as exactly h. Zero is "0 H/s"; NaN, infinities
// and negative values print as "NaN H/s", "+Inf H/s", "-5 H/s".
func (h Hashrate) String() string { return formatFloat(float64(h), "H/s", maxPrefix) }

// String returns p with an SI prefix chosen so that the number is in
// [1, 1000): 3500 W is "3.5 kW", 1e8 W is "100 MW". Prefixes run from none
// (W) to Z (ZW). The number is the shortest decimal that ParsePower reads back
// as exactly p. Special values print as for Hashrate.String.
func (p Power) String() string { return formatFloat(float64(p), "W", maxPrefix) }

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

// energyWattHours returns the shortest decimal D such that D watt-hours
// parse back to exactly x joules, for finite x > 0.
//
// It writes x/3600 once to 40 significant digits (from a 256-bit quotient,
// far beyond the 17 digits that pin down a float64), then tries its
// truncations to 1, 2, ... digits and the next decimal up at each length,
// keeping the first that ParseEnergy maps back to x. Trying both neighbours
// matters where the interval of reals that round to x is lopsided (at a power
// of two).
func energyWattHours(x float64) dec {
	q := new(big.Float).SetPrec(256).SetFloat64(x)
	q.Quo(q, new(big.Float).SetPrec(256).SetInt64(3600))
	full := decFromE(q.Text('e', 39))
	d, sci := full.digits, full.sci()
	for p := 1; p < len(d); p++ {
		for _, c := range [2]string{d[:p], incDigits(d[:p])} {
			cand := trimDec(c, sci-p+1)
			if v, ok := decValue(cand, 3600); ok && v == x {
				return cand
			}
		}
	}
	return full
}

// incDigits adds one to the decimal integer digits ("129" -> "130",
// "99" -> "100").
func incDigits(digits string) string {
	b := []byte(digits)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

// trimDec returns digits × 10^exp as a dec, dropping trailing zeros.
func trimDec(digits string, exp int) dec {
	t := strings.TrimRight(digits, "0")
	if t == "" {
		return dec{}
	}
	return dec{digits: t, exp: exp + len(digits) - len(t)}
}

// String returns e in joules per terahash, without an SI prefix: "17.5 J/TH".
// The number is the shortest decimal that ParseEfficiency reads back as
// exactly e. Special values print as for Hashrate.String.
func (e Efficiency) String() string { return formatFloat(float64(e), "J/TH", 0) }

// decValue returns digits × 10^exp × scale rounded once to a float64, and
// false if it overflows. scale is 1 or 3600 (joules per watt-hour).
func decValue(d dec, scale int64) (float64, bool) {
	if d.digits == "" {
		return 0, true
	}
	digits, exp := d.digits, d.exp
	if scale == 3600 {
		digits, exp = mulDigits(digits, 36), exp+2
	}
	sci := exp + len(digits) - 1
	switch {
	case sci > 400:
		return math.Inf(1), false
	case sci < -400:
		return 0, true // below half the smallest subnormal
	}
	v, err := strconv.ParseFloat(digits+"e"+strconv.Itoa(exp), 64)
	if err != nil || math.IsInf(v, 0) {
		return math.Inf(1), false
	}
	return v, true
}

// mulDigits returns the decimal digits of digits × m, exactly, in time
// linear in len(digits). digits has no leading zero; 0 < m < 100.
func mulDigits(digits string, m int) string {
	out := make([]byte, len(digits)+2)
	carry := 0
	for i, j := len(digits)-1, len(out)-1; j >= 0; i, j = i-1, j-1 {
		v := carry
		if i >= 0 {
			v += int(digits[i]-'0') * m
		}
		out[j] = byte('0' + v%10)
		carry = v / 10
	}
	return strings.TrimLeft(string(out), "0")
}

// unitMatch says how one unit suffix maps to a decimal exponent and scale.
type unitMatch struct {
	exp   int   // power of ten the unit adds
	scale int64 // 1, or 3600 for watt-hours
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

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// parseQuantity parses "<number> <unit>" with match deciding the unit.
func parseQuantity(fn, s string, match func(unit string) (unitMatch, string)) (float64, error) {
	fail := func(err error, reason string) (float64, error) {
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
	return v, nil
}

// prefixExp reads an SI prefix letter at the start of unit. caseFree allows
// the lowercase forms of G, T, P, E and Z (for hashrate, where "th/s" is
// common and no submultiple makes sense). Lowercase "m" is milli in SI and is
// always refused: "M" is mega.
func prefixExp(unit string, caseFree bool) (exp int, rest string, why string) {
	if unit == "" {
		return 0, unit, ""
	}
	c := unit[0]
	if c == 'm' {
		return 0, unit, `lowercase "m" is milli, which is not supported; write "M" for mega`
	}
	if caseFree && 'a' <= c && c <= 'z' {
		c -= 'a' - 'A'
	}
	switch c {
	case 'k', 'K':
		return 3, unit[1:], ""
	case 'M':
		return 6, unit[1:], ""
	case 'G':
		return 9, unit[1:], ""
	case 'T':
		return 12, unit[1:], ""
	case 'P':
		return 15, unit[1:], ""
	case 'E':
		return 18, unit[1:], ""
	case 'Z':
		return 21, unit[1:], ""
	}
	return 0, unit, ""
}

// unknownUnit is the reason given for a unit that matches nothing.
func unknownUnit(unit string) string { return "unknown unit " + strconv.Quote(unit) }

// matchHashrate accepts [prefix]H/s or [prefix]H, letters in any case.
func matchHashrate(unit string) (unitMatch, string) {
	e, rest, why := prefixExp(unit, true)
	if why != "" {
		return unitMatch{}, why
	}
	if strings.EqualFold(rest, "H/s") || strings.EqualFold(rest, "H") {
		return unitMatch{exp: e, scale: 1}, ""
	}
	// "H/s" itself: 'H' is not a prefix, so rest == unit; handled above.
	return unitMatch{}, unknownUnit(unit)
}

// matchPower accepts [prefix]W; the W may be lowercase.
func matchPower(unit string) (unitMatch, string) {
	e, rest, why := prefixExp(unit, false)
	if why != "" {
		return unitMatch{}, why
	}
	if strings.EqualFold(rest, "W") {
		return unitMatch{exp: e, scale: 1}, ""
	}
	return unitMatch{}, unknownUnit(unit)
}

// matchEnergy accepts [prefix]Wh and [prefix]J; letters after the prefix in
// any case.
func matchEnergy(unit string) (unitMatch, string) {
	e, rest, why := prefixExp(unit, false)
	if why != "" {
		return unitMatch{}, why
	}
	switch {
	case strings.EqualFold(rest, "Wh"):
		return unitMatch{exp: e, scale: 3600}, ""
	case strings.EqualFold(rest, "J"):
		return unitMatch{exp: e, scale: 1}, ""
	}
	return unitMatch{}, unknownUnit(unit)
}

// matchEfficiency accepts J/<prefix>H and W/<prefix>H, letters in any case:
// "J/TH", "W/TH", "j/th", "J/GH" (1000 J/TH).
func matchEfficiency(unit string) (unitMatch, string) {
	if len(unit) < 2 || unit[1] != '/' || !strings.ContainsRune("JjWw", rune(unit[0])) {
		return unitMatch{}, unknownUnit(unit)
	}
	e, rest, why := prefixExp(unit[2:], true)
	if why != "" {
		return unitMatch{}, why
	}
	if !strings.EqualFold(rest, "H") {
		return unitMatch{}, unknownUnit(unit)
	}
	// x J per 10^e hashes is x × 10^(12-e) J per 10^12 hashes.
	return unitMatch{exp: 12 - e, scale: 1}, ""
}

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
	v, err := parseQuantity("ParseHashrate", s, matchHashrate)
	return Hashrate(v), err
}

// ParsePower parses a power such as "3.5 kW", "3500W" or "100 MW".
//
// The unit is W (or w) with an optional SI prefix: k or K (kilo), M (mega),
// G, T, P, E, Z. Prefixes above kilo must be uppercase: SI writes milli, pico
// and zepto as "m", "p" and "z", so "mW" is refused rather than read as
// megawatts. Numbers, rounding and errors are as for ParseHashrate.
func ParsePower(s string) (Power, error) {
	v, err := parseQuantity("ParsePower", s, matchPower)
	return Power(v), err
}

// ParseEnergy parses an energy such as "12.5 MWh", "3.2kWh" or "3600 J".
//
// The unit is Wh (watt-hours, also "wh", "WH") or J (joules), with an optional
// SI prefix as for ParsePower. The watt-hour value is converted to joules
// exactly in decimal before the one rounding to float64, so
// ParseEnergy(e.String()) == e for every finite e >= 0. Errors are as for
// ParseHashrate.
func ParseEnergy(s string) (Energy, error) {
	v, err := parseQuantity("ParseEnergy", s, matchEnergy)
	return Energy(v), err
}

// ParseEfficiency parses an efficiency such as "17.5 J/TH".
//
// The unit is J or W, a slash, and a hashrate prefix with H: "J/TH", "W/TH",
// "J/GH" (0.0175 J/GH is 17.5 J/TH), "J/PH". Letters may be in either case
// except for "m", as for ParseHashrate. Numbers, rounding and errors are as
// for ParseHashrate.
func ParseEfficiency(s string) (Efficiency, error) {
	v, err := parseQuantity("ParseEfficiency", s, matchEfficiency)
	return Efficiency(v), err
}

// quantity is the constraint of the unit types that have a text form: a
// float64 underneath and a String method that prints the value with its unit.
type quantity interface {
	~float64
	String() string
}

// marshalQuantity is the MarshalText of every unit type: x in its String form.
// A negative, NaN or infinite x, which no parser accepts, gives instead a
// *ParseError matching ErrRange that names fn, the method, so that every text
// marshaled unmarshals again.
func marshalQuantity[Q quantity](fn string, x Q) ([]byte, error) {
	s := x.String()
	if f := float64(x); math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return nil, &ParseError{Func: fn, Input: s, Err: ErrRange, Reason: "cannot marshal a negative, NaN or infinite value"}
	}
	return []byte(s), nil
}

// unmarshalText is the UnmarshalText of every type with a parser: it stores
// parse(b) in *dst, or returns parse's error and leaves *dst as it was.
func unmarshalText[T any](dst *T, b []byte, parse func(string) (T, error)) error {
	v, err := parse(string(b))
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

// MarshalText implements encoding.TextMarshaler with the String form. It
// returns an error matching ErrRange for a negative, NaN or infinite value.
func (h Hashrate) MarshalText() ([]byte, error) { return marshalQuantity("Hashrate.MarshalText", h) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseHashrate.
// encoding/json calls it for JSON strings only: a bare JSON number is an
// error, as the unit would be a guess.
func (h *Hashrate) UnmarshalText(b []byte) error { return unmarshalText(h, b, ParseHashrate) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// returns an error matching ErrRange for a negative, NaN or infinite value.
func (p Power) MarshalText() ([]byte, error) { return marshalQuantity("Power.MarshalText", p) }

// UnmarshalText implements encoding.TextUnmarshaler with ParsePower; as for
// Hashrate, JSON numbers are refused.
func (p *Power) UnmarshalText(b []byte) error { return unmarshalText(p, b, ParsePower) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// returns an error matching ErrRange for a negative, NaN or infinite value.
func (e Energy) MarshalText() ([]byte, error) { return marshalQuantity("Energy.MarshalText", e) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseEnergy; as for
// Hashrate, JSON numbers are refused.
func (e *Energy) UnmarshalText(b []byte) error { return unmarshalText(e, b, ParseEnergy) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// returns an error matching ErrRange for a negative, NaN or infinite value.
func (e Efficiency) MarshalText() ([]byte, error) {
	return marshalQuantity("Efficiency.MarshalText", e)
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseEfficiency; as
// for Hashrate, JSON numbers are refused.
func (e *Efficiency) UnmarshalText(b []byte) error { return unmarshalText(e, b, ParseEfficiency) }
