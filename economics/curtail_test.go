package economics_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// curtailSnapshot is Reference at a higher power price, where curtailment
// is worth much, with utilization 1 so that a Simulator needs no Beta
// table (one-path Analyze runs then cost microseconds).
func curtailSnapshot() market.Snapshot {
	s := testSnapshot()
	s.PowerPrice = dec("0.05")
	s.Utilization = 1
	return s
}

func curtailSite() economics.Site {
	return economics.Site{Capacity: 100 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97}
}

// touSnapshot has a 5-hour evening peak at 0.12 USD/kWh and 0.03 otherwise.
func touSnapshot() market.Snapshot {
	s := curtailSnapshot()
	s.TimeOfUse = make([]decimal.Decimal, 24)
	for h := range s.TimeOfUse {
		s.TimeOfUse[h] = dec("0.03")
		if h >= 16 && h < 21 {
			s.TimeOfUse[h] = dec("0.12")
		}
	}
	return s
}

// lognormalModel makes every factor the closed form needs exactly
// lognormal: a certain hashrate (so a certain difficulty path), fixed fees
// and no jumps. Price and power shocks are correlated, so the covariance
// term of the Margrabe volatility is exercised.
func lognormalModel() market.Model {
	m := market.DefaultModel()
	m.Hashrate = market.HashrateModel{}
	m.Fees.Vol = 0
	m.Price.JumpRate = 0
	m.Corr[market.FactorPrice][market.FactorPower] = 0.3
	m.Corr[market.FactorPower][market.FactorPrice] = 0.3
	return m
}

