package market

import (
	"errors"
	"math"
	"testing"
)

var fitInf = math.Inf(1)

func TestBoundRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		b    bound
		v    []float64
	}{
		{"free", bound{-fitInf, fitInf}, []float64{-3, 0, 2.5}},
		{"positive", bound{0, fitInf}, []float64{1e-6, 0.5, 40}},
		{"above 2", bound{2, fitInf}, []float64{2.001, 3, 100}},
		{"below 1", bound{-fitInf, 1}, []float64{-50, 0, 0.999}},
		{"interval", bound{-1, 1}, []float64{-0.999, -0.05, 0, 0.7}},
	}
	for _, tt := range tests {
		for _, v := range tt.v {
			u := tt.b.free(v)
			if got := tt.b.value(u); math.Abs(got-v) > 1e-12*math.Max(1, math.Abs(v)) {
				t.Errorf("%s: value(free(%v)) = %v", tt.name, v, got)
			}
			// deriv against a central difference of value; the step 1e-6
			// leaves an error of order 1e-12 relative in these smooth maps.
			h := 1e-6
			fd := (tt.b.value(u+h) - tt.b.value(u-h)) / (2 * h)
			if d := tt.b.deriv(u); math.Abs(d-fd) > 1e-7*math.Max(1, math.Abs(d)) {
				t.Errorf("%s: deriv(%v) = %v, central difference %v", tt.name, u, d, fd)
			}
		}
	}
	if v := (bound{0, 1}).free(1.5); !math.IsNaN(v) {
		t.Errorf("free(1.5) on (0, 1) = %v, want NaN", v)
	}
}

// The Rosenbrock function (minimum 0 at (1, 1)) searched inside bounds that
// contain the minimum, with and without an analytic gradient.
func TestMinimizeRosenbrock(t *testing.T) {
	f := func(x []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		return a*a + 100*b*b
	}
	fg := func(g, x []float64) float64 {
		if g != nil {
			g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
			g[1] = 200 * (x[1] - x[0]*x[0])
		}
		return f(x)
	}
	bounds := []bound{{-5, 5}, {0, fitInf}}
	start := []float64{-1.2, 1}
	for _, analytic := range []bool{false, true} {
		var x []float64
		var fmin float64
		var err error
		if analytic {
			x, fmin, err = minimizeFG(fg, true, start, bounds)
		} else {
			x, fmin, err = minimize(f, start, bounds)
		}
		if err != nil {
			t.Fatalf("analytic %v: %v", analytic, err)
		}
		// Converged to a gradient of at most 1e-5 in free space; near the
		// minimum f grows as the square of the distance, scaled by the
		// Hessian's smallest eigenvalue (about 0.4), so x is within 1e-4.
		if math.Abs(x[0]-1) > 1e-4 || math.Abs(x[1]-1) > 1e-4 || fmin > 1e-8 {
			t.Errorf("analytic %v: minimum %v at %v, want 0 at (1, 1)", analytic, fmin, x)
		}
	}
}

// A minimum outside the box is approached, never crossed: the result stays
// inside (0, 1) and the search reports no convergence or a point near 1.
func TestMinimizeStaysInside(t *testing.T) {
	f := func(x []float64) float64 { return (x[0] - 3) * (x[0] - 3) }
	x, _, _ := minimize(f, []float64{0.5}, []bound{{0, 1}})
	if !(x[0] > 0.99 && x[0] <= 1) {
		t.Errorf("x = %v, want in (0.99, 1]", x[0])
	}
}

func TestMinimizeErrors(t *testing.T) {
	f := func(x []float64) float64 { return x[0] * x[0] }
	if _, _, err := minimize(f, []float64{-1}, []bound{{0, fitInf}}); !errors.Is(err, ErrFit) {
		t.Errorf("start outside bound: %v, want ErrFit", err)
	}
	nan := func(x []float64) float64 { return math.NaN() }
	if _, _, err := minimize(nan, []float64{1}, []bound{{-fitInf, fitInf}}); !errors.Is(err, ErrFit) {
		t.Errorf("NaN objective: %v, want ErrFit", err)
	}
	if !panics(func() { minimize(f, []float64{1, 2}, []bound{{-fitInf, fitInf}}) }) {
		t.Error("mismatched start and bounds did not panic")
	}
	if !panics(func() { stdErrors(f, []float64{1}, nil) }) {
		t.Error("mismatched theta and names did not panic")
	}
}

