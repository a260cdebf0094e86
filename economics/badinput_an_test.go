package economics_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// input is one bad input of the tables below: a change to good inputs,
// the sentinel the error must match (economics.ErrInvalid, or
// market.ErrInvalid once Snapshot.Validate bounds the price) and text the
// message must hold (the field).
type badInput struct {
	name   string
	change func(*economics.Site, *[]economics.Line, *market.Snapshot, *economics.Settings)
	want   []error
	field  string
}

var invalidAny = []error{economics.ErrInvalid, market.ErrInvalid}

func huge() decimal.Decimal { return decimal.RequireFromString("1e300") }

// priceCases are prices that pass the sign checks but overflow the
// simulation's float64 (issue 9: they reached the tail selector as
// Inf/NaN inside a worker goroutine).
func priceCases() []badInput {
	return []badInput{
		{"power contract 1e300", func(s *economics.Site, _ *[]economics.Line, _ *market.Snapshot, _ *economics.Settings) {
			s.PowerContract = decimal.NewNullDecimal(huge())
		}, invalidAny, "PowerContract"},
		{"power price 1e300", func(_ *economics.Site, _ *[]economics.Line, m *market.Snapshot, _ *economics.Settings) {
			m.PowerPrice = huge()
		}, invalidAny, "PowerPrice"},
		{"time-of-use hour 1e300", func(_ *economics.Site, _ *[]economics.Line, m *market.Snapshot, _ *economics.Settings) {
			m.TimeOfUse = make([]decimal.Decimal, 24)
			for h := range m.TimeOfUse {
				m.TimeOfUse[h] = decimal.RequireFromString("0.05")
			}
			m.TimeOfUse[3] = huge()
		}, invalidAny, "TimeOfUse[3]"},
		{"colocation rate 1e300", func(_ *economics.Site, _ *[]economics.Line, m *market.Snapshot, _ *economics.Settings) {
			m.ColocationRate = huge()
		}, invalidAny, "ColocationRate"},
		{"bitcoin price 1e300", func(_ *economics.Site, _ *[]economics.Line, m *market.Snapshot, _ *economics.Settings) {
			m.Bitcoin.Price = huge()
		}, invalidAny, "Price"},
		{"GPU rate 1e300", func(_ *economics.Site, _ *[]economics.Line, m *market.Snapshot, _ *economics.Settings) {
			m.GPURates = map[string]decimal.Decimal{"H100 SXM": huge(), "H200": decimal.RequireFromString("3.5")}
		}, invalidAny, "H100 SXM"},
		{"opex 1e300", func(s *economics.Site, _ *[]economics.Line, _ *market.Snapshot, _ *economics.Settings) {
			s.OpexPerMWMonth = huge()
		}, invalidAny, "Opex"},
	}
}

func settingsCases() []badInput {
	set := func(f func(*economics.Settings)) func(*economics.Site, *[]economics.Line, *market.Snapshot, *economics.Settings) {
		return func(_ *economics.Site, _ *[]economics.Line, _ *market.Snapshot, o *economics.Settings) { f(o) }
	}
	inv := []error{economics.ErrInvalid}
	return []badInput{
		{"negative paths", set(func(o *economics.Settings) { o.Paths = -1 }), inv, "Settings.Paths"},
		{"paths over MaxPaths", set(func(o *economics.Settings) { o.Paths = economics.MaxPaths + 1 }), inv, "Settings.Paths"},
		{"paths at MaxInt", set(func(o *economics.Settings) { o.Paths = math.MaxInt }), inv, "Settings.Paths"},
		{"odd antithetic", set(func(o *economics.Settings) { o.Paths, o.Antithetic = 3, true }), inv, "Settings.Paths"},
		{"negative horizon", set(func(o *economics.Settings) { o.Horizon = -time.Hour }), inv, "Settings.Horizon"},
		{"horizon over 100 years", set(func(o *economics.Settings) { o.Horizon = economics.MaxHorizon + time.Hour }), inv, "Settings.Horizon"},
		{"100 years hourly", set(func(o *economics.Settings) { o.Horizon, o.Step = economics.MaxHorizon, time.Hour }), inv, "Settings.Step"},
		{"a year by the minute", set(func(o *economics.Settings) { o.Horizon, o.Step = 365*day, time.Minute }), inv, "Settings.Step"},
		{"max duration", set(func(o *economics.Settings) { o.Horizon, o.Step = math.MaxInt64, 1 }), inv, "Settings.Horizon"},
		{"negative step", set(func(o *economics.Settings) { o.Step = -time.Hour }), inv, "Settings.Step"},
		{"step above horizon", set(func(o *economics.Settings) { o.Horizon, o.Step = day, 2*day }), inv, "Settings.Horizon"},
		// 200,000 band paths x 128 points (MaxBandPoints) is 25.6 million
		// values, above MaxBandValues.
		{"band memory", set(func(o *economics.Settings) {
			o.Paths, o.BandPaths, o.Horizon, o.Step = 200_000, 200_000, 365*day, time.Hour
		}), inv, "Settings.BandPaths"},
		{"negative band paths", set(func(o *economics.Settings) { o.BandPaths = -1 }), inv, "Settings.BandPaths"},
		{"level 1", set(func(o *economics.Settings) { o.Level = 1 }), inv, "Settings.Level"},
		{"level NaN", set(func(o *economics.Settings) { o.Level = math.NaN() }), inv, "Settings.Level"},
		{"negative workers", set(func(o *economics.Settings) { o.Workers = -1 }), inv, "Settings.Workers"},
	}
}

