package market

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestBetaTableMatchesQuantile checks the table's Newton steps against
// gonum's Beta.Quantile at every cell, over shapes from the default
// (utilization 0.85, concentration 40) to a flat Beta, U-shaped ones and
// a concentration of 10^6, and that the table never decreases.
func TestBetaTableMatchesQuantile(t *testing.T) {
	for _, s := range []struct{ u, k float64 }{
		{0.85, 40}, {0.5, 2}, {0.5, 1}, {0.2, 1}, {0.99, 10}, {0.01, 500}, {0.85, 1e6}, {0.97, 3}, {0.5, 0.2},
	} {
		b := distuv.Beta{Alpha: s.u * s.k, Beta: (1 - s.u) * s.k}
		sim := &Simulator{}
		if !sim.betaTable(b) {
			t.Fatalf("u %v k %v: not all numbers", s.u, s.k)
		}
		worst := 0.0
		for i := range utilTableSize {
			want := min(max(b.Quantile((float64(i)+0.5)/utilTableSize), 0), 1)
			got := sim.util[i+1]
			worst = max(worst, math.Abs(got-want))
			if i > 0 && got < sim.util[i] {
				t.Fatalf("u %v k %v: cell %d: %v after %v", s.u, s.k, i, got, sim.util[i])
			}
		}
		if worst > 1e-12 {
			t.Errorf("u %v k %v: the table is %g from Beta.Quantile", s.u, s.k, worst)
		}
	}
}

// BenchmarkBetaTable builds the default model's utilization table.
func BenchmarkBetaTable(b *testing.B) {
	beta := distuv.Beta{Alpha: 0.85 * 40, Beta: 0.15 * 40}
	sim := &Simulator{}
	for b.Loop() {
		sim.betaTable(beta)
	}
}
