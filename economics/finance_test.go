package economics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/wattfolio/wattfolio/risk"
)

// Every schedule below is by hand. Times and lives are binary fractions
// (0.5, 1.75, 0.25), so each share (hi-lo)/life is one correctly rounded
// division of exact operands: the same float64 as the literal, compared
// with ==.
func TestDeprSchedule(t *testing.T) {
	m := macrs5
	for _, c := range []struct {
		name  string
		d     Depreciation
		life  float64
		t     float64
		years int
		want  []float64
	}{
		// [0.5, 5.5): half of year 0, years 1-4 whole, half of year 5;
		// over a life of 5.
		{"SL 5y from mid year 0", StraightLine, 5, 0.5, 8, []float64{0.1, 0.2, 0.2, 0.2, 0.2, 0.1, 0, 0}},
		{"SL cut at the horizon", StraightLine, 5, 0.5, 3, []float64{0.1, 0.2, 0.2}},
		// [0, 2): one half in each of years 0 and 1.
		{"SL 2y from the snapshot", StraightLine, 2, 0, 4, []float64{0.5, 0.5, 0, 0}},
		// [1.75, 2.25): 0.25 of 0.5 in year 1, 0.25 of 0.5 in year 2.
		{"SL across a year end", StraightLine, 0.5, 1.75, 4, []float64{0, 0.5, 0.5, 0}},
		// [7.5, 10.5) in an 8-year horizon: 0.5 of 3 in year 7.
		{"SL mostly after the horizon", StraightLine, 3, 7.5, 8, []float64{0, 0, 0, 0, 0, 0, 0, 0.5 / 3}},
		{"SL life 0 expenses", StraightLine, 0, 2.5, 4, []float64{0, 0, 1, 0}},
		{"bonus late in year 3", Bonus, 5, 3.99, 5, []float64{0, 0, 0, 1, 0}},
		{"bonus at the horizon", Bonus, 5, 5, 5, []float64{0, 0, 0, 0, 0}},
		{"MACRS5 in year 0", MACRS5, 5, 0.3, 8, []float64{0.2, 0.32, 0.192, 0.1152, 0.1152, 0.0576, 0, 0}},
		{"MACRS5 cut at the horizon", MACRS5, 5, 2, 4, []float64{0, 0, m[0], m[1]}},
		{"MACRS5 on the last year's first day", MACRS5, 5, 3, 4, []float64{0, 0, 0, m[0]}},
		{"no years", StraightLine, 5, 0, 0, []float64{}},
		{"NaN time", MACRS5, 5, math.NaN(), 3, []float64{0, 0, 0}},
	} {
		got := deprSchedule(c.d, c.life, c.t, c.years)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: deprSchedule(%v, %v, %v, %d) = %v, want %v", c.name, c.d, c.life, c.t, c.years, got, c.want)
		}
	}
}

// A schedule that ends inside the horizon deducts the whole basis. Each
// straight-line share has a relative rounding error of about 2 ulp (the
// subtraction and the division) and a sum of at most 41 of them adds 41
// more, so 1e-13 is some 100 times the worst case; the MACRS table's six
// decimals add up to 1 but for the rounding of the six literals and five
// additions, 1e-15.
func TestDeprScheduleSumsToOne(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 1))
	for range 1000 {
		spend := 5 * r.Float64()
		life := 0.1 + 30*r.Float64()
		years := int(spend+life) + 2
		for _, d := range []Depreciation{StraightLine, MACRS5, Bonus} {
			var sum float64
			for _, v := range deprSchedule(d, life, spend, years+6) {
				if v < 0 {
					t.Fatalf("%v life %v at %v: negative deduction %v", d, life, spend, v)
				}
				sum += v
			}
			tol := 1e-13
			if d == MACRS5 {
				tol = 1e-15
			}
			if math.Abs(sum-1) > tol {
				t.Fatalf("%v life %v at %v: deductions add up to %v, want 1", d, life, spend, sum)
			}
		}
	}
}

func TestDeprScheduleUnknownPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("deprSchedule(Depreciation(9), ...) did not panic")
		}
	}()
	deprSchedule(Depreciation(9), 5, 0, 3)
}