// checkBad checks err against c.
func checkBad(t *testing.T, c badInput, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", c.name)
	}
	ok := false
	for _, w := range c.want {
		ok = ok || errors.Is(err, w)
	}
	if !ok {
		t.Errorf("%s: error %v matches none of %v", c.name, err, c.want)
	}
	if !strings.Contains(err.Error(), c.field) {
		t.Errorf("%s: error %q does not name %s", c.name, err, c.field)
	}
}

func goodInputs(t *testing.T) (economics.Site, []economics.Line, market.Snapshot, economics.Settings) {
	return mixedSite(), mixedLines(t), testSnapshot(), economics.Settings{Horizon: 28 * day, Step: 7 * day, Paths: 64, Seed: 1}
}

func TestAnalyzeBadInputs(t *testing.T) {
	for _, c := range append(priceCases(), settingsCases()...) {
		t.Run(c.name, func(t *testing.T) {
			site, lines, snap, set := goodInputs(t)
			c.change(&site, &lines, &snap, &set)
			_, err := economics.Analyze(site, economics.Allocation{Lines: lines}, market.DefaultModel(), snap, &set)
			checkBad(t, c, err)
		})
	}
}

func TestNewPortfolioBadInputs(t *testing.T) {
	for _, c := range append(priceCases(), settingsCases()...) {
		t.Run(c.name, func(t *testing.T) {
			site, lines, snap, set := goodInputs(t)
			c.change(&site, &lines, &snap, &set)
			_, err := economics.NewPortfolio(site, lines, market.DefaultModel(), snap, &set)
			checkBad(t, c, err)
		})
	}
}

func TestValueCurtailmentBadPrices(t *testing.T) {
	for _, c := range priceCases() {
		t.Run(c.name, func(t *testing.T) {
			site, lines, snap, set := goodInputs(t)
			c.change(&site, &lines, &snap, &set)
			_, err := economics.ValueCurtailment(site, economics.Allocation{Lines: lines}, market.DefaultModel(), snap, &set)
			if err == nil && (c.field == "ColocationRate" || c.field == "H100 SXM" || c.field == "Opex") {
				// Curtailment values only the mining lines' power: opex and
				// the prices of the others do not reach it, and it is right.
				return
			}
			checkBad(t, c, err)
			if strings.Contains(err.Error(), "Settings.Horizon") {
				t.Errorf("%s: blames the horizon: %v", c.name, err)
			}
		})
	}
}

func TestPlannerBadInputs(t *testing.T) {
	cands := func(t *testing.T) []economics.Line { return threeCandidates(t) }
	cases := append(priceCases(), settingsCases()...)
	cases = append(cases,
		badInput{"scenarios over 1 GiB", func(_ *economics.Site, l *[]economics.Line, _ *market.Snapshot, o *economics.Settings) {
			for len(*l) < 14 {
				*l = append(*l, (*l)[0])
			}
			o.Paths = economics.MaxPaths
		}, []error{economics.ErrInvalid}, "Settings.Paths"},
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			site, _, snap, set := goodInputs(t)
			lines := cands(t)
			if c.field == "H100 SXM" || c.field == "ColocationRate" || c.field == "Price" || c.field == "Opex" || c.field == "PowerPrice" || c.field == "PowerContract" || c.field == "TimeOfUse[3]" {
				site.Capacity = 20 * hardware.Megawatt
			}
			c.change(&site, &lines, &snap, &set)
			_, err := economics.NewPlanner(economics.Problem{Site: site, Candidates: lines}, market.DefaultModel(), snap, &set)
			checkBad(t, c, err)
		})
	}
	pl := newPlanner(t, economics.Problem{Site: planSite(), Candidates: threeCandidates(t)}, 64)
	if _, err := pl.Frontier(0); !errors.Is(err, economics.ErrInvalid) || !strings.Contains(err.Error(), "points") {
		t.Errorf("Frontier(0): %v", err)
	}
	for _, obj := range []economics.Objective{
		{Goal: 9}, {Goal: economics.MinCVaR, Target: math.NaN()}, {Goal: economics.MinVariance, Target: math.Inf(1)},
		{Goal: economics.MeanVariance, Lambda: -1}, {Goal: economics.MaxSharpe, RiskFree: math.Inf(-1)},
	} {
		if _, err := pl.Optimize(obj); !errors.Is(err, economics.ErrInvalid) || !strings.Contains(err.Error(), "Objective.") {
			t.Errorf("Optimize(%+v): %v", obj, err)
		}
	}
}

