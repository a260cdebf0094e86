package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
)

func TestFirstYearRent(t *testing.T) {
	tests := []struct {
		name      string
		perMWYear float64
		e         float64
		n         int
		want      string
	}{
		// Hut 8 River Bend, 1.905 M USD per MW-year over 15 years at 3 %:
		// the factor (1.03^15 - 1)/(0.03 x 15) = 1.2399276 (1.03^15 =
		// 1.5579674), so 1,905,000 / 1.2399276 / 12,000 = 128.0317.
		{"hut8", 1.905e6, 0.03, 15, "128.03"},
		// No escalator: the average is every year's rent, 1,905,000 /
		// 12,000 = 158.75.
		{"flat", 1.905e6, 0, 15, "158.75"},
		// One year: the first year is the average whatever the escalator.
		{"one year", 1.2e6, 0.05, 1, "100"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := firstYearRent(tc.perMWYear, tc.e, tc.n); !got.Equal(decimal.RequireFromString(tc.want)) {
				t.Errorf("firstYearRent(%g, %g, %d) = %s, want %s", tc.perMWYear, tc.e, tc.n, got, tc.want)
			}
		})
	}
}

// TestProjects checks the options' projects as built, before any
// simulation: the baseline spends nothing, each converted hall adds its
// works (and GPUs), the halls are filled without overflowing, and the
// dark months start when the miners stop.
func TestProjects(t *testing.T) {
	for _, gpu := range []string{"B200", "H100 SXM"} {
		c, err := newCampus(gpu)
		if err != nil {
			t.Fatal(err)
		}
		base := c.project(option{miningOnly, 0})
		if len(base.Outlays) != 0 || !capitalSpent(base).IsZero() || len(base.Lines) != halls {
			t.Errorf("%s: the baseline has %d outlays, capital %s and %d lines; want 0, 0 and %d",
				gpu, len(base.Outlays), capitalSpent(base), len(base.Lines), halls)
		}
		for _, k := range []kind{gpuCloud, colocation} {
			prev := decimal.Zero
			for h := 1; h <= halls; h++ {
				o := option{k, h}
				p := c.project(o)
				spent := capitalSpent(p)
				if !spent.GreaterThan(prev) {
					t.Errorf("%s %s: capital %s, not more than %s with one hall fewer", gpu, o, spent, prev)
				}
				prev = spent
				if len(p.Outlays) != h || len(p.Lines) != halls+h || len(p.Site.Halls) != halls+h {
					t.Errorf("%s %s: %d outlays, %d lines, %d halls; want %d, %d, %d",
						gpu, o, len(p.Outlays), len(p.Lines), len(p.Site.Halls), h, halls+h, halls+h)
				}
				checkLines(t, gpu+" "+o.String(), p)
			}
		}
	}
}

// checkLines checks that every line fills its hall to within one unit
// and that a converted hall's AI line starts when its miners stop.
func checkLines(t *testing.T, name string, p economics.Project) {
	t.Helper()
	stopped, started := map[string]bool{}, map[string]bool{}
	for _, l := range p.Lines {
		pue := miningPUE
		it := hardware.Kilowatt // a colocation unit is a kW of IT
		if l.Workload != hardware.Colocation {
			m, err := l.Model.Mode(l.Mode)
			if err != nil {
				t.Fatal(err)
			}
			it = m.Power
			if l.Workload == hardware.AICloud {
				it += l.Model.HostPower
			}
		}
		switch {
		case l.Workload != hardware.BitcoinMining:
			pue = aiPUE
			started[strings.TrimSuffix(l.Hall, " AI")] = l.Start.Equal(conversionStart) && l.Delay != nil
		case !l.End.IsZero():
			stopped[l.Hall] = l.End.Equal(conversionStart)
		}
		used := float64(l.Units) * float64(it) * pue
		if used > float64(hallPower) || used+float64(it)*pue <= float64(hallPower) {
			t.Errorf("%s: %d units of %s draw %v of a %v hall: not filled to within one unit",
				name, l.Units, l.Name(), hardware.Power(used), hallPower)
		}
	}
	for hall, ok := range stopped {
		if !ok || !started[hall] {
			t.Errorf("%s: %s: miners stop at the conversion's start: %v; AI line starts then, with a delay: %v", name, hall, ok, started[hall])
		}
	}
	if len(started) != len(stopped) {
		t.Errorf("%s: AI lines in %d halls, miners stopped in %d", name, len(started), len(stopped))
	}
}

