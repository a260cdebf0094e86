package risk

import (
	"fmt"
	"math"
)

// Margrabe returns E[max(A - B, 0)] for jointly lognormal A and B with means
// a and b and with vol the standard deviation of log(A/B): the price of the
// option to exchange B for A (Margrabe, "The Value of an Option to Exchange
// One Asset for Another", Journal of Finance 33(1), 1978), without
// discounting,
//
//	a N(d1) - b N(d2),   d1 = (ln(a/b) + vol²/2) / vol,   d2 = d1 - vol,
//
// with N the standard normal CDF. With B known (vol the volatility of log A
// alone) it is Black's (1976) call on a forward a struck at b, at zero
// rates: with vol = σ√T, Margrabe(F, K, σ√T) is the undiscounted Black
// price of a call of maturity T. Curtailment is such an option: a miner
// that may switch off when power costs more than mining earns holds, each
// hour, the option to exchange the power cost for the mining revenue.
//
// The value lies in [max(a - b, 0), a]; Margrabe(a, b, v) - Margrabe(b, a, v)
// = a - b (parity), and it grows with vol. In the money (a > b) it is
// computed through parity, as a - b plus the put b N(-d2) - a N(-d1), so
// that a small time value keeps its relative precision.
//
// Special cases are:
//
//	Margrabe(0, b, vol) = 0
//	Margrabe(a, 0, vol) = a
//	Margrabe(a, +Inf, vol) = 0 for any vol
//	Margrabe(a, b, 0) = max(a - b, 0)
//	Margrabe(a, b, +Inf) = a
//
// It panics if a is negative, infinite or NaN, if b is negative or NaN, or
// if vol is negative or NaN.
func Margrabe(a, b, vol float64) float64 {
	if !(a >= 0) || math.IsInf(a, 1) || !(b >= 0) || !(vol >= 0) {
		panic(fmt.Sprintf("risk: Margrabe(%v, %v, %v): a must be finite, a and b not negative, vol neither negative nor NaN", a, b, vol))
	}
	switch {
	case a == 0 || math.IsInf(b, 1):
		return 0
	case b == 0:
		return a
	case vol == 0:
		return max(a-b, 0)
	case math.IsInf(vol, 1):
		return a
	}
	d1 := (math.Log(a)-math.Log(b))/vol + vol/2
	d2 := d1 - vol
	var v float64
	if a > b {
		v = a - b + max(b*normCDF(-d2)-a*normCDF(-d1), 0)
	} else {
		v = a*normCDF(d1) - b*normCDF(d2)
	}
	return min(max(v, a-b, 0), a)
}

// normCDF is the standard normal CDF.
func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