// mcCurtailment estimates the value of curtailment with Analyze:
// Mean(Economic) - Mean(NoCurtailment) over the same set.Paths paths.
// Curtailment draws no random numbers (engine.go decides from the step's
// market alone), so both runs see the same markets and pool luck and the
// difference is that of paired paths. Its standard error is the standard
// deviation of the per-path difference over sqrt(paths); the standard
// deviation is estimated from pairs one-path runs of other seeds. It also
// returns the NoCurtailment report.
func mcCurtailment(t *testing.T, site economics.Site, a economics.Allocation, m market.Model, s market.Snapshot, set economics.Settings, pairs int) (diff, se float64, none economics.Report) {
	t.Helper()
	run := func(c economics.Curtailment, set economics.Settings) economics.Report {
		site.Curtailment = c
		r, err := economics.Analyze(site, a, m, s, &set)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	none = run(economics.NoCurtailment, set)
	diff = run(economics.Economic, set).Mean - none.Mean
	var sum, ss float64
	for i := range pairs {
		one := set
		one.Paths, one.Seed, one.BandPaths = 1, set.Seed+1_000_000+uint64(i), 1
		d := run(economics.Economic, one).Mean - run(economics.NoCurtailment, one).Mean
		sum += d
		ss += d * d
	}
	mean := sum / float64(pairs)
	sd := math.Sqrt((ss - float64(pairs)*mean*mean) / float64(pairs-1))
	return diff, sd / math.Sqrt(float64(set.Paths)), none
}

// curtailRace is set by curtail_race_test.go when the race detector,
// which slows Analyze about tenfold, is on.
var curtailRace bool

// curtailPaths is the Monte Carlo size of the comparisons: 100,000 paths,
// or 20,000 in short mode and under the race detector.
func curtailPaths() int {
	if testing.Short() || curtailRace {
		return 20_000
	}
	return 100_000
}

// curtailPairs is the number of one-path runs that estimate the standard
// deviation of the per-path difference: 1000, or 300 in short mode and
// under the race detector.
func curtailPairs() int {
	if testing.Short() || curtailRace {
		return 300
	}
	return 1000
}

// TestValueCurtailmentExactModels checks the closed form against Monte
// Carlo where it is exact: within 4 standard errors of the paired
// difference. Measured on 30 Nov 2026 with the engine of commit 57df76c
// and the DefaultModel fitted to history (go test -run
// TestValueCurtailmentExactModels -v; 100,000 paths, seed 11; USD over a
// year; closed form, Monte Carlo ± standard error):
//
//	no jumps:                 86,876    87,047 ± 219   (z -0.78)
//	jumps, Merton series:    167,974   168,076 ± 595   (z -0.17)
//	halving, time of use:    504,057   504,531 ± 426   (z -1.11)
//	GPU and bitcoin mining:  113,610   113,661 ± 250   (z -0.21)
func TestValueCurtailmentExactModels(t *testing.T) {
	s19j := model(t, "Antminer S19j Pro")
	jumps := lognormalModel()
	jumps.Price.JumpRate, jumps.Price.JumpMean, jumps.Price.JumpVol = 4, -0.1, 0.2
	halving := touSnapshot()
	// 5,000 blocks (about 35 days) before the halving at 1,050,000, and
	// 712 blocks into a retarget period.
	halving.Bitcoin.Height = 1_045_000
	gpuModel := jumps
	gpuModel.Price.JumpRate = 12
	cases := []struct {
		name  string
		m     market.Model
		s     market.Snapshot
		lines []economics.Line
		step  time.Duration
	}{
		{"no jumps", lognormalModel(), curtailSnapshot(),
			[]economics.Line{{Model: s19j, Workload: hardware.BitcoinMining, Units: 1000}}, 0},
		{"jumps, Merton series", jumps, curtailSnapshot(),
			[]economics.Line{{Model: s19j, Workload: hardware.BitcoinMining, Units: 1000}}, 0},
		{"halving, time of use", jumps, halving,
			[]economics.Line{{Model: model(t, "Antminer S21"), Workload: hardware.BitcoinMining, Units: 1000}}, 5 * day},
		{"GPU and bitcoin mining", gpuModel, curtailSnapshot(),
			[]economics.Line{
				{Model: model(t, "RTX 4090"), Workload: hardware.GPUMining, Units: 1000},
				{Model: model(t, "H100 SXM"), Workload: hardware.AICloud, Units: 10},
				{Model: s19j, Workload: hardware.BitcoinMining, Units: 100},
			}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := economics.Allocation{Lines: c.lines}
			set := economics.Settings{Paths: curtailPaths(), Seed: 11, Step: c.step}
			v, err := economics.ValueCurtailment(curtailSite(), a, c.m, c.s, &set)
			if err != nil {
				t.Fatal(err)
			}
			mc, se, none := mcCurtailment(t, curtailSite(), a, c.m, c.s, set, curtailPairs())
			t.Logf("closed form %.0f, Monte Carlo %.0f ± %.0f (z = %.2f)", v.Total, mc, se, (v.Total-mc)/se)
			if math.Abs(v.Total-mc) > 4*se {
				t.Errorf("closed form %.0f, Monte Carlo %.0f ± %.0f", v.Total, mc, se)
			}
			// The margin without curtailment is exact too (no opex here);
			// AI cloud lines are outside it.
			margin := v.MiningRevenue - v.MiningPowerCost
			mcMargin := none.Mean
			if ai, ok := none.ByWorkload[hardware.AICloud]; ok {
				mcMargin -= ai.Mean
			}
			if math.Abs(margin-mcMargin) > 4*none.StdErr {
				t.Errorf("margin without curtailment %.0f, Monte Carlo %.0f ± %.0f", margin, mcMargin, none.StdErr)
			}
		})
	}
}

