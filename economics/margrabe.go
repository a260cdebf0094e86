package economics

import (
	"fmt"
	"math"
)

// Margrabe returns E[max(A - B, 0)] for jointly lognormal A and B with means
// a and b and with vol the standard deviation of log(A/B): Margrabe's (1978)
// price of the option to exchange B for A, without discounting,
//
//	a N(d1) - b N(d2),   d1 = (ln(a/b) + vol²/2) / vol,   d2 = d1 - vol,
//
// with N the standard normal CDF. With B known (vol the volatility of log A
// alone) it is Black's (1976) call on a forward a struck at b, at zero
// rates; with vol = σ√T, Margrabe(F, K, σ√T) is the undiscounted Black
// price of a call of maturity T.
//
// The value lies in [max(a - b, 0), a]; Margrabe(a, b, v) - Margrabe(b, a, v)
// = a - b (parity), and it grows with vol.
//
// Special cases: vol = 0 gives max(a - b, 0); vol = +Inf gives a.
//
// It panics if a or b is not positive and finite, or if vol is negative or
// NaN.
func Margrabe(a, b, vol float64) float64 {
	if !(a > 0) || math.IsInf(a, 1) || !(b > 0) || math.IsInf(b, 1) || !(vol >= 0) {
		panic(fmt.Sprintf("economics: Margrabe(%v, %v, %v): a and b must be positive and finite, vol neither negative nor NaN", a, b, vol))
	}
	return margrabe(a, b, math.Log(a)-math.Log(b), vol)
}

// margrabe is Margrabe for a, b >= 0 given lab = ln(a/b) (unused when a or
// b is 0): 0 when a is 0, a when b is 0. The in-the-money case goes through
// parity so that a small time value keeps its relative precision.
func margrabe(a, b, lab, vol float64) float64 {
	switch {
	case a == 0:
		return 0
	case b == 0:
		return a
	case vol == 0:
		return max(a-b, 0)
	case math.IsInf(vol, 1):
		return a
	}
	d1 := lab/vol + vol/2
	d2 := d1 - vol
	var v float64
	if a > b {
		// a - b plus the put: b N(-d2) - a N(-d1).
		v = a - b + max(b*normCDF(-d2)-a*normCDF(-d1), 0)
	} else {
		v = a*normCDF(d1) - b*normCDF(d2)
	}
	return min(max(v, a-b, 0), a)
}

// normCDF is the standard normal CDF.
func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