// 1000 at 10 % over 3 years: the payment is 1000·0.1 / (1 - 1.1^-3) =
// 100 / (331/1331) = 133100/331 = 402.1148036253776...; each value is
// correctly rounded, so 4 ulp (1e-15 relative) covers expm1 and log1p's
// errors of under 1 ulp each and the three operations after them.
func TestLevelPayment(t *testing.T) {
	for _, c := range []struct {
		name      string
		principal float64
		rate      float64
		n         int
		want      float64
	}{
		{"hand", 1000, 0.10, 3, 133100.0 / 331},
		{"zero rate", 1000, 0, 4, 250},
		{"one payment", 1000, 0.07, 1, 1070},
		// For r small, P r / (1 - (1+r)^-n) = P/n (1 + (n+1) r/2 +
		// (n²-1) r²/12 + ...): 100 (1 + 5.5e-12), the r² term 8e-22.
		// 1 - math.Pow(1+r, -n) would lose 4 of the 16 digits here.
		{"tiny rate", 1000, 1e-12, 10, 100 * (1 + 5.5e-12)},
	} {
		got := levelPayment(c.principal, c.rate, c.n)
		if math.Abs(got-c.want) > 1e-15*c.want {
			t.Errorf("%s: levelPayment(%v, %v, %d) = %.17g, want %.17g", c.name, c.principal, c.rate, c.n, got, c.want)
		}
	}
}

// The payment is the annuity formula P r / (1 - (1+r)^-n), here with
// math.Pow; for r >= 0.01 and n <= 40 the naive form loses at most a few
// ulp to cancellation ((1+r)^-n <= 0.99 keeps 1 - it above 0.01), so 1e-13
// relative.
func TestLevelPaymentAnnuity(t *testing.T) {
	for _, r := range []float64{0.01, 0.05, 0.085, 0.12, 0.3, 1} {
		for n := 1; n <= 40; n++ {
			want := 1e6 * r / (1 - math.Pow(1+r, -float64(n)))
			if got := levelPayment(1e6, r, n); math.Abs(got-want) > 1e-13*want {
				t.Errorf("levelPayment(1e6, %v, %d) = %.17g, want %.17g", r, n, got, want)
			}
		}
	}
}

func TestLevelPaymentPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("levelPayment(1000, 0.1, 0) did not panic")
		}
	}()
	levelPayment(1000, 0.1, 0)
}

// The schedule of 1000 at 10 % over 3 years in exact fractions (payment
// 133100/331): year 1 interest 100 and principal 133100/331 - 100 =
// 100000/331, leaving 231000/331; year 2 interest 23100/331, principal
// 110000/331, leaving 121000/331; year 3 interest 12100/331 and principal
// 121000/331, the balance. A few operations on correctly rounded values:
// 1e-13 relative.
func TestLoanByHand(t *testing.T) {
	l := newLoan(1000, 0.10, 3)
	want := [][3]float64{ // interest, principal, balance after
		{100, 100000.0 / 331, 231000.0 / 331},
		{23100.0 / 331, 110000.0 / 331, 121000.0 / 331},
		{12100.0 / 331, 121000.0 / 331, 0},
	}
	for k, w := range want {
		i, p := l.pay()
		if !near(i, w[0], 1e-13) || !near(p, w[1], 1e-13) || !near(l.balance(), w[2], 1e-13) {
			t.Errorf("payment %d: interest %.17g, principal %.17g, balance %.17g; want %.17g, %.17g, %.17g",
				k+1, i, p, l.balance(), w[0], w[1], w[2])
		}
	}
	if l.balance() != 0 {
		t.Errorf("balance after the last payment = %v, want exactly 0", l.balance())
	}
	if i, p := l.pay(); i != 0 || p != 0 {
		t.Errorf("a fourth payment = %v, %v; want 0, 0", i, p)
	}
	var zero loan
	if i, p := zero.pay(); i != 0 || p != 0 || zero.balance() != 0 {
		t.Errorf("the zero loan pays %v, %v with balance %v; want nothing", i, p, zero.balance())
	}
}

// near reports whether got is within rel of want, relatively (absolutely
// when want is 0).
func near(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*max(math.Abs(want), 1e-300) || got == want
}

