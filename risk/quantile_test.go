package risk

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// stProfits is a small unsorted sample with negatives, a zero and no ties,
// used across the statistics tests.
var stProfits = []float64{-3.2, 1.5, 0.7, -8.1, 4.4, 2.2, -0.5, 6.3, -1.9, 3.0, 0.0, -4.6, 5.1}

// stClose reports whether got is within tol of want, absolutely or
// relatively to |want|, whichever is looser.
func stClose(got, want, tol float64) bool {
	if got == want {
		return true
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// stPanics runs f and returns the panic message, or "" if f did not panic.
func stPanics(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			s, ok := r.(string)
			if !ok {
				s = "non-string panic"
			}
			msg = s
		}
	}()
	f()
	return ""
}

// stRandom returns n values drawn from a seeded mixture with heavy left
// tail and many ties at zero, like curtailed mining profits.
func stRandom(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		switch u := rng.Float64(); {
		case u < 0.1:
			x[i] = 0
		case u < 0.2:
			x[i] = -math.Exp(2 * rng.NormFloat64())
		default:
			x[i] = rng.NormFloat64()*3 + 0.5
		}
	}
	return x
}

func TestQuantileGolden(t *testing.T) {
	// Type 7 values: numpy 1.24.2 numpy.quantile(P, p) (default method
	// "linear"), confirmed with R 4.2.2 quantile(P, p, type = 7).
	// Type 1 values: numpy.quantile(P, p, method="inverted_cdf"),
	// confirmed with R 4.2.2 quantile(P, p, type = 1).
	// P is stProfits.
	x10 := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	tests := []struct {
		name string
		x    []float64
		p    float64
		kind QuantileKind
		want float64
	}{
		// numpy.percentile(range(1, 11), 5) = 1.45; R quantile(1:10, 0.05) = 1.45.
		{"x10 p0.05 t7", x10, 0.05, Type7, 1.45},
		// R quantile(1:10, c(0.05, 0.3, 0.5), type = 1) = 1, 3, 5.
		{"x10 p0.05 t1", x10, 0.05, Type1, 1},
		{"x10 p0.3 t1 (n*p rounds above 3)", x10, 0.3, Type1, 3},
		{"x10 p0.5 t1", x10, 0.5, Type1, 5},
		{"x10 p0 t7", x10, 0, Type7, 1},
		{"x10 p1 t7", x10, 1, Type7, 10},
		{"x10 p0 t1", x10, 0, Type1, 1},
		{"x10 p1 t1", x10, 1, Type1, 10},
		{"P p0 t7", stProfits, 0, Type7, -8.1},
		{"P p0.05 t7", stProfits, 0.05, Type7, -5.999999999999999},
		{"P p0.1 t7", stProfits, 0.1, Type7, -4.319999999999999},
		{"P p0.25 t7", stProfits, 0.25, Type7, -1.9},
		{"P p0.3 t7", stProfits, 0.3, Type7, -1.0600000000000005},
		{"P p0.5 t7", stProfits, 0.5, Type7, 0.7},
		{"P p0.75 t7", stProfits, 0.75, Type7, 3.0},
		{"P p0.9 t7", stProfits, 0.9, Type7, 4.96},
		{"P p1 t7", stProfits, 1, Type7, 6.3},
		{"P p0.05 t1", stProfits, 0.05, Type1, -8.1},
		{"P p0.1 t1", stProfits, 0.1, Type1, -4.6},
		{"P p0.3 t1", stProfits, 0.3, Type1, -1.9},
		{"P p0.9 t1", stProfits, 0.9, Type1, 5.1},
		{"single", []float64{42}, 0.37, Type7, 42},
		{"single t1", []float64{42}, 0.37, Type1, 42},
		{"ties", []float64{2, 2, 2, 1, 2}, 0.5, Type7, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Quantile(tc.p, tc.kind, tc.x)
			if !stClose(got, tc.want, 1e-12) {
				t.Errorf("Quantile(%v, %v) = %v, want %v", tc.p, tc.kind, got, tc.want)
			}
		})
	}
}

// stSortedQuantile is the reference: sort a copy and apply the definition.
func stSortedQuantile(p float64, kind QuantileKind, x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	n := len(s)
	if kind == Type1 {
		j := int(math.Ceil(snapIndex(float64(n)*p))) - 1
		return s[max(j, 0)]
	}
	h := snapIndex(float64(n-1) * p)
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return s[n-1]
	}
	return lerpMonotone(s[lo], s[lo+1], h-float64(lo))
}

func TestQuantileMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ps := []float64{0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1}
	for _, n := range []int{1, 2, 3, 7, 13, 64, 129, 1000, 4097} {
		x := stRandom(rng, n)
		for _, kind := range []QuantileKind{Type7, Type1} {
			dst := QuantilesTo(make([]float64, len(ps)), ps, kind, x)
			for i, p := range ps {
				want := stSortedQuantile(p, kind, x)
				if got := Quantile(p, kind, x); got != want {
					t.Errorf("n=%d %v p=%v: Quantile = %v, want %v", n, kind, p, got, want)
				}
				if dst[i] != want {
					t.Errorf("n=%d %v p=%v: QuantilesTo = %v, want %v", n, kind, p, dst[i], want)
				}
			}
		}
	}
}

// On either side of selectMinLen, where Type7 moves from selection on a
// copy to a Selector, QuantilesTo still agrees with sorting, leaves x as it
// was and panics on bad input.
func TestQuantilesToAcrossSelectMinLen(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	ps := []float64{0.95, 0, 0.05, 0.5, 0.25, 1, 0.05, 0.001, 0.999}
	for _, n := range []int{selectMinLen - 1, selectMinLen, 3*selectMinLen + 1} {
		outlier := stRandom(rng, n)
		outlier[7] = 1e200 // the rest crowd into one bucket: selection
		huge := stRandom(rng, n)
		huge[3], huge[4] = -1e308, 1e308 // a range beyond float64: selection
		for name, x := range map[string][]float64{
			"mixed":      stRandom(rng, n),
			"signed 0s":  stSignedZeros(rng, n),
			"outlier":    outlier,
			"huge range": huge,
		} {
			orig := slices.Clone(x)
			for _, kind := range []QuantileKind{Type7, Type1} {
				dst := QuantilesTo(make([]float64, len(ps)), ps, kind, x)
				for i, p := range ps {
					if want := stSortedQuantile(p, kind, x); dst[i] != want { // == : a zero's sign may differ
						t.Errorf("%s, n=%d, %v, p=%v: QuantilesTo = %v, want %v", name, n, kind, p, dst[i], want)
					}
				}
			}
			if !slices.Equal(x, orig) {
				t.Fatalf("%s, n=%d: x modified", name, n)
			}
		}
		bad := stRandom(rng, n)
		bad[n/2] = math.NaN()
		for name, f := range map[string]func(){
			"NaN":   func() { Quantile(0.5, Type7, bad) },
			"p > 1": func() { Quantile(1.5, Type7, stRandom(rng, n)) },
		} {
			if msg := stPanics(f); !strings.HasPrefix(msg, "risk: ") {
				t.Errorf("n=%d, %s: panic %q", n, name, msg)
			}
		}
	}
}

// stSignedZeros returns n values of which half are 0 or -0, the rest
// small integers.
func stSignedZeros(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		switch rng.IntN(4) {
		case 0:
			x[i] = math.Copysign(0, -1)
		case 1:
			x[i] = 0
		default:
			x[i] = float64(rng.IntN(7) - 3)
		}
	}
	return x
}

// Between two values whose difference overflows a float64, a type-7
// quantile is still the weighted mean of the two: with x = {-a, a} and
// p = 0.6, -0.4a + 0.6a = 0.2a (FuzzVaRCVaR's corpus entry
// b1a8cdd1a1b97b0d, where VaR came out +Inf).
func TestQuantileHugeRange(t *testing.T) {
	a := 1.6e308
	for _, n := range []int{2, selectMinLen} {
		x := make([]float64, n)
		for i := range x {
			x[i] = a * float64(2*(i%2)-1)
		}
		for _, p := range []float64{0.1, 0.4, 0.5, 0.6, 0.9} {
			got := Quantile(p, Type7, x)
			if math.IsInf(got, 0) || got < -a || got > a {
				t.Errorf("n=%d, p=%v: quantile %v", n, p, got)
			}
		}
		if v := VaR(0.4, x); math.IsInf(v, 0) {
			t.Errorf("n=%d: VaR %v", n, v)
		}
	}
	if got, want := Quantile(0.6, Type7, []float64{a, -a}), 0.2*a; math.Abs(got-want) > 1e-15*a {
		t.Errorf("Quantile(0.6, {a, -a}) = %v, want %v", got, want)
	}
}

