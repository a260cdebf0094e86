package risk

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Bad data in the optimizers' arguments returns an error matching the
// sentinel whose message names the argument, never a panic.
func TestOptimizersBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	mean := []float64{1, 2, 0.5}
	cov := mat.NewSymDense(3, []float64{4, 1, 0, 1, 9, 0, 0, 0, 1})
	badCov := mat.NewSymDense(3, []float64{4, 1, 0, 1, nan, 0, 0, 0, 1})
	sc := mat.NewDense(4, 3, []float64{1, 2, -1, -1, 1, 3, 2, -1, 1, 0, 0, 1})
	badSc := mat.NewDense(4, 3, []float64{1, 2, -1, -1, 1, 3, 2, -1, 1, 0, inf, 1})
	c := budget(3, nil, []float64{1, 1, 1})
	badC := budget(3, []float64{0, nan, 0}, nil)
	call := func(f func() ([]float64, error)) func() error {
		return func() error { _, err := f(); return err }
	}
	for _, tc := range []struct {
		name, field string
		sentinel    error
		f           func() error
	}{
		{"MaxMean NaN mean", "mean[1] = NaN", ErrInvalid, call(func() ([]float64, error) { return MaxMean([]float64{1, nan, 0}, c) })},
		{"MaxMean Inf mean", "mean[0] = +Inf", ErrInvalid, call(func() ([]float64, error) { return MaxMean([]float64{inf, 1, 0}, c) })},
		{"MaxMean empty mean", "n", ErrConstraints, call(func() ([]float64, error) { return MaxMean(nil, nil) })},
		{"MaxMean NaN bound", "Lower[1]", ErrConstraints, call(func() ([]float64, error) { return MaxMean(mean, badC) })},
		{"MinVariance NaN cov", "cov(1, 1) = NaN", ErrInvalid, call(func() ([]float64, error) { return MinVariance(badCov, c) })},
		{"MinQuadratic NaN q", "q(1, 1) = NaN", ErrInvalid, call(func() ([]float64, error) { return MinQuadratic(badCov, nil, c) })},
		{"MinQuadratic Inf lin", "lin[2] = -Inf", ErrInvalid, call(func() ([]float64, error) { return MinQuadratic(cov, []float64{0, 0, -inf}, c) })},
		{"MeanVariance NaN lambda", "lambda = NaN", ErrInvalid, call(func() ([]float64, error) { return MeanVariance(mean, cov, nan, c) })},
		{"MeanVariance negative lambda", "lambda = -1", ErrInvalid, call(func() ([]float64, error) { return MeanVariance(mean, cov, -1, c) })},
		{"MeanVariance Inf lambda", "lambda = +Inf", ErrInvalid, call(func() ([]float64, error) { return MeanVariance(mean, cov, inf, c) })},
		{"MeanVariance NaN mean", "mean[2] = NaN", ErrInvalid, call(func() ([]float64, error) { return MeanVariance([]float64{1, 2, nan}, cov, 1, c) })},
		{"MeanVariance NaN cov", "cov(1, 1) = NaN", ErrInvalid, call(func() ([]float64, error) { return MeanVariance(mean, badCov, 1, c) })},
		{"MinVarianceTarget NaN target", "minMean = NaN", ErrInvalid, call(func() ([]float64, error) { return MinVarianceTarget(mean, cov, nan, c) })},
		{"MinVarianceTarget NaN mean", "mean[0] = NaN", ErrInvalid, call(func() ([]float64, error) { return MinVarianceTarget([]float64{nan, 1, 1}, cov, 1, c) })},
		{"MaxSharpe NaN riskFree", "riskFree = NaN", ErrInvalid, call(func() ([]float64, error) { return MaxSharpe(mean, cov, nan, c) })},
		{"MaxSharpe Inf mean", "mean[1] = +Inf", ErrInvalid, call(func() ([]float64, error) { return MaxSharpe([]float64{1, inf, 1}, cov, 0, c) })},
		{"MaxSharpe NaN cov", "cov(1, 1) = NaN", ErrInvalid, call(func() ([]float64, error) { return MaxSharpe(mean, badCov, 0, c) })},
		{"MinCVaR level 0", "level = 0", ErrInvalid, call(func() ([]float64, error) { return MinCVaR(0, sc, c) })},
		{"MinCVaR level 1", "level = 1", ErrInvalid, call(func() ([]float64, error) { return MinCVaR(1, sc, c) })},
		{"MinCVaR level 95", "level = 95", ErrInvalid, call(func() ([]float64, error) { return MinCVaR(95, sc, c) })},
		{"MinCVaR level NaN", "level = NaN", ErrInvalid, call(func() ([]float64, error) { return MinCVaR(nan, sc, c) })},
		{"MinCVaR Inf scenario", "scenarios(3, 1) = +Inf", ErrInvalid, call(func() ([]float64, error) { return MinCVaR(0.9, badSc, c) })},
		{"MinCVaR no scenarios", "scenarios = 0×0", ErrInvalid, call(func() ([]float64, error) { return MinCVaR(0.9, &mat.Dense{}, c) })},
		{"MinCVaR NaN bound", "Lower[1]", ErrConstraints, call(func() ([]float64, error) { return MinCVaR(0.9, sc, badC) })},
		{"MinCVaRTarget NaN target", "minMean = NaN", ErrInvalid, call(func() ([]float64, error) { return MinCVaRTarget(0.9, sc, nan, c) })},
		{"MinCVaRTarget level", "level = -0.5", ErrInvalid, call(func() ([]float64, error) { return MinCVaRTarget(-0.5, sc, 0, c) })},
		{"Frontier points 0", "points = 0", ErrInvalid, func() error { _, err := Frontier(mean, cov, c, 0); return err }},
		{"Frontier NaN mean", "mean[1] = NaN", ErrInvalid, func() error { _, err := Frontier([]float64{0, nan, 0}, cov, c, 3); return err }},
		{"Frontier NaN cov", "cov(1, 1) = NaN", ErrInvalid, func() error { _, err := Frontier(mean, badCov, c, 3); return err }},
	} {
		var err error
		if msg := stPanics(func() { err = tc.f() }); msg != "" {
			t.Errorf("%s: panicked: %s", tc.name, msg)
			continue
		}
		if !errors.Is(err, tc.sentinel) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: error %v, want %v naming %q", tc.name, err, tc.sentinel, tc.field)
		}
	}
}

