package num

import (
	"math"
	"math/rand/v2"
	"testing"
)

func ulps(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(a-b) / (math.Nextafter(b, math.Inf(1)) - b)
}

func TestExpAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	check := func(x float64) {
		got, want := Exp(x), math.Exp(x)
		if u := ulps(got, want); u > worst {
			worst = u
		}
	}
	for range 1_000_000 {
		check(rng.Float64()*1400 - 700)
		check(rng.NormFloat64())
		check(rng.NormFloat64() * 1e-3)
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, math.Ln2, 1e-300, -1e-300, 699.99, -699.99} {
		check(x)
	}
	// math.Exp is itself within 1 ulp, so 2 ulp of it is 3 ulp of the truth at worst.
	if worst > 2 {
		t.Errorf("worst error %v ulp of math.Exp", worst)
	}
	t.Logf("worst error %.3g ulp of math.Exp", worst)
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 710, -746, 1000} {
		if a, b := Exp(x), math.Exp(x); a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
			t.Errorf("Exp(%v) = %v, math.Exp %v", x, a, b)
		}
	}
	if Exp(0) != 1 {
		t.Errorf("Exp(0) = %v", Exp(0))
	}
}

func BenchmarkExp(b *testing.B) {
	x, s := 0.1234, 0.0
	for b.Loop() {
		s += Exp(x)
		x += 1e-9
	}
	_ = s
}

func BenchmarkMathExp(b *testing.B) {
	x, s := 0.1234, 0.0
	for b.Loop() {
		s += math.Exp(x)
		x += 1e-9
	}
	_ = s
}
