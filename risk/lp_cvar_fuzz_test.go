package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// FuzzMinCVaRLarge: problems with at least cvarCrashMin scenarios (so
// MinCVaR starts from its crash) at any level, in four shapes (long-only
// budget, [-3, 3] with Σw = 1, market-neutral [-3, 3] with a least mean,
// and capped weights with no budget), never panic; an answer is feasible
// and its CVaR is the solver's objective to 1e-9 relative. The fuzz
// corpus of FuzzMinCVaR covers small problems.
func FuzzMinCVaRLarge(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint16(0), 0.95, uint8(0))
	f.Add(uint64(2), uint8(5), uint16(300), 0.5, uint8(1))
	f.Add(uint64(3), uint8(1), uint16(40), 0.999, uint8(2))
	f.Add(uint64(4), uint8(6), uint16(499), 0.01, uint8(3))
	f.Fuzz(func(t *testing.T, seed uint64, nn uint8, extra uint16, level float64, shape uint8) {
		if !(level > 0 && level < 1) {
			return
		}
		n := 1 + int(nn)%6
		S := cvarCrashMin + int(extra)%500
		src := rand.New(rand.NewPCG(seed, 81))
		sc := randScenarios(src, S, n)
		var c *Constraints
		var minMean *float64
		switch shape % 4 {
		case 0:
			c = budget(n, nil, nil)
		case 1:
			c = boxSum(n, -3, 3, 1)
		case 2:
			c = boxSum(n, -3, 3, 0)
			m := 0.01
			minMean = &m
		default:
			up := make([]float64, n)
			for i := range up {
				up[i] = 1 + src.Float64()
			}
			c = &Constraints{Upper: up}
		}
		w, obj, err := minCVaR("fuzz", level, sc, minMean, c, false)
		if err != nil {
			if !errors.Is(err, ErrInfeasible) && !errors.Is(err, ErrUnbounded) {
				t.Fatalf("n %d S %d level %v shape %d: %v", n, S, level, shape%4, err)
			}
			return
		}
		if v := violation(t, c, w); v > 1e-9 {
			t.Fatalf("violation %g", v)
		}
		if got := CVaR(level, profitsOf(sc, w)); math.Abs(got-obj) > 1e-9*(1+math.Abs(got)) {
			t.Fatalf("objective %.17g, CVaR of the weights %.17g", obj, got)
		}
	})
}
