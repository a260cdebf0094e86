package risk

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// minCVaRBenchProblem is the problem of BenchmarkMinCVaR2000x12 and of
// scripts/highs_mincvar.py: 2,000 scenarios of 12 assets from
// randScenarios (seed 5, 55), benchProblem(12)'s caps and capacity row,
// and a least expected profit of half the greatest attainable.
func minCVaRBenchProblem(tb testing.TB) (*mat.Dense, *Constraints, float64) {
	src := rand.New(rand.NewPCG(5, 55))
	sc := randScenarios(src, 2000, 12)
	_, _, c := benchProblem(12)
	mean := make([]float64, 12)
	for j := range mean {
		mean[j] = stdMean(mat.Col(nil, j, sc))
	}
	wmax, err := MaxMean(mean, c)
	if err != nil {
		tb.Fatal(err)
	}
	return sc, c, 0.5 * optDot(mean, wmax)
}

func BenchmarkMinCVaR2000x12(b *testing.B) {
	sc, c, target := minCVaRBenchProblem(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MinCVaRTarget(0.95, sc, target, c); err != nil {
			b.Fatal(err)
		}
	}
}

// Each shape of the benchmark's problem (see benchShapes) has an answer
// that meets its constraints and whose CVaR is the solver's objective.
// With WATTFOLIO_MINCVAR_DATA set to a directory, the test also writes the
// data there for scripts/highs_mincvar.py: scenarios.csv (2,000 rows of 12
// profits), constraints.csv (rows "upper", "power" with the capacity as a
// 13th value, "mean" with the target as a 13th value) and go.csv (a row
// "cvar,shape,value" for each shape, then "weights,shape,w..."), every
// number with 17 significant digits.
func TestMinCVaRBenchData(t *testing.T) {
	sc, c, target := minCVaRBenchProblem(t)
	S, n := sc.Dims()
	mean := make([]float64, n)
	for j := range mean {
		mean[j] = stdMean(mat.Col(nil, j, sc))
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) }
	line := func(head []string, v ...float64) string {
		parts := append([]string(nil), head...)
		for _, x := range v {
			parts = append(parts, g(x))
		}
		return strings.Join(parts, ",") + "\n"
	}
	var goOut strings.Builder
	for _, sh := range benchShapes(sc, c, target) {
		w, obj, err := minCVaR("test", sh.level, sc, sh.minMean, sh.c, false)
		if err != nil {
			t.Fatalf("%s: %v", sh.name, err)
		}
		if v := violation(t, sh.c, w); v > 1e-12 {
			t.Errorf("%s: violation %g", sh.name, v)
		}
		if sh.minMean != nil {
			if m := optDot(mean, w); m < *sh.minMean-1e-12*math.Abs(*sh.minMean) {
				t.Errorf("%s: mean %.17g below the target %.17g", sh.name, m, *sh.minMean)
			}
		}
		if got := CVaR(sh.level, profitsOf(sc, w)); math.Abs(got-obj) > 1e-12*math.Abs(got) {
			t.Errorf("%s: objective %.17g, CVaR of the weights %.17g", sh.name, obj, got)
		}
		goOut.WriteString(line([]string{"cvar", sh.name}, obj))
		goOut.WriteString(line([]string{"weights", sh.name}, w...))
	}
	dir := os.Getenv("WATTFOLIO_MINCVAR_DATA")
	if dir == "" {
		return
	}
	var scen strings.Builder
	for s := 0; s < S; s++ {
		scen.WriteString(line(nil, sc.RawRowView(s)...))
	}
	cons := line([]string{"upper"}, c.Upper...) +
		line([]string{"power"}, append(mat.Row(nil, 0, c.A), c.B[0])...) +
		line([]string{"mean"}, append(mean, target)...)
	for name, body := range map[string]string{"scenarios.csv": scen.String(), "constraints.csv": cons, "go.csv": goOut.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
