package market

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"
)

// simulatedCloses returns days+1 daily closes of price model p, drawn by
// the library's own Simulator (daily steps from the Reference snapshot,
// every other factor as in DefaultModel) with the stream of seed: the
// price ratio to the snapshot, 1 on the first day.
func simulatedCloses(t testing.TB, p PriceModel, days int, seed uint64) []DailyPrice {
	t.Helper()
	m := DefaultModel()
	m.Price = p
	sim := mustSim(t, m, Reference(), time.Duration(days)*day, day)
	path := sim.Path(newRand(seed), 1, nil)
	d0 := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]DailyPrice, days+1)
	out[0] = DailyPrice{Date: d0, Close: 1}
	for i, st := range path {
		out[i+1] = DailyPrice{Date: d0.AddDate(0, 0, i+1), Close: st.PriceRatio}
	}
	return out
}

// jumpModel is the jump case: 5 jumps a year of mean log size
// -0.05 and dispersion 0.1, on a 50 % diffusion with drift 0.3.
var jumpModel = PriceModel{Drift: 0.3, Vol: 0.5, JumpRate: 5, JumpMean: -0.05, JumpVol: 0.1}

// checkRecovery fails unless every fitted parameter of f is within 3
// standard errors of p's, with a finite positive standard error.
func checkRecovery(t *testing.T, what string, f PriceFit, p PriceModel) {
	t.Helper()
	for _, c := range []struct {
		name string
		e    Estimate
		want float64
	}{
		{"Drift", f.Drift, p.Drift}, {"Vol", f.Vol, p.Vol},
		{"JumpRate", f.JumpRate, p.JumpRate}, {"JumpMean", f.JumpMean, p.JumpMean}, {"JumpVol", f.JumpVol, p.JumpVol},
	} {
		if !c.e.Fitted {
			continue
		}
		if !(c.e.StdErr > 0) || math.IsInf(c.e.StdErr, 0) {
			t.Errorf("%s: %s standard error %v", what, c.name, c.e.StdErr)
			continue
		}
		if z := (c.e.Value - c.want) / c.e.StdErr; math.Abs(z) > 3 {
			t.Errorf("%s: %s = %.4g ± %.3g, truth %.4g (%.2f SE)", what, c.name, c.e.Value, c.e.StdErr, c.want, z)
		}
	}
}

// Ten years of daily closes from the library's own simulator: the fit
// selects the jumps and recovers all five parameters within 3 standard
// errors, in each of 4 seeds. (Seeds 2001-2024 gave |z| <= 3 in 118 of
// 120 estimates, the misses at -3.06 (JumpVol) and -3.39 (Vol); JumpVol's z
// averaged -0.97 there, a downward finite-sample bias of the jump size
// from about 50 jumps, which fell to -0.31 ± 0.35 over 8 seeds of 40
// years. Seeds 1-4 are the first of a fresh range, not chosen.)
func TestFitPriceRecoversJumps(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		f, ok := recoverJumps(t, jumpModel, seed)
		if !ok {
			continue
		}
		if f.Days != 3650 || !f.From.Equal(time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)) || !f.To.Equal(f.From.AddDate(0, 0, 3650)) {
			t.Errorf("seed %d: Days %d, From %v, To %v", seed, f.Days, f.From, f.To)
		}
		if m := f.Model(); m != (PriceModel{f.Drift.Value, f.Vol.Value, f.JumpRate.Value, f.JumpMean.Value, f.JumpVol.Value}) {
			t.Errorf("seed %d: Model() = %+v", seed, m)
		}
	}
}

// DefaultModel's own price, the fit to 2021-2025 (263 small jumps a year
// of 2.9 %, which carry most of the variance), is identified too: from
// ten years of its daily closes the fit selects the jumps and recovers
// all five parameters within 3 standard errors in each of 4 seeds. (Over
// seeds 3001-3012 the jumps were selected in all 12 and all 60 estimates
// lay within 3 standard errors, the largest |z| 2.96 for JumpMean; seeds
// 3001-3004 are the first of that range, not chosen.)
func TestFitPriceRecoversDefaultShape(t *testing.T) {
	for seed := uint64(3001); seed <= 3004; seed++ {
		recoverJumps(t, DefaultModel().Price, seed)
	}
}

// recoverJumps fits ten years of p's daily closes drawn with seed, and
// fails t unless the fit selects the jumps and recovers p (checkRecovery).
// It returns the fit and whether the jumps were selected.
func recoverJumps(t *testing.T, p PriceModel, seed uint64) (PriceFit, bool) {
	t.Helper()
	f, err := FitPrice(simulatedCloses(t, p, 3650, seed))
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	if !f.Jumps {
		t.Errorf("seed %d: jumps not selected", seed)
		return f, false
	}
	checkRecovery(t, fmt.Sprintf("seed %d", seed), f, p)
	return f, true
}

