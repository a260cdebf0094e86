package market

import (
	"math"
	"testing"
)

func TestPoisson(t *testing.T) {
	// Mean and variance λ, also for λ split into pieces of 16.
	for _, lambda := range []float64{0.04, 3, 40} {
		rng := newRand(3)
		const n = 100_000
		var s, s2 float64
		for i := 0; i < n; i++ {
			k := poisson(rng.Float64(), rng, lambda)
			s += k
			s2 += k * k
		}
		mean := s / n
		v := s2/n - mean*mean
		within(t, "Poisson mean", mean, lambda, math.Sqrt(lambda/n))
		if math.Abs(v-lambda) > 0.03*lambda {
			t.Errorf("Poisson(%v) variance %v", lambda, v)
		}
	}
}