// Each payment but the last splits the level payment; the last repays the
// balance and differs from the level payment only by the rounding carried
// through n steps; the principal repaid adds up to the borrowed amount
// (1e-9 relative, the figure, though the sum is exact by
// construction but for the additions); the balance ends at exactly 0.
func TestLoanProperties(t *testing.T) {
	for _, r := range []float64{0, 0.03, 0.1, 0.25, 1} {
		for _, n := range []int{1, 2, 5, 10, 30} {
			const borrowed = 8e7
			l := newLoan(borrowed, r, n)
			pay := levelPayment(borrowed, r, n)
			var sum float64
			for k := 1; k <= n; k++ {
				i, p := l.pay()
				if i < 0 || p < 0 {
					t.Fatalf("r %v n %d payment %d: negative split %v, %v", r, n, k, i, p)
				}
				if !near(i+p, pay, 1e-9) {
					t.Errorf("r %v n %d payment %d: %v + %v = %v, want the level payment %v", r, n, k, i, p, i+p, pay)
				}
				if !near(i, l.rate*(l.bal+p), 1e-15) {
					t.Errorf("r %v n %d payment %d: interest %v, want the rate on the balance before it", r, n, k, i)
				}
				sum += p
			}
			if !near(sum, borrowed, 1e-9) || l.balance() != 0 {
				t.Errorf("r %v n %d: repaid %v of %v, balance %v", r, n, sum, borrowed, l.balance())
			}
		}
	}
}

// At 21 %: a loss of 100, then 30 and 50 of profit use 80 of it, 40 uses
// the last 20 and pays 0.21 · 20; 10 pays 0.21 · 10; a loss of 5 then 3
// leaves 2 carried and pays nothing; then 7 pays 0.21 · 5.
func TestCarryForward(t *testing.T) {
	var c carryForward
	for k, s := range []struct{ income, tax, loss float64 }{
		{-100, 0, 100},
		{30, 0, 70},
		{50, 0, 20},
		{40, 0.21 * 20, 0},
		{10, 0.21 * 10, 0},
		{0, 0, 0},
		{-5, 0, 5},
		{3, 0, 2},
		{7, 0.21 * 5, 0},
	} {
		if got := c.tax(s.income, 0.21); got != s.tax || c.loss != s.loss {
			t.Errorf("year %d, income %v: tax %v with %v carried, want %v with %v", k+1, s.income, got, c.loss, s.tax, s.loss)
		}
	}
	if got := c.tax(math.NaN(), 0.21); !math.IsNaN(got) {
		t.Errorf("tax on NaN income = %v, want NaN", got)
	}
}

// Quantiles by hand from the inverse CDF lo + sqrt(u w (mode-lo)) below
// F = (mode-lo)/w and hi - sqrt((1-u) w (hi-mode)) above, w = hi - lo:
// (6, 9, 12) is symmetric with F = 1/2, so u = 1/8 gives 6 + sqrt(2.25)
// = 7.5; (0, 1, 4) has F = 1/4, u = 1/16 gives sqrt(1/4) = 0.5 and u =
// 3/4 gives 4 - sqrt(3); (0, 0, 1) is 1 - sqrt(1-u); (0, 1, 1) is
// sqrt(u). Square roots of exact squares are exact; 4 - sqrt(3) is within
// an ulp of the same expression.
func TestTriangularQuantiles(t *testing.T) {
	for _, c := range []struct{ u, lo, mode, hi, want float64 }{
		{0, 6, 9, 12, 6},
		{0.125, 6, 9, 12, 7.5},
		{0.5, 6, 9, 12, 9},
		{0.875, 6, 9, 12, 10.5},
		{0.0625, 0, 1, 4, 0.5},
		{0.25, 0, 1, 4, 1},
		{0.75, 0, 1, 4, 4 - math.Sqrt(3)},
		{0.75, 0, 0, 1, 0.5},
		{0.25, 0, 1, 1, 0.5},
		{0.3, 2, 2, 2, 2},
	} {
		if got := triangular(c.u, c.lo, c.mode, c.hi); got != c.want {
			t.Errorf("triangular(%v, %v, %v, %v) = %.17g, want %.17g", c.u, c.lo, c.mode, c.hi, got, c.want)
		}
	}
}

