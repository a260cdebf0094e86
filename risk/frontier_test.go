package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The frontier runs from MinVariance to MaxMean, never steps back in mean
// or standard deviation, and each point is no worse than a grid search at
// its own mean. A trial whose caps sum to less than the budget of 1 has no
// feasible weights and must give ErrInfeasible; at least minSolved of the
// trials must give a frontier, minGrid of them with three assets.
func TestFrontierMonotone(t *testing.T) {
	const trials, minSolved, minGrid = 20, 20, 4
	src := rand.New(rand.NewPCG(20, 21))
	solved, gridded := 0, 0
	for trial := 0; trial < trials; trial++ {
		n := 2 + trial%5
		cov := randCov(src, n, n+1, 0.3)
		mean := make([]float64, n)
		up := make([]float64, n)
		for i := range mean {
			mean[i] = src.NormFloat64() * 0.1
			up[i] = 0.4 + src.Float64()
		}
		c := budget(n, nil, up)
		fr, err := Frontier(mean, cov, c, 25)
		capSum := 0.0
		for _, u := range up {
			capSum += u
		}
		if infeasible := capSum < 1; infeasible || errors.Is(err, ErrInfeasible) {
			if !infeasible || !errors.Is(err, ErrInfeasible) {
				t.Errorf("trial %d: caps %v (sum %g), err = %v", trial, up, capSum, err)
			}
			checkInfeasible(t, c, n)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		solved++
		if len(fr) != 25 {
			t.Fatalf("%d points", len(fr))
		}
		wmv, err := MinVariance(cov, c)
		if err != nil {
			t.Fatalf("trial %d: MinVariance: %v", trial, err)
		}
		if d := math.Abs(fr[0].StdDev - math.Sqrt(quad(cov, wmv))); d > 1e-12 {
			t.Errorf("first point is not MinVariance: %g", d)
		}
		wmm, err := MaxMean(mean, c)
		if err != nil {
			t.Fatalf("trial %d: MaxMean: %v", trial, err)
		}
		if d := math.Abs(fr[24].Mean - optDot(mean, wmm)); d > 1e-9 {
			t.Errorf("last point is not MaxMean: %g", d)
		}
		for k := 1; k < len(fr); k++ {
			tol := 1e-12 * (1 + math.Abs(fr[k].Mean) + fr[k].StdDev)
			if fr[k].Mean < fr[k-1].Mean-tol || fr[k].StdDev < fr[k-1].StdDev-tol {
				t.Errorf("trial %d: point %d (%g, %g) behind %d (%g, %g)", trial, k, fr[k].Mean, fr[k].StdDev, k-1, fr[k-1].Mean, fr[k-1].StdDev)
			}
			if v := violation(t, c, fr[k].Weights); v > 1e-12 {
				t.Errorf("violation %g", v)
			}
		}
		if n == 3 {
			gridded++
			for _, p := range fr {
				ok := func(x []float64) bool {
					return x[0] <= up[0] && x[1] <= up[1] && x[2] <= up[2] && optDot(mean, x) >= p.Mean-1e-15
				}
				best, bw := gridMin(3, 1.0/200, ok, func(x []float64) float64 { return quad(cov, x) })
				if bw != nil && p.StdDev*p.StdDev > best*(1+1e-9) {
					t.Errorf("frontier variance %g above grid %g", p.StdDev*p.StdDev, best)
				}
			}
		}
	}
	if solved < minSolved || gridded < minGrid {
		t.Errorf("%d of %d trials solved, %d against the grid; want at least %d and %d", solved, trials, gridded, minSolved, minGrid)
	}
	t.Logf("%d of %d trials solved, %d against the grid", solved, trials, gridded)
}

func TestFrontierFlatAndErrors(t *testing.T) {
	cov := mat.NewSymDense(2, []float64{1, 0, 0, 4})
	fr, err := Frontier([]float64{1, 1}, cov, budget(2, nil, nil), 4)
	if err != nil || len(fr) != 4 || fr[3].Weights[0] != fr[0].Weights[0] {
		t.Errorf("flat frontier: %v, %v", fr, err)
	}
	if _, err := Frontier([]float64{1, 2}, cov, nil, 4); !errors.Is(err, ErrUnbounded) {
		t.Errorf("err = %v, want ErrUnbounded", err)
	}
	if _, err := Frontier([]float64{1, 2}, cov, budget(2, nil, []float64{0.1, 0.1}), 4); !errors.Is(err, ErrInfeasible) {
		t.Errorf("err = %v, want ErrInfeasible", err)
	}
	one, err := Frontier([]float64{1, 2}, cov, budget(2, nil, nil), 1)
	if err != nil || len(one) != 1 || math.Abs(one[0].Weights[0]-0.8) > 1e-12 {
		t.Errorf("one point: %v, %v", one, err)
	}
}
