package risk

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// benchProblem is a fixed n-asset problem: random covariance, means,
// per-asset caps and one capacity row (power per unit, as a site's grid
// connection imposes), from a fixed seed.
func benchProblem(n int) ([]float64, *mat.SymDense, *Constraints) {
	src := rand.New(rand.NewPCG(uint64(n), 77))
	cov := randCov(src, n, n+3, 0.2)
	mean := make([]float64, n)
	up := make([]float64, n)
	power := make([]float64, n)
	for i := range mean {
		mean[i] = 0.02 + 0.1*src.Float64()
		up[i] = 10 + 20*src.Float64()
		power[i] = 1 + src.Float64()
	}
	return mean, cov, &Constraints{Upper: up, A: mat.NewDense(1, n, power), B: []float64{float64(n) * 5}}
}

func BenchmarkFrontier50x12(b *testing.B) {
	mean, cov, c := benchProblem(12)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Frontier(mean, cov, c, 50); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMinVariance(b *testing.B) {
	for _, n := range []int{12, 50} {
		b.Run(fmt.Sprint("n=", n), func(b *testing.B) {
			mean, cov, c := benchProblem(n)
			// A minimum expected profit (half the largest) makes the problem
			// non-trivial.
			wmax, err := MaxMean(mean, c)
			if err != nil {
				b.Fatal(err)
			}
			c.A = mat.NewDense(2, n, append(mat.Row(nil, 0, c.A), negate(mean)...))
			c.B = append(c.B[:1:1], -0.5*optDot(mean, wmax))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := MinVariance(cov, c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func negate(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = -x
	}
	return out
}

func BenchmarkMinCVaR2000x12(b *testing.B) {
	src := rand.New(rand.NewPCG(5, 55))
	sc := randScenarios(src, 2000, 12)
	_, _, c := benchProblem(12)
	// Target half the largest achievable expected profit.
	mean := make([]float64, 12)
	for j := range mean {
		mean[j] = stdMean(mat.Col(nil, j, sc))
	}
	wmax, err := MaxMean(mean, c)
	if err != nil {
		b.Fatal(err)
	}
	target := 0.5 * optDot(mean, wmax)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MinCVaRTarget(0.95, sc, target, c); err != nil {
			b.Fatal(err)
		}
	}
}
