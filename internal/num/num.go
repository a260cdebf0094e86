// Package num is the one place where wattfolio converts between exact money
// (decimal.Decimal) and simulation numbers (float64), in each direction.
package num

import (
	"errors"
	"math"

	"github.com/shopspring/decimal"
)

// ErrNotFinite reports a NaN or infinite float64 where money was expected.
var ErrNotFinite = errors.New("not a finite number")

// Decimal converts a simulation number to money. It returns ErrNotFinite for
// NaN and ±Inf, which have no decimal form.
func Decimal(f float64) (decimal.Decimal, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return decimal.Decimal{}, ErrNotFinite
	}
	return decimal.NewFromFloat(f), nil
}

// Float converts money to a simulation number, to the nearest float64.
// Decimals too large for a float64 come out as ±Inf; callers that accept user
// money check with Finite.
func Float(d decimal.Decimal) float64 {
	f, _ := d.Float64()
	return f
}

// Finite reports whether f is neither NaN nor infinite.
func Finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
