package economics_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// flatModel returns the default model with its noise off and every drift
// zero: the market stays at the snapshot.
func flatModel() market.Model {
	m := market.DefaultModel().Deterministic()
	m.Price.Drift, m.Hashrate.Growth, m.GPU.Drift = 0, 0, 0
	m.GPU.ModelDrift = nil
	return m
}

func deterministicSite() economics.Site {
	return economics.Site{Capacity: 20 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97,
		OpexPerMWMonth: decimal.NewFromInt(8200)}
}

// With the noise off, Analyze's paths are one path: every seed and path
// count give the same profit, with no spread, and with the drifts at zero
// too it is Evaluate's statement of the same year.
func TestAnalyzeDeterministic(t *testing.T) {
	h100, err := hardware.Lookup("H100 SXM")
	if err != nil {
		t.Fatal(err)
	}
	site := deterministicSite()
	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: h100, Workload: hardware.AICloud, Units: 2000},
		{Workload: hardware.Colocation, Units: 3000},
	}}
	const year = 365 * 24 * time.Hour
	s := market.Reference()
	for _, tc := range []struct {
		name string
		m    market.Model
	}{
		{"default drifts", market.DefaultModel().Deterministic()},
		{"zero drifts", flatModel()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var first economics.Report
			for i, set := range []economics.Settings{
				{Horizon: year, Paths: 2, Seed: 1},
				{Horizon: year, Paths: 64, Seed: 2},
				{Horizon: year, Paths: 6, Seed: 3, Antithetic: true},
			} {
				r, err := economics.Analyze(site, alloc, tc.m, s, &set)
				if err != nil {
					t.Fatal(err)
				}
				// Identical path profits; the mean of n equal numbers may
				// differ from them in the last bits, so the computed spread
				// is zero to rounding, not exactly.
				if r.StdDev > 1e-12*math.Abs(r.Mean) {
					t.Errorf("settings %d: std dev %v of mean %v", i, r.StdDev, r.Mean)
				}
				if i == 0 {
					first = r
				} else if math.Abs(r.Mean-first.Mean) > 1e-12*math.Abs(first.Mean) {
					t.Errorf("settings %d: mean %.6f, first %.6f", i, r.Mean, first.Mean)
				}
			}
			if tc.name != "zero drifts" {
				return
			}
			st, err := economics.Evaluate(site, alloc, s, year)
			if err != nil {
				t.Fatal(err)
			}
			// Evaluate books in cents, line by line; Analyze in float64:
			// a cent per line apart at most.
			want := st.Total.Profit.InexactFloat64()
			t.Logf("Analyze mean %.4f, std dev %g; Evaluate %.2f", first.Mean, first.StdDev, want)
			if math.Abs(first.Mean-want) > 0.01*float64(len(alloc.Lines)) {
				t.Errorf("Analyze mean %.4f, Evaluate profit %.4f", first.Mean, want)
			}
		})
	}
}

// Mining keeps the pool's share noise, which Deterministic does not touch
// (it is the site's payout, not the market's), and the simulator retargets
// the difficulty, which Evaluate holds at the snapshot's.
func TestAnalyzeDeterministicMining(t *testing.T) {
	s21, err := hardware.Lookup("Antminer S21")
	if err != nil {
		t.Fatal(err)
	}
	site := deterministicSite()
	alloc := economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 3000}}}
	const year = 365 * 24 * time.Hour
	s := market.Reference()
	r, err := economics.Analyze(site, alloc, flatModel(), s, &economics.Settings{Horizon: year, Paths: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	st, err := economics.Evaluate(site, alloc, s, year)
	if err != nil {
		t.Fatal(err)
	}
	rev := r.ByWorkload[hardware.BitcoinMining]
	want := st.Total.Profit.InexactFloat64()
	gross := st.Total.GrossRevenue().InexactFloat64()
	// Share noise: 20 shares a minute a machine, 3000 machines, a week a
	// step, is a relative sd of 1/sqrt(20*60*24*7*3000) = 1.3e-4 a step,
	// 1.8e-5 of revenue over 52 steps. The simulator's retargets measure
	// 2015 of 2016 intervals (see market.NewSimulator), so at a flat
	// hashrate the difficulty sits about 1/2015 = 0.05 % above the
	// snapshot's, which Evaluate holds. So profit within 0.1 % of gross
	// revenue, and a spread of the share noise's size, not 0.
	t.Logf("Analyze mean %.0f, std dev %.0f; Evaluate %.0f, gross %.0f", rev.Mean, r.StdDev, want, gross)
	if math.Abs(rev.Mean-want) > 1e-3*gross {
		t.Errorf("Analyze mean %.0f, Evaluate profit %.0f (gross revenue %.0f)", rev.Mean, want, gross)
	}
	if r.StdDev > 1e-4*gross || r.StdDev == 0 {
		t.Errorf("std dev %v, want share noise only, gross %v", r.StdDev, gross)
	}
}

// The H100 and colocation lines of the Analyze example with the market's
// noise off: one path, the spreadsheet projection at the model's drifts.
func ExampleAnalyze_deterministic() {
	h100, _ := hardware.Lookup("H100 SXM")
	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: h100, Workload: hardware.AICloud, Units: 2000},
		{Workload: hardware.Colocation, Units: 3000},
	}}
	m := market.DefaultModel().Deterministic()
	r, err := economics.Analyze(deterministicSite(), alloc, m, market.Reference(),
		&economics.Settings{Horizon: 365 * 24 * time.Hour, Paths: 2, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("profit %.1f M USD, std dev %.1f\n", r.Mean/1e6, r.StdDev/1e6)
	// Output:
	// profit 37.1 M USD, std dev 0.0
}