// The mean of Q(u) over u in [0, 1) is the distribution's mean,
// (lo+mode+hi)/3. The midpoint rule on N cells of a function with a
// square-root end, s·sqrt(x) near x = 0, errs by ζ(-1/2, 1/2)·s·h^1.5 +
// O(h²) (Navot's extension of Euler-Maclaurin; ζ(-1/2, 1/2) =
// (2^-1/2 - 1)ζ(-1/2) = 0.0609), and Q has such ends with s =
// sqrt(w(mode-lo)) and sqrt(w(hi-mode)): the tolerance is 0.07 of that
// per end, plus the compensated sum's rounding, 1e-15 of the mean.
func TestTriangularMean(t *testing.T) {
	const n = 1 << 20
	h := 1.0 / n
	for _, c := range [][3]float64{{0, 1, 4}, {6, 9, 12}, {0, 0, 1}, {0, 1, 1}, {0.5, 0.5, 0.75}, {0.5, 0.74, 0.75}} {
		lo, mode, hi := c[0], c[1], c[2]
		var sum, comp float64 // Neumaier's compensated sum
		for i := range n {
			v := triangular((float64(i)+0.5)*h, lo, mode, hi)
			s := sum + v
			if math.Abs(sum) >= math.Abs(v) {
				comp += (sum - s) + v
			} else {
				comp += (v - s) + sum
			}
			sum = s
		}
		got, want := (sum+comp)*h, (lo+mode+hi)/3
		w := hi - lo
		tol := 0.07*(math.Sqrt(w*(mode-lo))+math.Sqrt(w*(hi-mode)))*math.Pow(h, 1.5) + 1e-15*want
		if math.Abs(got-want) > tol {
			t.Errorf("mean of triangular(%v, %v, %v) = %.17g, want %.17g ± %.2g", lo, mode, hi, got, want, tol)
		}
	}
}

// CDF(Q(u)) = u: the CDF is (x-lo)²/(w(mode-lo)) up to the mode and
// 1 - (hi-x)²/(w(hi-mode)) above, with slope at most 2/w. Q's result, from
// a few correctly rounded operations on values up to |hi|, is within 4 ulp
// of |hi|; times the slope that is 8ε|hi|/w, plus 1e-15 for the CDF's own
// rounding. Q stays in [lo, hi] and does not decrease.
func TestTriangularCDF(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 4))
	for range 10000 {
		lo := 10 * r.Float64()
		hi := lo + 10*r.Float64()
		mode := lo + (hi-lo)*r.Float64()
		u := r.Float64()
		x := triangular(u, lo, mode, hi)
		if x < lo || x > hi {
			t.Fatalf("triangular(%v, %v, %v, %v) = %v outside [lo, hi]", u, lo, mode, hi, x)
		}
		if y := triangular(math.Nextafter(u, 1), lo, mode, hi); y < x {
			t.Fatalf("triangular(%v, %v, %v, %v) decreases to %v", u, lo, mode, hi, y)
		}
		w := hi - lo
		var cdf float64
		if mode > lo && x <= mode {
			cdf = (x - lo) * (x - lo) / (w * (mode - lo))
		} else {
			cdf = 1 - (hi-x)*(hi-x)/(w*(hi-mode))
		}
		tol := 8*0x1p-52*hi/w + 1e-15
		if math.Abs(cdf-u) > tol {
			t.Fatalf("CDF(triangular(%v, %v, %v, %v)) = %v, off by %.2g > %.2g", u, lo, mode, hi, cdf, cdf-u, tol)
		}
	}
}

// Type-7 quantiles of 1..5 (NaNs left out) by hand: h = 4p, so P5 is at
// h = 0.2 (1.2), P25 at 1 (2), P50 at 2 (3), P75 at 3 (4), P95 at 3.8
// (4.8); 2 NaNs of 7 values make Undefined 2/7. The interpolations round:
// 1e-15 absolute.
func TestPercentilesOf(t *testing.T) {
	nan := math.NaN()
	var sel risk.Selector
	x := []float64{nan, 5, 2, nan, 3, 1, 4}
	got := percentilesOf(&sel, x)
	want := Percentiles{P5: 1.2, P25: 2, P50: 3, P75: 4, P95: 4.8, Undefined: 2.0 / 7}
	for _, c := range [][2]float64{{got.P5, want.P5}, {got.P25, want.P25}, {got.P50, want.P50}, {got.P75, want.P75}, {got.P95, want.P95}} {
		if math.Abs(c[0]-c[1]) > 1e-15 {
			t.Errorf("percentilesOf = %+v, want %+v", got, want)
			break
		}
	}
	if got.Undefined != want.Undefined {
		t.Errorf("Undefined = %v, want 2/7", got.Undefined)
	}
	// x was reordered, not changed: the same values, NaNs last.
	slices.Sort(x[:5])
	if !slices.Equal(x[:5], []float64{1, 2, 3, 4, 5}) || !math.IsNaN(x[5]) || !math.IsNaN(x[6]) {
		t.Errorf("x after percentilesOf = %v, want 1..5 then two NaNs", x)
	}

	// One value: every percentile is it.
	if p := percentilesOf(&sel, []float64{nan, -3, nan, nan}); p != (Percentiles{-3, -3, -3, -3, -3, 0.75}) {
		t.Errorf("percentilesOf(one value of four) = %+v", p)
	}
	for _, x := range [][]float64{{nan, nan}, {}} {
		p := percentilesOf(&sel, x)
		for _, v := range []float64{p.P5, p.P25, p.P50, p.P75, p.P95} {
			if !math.IsNaN(v) {
				t.Errorf("percentilesOf(%v) = %+v, want NaN percentiles", x, p)
			}
		}
		if len(x) > 0 && p.Undefined != 1 || len(x) == 0 && !math.IsNaN(p.Undefined) {
			t.Errorf("percentilesOf(%v).Undefined = %v", x, p.Undefined)
		}
	}
}