// TestValueCurtailmentDefaultModel measures the approximation under
// market.DefaultModel, whose hashrate, fees and jumps are not exactly
// lognormal, and holds it to the 0.1 % ValueCurtailment's doc claims (plus
// 4 standard errors of the Monte Carlo). Measured on 30 Nov 2026 with the
// engine of commit 57df76c and the DefaultModel fitted to history (go test
// -run TestValueCurtailmentDefaultModel -v; 100,000 paths, seed 11; USD
// over a year):
//
//	flat 0.05 USD/kWh, S19j Pro:  closed form 318,050, Monte Carlo 318,756 ± 678 (-0.22 %)
//	time of use, S21:             closed form 330,661, Monte Carlo 330,746 ± 423 (-0.03 %)
//
// With 2,000,000 paths (ten seeds of 200,000, the standard error from
// their spread) the Monte Carlo gave 317,859 ± 129 and 330,574 ± 88: the
// closed form is 0.06 % and 0.03 % high, so the -0.22 % above is noise.
//
// Without the retarget-timing correction (point 4 of ValueCurtailment's
// approximations) the closed form is 317,490 and 330,305, 0.18 % and
// 0.11 % below the values with it: within the tolerances of 3,031 and
// 2,023 USD, so this test no longer sees that regression under the fitted
// defaults, whose hashrate varies far less over a retarget period than the
// old defaults' did (at those, the correction was 0.76 % and 0.43 %, and
// the test failed without it). ExampleValueCurtailment's golden does
// change without it (318 kUSD becomes 317). The third case, the defaults
// with a hashrate volatility of 0.45, restores the guard: closed form
// 334,846 against Monte Carlo 334,935 ± 517 (-0.03 %), and 332,068
// (-0.86 %, outside the tolerance of 2,402) without the correction
// (measured 30 Nov 2026 by clearing the correction after
// curtailCalc.timing).
func TestValueCurtailmentDefaultModel(t *testing.T) {
	// The third case guards the retarget-timing correction, which the
	// fitted defaults' quiet hashrate no longer exercises: at a hashrate
	// volatility of 0.45 (three times the fit) it is about 5/6 x 0.45^2 x
	// 14/365 = 0.65 % of the value, several times the tolerance.
	noisy := market.DefaultModel()
	noisy.Hashrate.Vol = 0.45
	cases := []struct {
		name  string
		s     market.Snapshot
		model string
		m     market.Model
	}{
		{"flat 0.05 USD/kWh, S19j Pro", curtailSnapshot(), "Antminer S19j Pro", market.DefaultModel()},
		{"time of use, S21", touSnapshot(), "Antminer S21", market.DefaultModel()},
		{"time of use, S21, hashrate vol 0.45", touSnapshot(), "Antminer S21", noisy},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := economics.Allocation{Lines: []economics.Line{{Model: model(t, c.model), Workload: hardware.BitcoinMining, Units: 1000}}}
			set := economics.Settings{Paths: curtailPaths(), Seed: 11}
			m := c.m
			v, err := economics.ValueCurtailment(curtailSite(), a, m, c.s, &set)
			if err != nil {
				t.Fatal(err)
			}
			mc, se, _ := mcCurtailment(t, curtailSite(), a, m, c.s, set, curtailPairs())
			rel := (v.Total - mc) / mc
			t.Logf("closed form %.0f, Monte Carlo %.0f ± %.0f: relative error %+.4f", v.Total, mc, se, rel)
			if math.Abs(v.Total-mc) > 0.001*mc+4*se {
				t.Errorf("closed form %.0f, Monte Carlo %.0f ± %.0f: off by %.2f %%", v.Total, mc, se, 100*rel)
			}
		})
	}
}

// TestValueCurtailmentQuietModel: with no randomness the option is its
// intrinsic value, which Analyze books exactly (up to pool share noise,
// below 1e-4 of revenue for a thousand machines).
func TestValueCurtailmentQuietModel(t *testing.T) {
	s := touSnapshot()
	site := curtailSite()
	a := economics.Allocation{Lines: []economics.Line{
		{Model: model(t, "Antminer S19"), Workload: hardware.BitcoinMining, Units: 1000},
		{Model: model(t, "RTX 4090"), Workload: hardware.GPUMining, Units: 100},
	}}
	set := &economics.Settings{Horizon: 60 * day, Step: day, Paths: 8}
	v, err := economics.ValueCurtailment(site, a, quietModel(), s, set)
	if err != nil {
		t.Fatal(err)
	}
	site.Curtailment = economics.Economic
	e, err := economics.Analyze(site, a, quietModel(), s, set)
	if err != nil {
		t.Fatal(err)
	}
	site.Curtailment = economics.NoCurtailment
	n, err := economics.Analyze(site, a, quietModel(), s, set)
	if err != nil {
		t.Fatal(err)
	}
	if v.Total <= 0 || math.Abs(v.Total-(e.Mean-n.Mean)) > 1e-4*v.MiningRevenue {
		t.Errorf("quiet model: closed form %.2f, Analyze %.2f", v.Total, e.Mean-n.Mean)
	}
}