// Without jumps the AIC keeps the jump-free model, whose estimates match
// the truth within 3 standard errors. Over seeds 1001-1020 the jumps were
// selected in 0 of 20 fits (a rate below 15 % at 95 % confidence, by the
// rule of three); the test allows 1 of its 6 seeds.
func TestFitPriceNoJumps(t *testing.T) {
	p := PriceModel{Drift: 0.3, Vol: 0.5}
	selected := 0
	for seed := uint64(1001); seed <= 1006; seed++ {
		f, err := FitPrice(simulatedCloses(t, p, 3650, seed))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if f.Jumps {
			selected++
			continue
		}
		checkRecovery(t, fmt.Sprintf("seed %d", seed), f, p)
		for _, e := range []Estimate{f.JumpRate, f.JumpMean, f.JumpVol} {
			if e.Value != 0 || e.Fitted || !math.IsNaN(e.StdErr) {
				t.Errorf("seed %d: jump estimate %+v, want 0, not fitted, NaN", seed, e)
			}
		}
	}
	if selected > 1 {
		t.Errorf("jumps selected in %d of 6 jump-free series, want at most 1", selected)
	}
}

// The jump-free fit is the closed form: Vol² dt the mean squared deviation
// of the returns, Drift = mean/dt + Vol²/2, and its standard errors agree
// with the observed information by central differences of the same
// likelihood (fit_optim's stdErrors) to 1e-5 relative (the differences'
// truncation and rounding are below 1e-6 here).
func TestFitPriceGBMClosedForm(t *testing.T) {
	// Closes e^{0, 0.01, -0.01, 0.02, ...}: returns alternate around a
	// small trend, with no jump the AIC could find.
	c := make([]DailyPrice, 61)
	d0 := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	lp := 0.0
	for i := range c {
		if i > 0 {
			lp += 0.001 + 0.02*float64(i%2*2-1) + 0.003*float64(i%3)
		}
		c[i] = DailyPrice{Date: d0.AddDate(0, 0, i), Close: 100 * math.Exp(lp)}
	}
	f, err := FitPrice(c)
	if err != nil {
		t.Fatal(err)
	}
	if f.Jumps {
		t.Fatalf("jumps selected: %+v", f)
	}
	r, _ := priceReturns(c)
	mean, ss := 0.0, 0.0
	for _, v := range r {
		mean += v
	}
	mean /= float64(len(r))
	for _, v := range r {
		ss += (v - mean) * (v - mean)
	}
	vol := math.Sqrt(ss / float64(len(r)) * DaysPerYear)
	drift := mean*DaysPerYear + vol*vol/2
	if math.Abs(f.Vol.Value-vol) > 1e-12*vol || math.Abs(f.Drift.Value-drift) > 1e-12*math.Abs(drift) {
		t.Errorf("fit (%v, %v), closed form (%v, %v)", f.Drift.Value, f.Vol.Value, drift, vol)
	}
	nll := func(th []float64) float64 { return mixNLL(nil, r, []float64{th[0], th[1], 0, 0, 0}) }
	se, err := stdErrors(nll, []float64{drift, vol}, []string{"Drift", "Vol"})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(f.Drift.StdErr/se[0]-1) > 1e-5 || math.Abs(f.Vol.StdErr/se[1]-1) > 1e-5 {
		t.Errorf("standard errors (%v, %v), numerical (%v, %v)", f.Drift.StdErr, f.Vol.StdErr, se[0], se[1])
	}
	if want := -nll([]float64{drift, vol}); f.LogLik != want {
		t.Errorf("LogLik %v, want %v", f.LogLik, want)
	}
}

// The analytic gradient of the mixture likelihood against central
// differences (step 1e-6: truncation about 1e-12 relative, rounding about
// 1e-16 |nll| / 1e-6 = 1e-7 absolute for |nll| near 1e3), at a point away
// from the optimum and with several jump terms.
func TestMixNLLGradient(t *testing.T) {
	r := make([]float64, 0, 400)
	for _, st := range simulatedCloses(t, jumpModel, 400, 9)[1:] {
		r = append(r, math.Log(st.Close))
	}
	for i := len(r) - 1; i > 0; i-- {
		r[i] -= r[i-1]
	}
	for _, th := range [][]float64{{0.2, 0.45, 7, -0.03, 0.12}, {-1, 0.8, 200, 0.05, 0.02}} {
		g := make([]float64, 5)
		mixNLL(g, r, th)
		for i := range th {
			h := 1e-6
			a := append([]float64(nil), th...)
			b := append([]float64(nil), th...)
			a[i] += h
			b[i] -= h
			fd := (mixNLL(nil, r, a) - mixNLL(nil, r, b)) / (2 * h)
			if math.Abs(g[i]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("theta %v: gradient[%d] = %v, central difference %v", th, i, g[i], fd)
			}
		}
	}
}

