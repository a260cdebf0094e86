package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestMaxMean(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name string
		mean []float64
		c    *Constraints
		want []float64
		err  error
	}{
		{"budget picks best", []float64{0.1, 0.3, 0.2}, budget(3, nil, nil), []float64{0, 1, 0}, nil},
		{"caps spill over", []float64{0.1, 0.3, 0.2}, budget(3, nil, []float64{1, 0.5, 0.3}), []float64{0.2, 0.5, 0.3}, nil},
		{"no constraints, all negative", []float64{-1, -2}, nil, []float64{0, 0}, nil},
		{"no constraints, one positive", []float64{-1, 2}, nil, nil, ErrUnbounded},
		{"free variable", []float64{1, 1}, &Constraints{Lower: []float64{-inf, 0}, Upper: []float64{inf, 2}}, nil, ErrUnbounded},
		{"short below, capped above", []float64{-1, 1}, &Constraints{Lower: []float64{-inf, -1}, Upper: []float64{3, 2}, Aeq: mat.NewDense(1, 2, []float64{1, 1}), Beq: []float64{1}}, []float64{-1, 2}, nil},
		{"capacity row", []float64{3, 2}, &Constraints{A: mat.NewDense(2, 2, []float64{2, 1, 1, 1}), B: []float64{4, 3}}, []float64{1, 2}, nil},
		{"fixed weight", []float64{1, 1}, &Constraints{Lower: []float64{0.5, 0}, Upper: []float64{0.5, 2}}, []float64{0.5, 2}, nil},
		{"infeasible", []float64{1, 1}, budget(2, nil, []float64{0.4, 0.4}), nil, ErrInfeasible},
		{"dependent equalities", []float64{1, 2}, &Constraints{Upper: []float64{1, 1}, Aeq: mat.NewDense(2, 2, []float64{1, 1, 3, 3}), Beq: []float64{1, 3}}, []float64{0, 1}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, err := MaxMean(tc.mean, tc.c)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range w {
				if math.Abs(w[i]-tc.want[i]) > 1e-12 {
					t.Fatalf("w = %v, want %v", w, tc.want)
				}
			}
		})
	}
}

// The LP optimum is no worse than any vertex of a brute-force grid. A trial
// whose caps sum to less than the budget of 1 has no feasible weights and
// must give ErrInfeasible; at least minSolved of the trials must be solved.
func TestMaxMeanGrid(t *testing.T) {
	const trials, minSolved = 30, 29
	src := rand.New(rand.NewPCG(8, 9))
	solved := 0
	for trial := 0; trial < trials; trial++ {
		mean := []float64{src.NormFloat64(), src.NormFloat64(), src.NormFloat64()}
		up := []float64{0.2 + src.Float64(), 0.2 + src.Float64(), 0.2 + src.Float64()}
		c := budget(3, nil, up)
		w, err := MaxMean(mean, c)
		if infeasible := up[0]+up[1]+up[2] < 1; infeasible || errors.Is(err, ErrInfeasible) {
			if !infeasible || !errors.Is(err, ErrInfeasible) {
				t.Errorf("trial %d: caps %v (sum %g), err = %v", trial, up, up[0]+up[1]+up[2], err)
			}
			checkInfeasible(t, c, 3)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		solved++
		ok := func(x []float64) bool { return x[0] <= up[0] && x[1] <= up[1] && x[2] <= up[2] }
		best, _ := gridMin(3, 1.0/200, ok, func(x []float64) float64 { return -optDot(mean, x) })
		if got := -optDot(mean, w); got > best+1e-12 {
			t.Errorf("trial %d: %g worse than grid %g", trial, got, best)
		}
		if v := violation(t, c, w); v > 1e-12 {
			t.Errorf("violation %g", v)
		}
	}
	if solved < minSolved {
		t.Errorf("%d of %d trials solved, want at least %d", solved, trials, minSolved)
	}
	t.Logf("%d of %d trials solved", solved, trials)
}