func TestUnitsBadInputs(t *testing.T) {
	pl := newPlanner(t, economics.Problem{Site: planSite(), Candidates: threeCandidates(t)}, 64)
	pf := pl.Portfolio()
	cases := []struct {
		units []float64
		want  error
		field string
	}{
		{[]float64{math.NaN(), 0, 0}, economics.ErrInvalid, "units[0]"},
		{[]float64{0, -1, 0}, economics.ErrInvalid, "units[1]"},
		{[]float64{0, 0, math.Inf(1)}, economics.ErrInvalid, "units[2]"},
		{[]float64{0, 1e300, 0}, economics.ErrInvalid, "units[1]"},
	}
	for _, c := range cases {
		_, _, err := pf.EvaluateChecked(c.units)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.field) {
			t.Errorf("EvaluateChecked(%v): %v, want %v naming %s", c.units, err, c.want, c.field)
		}
		// The contract's Evaluate has no error: NaN for both, never a
		// plausible number.
		if m, v := pf.Evaluate(c.units); !math.IsNaN(m) || !math.IsNaN(v) {
			t.Errorf("Evaluate(%v) = %v, %v; want NaN, NaN", c.units, m, v)
		}
		if _, err := pf.RiskContributions(c.units); !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.field) {
			t.Errorf("RiskContributions(%v): %v", c.units, err)
		}
		if _, err := pl.Outcome(c.units); !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.field) {
			t.Errorf("Outcome(%v): %v", c.units, err)
		}
	}
	// Over capacity: 21 MW of S21s on a 20 MW site.
	over := []float64{21 / pl.UnitPower()[0].Megawatts(), 0, 0}
	if _, err := pl.Outcome(over); !errors.Is(err, economics.ErrOverCapacity) || !strings.Contains(err.Error(), "Site.Capacity") {
		t.Errorf("Outcome over capacity: %v", err)
	}
	// Lengths are the caller's code: documented panics.
	for name, f := range map[string]func(){
		"Evaluate":          func() { _, _ = pf.Evaluate([]float64{1}) },
		"EvaluateChecked":   func() { _, _, _ = pf.EvaluateChecked([]float64{1}) },
		"RiskContributions": func() { _, _ = pf.RiskContributions([]float64{1}) },
		"StdErrs":           func() { pf.StdErrs(make([]float64, 2)) },
		"Outcome":           func() { _, _ = pl.Outcome([]float64{1, 2, 3, 4}) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(r.(string), "economics: ") {
					t.Errorf("%s: panic %v, want an economics: message", name, r)
				}
			}()
			f()
		}()
	}
}

// Valid inputs at the edges give finite results.
func TestAnalyzeExtremeButValid(t *testing.T) {
	one := []economics.Line{{Model: model(t, "Antminer S21"), Workload: hardware.BitcoinMining, Units: 1}}
	high := testSnapshot()
	high.PowerPrice = decimal.NewFromInt(market.MaxPowerPrice)
	high.Bitcoin.Price = decimal.NewFromInt(market.MaxBTCPrice)
	high.ColocationRate = decimal.NewFromInt(market.MaxColocationRate)
	cases := []struct {
		name  string
		lines []economics.Line
		snap  market.Snapshot
		set   economics.Settings
	}{
		{"one unit, one hour, one step, one path", one, testSnapshot(), economics.Settings{Horizon: time.Hour, Step: time.Hour, Paths: 1}},
		{"ten years weekly", mixedLines(t), testSnapshot(), economics.Settings{Horizon: 10 * 365 * day, Step: 7 * day, Paths: 32}},
		{"prices at plausible bounds", mixedLines(t), high, economics.Settings{Paths: 32}},
		{"default band paths shrink for hourly steps", one, testSnapshot(), economics.Settings{Horizon: 365 * day, Step: time.Hour, Paths: 4000}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if testing.Short() && c.set.Paths > 1000 {
				t.Skip("long")
			}
			r, err := economics.Analyze(mixedSite(), economics.Allocation{Lines: c.lines}, market.DefaultModel(), c.snap, &c.set)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []float64{r.Mean, r.StdDev, r.Variance, r.StdErr, r.VaR, r.CVaR, r.ProbLoss, r.MiningAICorrelation, r.MinedStdDev} {
				if !(v == v) || math.IsInf(v, 0) {
					t.Fatalf("not finite: %+v", r.Stats)
				}
			}
			for _, b := range r.Bands {
				if math.IsNaN(b.P50) || math.IsInf(b.P50, 0) {
					t.Fatalf("band %+v", b)
				}
			}
			pf, err := economics.NewPortfolio(mixedSite(), c.lines, market.DefaultModel(), c.snap, &c.set)
			if err != nil {
				t.Fatal(err)
			}
			u := make([]float64, pf.Len())
			for i := range u {
				u[i] = float64(c.lines[i].Units)
			}
			m, v := evalOK(t, pf, u)
			if math.IsNaN(m) || math.IsInf(v, 0) {
				t.Fatalf("Evaluate %v %v", m, v)
			}
		})
	}
}
