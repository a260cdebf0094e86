package risk

import (
	"math"
	"strings"
	"testing"

	gquad "gonum.org/v1/gonum/integrate/quad"
)

// stExchangeQuad returns E[max(a e^{vZ - v²/2} - b, 0)], Z standard normal,
// by Gauss-Legendre quadrature (gonum's quad.Fixed, 300 nodes) of the
// payoff times the normal density over z from the exercise boundary to 12:
// a second evaluation that shares nothing with Margrabe's closed form.
func stExchangeQuad(a, b, v float64) float64 {
	z0 := max((math.Log(b)-math.Log(a))/v+v/2, -12)
	payoff := func(z float64) float64 {
		return (a*math.Exp(v*z-v*v/2) - b) * math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
	}
	return gquad.Fixed(payoff, z0, 12, 300, gquad.Legendre{}, 0)
}

func TestMargrabeValues(t *testing.T) {
	// At the money d1 = v/2 and d2 = -v/2, so the call is
	// a (N(v/2) - N(-v/2)) = a erf(v / (2 sqrt 2)) (Black's model at zero
	// rates; Hull, "Options, Futures, and Other Derivatives"):
	// 100 erf(0.2 / (2 sqrt 2)) = 7.965567455405796 (Python 3 math.erf).
	if got, want := Margrabe(100, 100, 0.2), 7.965567455405796; math.Abs(got-want) > 1e-12 {
		t.Errorf("Margrabe(100, 100, 0.2) = %.16g, want %.16g", got, want)
	}
	tests := []struct {
		name    string
		a, b, v float64
	}{
		{"at the money", 100, 100, 0.2},
		{"in the money", 110, 100, 0.3},
		{"out of the money", 90, 100, 0.25},
		{"far out", 1, 2, 0.1},
		{"far in, high vol", 2, 1, 1.5},
		{"small numbers", 5e-3, 4e-3, 0.05},
		{"large numbers", 3e8, 2.9e8, 0.7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, want := Margrabe(tc.a, tc.b, tc.v), stExchangeQuad(tc.a, tc.b, tc.v)
			if math.Abs(got-want) > 1e-9*tc.a {
				t.Errorf("Margrabe(%g, %g, %g) = %.12g, quadrature %.12g", tc.a, tc.b, tc.v, got, want)
			}
		})
	}
}

func TestMargrabeSpecialCases(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		a, b, v, want float64
	}{
		{0, 5, 0.3, 0},
		{0, 0, 0.3, 0},
		{0, 5, inf, 0},
		{5, 0, 0.3, 5},
		{5, 0, 0, 5},
		{5, 0, inf, 5},
		{7, 5, 0, 2},
		{5, 7, 0, 0},
		{5, 7, inf, 5},
		{5, inf, 0.3, 0},
		{5, inf, 0, 0},
		{5, inf, inf, 0},
		{0, inf, 0.3, 0},
		{1e-300, 1e300, 2, 0},
	}
	for _, tc := range tests {
		if got := Margrabe(tc.a, tc.b, tc.v); got != tc.want {
			t.Errorf("Margrabe(%g, %g, %g) = %g, want %g", tc.a, tc.b, tc.v, got, tc.want)
		}
	}
}

func TestMargrabeProperties(t *testing.T) {
	pairs := [][2]float64{{100, 100}, {110, 100}, {1, 3}, {0.02, 0.019}, {7, 0.5}, {0, 4}, {4, 0}}
	for _, ab := range pairs {
		a, b := ab[0], ab[1]
		// Parity: max(A-B, 0) - max(B-A, 0) = A - B.
		for _, v := range []float64{0, 1e-6, 0.1, 0.5, 2, 6} {
			if d := Margrabe(a, b, v) - Margrabe(b, a, v); math.Abs(d-(a-b)) > 1e-12*max(a, b) {
				t.Errorf("parity at (%g, %g, %g): %g, want %g", a, b, v, d, a-b)
			}
		}
		// Limits: vol 0 gives the intrinsic value, vol +Inf gives a.
		if got := Margrabe(a, b, 0); got != max(a-b, 0) {
			t.Errorf("Margrabe(%g, %g, 0) = %g, want %g", a, b, got, max(a-b, 0))
		}
		if got := Margrabe(a, b, 1e-9); math.Abs(got-max(a-b, 0)) > 1e-9*a {
			t.Errorf("Margrabe(%g, %g, 1e-9) = %g, want about %g", a, b, got, max(a-b, 0))
		}
		if got := Margrabe(a, b, math.Inf(1)); got != a {
			t.Errorf("Margrabe(%g, %g, +Inf) = %g, want %g", a, b, got, a)
		}
		// Non-decreasing in vol, within [max(a-b, 0), a].
		prev := max(a-b, 0)
		for v := 0.01; v < 20; v *= 1.3 {
			got := Margrabe(a, b, v)
			if got < prev || got > a {
				t.Errorf("Margrabe(%g, %g, %g) = %g: not in [%g, %g]", a, b, v, got, prev, a)
			}
			prev = got
		}
	}
}

func TestMargrabePanics(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, bad := range [][3]float64{
		{-1, 1, 0.1}, {1, -1, 0.1}, {-inf, 1, 0.1}, {inf, 1, 0.1}, {inf, inf, 0.1},
		{nan, 1, 0.1}, {1, nan, 0.1}, {1, 1, -0.1}, {1, 1, -inf}, {1, 1, nan},
	} {
		msg := stPanics(func() { Margrabe(bad[0], bad[1], bad[2]) })
		if !strings.HasPrefix(msg, "risk: Margrabe") {
			t.Errorf("Margrabe%v: panic %q, want one starting with \"risk: Margrabe\"", bad, msg)
		}
	}
}