// An infeasible target states the greatest attainable mean (MaxMean's)
// and still matches ErrInfeasible; infeasible constraints without the
// target stay plain ErrInfeasible.
func TestInfeasibleTargetStatesAttainable(t *testing.T) {
	mean := []float64{1, 2, 0.5}
	cov := mat.NewSymDense(3, []float64{4, 1, 0, 1, 9, 0, 0, 0, 1})
	// Column means 0.5, 0.5 and 1: the greatest attainable is 1.
	sc := mat.NewDense(4, 3, []float64{1, 2, -1, -1, 1, 3, 2, -1, 1, 0, 0, 1})
	c := budget(3, nil, []float64{1, 1, 1})
	for _, scale := range []float64{1, 1e150, 1e-300} {
		sScaled := mat.DenseCopyOf(sc)
		sScaled.Scale(scale, sScaled)
		for _, tc := range []struct {
			name       string
			f          func() error
			target     float64
			attainable float64
		}{
			{"MinCVaRTarget", func() error { _, err := MinCVaRTarget(0.9, sScaled, 2.5*scale, c); return err }, 2.5 * scale, scale},
			{"MinVarianceTarget", func() error { _, err := MinVarianceTarget(mean, cov, 2.5, c); return err }, 2.5, 2},
		} {
			err := tc.f()
			var te *TargetError
			if !errors.Is(err, ErrInfeasible) || !errors.As(err, &te) {
				t.Fatalf("%s ×%g: error %v, want a *TargetError", tc.name, scale, err)
			}
			if te.Target != tc.target || math.Abs(te.Attainable-tc.attainable) > 1e-12*tc.attainable {
				t.Errorf("%s ×%g: target %v, attainable %v; want %v, %v", tc.name, scale, te.Target, te.Attainable, tc.target, tc.attainable)
			}
			if !strings.Contains(err.Error(), "above the greatest attainable") {
				t.Errorf("%s: message %q", tc.name, err)
			}
		}
	}
	// The example, word for word.
	e := &TargetError{Target: 250, Attainable: 247.9}
	if got, want := e.Error(), "risk: constraints are infeasible: target mean 250 above the greatest attainable 247.9"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	// Close numbers print in full rather than as equal.
	e = &TargetError{Target: 250, Attainable: 249.9999999}
	if got := e.Error(); !strings.Contains(got, "250 above the greatest attainable 249.9999999") {
		t.Errorf("message %q", got)
	}
	// Constraints infeasible on their own: no attainable mean to state.
	bad := &Constraints{Upper: []float64{0.1, 0.1, 0.1}, Aeq: mat.NewDense(1, 3, []float64{1, 1, 1}), Beq: []float64{1}}
	for name, f := range map[string]func() error{
		"MinCVaRTarget":     func() error { _, err := MinCVaRTarget(0.9, sc, 0, bad); return err },
		"MinVarianceTarget": func() error { _, err := MinVarianceTarget(mean, cov, 0, bad); return err },
	} {
		err := f()
		var te *TargetError
		if !errors.Is(err, ErrInfeasible) || errors.As(err, &te) {
			t.Errorf("%s: error %v, want plain ErrInfeasible", name, err)
		}
	}
	// A feasible target: MinVarianceTarget meets it, and its variance is
	// the frontier's at that mean (Frontier's middle point of three, to
	// 1e-9).
	fr, err := Frontier(mean, cov, c, 3)
	if err != nil {
		t.Fatal(err)
	}
	w, err := MinVarianceTarget(mean, cov, fr[1].Mean, c)
	if err != nil {
		t.Fatal(err)
	}
	if m, sd := optDot(mean, w), math.Sqrt(quad(cov, w)); m < fr[1].Mean-1e-9 || math.Abs(sd-fr[1].StdDev) > 1e-9 {
		t.Errorf("MinVarianceTarget mean %v sd %v, frontier %v %v", m, sd, fr[1].Mean, fr[1].StdDev)
	}
}

