package hardware

import (
	"math"
	"strconv"
	"strings"
)

// This file holds dec, an exact decimal number kept as a string of digits,
// and the few operations on it that the printer (format.go) and the parser
// (parse.go) share. No float64 arithmetic touches a dec: decValue rounds it to
// a float64 once, with strconv.ParseFloat.

// dec is a decimal number digits × 10^exp, where digits is a string of
// decimal digits with no leading zero (empty for zero) and exp is the
// exponent of the last digit.
type dec struct {
	digits string
	exp    int
}

// sci returns the exponent of d's leading digit: d is 1.234... × 10^sci.
func (d dec) sci() int { return d.exp + len(d.digits) - 1 }

// trimDec returns digits × 10^exp as a dec, dropping trailing zeros.
func trimDec(digits string, exp int) dec {
	t := strings.TrimRight(digits, "0")
	if t == "" {
		return dec{}
	}
	return dec{digits: t, exp: exp + len(digits) - len(t)}
}

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