func TestFitPriceErrors(t *testing.T) {
	good := simulatedCloses(t, PriceModel{Drift: 0.1, Vol: 0.5}, 40, 3)
	edit := func(f func(c []DailyPrice) []DailyPrice) []DailyPrice {
		return f(append([]DailyPrice(nil), good...))
	}
	tests := []struct {
		name   string
		prices []DailyPrice
		target error
		field  string
	}{
		{"nil", nil, ErrInvalid, "len(prices)"},
		{"30 closes", good[:30], ErrInvalid, "len(prices)"},
		{"NaN", edit(func(c []DailyPrice) []DailyPrice { c[12].Close = math.NaN(); return c }), ErrInvalid, "prices[12].Close"},
		{"Inf", edit(func(c []DailyPrice) []DailyPrice { c[0].Close = math.Inf(1); return c }), ErrInvalid, "prices[0].Close"},
		{"zero", edit(func(c []DailyPrice) []DailyPrice { c[40].Close = 0; return c }), ErrInvalid, "prices[40].Close"},
		{"negative", edit(func(c []DailyPrice) []DailyPrice { c[5].Close = -3; return c }), ErrInvalid, "prices[5].Close"},
		{"gap", edit(func(c []DailyPrice) []DailyPrice { return append(c[:10], c[11:]...) }), ErrInvalid, "prices[10].Date"},
		{"duplicate", edit(func(c []DailyPrice) []DailyPrice { c[7].Date = c[6].Date; return c }), ErrInvalid, "prices[7].Date"},
		{"unsorted", edit(func(c []DailyPrice) []DailyPrice { c[3], c[4] = c[4], c[3]; return c }), ErrInvalid, "prices[3].Date"},
		{"constant", edit(func(c []DailyPrice) []DailyPrice {
			for i := range c {
				c[i].Close = 7
			}
			return c
		}), ErrFit, ""},
	}
	for _, tt := range tests {
		_, err := FitPrice(tt.prices)
		if !errors.Is(err, tt.target) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.target)
			continue
		}
		var ie *InvalidError
		if tt.field != "" && (!errors.As(err, &ie) || ie.Field != tt.field) {
			t.Errorf("%s: %v, want field %s", tt.name, err, tt.field)
		}
	}
	if _, err := FitPrice(good[:31]); err != nil {
		t.Errorf("31 closes: %v", err)
	}
}

// BenchmarkFitPrice fits 14 years of simulated daily closes (5,000
// returns) of the jump model and of a jump-free model.
func BenchmarkFitPrice(b *testing.B) {
	for _, bc := range []struct {
		name string
		p    PriceModel
	}{{"jumps", jumpModel}, {"nojumps", PriceModel{Drift: 0.3, Vol: 0.5}}} {
		c := simulatedCloses(b, bc.p, 5000, 42)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FitPrice(c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The mixture density of one daily return, exp(-mixNLL), has total mass 1
// and gives E[S_dt/S_0] = ∫ e^x density(x) dx = e^{Drift dt}: the jump
// compensator of PriceModel (its doc: E[S_T] = S_0 e^{Drift T}). Trapezoid
// rule on [-2, 2] in steps of 2e-5: the densities are smooth with standard
// deviations of at least 0.026 here, so the rule's error is far below the
// 1e-9 allowed (the mass beyond ±2 is below 1e-20).
func TestMixNLLDensityMoments(t *testing.T) {
	for _, p := range []PriceModel{
		jumpModel,
		{Drift: -0.4, Vol: 0.5, JumpRate: 365, JumpMean: 0.02, JumpVol: 0.05},
		{Drift: 0.1, Vol: 0.8},
	} {
		theta := []float64{p.Drift, p.Vol, p.JumpRate, p.JumpMean, p.JumpVol}
		const h = 2e-5
		var mass, mean float64
		x := []float64{0}
		for i := -100000; i <= 100000; i++ {
			x[0] = float64(i) * h
			w := h
			if i == -100000 || i == 100000 {
				w = h / 2
			}
			d := math.Exp(-mixNLL(nil, x, theta))
			mass += w * d
			mean += w * d * math.Exp(x[0])
		}
		if math.Abs(mass-1) > 1e-9 {
			t.Errorf("%+v: mass %v", p, mass)
		}
		if want := math.Exp(p.Drift / DaysPerYear); math.Abs(mean-want) > 1e-9 {
			t.Errorf("%+v: E[S_dt/S_0] = %.12f, want e^{Drift dt} = %.12f", p, mean, want)
		}
	}
}
