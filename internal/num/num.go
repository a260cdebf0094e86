// Package num is the one place where wattfolio converts between exact money
// (decimal.Decimal) and simulation numbers (float64), in each direction, and
// rejects NaN and infinities there. It holds nothing else.
package num

import (
	"errors"
	"math"

	"github.com/shopspring/decimal"
)

// ErrNotFinite reports a NaN or infinite float64 where money was expected.
var ErrNotFinite = errors.New("not a finite number")

// Decimal converts a simulation number to money: the shortest decimal that
// reads back as f. It returns ErrNotFinite for NaN and ±Inf, which have no
// decimal form.
func Decimal(f float64) (decimal.Decimal, error) {
	if !Finite(f) {
		return decimal.Decimal{}, ErrNotFinite
	}
	return decimal.NewFromFloat(f), nil
}

// pow10 holds the powers of ten that a float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// Float converts money to a simulation number: the float64 nearest d.
// Decimals too large for a float64 come out as ±Inf; callers that accept user
// money check with Finite.
//
// Prices such as 0.0452 or 86000 (a coefficient below 2^53 and at most 22
// decimal places) convert without allocating, by one correctly rounded
// division.
func Float(d decimal.Decimal) float64 {
	if e := d.Exponent(); e <= 0 && e >= -22 {
		if c := d.CoefficientInt64(); c > -1<<53 && c < 1<<53 && d.NumDigits() <= 16 {
			return float64(c) / pow10[-e]
		}
	}
	f, _ := d.Float64()
	return f
}

// CentsInt converts a float64 amount of USD to an integer number of cents,
// rounded half away from zero. It returns ErrNotFinite for NaN, ±Inf and
// amounts too large to hold in int64 cents (about 4.6e16 USD).
func CentsInt(usd float64) (int64, error) {
	c := math.Round(usd * 100)
	if !Finite(c) || math.Abs(c) >= 1<<62 {
		return 0, ErrNotFinite
	}
	return int64(c), nil
}

// Finite reports whether f is neither NaN nor infinite.
func Finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// MaxDecimalDigits bounds the decimals user input may carry: at most this
// many digits after the point and before it. Decimals hold their exponent
// apart from their digits, so "1e2000000000" is a few bytes that any
// comparison or sum would expand into two billion digits (a hang); Bounded
// lets a validator refuse it first.
const MaxDecimalDigits = 24

// Bounded reports whether d has at most MaxDecimalDigits digits before and
// after the decimal point (|d| < 1e24, and d a multiple of 1e-24), so that
// arithmetic on it is cheap. It does no arithmetic itself.
func Bounded(d decimal.Decimal) bool {
	e := int64(d.Exponent())
	return e >= -MaxDecimalDigits && int64(d.NumDigits())+e <= MaxDecimalDigits
}
