package economics_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

const year = 365 * day

// leaseSite is a site whose only cash is a colocation tenant's rent: no
// opex, and the tenant pays its own power.
func leaseSite() economics.Site {
	return economics.Site{Capacity: 100 * hardware.Megawatt, PUE: 1.25, Uptime: 1, OpexPerMWMonth: dec("0")}
}

// yearFactor returns ∫_k^{k+1} w(t) (1+r)^-t dt for a weight e^{-h t}: the
// value of a flow of 1 per year paid evenly through year k, continuously
// discounted at r, surviving a hazard h.
func yearFactor(k int, r, h float64) float64 {
	a := math.Log1p(r) + h
	if a == 0 {
		return 1
	}
	return math.Exp(-a*float64(k)) * -math.Expm1(-a) / a
}

// leaseNPV is the closed form of a lease of kw kW at a first-year rate of
// rate USD per kW-month, escalating esc a year, for years years, after
// capex: -capex + Σ_k 12 rate kw (1+esc)^k ∫_k^{k+1} e^{-h t} (1+r)^-t dt.
func leaseNPV(capex, rate, kw, esc, r, h float64, years int) float64 {
	v := -capex
	for k := range years {
		v += 12 * rate * kw * math.Pow(1+esc, float64(k)) * yearFactor(k, r, h)
	}
	return v
}

