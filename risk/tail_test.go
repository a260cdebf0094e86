package risk

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestVaRCVaRGolden(t *testing.T) {
	// VaR: minus numpy 1.24.2 numpy.quantile(P, 1-level) (R type 7 agrees),
	// P = stProfits.
	//
	// CVaR worked by hand from the sorted sample
	//   -8.1, -4.6, -3.2, -1.9, -0.5, 0, 0.7, 1.5, 2.2, 3.0, 4.4, 5.1, 6.3:
	//   level 0.90: k = 0.1*13 = 1.3, tail = -8.1 + 0.3*(-4.6) = -9.48,
	//               CVaR = 9.48/1.3 = 7.292307692307692...
	//   level 0.75: k = 0.25*13 = 3.25,
	//               tail = -8.1 - 4.6 - 3.2 + 0.25*(-1.9) = -16.375,
	//               CVaR = 16.375/3.25 = 5.038461538461538...
	//   level 0.95: k = 0.65 < 1, CVaR = 8.1 (the worst outcome).
	//   level 0.5:  k = 6.5, tail = -8.1-4.6-3.2-1.9-0.5-0 + 0.5*0.7 = -17.95,
	//               CVaR = 17.95/6.5 = 2.761538461538461...
	tests := []struct {
		level, varWant, cvarWant float64
	}{
		{0.90, 4.319999999999999, 9.48 / 1.3},
		{0.75, 1.9, 16.375 / 3.25},
		{0.95, 5.999999999999999, 8.1},
		{0.5, -0.7, 17.95 / 6.5},
	}
	for _, tc := range tests {
		v, c := VaR(tc.level, stProfits), CVaR(tc.level, stProfits)
		if !stClose(v, tc.varWant, 1e-12) {
			t.Errorf("VaR(%v) = %v, want %v", tc.level, v, tc.varWant)
		}
		if !stClose(c, tc.cvarWant, 1e-12) {
			t.Errorf("CVaR(%v) = %v, want %v", tc.level, c, tc.cvarWant)
		}
		v2, c2 := VaRCVaR(tc.level, stProfits)
		if v2 != v || c2 != c {
			t.Errorf("VaRCVaR(%v) = %v, %v, want %v, %v", tc.level, v2, c2, v, c)
		}
	}
}

func TestCVaRIntegerTail(t *testing.T) {
	// 100 values 1..100 at level 0.95: k = 0.05*100 evaluates to
	// 5.000000000000004 and is taken as 5, so CVaR = -(1+2+3+4+5)/5 = -3
	// exactly, by hand.
	x := make([]float64, 100)
	for i := range x {
		x[i] = float64(100 - i)
	}
	if got := CVaR(0.95, x); got != -3 {
		t.Errorf("CVaR = %v, want -3", got)
	}
	// Ties: the "mean below VaR" estimator differs here, the tail mean does
	// not. Sample {-10, -10, -10, 0 x 7}, level 0.8: k = 2, CVaR = 10.
	y := []float64{0, -10, 0, 0, -10, 0, 0, -10, 0, 0}
	if got := CVaR(0.8, y); got != 10 {
		t.Errorf("CVaR ties = %v, want 10", got)
	}
}

func TestVaRCVaRSingle(t *testing.T) {
	for _, level := range []float64{0.01, 0.5, 0.99} {
		if v, c := VaR(level, []float64{-2.5}), CVaR(level, []float64{-2.5}); v != 2.5 || c != 2.5 {
			t.Errorf("level %v: VaR %v CVaR %v, want 2.5", level, v, c)
		}
	}
}

func TestCVaRTinyLevel(t *testing.T) {
	// 1-level rounds to 1: the tail is the whole sample, CVaR = -mean.
	x := []float64{1, 2, 3, 6}
	if got := CVaR(1e-17, x); got != -3 {
		t.Errorf("CVaR = %v, want -3", got)
	}
	if got := VaR(1e-17, x); got != -6 {
		t.Errorf("VaR = %v, want -6", got)
	}
}

// stRockafellarUryasev returns min over t of t + E[(-x-t)^+]/(1-level),
// scanning t over the sample losses, where the piecewise-linear convex
// objective has its kinks.
func stRockafellarUryasev(level float64, x []float64) float64 {
	best := math.Inf(1)
	for _, v := range x {
		t := -v
		var s float64
		for _, w := range x {
			s += max(-w-t, 0)
		}
		best = min(best, t+s/float64(len(x))/(1-level))
	}
	return best
}

