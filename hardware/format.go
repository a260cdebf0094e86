package hardware

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// This file prints the unit types in the form their parsers read back.
//
// String writes the shortest decimal that parses back to the same float64:
// strconv's shortest form, with the decimal point moved to suit the SI
// prefix, which is exact. Energy is the one unit whose text form, the
// watt-hour, is not a power of ten of the type's own unit (1 Wh = 3600 J);
// there String searches for the shortest watt-hour decimal that the parser
// maps back to the same number of joules.

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