// Scenario profits of any magnitude give the same MinCVaR weights (CVaR is
// homogeneous): 1e150 per unit was misread as unbounded and 1e-300 as flat
// before the solver scaled them.
func TestMinCVaRScaleInvariant(t *testing.T) {
	sc := mat.NewDense(4, 3, []float64{1, 2, -1, -1, 1, 3, 2, -1, 1, 0, 0, 1})
	c := budget(3, nil, []float64{1, 1, 1})
	want, err := MinCVaR(0.9, sc, c)
	if err != nil {
		t.Fatal(err)
	}
	for _, scale := range []float64{1e150, 1e300, 1e-300, 0x1p-1060} {
		s := mat.DenseCopyOf(sc)
		s.Scale(scale, s)
		got, err := MinCVaR(0.9, s, c)
		if err != nil {
			t.Fatalf("×%g: %v", scale, err)
		}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-9 {
				t.Errorf("×%g: weights %v, want %v", scale, got, want)
				break
			}
		}
	}
}

// A frontier over means near the float64 limit spreads from the
// minimum-variance mean to the greatest one; before, |m0|+|m1| overflowed,
// then the relaxation step's 0 × Inf made the target NaN, then the target
// row's norm overflowed, and every point was the minimum-variance one.
func TestFrontierHugeMeans(t *testing.T) {
	mean := []float64{1e308, 1.7e308, 0.5e308}
	cov := mat.NewSymDense(3, []float64{4, 1, 0, 1, 9, 0, 0, 0, 1})
	fr, err := Frontier(mean, cov, budget(3, nil, []float64{1, 1, 1}), 3)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(fr[2].Mean-1.7e308) > 1e-12*1.7e308 || !(fr[1].Mean > fr[0].Mean && fr[2].Mean > fr[1].Mean) {
		t.Errorf("frontier means %v, %v, %v: want increasing to 1.7e308 (to 1e-12)", fr[0].Mean, fr[1].Mean, fr[2].Mean)
	}
}

// MeanVariance with a risk aversion so large that 2λΣ overflows gives the
// minimum-variance weights (to 1e-9), not a failure on an infinite matrix.
func TestMeanVarianceHugeLambda(t *testing.T) {
	mean := []float64{1, 2, 0.5}
	cov := mat.NewSymDense(3, []float64{4, 1, 0, 1, 9, 0, 0, 0, 1})
	c := budget(3, nil, []float64{1, 1, 1})
	want, err := MinVariance(cov, c)
	if err != nil {
		t.Fatal(err)
	}
	for _, lambda := range []float64{1e300, math.MaxFloat64} {
		got, err := MeanVariance(mean, cov, lambda, c)
		if err != nil {
			t.Fatalf("lambda %g: %v", lambda, err)
		}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-9 {
				t.Errorf("lambda %g: weights %v, MinVariance %v", lambda, got, want)
				break
			}
		}
	}
}