// TestRun runs the whole example with few paths and checks what must hold
// whatever the market: the capital booked is the capital the inputs
// spend, to the cent per year, and grows in proportion to the halls
// converted; the baseline spends and borrows nothing; each kind earns
// only its own revenue; the years add up; the bands are ordered; and the
// report and both charts come out.
func TestRun(t *testing.T) {
	const paths = 64
	st, err := run(config{paths: paths, seed: 1, horizon: horizon, gpu: "B200", projected: option{gpuCloud, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.outcomes) != 1+2*halls {
		t.Fatalf("%d outcomes, want %d", len(st.outcomes), 1+2*halls)
	}
	if st.projection.Paths != paths {
		t.Errorf("the projection ran %d paths, want %d", st.projection.Paths, paths)
	}
	row := func(f func(economics.Year) decimal.Decimal) func(economics.Appraisal) decimal.Decimal {
		return func(a economics.Appraisal) decimal.Decimal { return yearsTotal(a, f) }
	}
	capex := row(func(y economics.Year) decimal.Decimal { return y.Capex })
	borrowed := row(func(y economics.Year) decimal.Decimal { return y.Borrowed })
	ai := row(func(y economics.Year) decimal.Decimal { return y.AICloud })
	colo := row(func(y economics.Year) decimal.Decimal { return y.Colocation })
	cent := decimal.RequireFromString("0.01")
	for _, o := range st.outcomes {
		if n := len(o.a.Years); n != 10 {
			t.Errorf("%s: %d years, want 10", o.option, n)
		}
		// Every spending is certain (at the conversion's start, whatever
		// the delay), so its expectation is the spending itself; each
		// year is rounded to the cent.
		if tol := cent.Mul(decimal.NewFromInt(int64(len(o.a.Years)))); capex(o.a).Sub(o.capex).Abs().GreaterThan(tol) {
			t.Errorf("%s: capex booked %s, the inputs spend %s", o.option, capex(o.a), o.capex)
		}
		// Each hall's works and machines cost the same: the capital is
		// the halls converted times one hall's (decimal, exact).
		one, _ := st.find(option{o.kind, 1})
		if o.halls > 0 && !o.capex.Equal(one.capex.Mul(decimal.NewFromInt(int64(o.halls)))) {
			t.Errorf("%s: capital %s, not %d x %s", o.option, o.capex, o.halls, one.capex)
		}
		if got := [2]bool{ai(o.a).IsPositive(), colo(o.a).IsPositive()}; got != [2]bool{o.kind == gpuCloud, o.kind == colocation} {
			t.Errorf("%s: AI cloud revenue %s, colocation %s: not the option's own", o.option, ai(o.a), colo(o.a))
		}
		// The GPUs are retired six years after they start to earn, at
		// the latest 1 Jan 2026 + 18 months + 6 years, 7.6 years after
		// the snapshot: they earn nothing in years 9 and 10.
		if o.kind == gpuCloud && len(o.a.Years) == 10 {
			for _, y := range o.a.Years[8:] {
				if !y.AICloud.IsZero() {
					t.Errorf("%s: the GPUs earn %s in year %d, after their life", o.option, y.AICloud, y.Year)
				}
			}
		}
		for i, b := range o.a.Bands {
			if !(b.P5 <= b.P25 && b.P25 <= b.P50 && b.P50 <= b.P75 && b.P75 <= b.P95) {
				t.Errorf("%s: band %d not ordered: %+v", o.option, i, b)
				break
			}
		}
		if len(o.a.Bands) == 0 {
			t.Errorf("%s: no bands", o.option)
		}
	}
	base := st.baseline()
	if !capex(base.a).IsZero() || !borrowed(base.a).IsZero() || base.a.DebtShortfall != 0 {
		t.Errorf("the mining-only campus spends %s, borrows %s and falls short on debt on %g of paths; want 0, 0, 0",
			capex(base.a), borrowed(base.a), base.a.DebtShortfall)
	}
	// The projection's rows add up to its free cash flow, to the cent
	// (economics.Year's identity, which the printed table relies on).
	for _, y := range st.projection.Years {
		fcf := y.Mining.Add(y.AICloud).Add(y.Colocation).Sub(y.Power).Sub(y.Opex).Sub(y.Capex).Add(y.Salvage).Sub(y.Tax)
		if !fcf.Equal(y.FreeCashFlow) {
			t.Errorf("projection year %d: the rows add up to %s, free cash flow %s", y.Year, fcf, y.FreeCashFlow)
		}
	}

	var out bytes.Buffer
	printInputs(&out, st)
	printProjection(&out, st)
	printDistributions(&out, st)
	printReturns(&out, st)
	printFrontier(&out, st)
	for _, o := range options() {
		if !strings.Contains(out.String(), o.String()) {
			t.Errorf("the report does not name %s", o)
		}
	}

	dir := t.TempDir()
	jpath, fpath := filepath.Join(dir, "j.png"), filepath.Join(dir, "f.png")
	gpuHalf, _ := st.find(option{gpuCloud, 2})
	coloHalf, _ := st.find(option{colocation, 2})
	if err := jcurveChart(jpath, base, []outcome{gpuHalf, coloHalf}); err != nil {
		t.Fatal(err)
	}
	if err := frontierChart(fpath, st); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{jpath, fpath} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || len(b) < 10_000 {
			t.Errorf("%s: %d bytes, not a PNG of a chart", path, len(b))
		}
	}
}
