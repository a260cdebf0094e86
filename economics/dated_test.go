package economics_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// Dates and halls in the operating functions: Evaluate, Analyze and
// NewPortfolio book a line only while it runs, at its hall's PUE and opex.

func TestHallPUEAndOpex(t *testing.T) {
	// One colocation line in each of two halls, the tenant paying its own
	// power: the AI hall's facility power is its IT load x 1.3, the
	// mining hall's x 1.05, and each pays its own hall's opex on it.
	// 1,000 kW x 1.3 = 1.3 MW at 9,000 USD/MW-month for 730 h (one
	// month of market.HoursPerMonth) is 11,700 USD; 1,000 kW x 1.05 at
	// 4,000 is 4,200 USD.
	site := economics.Site{Capacity: 10 * hardware.Megawatt, PUE: 1.1, Uptime: 1, OpexPerMWMonth: dec("1"),
		Halls: []economics.Hall{
			{Name: "mining", Capacity: 5 * hardware.Megawatt, PUE: 1.05, OpexPerMWMonth: dec("4000")},
			{Name: "AI", Capacity: 5 * hardware.Megawatt, PUE: 1.3, OpexPerMWMonth: dec("9000")},
		}}
	a := economics.Allocation{Lines: []economics.Line{
		{Workload: hardware.Colocation, Units: 1000, Hall: "mining"},
		{Workload: hardware.Colocation, Units: 1000, Hall: "AI"},
	}}
	st, err := economics.Evaluate(site, a, testSnapshot(), 730*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		mw   float64
		opex string
	}{{1.05, "4200"}, {1.3, "11700"}} {
		l := st.Lines[i]
		if got := l.Nameplate.Megawatts(); math.Abs(got-want.mw) > 1e-12 {
			t.Errorf("line %d nameplate %v MW, want %v", i, got, want.mw)
		}
		if !l.Opex.Equal(dec(want.opex)) {
			t.Errorf("line %d opex %v, want %v", i, l.Opex, want.opex)
		}
	}
	// An unknown hall is an error naming the line's field.
	a.Lines[1].Hall = "Ai"
	if _, err := economics.Evaluate(site, a, testSnapshot(), 730*time.Hour); err == nil || !strings.Contains(err.Error(), "Lines[1].Hall") {
		t.Errorf("unknown hall: %v", err)
	}
}

func TestAnalyzeAndPortfolioHonourDates(t *testing.T) {
	// A colocation line at the snapshot's rate that ends half-way through
	// the year earns half of what it earns all year, on every path: its
	// rent and opex are fixed.
	site := leaseSite()
	s := testSnapshot()
	full := economics.Line{Workload: hardware.Colocation, Units: 1000}
	half := full
	half.End = s.Date.Add(year / 2)
	set := &economics.Settings{Horizon: year, Step: day, Paths: 64}
	m := market.DefaultModel()
	rf, err := economics.Analyze(site, economics.Allocation{Lines: []economics.Line{full}}, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	rh, err := economics.Analyze(site, economics.Allocation{Lines: []economics.Line{half}}, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	// 182.5 days of 365: the half-day step is split by time.
	if d := rh.Mean/rf.Mean - 0.5; math.Abs(d) > 1e-12 {
		t.Errorf("Analyze: half a year earns %v of a year", rh.Mean/rf.Mean)
	}
	pf, err := economics.NewPortfolio(site, []economics.Line{full, half}, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	mu := pf.MeanTo(nil)
	if d := mu[1]/mu[0] - 0.5; math.Abs(d) > 1e-12 {
		t.Errorf("Portfolio: half a year earns %v of a year", mu[1]/mu[0])
	}
}

func TestEvaluateLease(t *testing.T) {
	// Two years of a lease of 1,000 kW at 100 USD/kW-month rising 3 % a
	// year: 1.2 M USD, then 1.236 M USD; the tenant pays its power. A
	// 6-month term with 3 months dark re-lets at the snapshot's rate
	// (154.17 USD/kW-month, market.Reference): over one year, 6 months
	// at 100, 3 dark, 3 at 154.17 = 600,000 + 462,510 USD.
	site := leaseSite()
	s := testSnapshot()
	l := economics.Line{Workload: hardware.Colocation, Units: 1000,
		Lease: &economics.Lease{Rate: dec("100"), Escalator: 0.03, Term: 20 * year}}
	st, err := economics.Evaluate(site, economics.Allocation{Lines: []economics.Line{l}}, s, 2*year)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Total.Revenue; !got.Equal(dec("2436000")) {
		t.Errorf("two lease years: revenue %v, want 2,436,000", got)
	}
	l.Lease = &economics.Lease{Rate: dec("100"), Term: year / 2, Relet: year / 4}
	st, err = economics.Evaluate(site, economics.Allocation{Lines: []economics.Line{l}}, s, year)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := st.Total.Revenue, dec("1062510"); got.Sub(want).Abs().GreaterThan(dec("0.01")) {
		t.Errorf("a re-let lease: revenue %v, want %v", got, want)
	}
}

func TestCapitalLifeRetiresLine(t *testing.T) {
	// A line's capital retires it at the end of its life: a colocation
	// fit-out with a 6-month life earns half a year's rent, in Analyze as
	// in Appraise.
	site := leaseSite()
	s := testSnapshot()
	full := economics.Line{Workload: hardware.Colocation, Units: 1000}
	short := full
	short.Capital = &economics.Capital{Unit: dec("0"), Life: year / 2}
	set := &economics.Settings{Horizon: year, Step: day, Paths: 8}
	m := market.DefaultModel()
	rf, err := economics.Analyze(site, economics.Allocation{Lines: []economics.Line{full}}, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := economics.Analyze(site, economics.Allocation{Lines: []economics.Line{short}}, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	if d := rs.Mean/rf.Mean - 0.5; math.Abs(d) > 1e-12 {
		t.Errorf("Analyze: a 6-month life earns %v of a year", rs.Mean/rf.Mean)
	}
	ap, err := economics.Appraise(economics.Project{Site: site, Lines: []economics.Line{short}}, m, s, set)
	if err != nil {
		t.Fatal(err)
	}
	if d := ap.NPV.Mean/rf.Mean - 0.5; math.Abs(d) > 1e-9 {
		t.Errorf("Appraise: a 6-month life earns %v of a year", ap.NPV.Mean/rf.Mean)
	}
}
