package economics_test

import (
	"math"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
)

// blackQuad returns E[max(a e^{vZ - v²/2} - b, 0)], Z standard normal, by
// composite Simpson integration of the smooth part of the payoff, z from
// the strike to 12 standard deviations: an evaluation that shares nothing
// with Margrabe's closed form.
func blackQuad(a, b, v float64) float64 {
	lo := (math.Log(b/a) + v*v/2) / v
	if lo < -12 {
		lo = -12
	}
	const hi, n = 12.0, 200_000
	h := (hi - lo) / n
	f := func(z float64) float64 {
		return (a*math.Exp(v*z-v*v/2) - b) * math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
	}
	sum := f(lo) + f(hi)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(lo+float64(i)*h)
	}
	return max(sum*h/3, 0)
}

func TestMargrabeValues(t *testing.T) {
	// At the money, d1 = v/2 and d2 = -v/2, so Black's call is
	// F (N(v/2) - N(-v/2)) = F erf(v / (2 sqrt 2)) (Hull, "Options,
	// Futures, and Other Derivatives", Black's model with zero rates).
	// 100 erf(0.2 / (2 sqrt 2)) = 7.965567455405796 (Python math.erf).
	if got, want := economics.Margrabe(100, 100, 0.2), 7.965567455405796; math.Abs(got-want) > 1e-12 {
		t.Errorf("Margrabe(100, 100, 0.2) = %.15g, want %.15g", got, want)
	}
	for _, c := range []struct {
		name    string
		a, b, v float64
	}{
		{"atm", 100, 100, 0.2},
		{"in the money", 110, 100, 0.3},
		{"out of the money", 90, 100, 0.25},
		{"far out", 1, 2, 0.1},
		{"far in, high vol", 2, 1, 1.5},
		{"small numbers", 5e-3, 4e-3, 0.05},
		{"large numbers", 3e8, 2.9e8, 0.7},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, want := economics.Margrabe(c.a, c.b, c.v), blackQuad(c.a, c.b, c.v)
			if math.Abs(got-want) > 1e-9*c.a {
				t.Errorf("Margrabe(%g, %g, %g) = %.12g, quadrature %.12g", c.a, c.b, c.v, got, want)
			}
		})
	}
}

func TestMargrabeProperties(t *testing.T) {
	pairs := [][2]float64{{100, 100}, {110, 100}, {1, 3}, {0.02, 0.019}, {7, 0.5}}
	for _, p := range pairs {
		a, b := p[0], p[1]
		// Parity: max(A-B, 0) - max(B-A, 0) = A - B.
		for _, v := range []float64{0, 1e-6, 0.1, 0.5, 2, 6} {
			if d := economics.Margrabe(a, b, v) - economics.Margrabe(b, a, v); math.Abs(d-(a-b)) > 1e-12*max(a, b) {
				t.Errorf("parity (%g, %g, %g): %g, want %g", a, b, v, d, a-b)
			}
		}
		// Limits: vol 0 is the intrinsic value, +Inf is a.
		if got := economics.Margrabe(a, b, 0); got != max(a-b, 0) {
			t.Errorf("Margrabe(%g, %g, 0) = %g", a, b, got)
		}
		if got := economics.Margrabe(a, b, 1e-9); math.Abs(got-max(a-b, 0)) > 1e-9*a {
			t.Errorf("Margrabe(%g, %g, 1e-9) = %g, want about %g", a, b, got, max(a-b, 0))
		}
		if got := economics.Margrabe(a, b, math.Inf(1)); got != a {
			t.Errorf("Margrabe(%g, %g, +Inf) = %g, want %g", a, b, got, a)
		}
		// Monotone in vol, within [max(a-b, 0), a].
		prev := max(a-b, 0)
		for v := 0.01; v < 20; v *= 1.3 {
			got := economics.Margrabe(a, b, v)
			if got < prev || got > a {
				t.Errorf("Margrabe(%g, %g, %g) = %g: not in [%g, %g]", a, b, v, got, prev, a)
			}
			prev = got
		}
	}
	for _, bad := range [][3]float64{{0, 1, 0.1}, {1, 0, 0.1}, {-1, 1, 0.1}, {1, math.Inf(1), 0.1}, {math.NaN(), 1, 0.1}, {1, 1, -0.1}, {1, 1, math.NaN()}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Margrabe%v did not panic", bad)
				}
			}()
			economics.Margrabe(bad[0], bad[1], bad[2])
		}()
	}
}