func TestValueCurtailmentProperties(t *testing.T) {
	m := market.DefaultModel()
	s := touSnapshot()
	lines := []economics.Line{
		{Model: model(t, "Antminer S19j Pro"), Workload: hardware.BitcoinMining, Units: 700},
		{Model: model(t, "H100 SXM"), Workload: hardware.AICloud, Units: 100},
		{Model: model(t, "Antminer S21"), Workload: hardware.BitcoinMining, Units: 0},
		{Workload: hardware.Colocation, Units: 500},
		{Model: model(t, "RTX 4090"), Workload: hardware.GPUMining, Units: 300},
	}
	a := economics.Allocation{Lines: lines}
	set := &economics.Settings{Horizon: 200 * day, Step: 3 * day}
	v, err := economics.ValueCurtailment(curtailSite(), a, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Lines) != len(lines) || len(v.Steps) != 67 {
		t.Fatalf("%d lines, %d steps", len(v.Lines), len(v.Steps))
	}
	var byLine, byStep float64
	for i, x := range v.Lines {
		byLine += x
		mining := lines[i].Workload == hardware.BitcoinMining || lines[i].Workload == hardware.GPUMining
		if (x > 0) != (mining && lines[i].Units > 0) || x < 0 {
			t.Errorf("line %d (%s): %g", i, lines[i].Name(), x)
		}
	}
	for _, x := range v.Steps {
		byStep += x
		if x < 0 {
			t.Errorf("negative step value %g", x)
		}
	}
	if math.Abs(byLine-v.Total) > 1e-9*v.Total || math.Abs(byStep-v.Total) > 1e-9*v.Total {
		t.Errorf("total %g, lines sum %g, steps sum %g", v.Total, byLine, byStep)
	}

	// Linear in units, and the same whatever the site's own policy.
	double := economics.Allocation{Lines: append([]economics.Line(nil), lines...)}
	double.Lines[0].Units *= 2
	site := curtailSite()
	site.Curtailment = economics.Economic
	w, err := economics.ValueCurtailment(site, double, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(w.Lines[0]-2*v.Lines[0]) > 1e-9*v.Lines[0] || w.Lines[4] != v.Lines[4] {
		t.Errorf("doubling line 0: %g -> %g; line 4 %g -> %g", v.Lines[0], w.Lines[0], v.Lines[4], w.Lines[4])
	}

	// Free power: nothing to curtail.
	free := s
	free.TimeOfUse = nil
	free.PowerPrice = decimal.Zero
	z, err := economics.ValueCurtailment(curtailSite(), a, m, free, set)
	if err != nil {
		t.Fatal(err)
	}
	if z.Total != 0 || z.MiningPowerCost != 0 || z.MiningRevenue <= 0 {
		t.Errorf("free power: %+v", z)
	}

	// Dearer power is worth more to curtail; a fixed contract removes
	// the power price's volatility, which the option is long.
	dear := curtailSnapshot()
	dear.PowerPrice = dec("0.07")
	d, err := economics.ValueCurtailment(curtailSite(), a, m, dear, set)
	if err != nil {
		t.Fatal(err)
	}
	cheap := curtailSnapshot()
	c, err := economics.ValueCurtailment(curtailSite(), a, m, cheap, set)
	if err != nil {
		t.Fatal(err)
	}
	contract := curtailSite()
	contract.PowerContract = decimal.NewNullDecimal(dec("0.05"))
	k, err := economics.ValueCurtailment(contract, a, m, cheap, set)
	if err != nil {
		t.Fatal(err)
	}
	if !(d.Total > c.Total && c.Total > k.Total && k.Total > 0) {
		t.Errorf("0.07: %g, 0.05: %g, 0.05 fixed: %g", d.Total, c.Total, k.Total)
	}

	// No mining lines: zero, with the right shapes.
	ai := economics.Allocation{Lines: lines[1:2]}
	n, err := economics.ValueCurtailment(curtailSite(), ai, m, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n.Total != 0 || len(n.Lines) != 1 || len(n.Steps) != 53 {
		t.Errorf("AI only: %+v", n)
	}
}

func TestValueCurtailmentErrors(t *testing.T) {
	s19 := model(t, "Antminer S19")
	mine := economics.Allocation{Lines: []economics.Line{{Model: s19, Workload: hardware.BitcoinMining, Units: 10}}}
	good := func() (economics.Site, economics.Allocation, market.Model, market.Snapshot, *economics.Settings) {
		return curtailSite(), mine, market.DefaultModel(), testSnapshot(), nil
	}
	cases := []struct {
		name   string
		change func(*economics.Site, *economics.Allocation, *market.Model, *market.Snapshot, **economics.Settings)
		want   error
	}{
		{"PUE below 1", func(s *economics.Site, _ *economics.Allocation, _ *market.Model, _ *market.Snapshot, _ **economics.Settings) {
			s.PUE = 0.9
		}, economics.ErrInvalid},
		{"NaN uptime", func(s *economics.Site, _ *economics.Allocation, _ *market.Model, _ *market.Snapshot, _ **economics.Settings) {
			s.Uptime = math.NaN()
		}, economics.ErrInvalid},
		{"over capacity", func(s *economics.Site, _ *economics.Allocation, _ *market.Model, _ *market.Snapshot, _ **economics.Settings) {
			s.Capacity = 10 * hardware.Kilowatt
		}, economics.ErrOverCapacity},
		{"negative units", func(_ *economics.Site, a *economics.Allocation, _ *market.Model, _ *market.Snapshot, _ **economics.Settings) {
			a.Lines = []economics.Line{{Model: s19, Workload: hardware.BitcoinMining, Units: -1}}
		}, economics.ErrInvalid},
		{"unsupported workload", func(_ *economics.Site, a *economics.Allocation, _ *market.Model, _ *market.Snapshot, _ **economics.Settings) {
			a.Lines = []economics.Line{{Model: s19, Workload: hardware.AICloud, Units: 1}}
		}, hardware.ErrUnsupported},
		{"no quote", func(_ *economics.Site, a *economics.Allocation, _ *market.Model, _ *market.Snapshot, _ **economics.Settings) {
			a.Lines = []economics.Line{{Model: model(t, "H100 PCIe"), Workload: hardware.AICloud, Units: 1}}
		}, market.ErrNoQuote},
		{"negative step", func(_ *economics.Site, _ *economics.Allocation, _ *market.Model, _ *market.Snapshot, o **economics.Settings) {
			*o = &economics.Settings{Step: -day}
		}, economics.ErrInvalid},
		{"horizon below step", func(_ *economics.Site, _ *economics.Allocation, _ *market.Model, _ *market.Snapshot, o **economics.Settings) {
			*o = &economics.Settings{Horizon: day, Step: 2 * day}
		}, economics.ErrInvalid},
		{"horizon over 100 years", func(_ *economics.Site, _ *economics.Allocation, _ *market.Model, _ *market.Snapshot, o **economics.Settings) {
			*o = &economics.Settings{Horizon: 101 * 365 * day, Step: 365 * day}
		}, economics.ErrInvalid}, // Settings.Horizon's own range (economics.MaxHorizon), checked before the market model's
		{"negative volatility", func(_ *economics.Site, _ *economics.Allocation, m *market.Model, _ *market.Snapshot, _ **economics.Settings) {
			m.Price.Vol = -0.1
		}, market.ErrInvalid},
		{"NaN elasticity", func(_ *economics.Site, _ *economics.Allocation, m *market.Model, _ *market.Snapshot, _ **economics.Settings) {
			m.Hashrate.Elasticity = math.NaN()
		}, market.ErrInvalid},
		{"correlation not positive definite", func(_ *economics.Site, _ *economics.Allocation, m *market.Model, _ *market.Snapshot, _ **economics.Settings) {
			m.Corr[0][2], m.Corr[2][0] = 1, 1
		}, market.ErrInvalid},
		{"negative power price", func(_ *economics.Site, _ *economics.Allocation, _ *market.Model, s *market.Snapshot, _ **economics.Settings) {
			s.PowerPrice = dec("-0.01")
		}, market.ErrInvalid},
		{"zero difficulty", func(_ *economics.Site, _ *economics.Allocation, _ *market.Model, s *market.Snapshot, _ **economics.Settings) {
			s.Bitcoin.Difficulty = 0
		}, market.ErrInvalid},
		{"moments overflow", func(_ *economics.Site, _ *economics.Allocation, m *market.Model, _ *market.Snapshot, o **economics.Settings) {
			m.Price.Drift, m.Price.Vol = 10, 10
			*o = &economics.Settings{Horizon: 100 * 365 * day, Step: 365 * day}
		}, economics.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			site, a, m, s, opt := good()
			c.change(&site, &a, &m, &s, &opt)
			v, err := economics.ValueCurtailment(site, a, m, s, opt)
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v (value %+v)", err, c.want, v)
			}
		})
	}
}