// stSortedCVaR is the reference tail mean from a full sort.
func stSortedCVaR(level float64, x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	k := snapIndex((1 - level) * float64(len(s)))
	m := int(k)
	if m == 0 {
		return -s[0]
	}
	var sum float64
	for _, v := range s[:m] {
		sum += v
	}
	if f := k - float64(m); f > 0 {
		sum += f * s[m]
	}
	return -sum / k
}

func TestCVaRProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	levels := []float64{0.5, 0.8, 0.9, 0.95, 0.975, 0.99, 0.999, 0.123}
	for trial := range 300 {
		n := 1 + rng.IntN(400)
		if trial%50 == 0 {
			n = 2000 + rng.IntN(3000)
		}
		x := stRandom(rng, n)
		for _, level := range levels {
			v, c := VaR(level, x), CVaR(level, x)
			scale := 1 + math.Abs(v) + math.Abs(c)
			if c < v-1e-12*scale {
				t.Fatalf("n=%d level=%v: CVaR %v < VaR %v", n, level, c, v)
			}
			if ru := stRockafellarUryasev(level, x); !stClose(c, ru, 1e-10) {
				t.Fatalf("n=%d level=%v: CVaR %v, Rockafellar-Uryasev min %v", n, level, c, ru)
			}
			if ref := stSortedCVaR(level, x); !stClose(c, ref, 1e-12) {
				t.Fatalf("n=%d level=%v: CVaR %v, sorted reference %v", n, level, c, ref)
			}
			v2, c2 := VaRCVaR(level, x)
			if v2 != v || c2 != c {
				t.Fatalf("n=%d level=%v: VaRCVaR %v %v, want %v %v", n, level, v2, c2, v, c)
			}
		}
	}
}

func TestCVaRMonotoneInLevel(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	x := stRandom(rng, 997)
	prev := math.Inf(-1)
	for level := 0.01; level < 1; level += 0.01 {
		c := CVaR(level, x)
		if c < prev-1e-12 {
			t.Fatalf("CVaR(%v) = %v below CVaR at lower level %v", level, c, prev)
		}
		prev = c
	}
}

func TestProbLoss(t *testing.T) {
	tests := []struct {
		name string
		x    []float64
		want float64
	}{
		// By hand: stProfits has 5 negatives (-3.2, -8.1, -0.5, -1.9, -4.6)
		// out of 13; the zero is not a loss.
		{"profits", stProfits, 5.0 / 13},
		{"all gains", []float64{1, 2}, 0},
		{"all losses", []float64{-1, -2}, 1},
		{"zeros", []float64{0, math.Copysign(0, -1)}, 0},
	}
	for _, tc := range tests {
		if got := ProbLoss(tc.x); got != tc.want {
			t.Errorf("%s: ProbLoss = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTailPanics(t *testing.T) {
	x := []float64{1, 2, 3}
	tests := []struct {
		name string
		f    func()
	}{
		{"VaR level 0", func() { VaR(0, x) }},
		{"VaR level 1", func() { VaR(1, x) }},
		{"VaR level NaN", func() { VaR(math.NaN(), x) }},
		{"VaR empty", func() { VaR(0.95, nil) }},
		{"VaR NaN", func() { VaR(0.95, []float64{math.NaN()}) }},
		{"CVaR level -1", func() { CVaR(-1, x) }},
		{"CVaR level 1.5", func() { CVaR(1.5, x) }},
		{"CVaR empty", func() { CVaR(0.95, []float64{}) }},
		{"CVaR NaN", func() { CVaR(0.95, []float64{1, math.NaN()}) }},
		{"CVaR Inf", func() { CVaR(0.95, []float64{1, math.Inf(1)}) }},
		{"VaRCVaR empty", func() { VaRCVaR(0.95, nil) }},
		{"ProbLoss empty", func() { ProbLoss(nil) }},
		{"ProbLoss NaN", func() { ProbLoss([]float64{math.NaN()}) }},
	}
	for _, tc := range tests {
		msg := stPanics(tc.f)
		if !strings.HasPrefix(msg, "risk: ") {
			t.Errorf("%s: panic %q, want one starting with \"risk: \"", tc.name, msg)
		}
	}
}