func TestQuantilesToUnsortedProbabilities(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := stRandom(rng, 500)
	ps := []float64{0.9, 0.1, 0.5, 0.1, 1, 0, 0.2505, 0.2504}
	dst := QuantilesTo(make([]float64, len(ps)), ps, Type7, x)
	for i, p := range ps {
		if want := stSortedQuantile(p, Type7, x); dst[i] != want {
			t.Errorf("p=%v: got %v, want %v", p, dst[i], want)
		}
	}
}

func TestSelectNthAdversarial(t *testing.T) {
	// Inputs that defeat naive pivots: sorted, reversed, organ pipe, all
	// equal, two values. Each must select correctly (and terminate).
	n := 5000
	inputs := map[string][]float64{}
	asc := make([]float64, n)
	desc := make([]float64, n)
	pipe := make([]float64, n)
	same := make([]float64, n)
	two := make([]float64, n)
	for i := range n {
		asc[i] = float64(i)
		desc[i] = float64(n - i)
		pipe[i] = float64(min(i, n-i))
		same[i] = 7
		two[i] = float64(i % 2)
	}
	inputs["asc"], inputs["desc"], inputs["pipe"], inputs["same"], inputs["two"] = asc, desc, pipe, same, two
	for name, x := range inputs {
		want := slices.Clone(x)
		slices.Sort(want)
		for _, k := range []int{0, 1, n / 20, n / 2, n - 2, n - 1} {
			s := slices.Clone(x)
			selectNth(s, k)
			if s[k] != want[k] {
				t.Errorf("%s k=%d: got %v, want %v", name, k, s[k], want[k])
			}
			for i := range k {
				if s[i] > s[k] {
					t.Fatalf("%s k=%d: s[%d]=%v > s[k]", name, k, i, s[i])
				}
			}
			for i := k + 1; i < n; i++ {
				if s[i] < s[k] {
					t.Fatalf("%s k=%d: s[%d]=%v < s[k]", name, k, i, s[i])
				}
			}
		}
	}
}

func TestQuantileDoesNotReorder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1000, 2 * selectMinLen} {
		x := stRandom(rng, n)
		orig := slices.Clone(x)
		Quantile(0.3, Type7, x)
		Quantile(0.3, Type1, x)
		QuantilesTo(make([]float64, 3), []float64{0.1, 0.5, 0.9}, Type7, x)
		VaR(0.95, x)
		CVaR(0.95, x)
		VaRCVaR(0.99, x)
		ProbLoss(x)
		var s Selector
		s.Quantiles7To(make([]float64, 2), []float64{0.2, 0.8}, x)
		s.Tail(0.95, x)
		if !slices.Equal(x, orig) {
			t.Fatalf("n=%d: input slice was reordered", n)
		}
	}
}

func TestQuantilePanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"empty", func() { Quantile(0.5, Type7, nil) }},
		{"p<0", func() { Quantile(-0.1, Type7, []float64{1}) }},
		{"p>1", func() { Quantile(1.1, Type7, []float64{1}) }},
		{"p NaN", func() { Quantile(math.NaN(), Type7, []float64{1}) }},
		{"NaN in x", func() { Quantile(0.5, Type7, []float64{1, math.NaN()}) }},
		{"Inf in x", func() { Quantile(0.5, Type1, []float64{1, math.Inf(-1)}) }},
		{"kind", func() { Quantile(0.5, QuantileKind(9), []float64{1}) }},
		{"dst length", func() { QuantilesTo(make([]float64, 1), []float64{0.1, 0.2}, Type7, []float64{1}) }},
	}
	for _, tc := range tests {
		msg := stPanics(tc.f)
		if !strings.HasPrefix(msg, "risk: ") {
			t.Errorf("%s: panic %q, want one starting with \"risk: \"", tc.name, msg)
		}
	}
}

func TestQuantileKindString(t *testing.T) {
	if Type7.String() != "Type7" || Type1.String() != "Type1" || QuantileKind(5).String() != "QuantileKind(5)" {
		t.Error("QuantileKind.String")
	}
}