// normalNLL is the negative log-likelihood of x under N(mu, sigma²).
func normalNLL(x []float64) func(theta []float64) float64 {
	return func(theta []float64) float64 {
		mu, sigma := theta[0], theta[1]
		s := 0.0
		for _, v := range x {
			d := (v - mu) / sigma
			s += 0.5*d*d + math.Log(sigma) + 0.5*math.Log(2*math.Pi)
		}
		return s
	}
}

// The observed information of a normal sample at its MLE (mean m, standard
// deviation s, divisor n) is diag(n/s², 2n/s²): standard errors s/√n and
// s/√(2n) (any statistics text; e.g. Casella and Berger, Statistical
// Inference, 2nd ed., example 7.2.11). The central differences carry an
// error of order h² = 1e-8 relative; 1e-6 leaves room for rounding.
func TestStdErrorsNormal(t *testing.T) {
	x := []float64{1.2, -0.3, 0.8, 2.1, 0.4, -1.1, 0.9, 1.7, 0.2, 0.6}
	n := float64(len(x))
	m, s := 0.0, 0.0
	for _, v := range x {
		m += v
	}
	m /= n
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	s = math.Sqrt(s / n)
	nll := normalNLL(x)
	want := []float64{s / math.Sqrt(n), s / math.Sqrt(2*n)}

	se, err := stdErrors(nll, []float64{m, s}, []string{"mu", "sigma"})
	if err != nil {
		t.Fatal(err)
	}
	fg := func(g, theta []float64) float64 {
		if g != nil {
			mu, sigma := theta[0], theta[1]
			g[0], g[1] = 0, 0
			for _, v := range x {
				d := (v - mu) / sigma
				g[0] -= d / sigma
				g[1] += (1 - d*d) / sigma
			}
		}
		return nll(theta)
	}
	seFG, err := stdErrorsFG(fg, []float64{m, s}, []string{"mu", "sigma"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Abs(se[i]/want[i]-1) > 1e-6 {
			t.Errorf("stdErrors[%d] = %v, want %v", i, se[i], want[i])
		}
		if math.Abs(seFG[i]/want[i]-1) > 1e-6 {
			t.Errorf("stdErrorsFG[%d] = %v, want %v", i, seFG[i], want[i])
		}
	}

	// The MLE found by minimize from elsewhere is the closed form.
	got, _, err := minimize(func(th []float64) float64 { return nll(th) / n }, []float64{0, 1}, []bound{{-fitInf, fitInf}, {0, fitInf}})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got[0]-m) > 1e-6 || math.Abs(got[1]-s) > 1e-6 {
		t.Errorf("minimize: (%v, %v), want (%v, %v)", got[0], got[1], m, s)
	}
}

// A likelihood flat in one parameter (it depends on a + b only) has a
// singular observed information: the error names the parameters.
func TestStdErrorsNotIdentified(t *testing.T) {
	f := func(th []float64) float64 { d := th[0] + th[1] - 1; return d * d }
	_, err := stdErrors(f, []float64{0.5, 0.5}, []string{"a", "b"})
	if !errors.Is(err, ErrFit) {
		t.Fatalf("flat direction: %v, want ErrFit", err)
	}
	// A maximum is not a minimum either.
	g := func(th []float64) float64 { return -th[0] * th[0] }
	if _, err := stdErrors(g, []float64{0}, []string{"a"}); !errors.Is(err, ErrFit) {
		t.Errorf("maximum: %v, want ErrFit", err)
	}
	h := func(th []float64) float64 { return math.Inf(1) }
	if _, err := stdErrors(h, []float64{0}, []string{"a"}); !errors.Is(err, ErrFit) {
		t.Errorf("infinite: %v, want ErrFit", err)
	}
}