// A large sample with a third NaN: the percentiles are risk.Quantile's of
// the rest (bit for bit: the Selector promises QuantilesTo's values).
func TestPercentilesOfLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 5))
	x := make([]float64, 30000)
	var rest []float64
	for i := range x {
		if i%3 == 0 {
			x[i] = math.NaN()
			continue
		}
		x[i] = r.NormFloat64()
		rest = append(rest, x[i])
	}
	var sel risk.Selector
	got := percentilesOf(&sel, x)
	ps := []float64{0.05, 0.25, 0.5, 0.75, 0.95}
	want := risk.QuantilesTo(make([]float64, 5), ps, risk.Type7, rest)
	if g := []float64{got.P5, got.P25, got.P50, got.P75, got.P95}; !slices.Equal(g, want) || got.Undefined != 1.0/3 {
		t.Errorf("percentilesOf = %+v, want %v with a third undefined", got, want)
	}
}

// Paybacks by hand: the straight line from (times[i], cum[i]) to
// (times[i+1], cum[i+1]) crosses zero at times[i] + Δt·(-cum[i])/Δcum.
func TestPayback(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name       string
		times, cum []float64
		want       float64
		ok         bool
	}{
		{"J-curve", []float64{0, 1, 2, 3}, []float64{-10, -5, 5, 10}, 1.5, true},                // 1 + 5/10
		{"dips again", []float64{0, 1, 2, 3}, []float64{-10, 5, -2, 6}, 2.25, true},             // 2 + 2/8
		{"uneven steps", []float64{0, 0.5, 2.5}, []float64{-30, -10, 30}, 1, true},              // 0.5 + 2·10/40
		{"exact zero", []float64{0, 1, 2}, []float64{-1, 0, 3}, 1, true},                        // at times[1]
		{"positive throughout", []float64{0.25, 0.5}, []float64{1, 2}, 0.25, true},              // times[0]
		{"never", []float64{0, 1, 2}, []float64{-3, 1, -1}, 0, false},                           // ends negative
		{"ends at zero", []float64{0, 1}, []float64{-1, 0}, 0, false},                           // not positive
		{"empty", nil, nil, 0, false},                                                           // no points
		{"NaN read", []float64{0, 1, 2}, []float64{-1, nan, 2}, nan, false},                     // NaN after the crossing
		{"NaN last", []float64{0, 1}, []float64{-1, nan}, nan, false},                           // last not positive
		{"NaN before the crossing", []float64{0, 1, 2, 3}, []float64{nan, -1, 1, 2}, 1.5, true}, // not read
	} {
		got, ok := payback(c.times, c.cum)
		if ok != c.ok || got != c.want && !(math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("%s: payback = %v, %v; want %v, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestPaybackPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("payback with lengths 2 and 1 did not panic")
		}
	}()
	payback([]float64{0, 1}, []float64{1})
}

// The per-path primitives run for every path and year: none allocates
// (percentilesOf once its Selector has grown).
func TestFinanceAllocs(t *testing.T) {
	var sel risk.Selector
	x := []float64{3, math.NaN(), 1, 2, 5}
	percentilesOf(&sel, slices.Clone(x))
	times, cum := []float64{0, 1, 2, 3}, []float64{-10, 5, -2, 6}
	var sink float64
	n := testing.AllocsPerRun(100, func() {
		l := newLoan(1000, 0.1, 3)
		i, p := l.pay()
		var c carryForward
		y, _ := payback(times, cum)
		sink += i + p + l.balance() + levelPayment(10, 0.1, 5) + c.tax(5, 0.2) +
			triangular(0.3, 1, 2, 3) + y + percentilesOf(&sel, x).P50
	})
	if n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
	_ = sink
}
