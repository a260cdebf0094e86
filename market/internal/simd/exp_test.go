package simd

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

func TestExpToMatchesExp(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 code in this build (purego tag, not amd64, or a processor without AVX2): ExpTo would compare its loop with itself")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, 10_000)
	for i := range x {
		switch i % 4 {
		case 0:
			x[i] = rng.Float64()*1400 - 700
		case 1:
			x[i] = rng.NormFloat64()
		case 2:
			x[i] = rng.NormFloat64() * 300
		default:
			x[i] = rng.NormFloat64() * 1e-3
		}
	}
	x = append(x, math.NaN(), math.Inf(1), math.Inf(-1), 700, -700, 710, -746, 0, math.Copysign(0, -1))
	dst := ExpTo(make([]float64, len(x)+3), x)
	if len(dst) != len(x) {
		t.Fatalf("len %d, want %d", len(dst), len(x))
	}
	for i, v := range x {
		if a, b := dst[i], Exp(v); math.Float64bits(a) != math.Float64bits(b) && !(math.IsNaN(a) && math.IsNaN(b)) {
			t.Errorf("ExpTo(%v) = %v, Exp %v", v, a, b)
		}
	}
	// The loop alone, as on processors without vector instructions.
	loop := make([]float64, len(x))
	expLoop(loop, x, 0)
	for i := range x {
		if a, b := loop[i], dst[i]; math.Float64bits(a) != math.Float64bits(b) && !(math.IsNaN(a) && math.IsNaN(b)) {
			t.Errorf("expLoop(%v) = %v, ExpTo %v", x[i], a, b)
		}
	}
	// Special values in every lane of a vector and in the tail.
	for _, special := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 700, -700, 800, -800} {
		for at := range 7 {
			x := []float64{0.5, -1, 2, 3e-5, 10, -20, 1}
			x[at] = special
			got := ExpTo(make([]float64, len(x)), x)
			for i, v := range x {
				if a, b := got[i], Exp(v); math.Float64bits(a) != math.Float64bits(b) && !(math.IsNaN(a) && math.IsNaN(b)) {
					t.Errorf("ExpTo(%v)[%d] = %v, Exp(%v) = %v", x, i, a, v, b)
				}
			}
		}
	}
}

func TestExpToPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic on a short dst")
		}
	}()
	ExpTo(make([]float64, 1), make([]float64, 2))
}

func BenchmarkExpTo(b *testing.B) {
	x := make([]float64, 320)
	for i := range x {
		x[i] = float64(i)*1e-3 - 0.1
	}
	dst := make([]float64, len(x))
	for b.Loop() {
		ExpTo(dst, x)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(x)), "ns/exp")
}