// FuzzValueCurtailment draws models, prices and horizons from fuzz input:
// ValueCurtailment must never panic, and must return either an error that
// matches a sentinel or a finite, non-negative value whose lines and steps
// sum to its total.
func FuzzValueCurtailment(f *testing.F) {
	f.Add(0.45, 2.0, -0.05, 0.1, 0.33, 0.15, 0.6, 30.0, 0.5, 12.0, 0.8, 0.0, 0.05, 365.0, 7.0)
	f.Add(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0)
	f.Add(10.0, 1000.0, 1.0, 1.0, 10.0, 10.0, 10.0, 1e4, 10.0, 1e4, 10.0, 0.99, 1e3, 700.0, 0.05)
	f.Add(math.NaN(), math.Inf(1), -2.0, -1.0, -11.0, -1.0, math.NaN(), -5.0, -1.0, -1.0, -1.0, 1.5, -1.0, -3.0, 0.0)
	f.Add(2.0, 50.0, -0.3, 0.5, -3.0, 2.0, -4.0, 3.0, 3.0, 0.0, 5.0, -0.7, 0.2, 720.0, 0.5)
	s19j := model(f, "Antminer S19j Pro")
	rtx := model(f, "RTX 4090")
	f.Fuzz(func(t *testing.T, pVol, jRate, jMean, jVol, hGrowth, hVol, elast, lagDays, feeVol, rev, wVol, rho, power, horizonDays, stepDays float64) {
		m := market.DefaultModel()
		m.Price.Vol, m.Price.JumpRate, m.Price.JumpMean, m.Price.JumpVol = pVol, jRate, jMean, jVol
		m.Hashrate.Growth, m.Hashrate.Vol, m.Hashrate.Elasticity = hGrowth, hVol, elast
		if lagDays >= 0 && lagDays < 1e5 {
			m.Hashrate.Lag = time.Duration(lagDays * float64(day))
		}
		m.Fees.Vol, m.Power.Reversion, m.Power.Vol = feeVol, rev, wVol
		m.Corr[0][2], m.Corr[2][0] = rho, rho
		m.Corr[1][2], m.Corr[2][1] = rho/2, rho/2
		s := touSnapshot()
		if !math.IsNaN(power) && !math.IsInf(power, 0) {
			s.TimeOfUse[3] = decimal.NewFromFloat(power)
		}
		// At most two years in steps of at least an hour keeps an
		// execution within a few milliseconds.
		set := &economics.Settings{}
		if horizonDays > -1 && horizonDays < 731 && stepDays > -1 && stepDays < 731 {
			set.Horizon = time.Duration(horizonDays * float64(day))
			set.Step = max(time.Duration(stepDays*float64(day)), time.Hour)
			if stepDays < 0 {
				set.Step = -set.Step
			}
		}
		a := economics.Allocation{Lines: []economics.Line{
			{Model: s19j, Workload: hardware.BitcoinMining, Units: 100},
			{Model: rtx, Workload: hardware.GPUMining, Units: 50},
		}}
		v, err := economics.ValueCurtailment(curtailSite(), a, m, s, set)
		if err != nil {
			for _, sentinel := range []error{economics.ErrInvalid, economics.ErrOverCapacity, market.ErrInvalid} {
				if errors.Is(err, sentinel) {
					return
				}
			}
			t.Fatalf("error matches no sentinel: %v", err)
		}
		if !(v.Total >= 0) || math.IsInf(v.Total, 0) || !(v.MiningRevenue >= 0) || !(v.MiningPowerCost >= 0) {
			t.Fatalf("bad value %+v", v)
		}
		var sum float64
		for _, x := range v.Steps {
			if !(x >= 0) {
				t.Fatalf("bad step value %g", x)
			}
			sum += x
		}
		if math.Abs(sum-v.Total) > 1e-9*v.Total || math.Abs(v.Lines[0]+v.Lines[1]-v.Total) > 1e-9*v.Total {
			t.Fatalf("steps sum %g, lines %v, total %g", sum, v.Lines, v.Total)
		}
	})
}

func BenchmarkValueCurtailment(b *testing.B) {
	site := curtailSite()
	a := economics.Allocation{Lines: []economics.Line{
		{Model: model(b, "Antminer S19j Pro"), Workload: hardware.BitcoinMining, Units: 1000},
		{Model: model(b, "Antminer S21"), Workload: hardware.BitcoinMining, Units: 1000},
	}}
	m := market.DefaultModel()
	for _, c := range []struct {
		name string
		s    market.Snapshot
		step time.Duration
	}{
		{"weekly", curtailSnapshot(), 7 * day},
		{"daily", curtailSnapshot(), day},
		{"daily-tou", touSnapshot(), day},
		{"hourly", curtailSnapshot(), time.Hour},
	} {
		b.Run(c.name, func(b *testing.B) {
			set := &economics.Settings{Step: c.step}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := economics.ValueCurtailment(site, a, m, c.s, set); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