func TestAppraiseLeaseAnnuity(t *testing.T) {
	// A 10-year lease of 10 MW at 150 USD/kW-month rising 3 % a year,
	// bought with a 9 M USD per MW fit-out (900 USD/kW; REFERENCE.md,
	// "Capex per MW": Cipher Barber Lake 9-10 M USD) that is worth
	// nothing after its 10-year life, valued at 8 %. The closed form pays
	// the rent continuously; Appraise pays each week's rent at the week's
	// end, which lowers the value by about r/104 of the rent's (0.08 %),
	// and spends the capital at t = 0 as the closed form does.
	const kw, rate, esc, r = 10_000, 150.0, 0.03, 0.08
	p := economics.Project{
		Site: leaseSite(),
		Lines: []economics.Line{{Workload: hardware.Colocation, Units: kw,
			Capital: &economics.Capital{Unit: dec("900"), Life: 10 * year},
			Lease:   &economics.Lease{Rate: dec("150"), Escalator: esc, Term: 10 * year, Relet: 100 * year}}},
		Finance: economics.Finance{Discount: r},
	}
	ap, err := economics.Appraise(p, market.DefaultModel().Deterministic(), testSnapshot(), &economics.Settings{Horizon: 10 * year, Paths: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := leaseNPV(900*kw, rate, kw, esc, r, 0, 10)
	if got := ap.NPV.Mean; math.Abs(got-want) > 0.005*math.Abs(want) {
		t.Errorf("NPV = %.0f, closed form %.0f (%.3f %%)", got, want, 100*(got/want-1))
	}
	t.Logf("NPV %.0f, closed form %.0f: %.4f %%", ap.NPV.Mean, want, 100*(ap.NPV.Mean/want-1))
	if len(ap.Years) != 10 {
		t.Fatalf("%d years, want 10", len(ap.Years))
	}
	// Year 1's rent: 12 x 150 x 10,000 = 18 M USD. Week 53 spans days
	// 364-371: 1/7 of its rent, 1 day at the first year's rate and 6 at
	// the second's, goes to year 1, which books 6/7 x 3 % of a day's rent
	// too much: 18e6/365 x 6/7 x 0.03 = 1,268.1018 USD.
	if got := ap.Years[0].Colocation.InexactFloat64(); math.Abs(got-18e6-1268.1018) > 0.006 {
		t.Errorf("year 1 rent %v, want 18,001,268.10", ap.Years[0].Colocation)
	}
	if got := ap.Years[0].Capex.InexactFloat64(); got != 9e6 {
		t.Errorf("year 1 capex %v, want 9,000,000", ap.Years[0].Capex)
	}
}

func TestAppraiseLeaseDefault(t *testing.T) {
	// A tenant defaulting at a hazard of 0.1 a year, never replaced: the
	// mean NPV is the closed form with the rent weighted by e^{-h t}.
	const kw, rate, esc, r, h = 10_000, 150.0, 0.03, 0.08, 0.1
	p := economics.Project{
		Site: leaseSite(),
		Lines: []economics.Line{{Workload: hardware.Colocation, Units: kw,
			Lease: &economics.Lease{Rate: dec("150"), Escalator: esc, Term: 10 * year, Default: h, Relet: 100 * year}}},
		Finance: economics.Finance{Discount: r},
	}
	ap, err := economics.Appraise(p, market.DefaultModel().Deterministic(), testSnapshot(), &economics.Settings{Horizon: 10 * year, Paths: 4000})
	if err != nil {
		t.Fatal(err)
	}
	want := leaseNPV(0, rate, kw, esc, r, h, 10)
	// The weekly timing above (0.08 %) is far below 4 standard errors.
	if got := ap.NPV.Mean; math.Abs(got-want) > 4*ap.NPV.StdErr {
		t.Errorf("mean NPV = %.0f ± %.0f, closed form %.0f", got, ap.NPV.StdErr, want)
	}
	if ap.NPV.StdDev == 0 {
		t.Error("a defaulting tenant gives no variance")
	}
}

func TestAppraiseDelay(t *testing.T) {
	// A colocation line at the snapshot's rate, delayed by a triangular
	// (6, 9, 12) months, loses on average the rent of 9 months (the
	// delay's mean) of the 5-year horizon, on a deterministic market.
	site := leaseSite()
	s := testSnapshot()
	line := economics.Line{Workload: hardware.Colocation, Units: 1000}
	set := &economics.Settings{Horizon: 5 * year, Paths: 2000}
	m := market.DefaultModel().Deterministic()
	base, err := economics.Appraise(economics.Project{Site: site, Lines: []economics.Line{line}}, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	month := year / 12
	line.Delay = &economics.Delay{Min: 6 * month, Likely: 9 * month, Max: 12 * month}
	late, err := economics.Appraise(economics.Project{Site: site, Lines: []economics.Line{line}}, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	perYear := base.NPV.Mean / 5
	want := base.NPV.Mean - 0.75*perYear
	if got := late.NPV.Mean; math.Abs(got-want) > 4*late.NPV.StdErr {
		t.Errorf("delayed NPV %.0f ± %.0f, want %.0f (9 months of %.0f a year less)", got, late.NPV.StdErr, want, perYear)
	}
}

func TestAppraiseMatchesAnalyze(t *testing.T) {
	// No dates, no capital, no tax, no debt, no discount: every path's
	// NPV is its profit in Analyze, so the means agree to rounding.
	site := mixedSite()
	lines := mixedLines(t)
	s := testSnapshot()
	m := market.DefaultModel()
	set := &economics.Settings{Horizon: 2 * year, Paths: 600, Seed: 11}
	r, err := economics.Analyze(site, economics.Allocation{Lines: lines}, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	ap, err := economics.Appraise(economics.Project{Site: site, Lines: lines}, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(ap.NPV.Mean - r.Mean); d > 1e-9*math.Abs(r.Mean) {
		t.Errorf("Appraise mean NPV %v, Analyze mean profit %v", ap.NPV.Mean, r.Mean)
	}
	if d := math.Abs(ap.NPV.StdDev - r.StdDev); d > 1e-9*r.StdDev {
		t.Errorf("Appraise NPV sd %v, Analyze profit sd %v", ap.NPV.StdDev, r.StdDev)
	}
}

func TestAppraiseBadInput(t *testing.T) {
	s := testSnapshot()
	m := market.DefaultModel()
	ok := economics.Project{Site: leaseSite(), Lines: []economics.Line{{Workload: hardware.Colocation, Units: 10}}}
	for name, edit := range map[string]func(p *economics.Project){
		"end before start": func(p *economics.Project) {
			p.Lines[0].Start = s.Date.Add(2 * year)
			p.Lines[0].End = s.Date.Add(year)
		},
		"delay min > max": func(p *economics.Project) {
			p.Lines[0].Delay = &economics.Delay{Min: 2 * day, Likely: day, Max: day}
		},
		"negative life": func(p *economics.Project) {
			p.Lines[0].Capital = &economics.Capital{Unit: dec("1"), Life: -year}
		},
		"salvage above 1": func(p *economics.Project) {
			p.Lines[0].Capital = &economics.Capital{Unit: dec("1"), Life: year, Salvage: 1.5}
		},
		"tax of 1":  func(p *economics.Project) { p.Finance.TaxRate = 1 },
		"debt of 1": func(p *economics.Project) { p.Finance.Debt = 1 },
		"lease on a mining line": func(p *economics.Project) {
			p.Lines = append(p.Lines, economics.Line{Model: model(t, "Antminer S21"), Workload: hardware.BitcoinMining, Units: 1,
				Lease: &economics.Lease{Rate: dec("100"), Term: year}})
		},
	} {
		p := ok
		p.Lines = append([]economics.Line(nil), ok.Lines...)
		edit(&p)
		_, err := economics.Appraise(p, m, s, &economics.Settings{Paths: 10})
		if !errors.Is(err, economics.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
	if _, err := economics.Appraise(ok, m, s, &economics.Settings{Paths: 10}); err != nil {
		t.Errorf("valid project: %v", err)
	}
}

func TestEvaluateOutsideDates(t *testing.T) {
	// A line that starts after the period, or ended before it, books
	// nothing; one that runs half the period books half.
	site := mixedSite()
	s := testSnapshot()
	l := economics.Line{Model: model(t, "H100 SXM"), Workload: hardware.AICloud, Units: 100}
	full, err := economics.Evaluate(site, economics.Allocation{Lines: []economics.Line{l}}, s, 30*day)
	if err != nil {
		t.Fatal(err)
	}
	late := l
	late.Start = s.Date.Add(60 * day)
	st, err := economics.Evaluate(site, economics.Allocation{Lines: []economics.Line{late}}, s, 30*day)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Total.Profit.IsZero() || !st.Total.Revenue.IsZero() {
		t.Errorf("a line starting after the period books %v revenue, %v profit", st.Total.Revenue, st.Total.Profit)
	}
	half := l
	half.End = s.Date.Add(15 * day)
	st, err = economics.Evaluate(site, economics.Allocation{Lines: []economics.Line{half}}, s, 30*day)
	if err != nil {
		t.Fatal(err)
	}
	// Revenue is one float product rounded to the cent: half of the whole
	// period's, to a cent.
	if d := st.Total.Revenue.Mul(dec("2")).Sub(full.Total.Revenue).Abs(); d.GreaterThan(dec("0.02")) {
		t.Errorf("half the period books %v revenue, the whole %v", st.Total.Revenue, full.Total.Revenue)
	}
	_ = time.Hour
}

func TestPlannerFinanceCapitalFree(t *testing.T) {
	// With Finance at a zero discount rate and lines without capital or
	// dates, each unit's NPV is its profit: the planner is today's, bit
	// for bit.
	p := economics.Problem{Site: planSite(), Candidates: threeCandidates(t)}
	plain := newPlanner(t, p, 400)
	p.Finance = &economics.Finance{}
	npv := newPlanner(t, p, 400)
	units := []float64{1000, 500, 2000}
	a, _ := plain.Outcome(units)
	b, _ := npv.Outcome(units)
	if a != b {
		t.Errorf("outcome %+v with Finance, %+v without", b, a)
	}
}

func TestPlannerFinanceCapital(t *testing.T) {
	// Capital spent at the snapshot lowers every path's NPV of a unit by
	// the capital, less the resale at the horizon: a colocation fit-out
	// of 1,000 USD per kW with a 10-year life and no salvage is worth
	// 900 USD after one year (straight-line value), so the mean falls by
	// 100 USD per kW at a zero discount rate.
	cand := []economics.Line{{Workload: hardware.Colocation}}
	p := economics.Problem{Site: planSite(), Candidates: cand, Finance: &economics.Finance{}}
	free := newPlanner(t, p, 50)
	cand[0].Capital = &economics.Capital{Unit: dec("1000"), Life: 10 * year}
	p.Candidates = cand
	paid := newPlanner(t, p, 50)
	a, _ := free.Outcome([]float64{1})
	b, _ := paid.Outcome([]float64{1})
	if d := a.Mean - b.Mean; math.Abs(d-100) > 1e-6 {
		t.Errorf("capital lowers the mean by %v, want 100", d)
	}
}

func TestAppraiseTaxAndDebt(t *testing.T) {
	// A deterministic lease of 1,000 kW at 100 USD/kW-month, flat, pays
	// 1.2 M USD a year. Its fit-out of 3 M USD (3,000 USD/kW, 10-year
	// life, no salvage) is fully deducted in year 1 (Bonus) and worth
	// 1.5 M USD at the 5-year horizon (half its life left). Tax 21 %,
	// half the fit-out borrowed at 10 % over 3 years. By hand:
	//
	//	year 1: taxable 1.2 M - 3 M = -1.8 M: no tax, 1.8 M carried
	//	year 2: 1.2 M less 1.2 M carried: no tax, 0.6 M carried
	//	year 3: 1.2 M - 0.6 M = 0.6 M: tax 126,000
	//	year 4: tax 0.21 x 1.2 M = 252,000
	//	year 5: 1.2 M + 1.5 M resale - 0 basis left: tax 567,000
	//
	// The loan: level payment 1.5 M x 0.1 / (1 - 1.1^-3) = 603,172.21;
	// year 1 interest 150,000 and principal 453,172.21, year 2 interest
	// 104,682.78.
	p := economics.Project{
		Site: leaseSite(),
		Lines: []economics.Line{{Workload: hardware.Colocation, Units: 1000,
			Capital: &economics.Capital{Unit: dec("3000"), Life: 10 * year, Depreciation: economics.Bonus},
			Lease:   &economics.Lease{Rate: dec("100"), Term: 20 * year}}},
		Finance: economics.Finance{TaxRate: 0.21, Debt: 0.5, Interest: 0.1, Tenor: 3 * year},
	}
	ap, err := economics.Appraise(p, market.DefaultModel().Deterministic(), testSnapshot(), &economics.Settings{Horizon: 5 * year, Paths: 1})
	if err != nil {
		t.Fatal(err)
	}
	near := func(what string, got interface{ InexactFloat64() float64 }, want float64) {
		t.Helper()
		if g := got.InexactFloat64(); math.Abs(g-want) > 0.02 {
			t.Errorf("%s = %.2f, want %.2f", what, g, want)
		}
	}
	for y, tax := range []float64{0, 0, 126_000, 252_000, 567_000} {
		near(fmt.Sprintf("year %d rent", y+1), ap.Years[y].Colocation, 1_200_000)
		near(fmt.Sprintf("year %d tax", y+1), ap.Years[y].Tax, tax)
	}
	near("year 5 salvage", ap.Years[4].Salvage, 1_500_000)
	near("year 1 borrowed", ap.Years[0].Borrowed, 1_500_000)
	near("year 1 interest", ap.Years[0].Interest, 150_000)
	near("year 1 principal", ap.Years[0].Principal, 453_172.21)
	near("year 2 interest", ap.Years[1].Interest, 104_682.78)
	near("year 4 principal", ap.Years[3].Principal, 0)
	for _, y := range ap.Years {
		fcf := y.Mining.Add(y.AICloud).Add(y.Colocation).Sub(y.Power).Sub(y.Opex).Sub(y.Capex).Add(y.Salvage).Sub(y.Tax)
		eq := fcf.Add(y.Borrowed).Sub(y.Interest).Sub(y.Principal).Add(y.TaxShield)
		if !fcf.Equal(y.FreeCashFlow) || !eq.Equal(y.EquityCashFlow) {
			t.Errorf("year %d: rows do not add up: %v %v, %v %v", y.Year, fcf, y.FreeCashFlow, eq, y.EquityCashFlow)
		}
	}
}

func TestAppraiseWorkersSameBits(t *testing.T) {
	// Same seed, same appraisal, bit for bit, on one worker or two and
	// with antithetic pairs: delays and defaults are drawn per path.
	s := testSnapshot()
	p := campusProject(t, s)
	var got [2][]byte
	for i, w := range []int{1, 2} {
		ap, err := economics.Appraise(p, market.DefaultModel(), s, &economics.Settings{Horizon: 3 * year, Paths: 300, Seed: 9, Workers: w, Antithetic: true})
		if err != nil {
			t.Fatal(err)
		}
		if got[i], err = json.Marshal(ap); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got[0], got[1]) {
		t.Error("one worker and two give different appraisals")
	}
}

func TestAppraiseContextCancel(t *testing.T) {
	s := testSnapshot()
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err := economics.AppraiseContext(ctx, campusProject(t, s), market.DefaultModel(), s, &economics.Settings{
		Paths: 5000, Workers: 1, Progress: func(done, total int) {
			calls++
			cancel()
		}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if calls == 0 {
		t.Error("Progress was never called")
	}
}

func TestAppraiseLeaseDelay(t *testing.T) {
	// A flat lease of 1,000 kW at 100 USD/kW-month (1.2 M USD a year)
	// from month 6 plus a triangular (9, 12, 18) month build, over 10
	// years at a zero rate: each path earns 1.2 M USD for each year it
	// runs, on average 10 - 0.5 - (0.75 + 1 + 1.5)/3 = 8.4167 years.
	s := testSnapshot()
	month := year / 12
	p := economics.Project{
		Site: leaseSite(),
		Lines: []economics.Line{{Workload: hardware.Colocation, Units: 1000, Start: s.Date.Add(6 * month),
			Delay: &economics.Delay{Min: 9 * month, Likely: 12 * month, Max: 18 * month},
			Lease: &economics.Lease{Rate: dec("100"), Term: 15 * year}}},
	}
	ap, err := economics.Appraise(p, market.DefaultModel().Deterministic(), s, &economics.Settings{Horizon: 10 * year, Paths: 2000})
	if err != nil {
		t.Fatal(err)
	}
	want := 1.2e6 * (10 - 0.5 - (0.75+1+1.5)/3)
	if got := ap.NPV.Mean; math.Abs(got-want) > 4*ap.NPV.StdErr {
		t.Errorf("mean NPV %.0f ± %.0f, want %.0f", got, ap.NPV.StdErr, want)
	}
	// Every path runs between 8 and 8.75 years: its NPV is within
	// [9.6, 10.5] M USD.
	if b := ap.Bands[len(ap.Bands)-1]; b.P5 < 9.6e6 || b.P95 > 10.5e6 {
		t.Errorf("final cumulative cash P5 %.0f, P95 %.0f, want within [9.6e6, 10.5e6]", b.P5, b.P95)
	}
}

func TestAppraiseOwnedCapital(t *testing.T) {
	// A fit-out the site already owns, worth 1,000 USD/kW at the snapshot
	// with 10 years of life left and no salvage at its end, on a flat
	// 1,000 kW lease (1.2 M USD a year): over 5 years nothing is spent or
	// borrowed, and at the horizon it fetches half its value, 500,000 USD,
	// all of it a taxable gain (a zero basis): year 5's tax is
	// 0.21 x (1.2 M + 0.5 M) = 357,000 USD.
	p := economics.Project{
		Site: leaseSite(),
		Lines: []economics.Line{{Workload: hardware.Colocation, Units: 1000,
			Capital: &economics.Capital{Unit: dec("1000"), Life: 10 * year, Owned: true},
			Lease:   &economics.Lease{Rate: dec("100"), Term: 20 * year}}},
		Finance: economics.Finance{TaxRate: 0.21, Debt: 0.8, Interest: 0.1, Tenor: 3 * year},
	}
	ap, err := economics.Appraise(p, market.DefaultModel().Deterministic(), testSnapshot(), &economics.Settings{Horizon: 5 * year, Paths: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range ap.Years {
		if !y.Capex.IsZero() || !y.Borrowed.IsZero() || !y.Interest.IsZero() {
			t.Errorf("year %d: capex %v, borrowed %v, interest %v; an owned fleet spends and borrows nothing", y.Year, y.Capex, y.Borrowed, y.Interest)
		}
	}
	last := ap.Years[4]
	if got := last.Salvage.InexactFloat64(); math.Abs(got-500_000) > 0.02 {
		t.Errorf("resale %v, want 500,000", last.Salvage)
	}
	if got := last.Tax.InexactFloat64(); math.Abs(got-357_000) > 0.02 {
		t.Errorf("year 5 tax %v, want 357,000", last.Tax)
	}
	// The planner on NPV charges an owned unit nothing at Start: its
	// outcome is its rent plus its resale.
	cand := p.Lines[0]
	cand.Units = 0
	pr := economics.Problem{Site: leaseSite(), Candidates: []economics.Line{cand}, Finance: &economics.Finance{}}
	pl := newPlanner(t, pr, 4)
	st, err := pl.Outcome([]float64{1})
	if err != nil {
		t.Fatal(err)
	}
	// 1 kW: 1,200 USD a year for a year (the planner's default horizon),
	// and 900 USD of resale (nine of ten years left).
	if math.Abs(st.Mean-2100) > 1e-6 {
		t.Errorf("planner outcome %v, want 2,100 USD", st.Mean)
	}
}

func TestAppraiseReletAtMarketRate(t *testing.T) {
	// A one-year lease at 100 USD/kW-month, then a dark year, then a new
	// tenant at the market rate of the day it moves in: the snapshot's
	// colocation rate (154.17 USD/kW-month, market.Reference) times the
	// GPU index then. On the deterministic market the index is 0.78^t
	// (GPU.Drift = log 0.78, market.DefaultModel), taken at the end of the
	// week the tenant moves in: t in [2, 2 + 7/365]. The new tenant's
	// rent over years 2 and 3 is 154.17 x 12 x 1,000 kW x 0.78^t; a week
	// that crosses a year's end is divided by time, so years 2 and 3 also
	// hold 6/7 of the first lease's last day (100 x 12 x 1,000 / 365).
	p := economics.Project{
		Site: leaseSite(),
		Lines: []economics.Line{{Workload: hardware.Colocation, Units: 1000,
			Lease: &economics.Lease{Rate: dec("100"), Term: year, Relet: year}}},
	}
	s := testSnapshot()
	ap, err := economics.Appraise(p, market.DefaultModel().Deterministic(), s, &economics.Settings{Horizon: 3 * year, Paths: 1})
	if err != nil {
		t.Fatal(err)
	}
	full := 154.17 * 12 * 1000
	lastDay := 6.0 / 7 * 100 * 12 * 1000 / 365
	relet := ap.Years[1].Colocation.Add(ap.Years[2].Colocation).InexactFloat64() - lastDay
	if r := relet / full; r < math.Pow(0.78, 2+7.0/365)-1e-9 || r > 0.78*0.78+1e-9 {
		t.Errorf("the new tenant pays %.5f of the snapshot's rate, want 0.78^t for t in [2, 2+7/365]", r)
	}
}
