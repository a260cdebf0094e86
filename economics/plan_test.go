package economics_test

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
	"github.com/wattfolio/wattfolio/risk"
)

// planSite is a 20 MW site with the mixed site's terms.
func planSite() economics.Site {
	s := mixedSite()
	s.Capacity = 20 * hardware.Megawatt
	return s
}

// threeCandidates: bitcoin mining, AI cloud and colocation.
func threeCandidates(t testing.TB) []economics.Line {
	return []economics.Line{
		{Model: model(t, "Antminer S21"), Workload: hardware.BitcoinMining},
		{Model: model(t, "H100 SXM"), Workload: hardware.AICloud},
		{Workload: hardware.Colocation},
	}
}

func newPlanner(t testing.TB, p economics.Problem, paths int) *economics.Planner {
	t.Helper()
	pl, err := economics.NewPlanner(p, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: paths, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// facilityMW returns the facility MW of whole or fractional units.
func facilityMW(pl *economics.Planner, units []float64) float64 {
	mw := 0.0
	for i, p := range pl.UnitPower() {
		mw += units[i] * p.Megawatts()
	}
	return mw
}

func wholeUnits(a economics.Allocation) []float64 {
	return unitsOf(a.Lines)
}

// checkFeasible books the allocation with Evaluate (which rejects an
// allocation over capacity) and checks the planner's power accounting.
func checkFeasible(t *testing.T, site economics.Site, pl *economics.Planner, a economics.Allocation) {
	t.Helper()
	if _, err := economics.Evaluate(site, a, testSnapshot(), 24*time.Hour); err != nil {
		t.Fatalf("Evaluate of the plan: %v", err)
	}
	if mw := facilityMW(pl, wholeUnits(a)); mw > site.Capacity.Megawatts()*(1+1e-12) {
		t.Fatalf("plan draws %v MW of %v", mw, site.Capacity)
	}
}

func TestPlannerPortfolioMatchesNewPortfolio(t *testing.T) {
	site := mixedSite()
	lines := mixedLines(t)
	set := &economics.Settings{Paths: 1500, Seed: 21}
	pf, err := economics.NewPortfolio(site, lines, market.DefaultModel(), testSnapshot(), set)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := economics.NewPlanner(economics.Problem{Site: site, Candidates: lines}, market.DefaultModel(), testSnapshot(), set)
	if err != nil {
		t.Fatal(err)
	}
	// Same paths, same reference fleet, one estimator: the same bits.
	if a, b := pf.MeanTo(nil), pl.Portfolio().MeanTo(nil); !reflect.DeepEqual(a, b) {
		t.Errorf("means: portfolio %v, planner %v", a, b)
	}
	if a, b := pf.Covariance().RawSymmetric().Data, pl.Portfolio().Covariance().RawSymmetric().Data; !reflect.DeepEqual(a, b) {
		t.Errorf("covariances: portfolio %v, planner %v", a, b)
	}
}

func TestOptimizeMaxMeanFillsTheBestLine(t *testing.T) {
	site := planSite()
	pl := newPlanner(t, economics.Problem{Site: site, Candidates: threeCandidates(t)}, 2000)
	plan, err := pl.Optimize(economics.Objective{Goal: economics.MaxMean})
	if err != nil {
		t.Fatal(err)
	}
	checkFeasible(t, site, pl, plan.Allocation)
	// A linear objective under one capacity row puts every MW into the
	// line with the greatest mean per MW.
	mean, power := pl.Portfolio().MeanTo(nil), pl.UnitPower()
	best, perMW := -1, 0.0
	for i := range mean {
		if v := mean[i] / power[i].Megawatts(); v > perMW {
			best, perMW = i, v
		}
	}
	for i, u := range plan.Units {
		if i != best && u > 1e-6 {
			t.Errorf("continuous units[%d] = %v, want 0 (best line %d)", i, u, best)
		}
	}
	if mw := facilityMW(pl, plan.Units); math.Abs(mw-20) > 1e-9 {
		t.Errorf("continuous optimum draws %v MW, want 20", mw)
	}
	// Rounding down costs less than one unit of the best line, and the
	// improvement phase leaves less than one unit of room.
	if plan.Gap < -1e-6 || plan.Gap > mean[best] {
		t.Errorf("gap %v, want in [0, %v]", plan.Gap, mean[best])
	}
	if room := 20 - facilityMW(pl, wholeUnits(plan.Allocation)); room < 0 || room >= power[best].Megawatts() {
		t.Errorf("whole plan leaves %v MW, want in [0, one unit)", room)
	}
	if math.Abs(plan.Report.Mean-plan.Mean) > 1e-6*math.Abs(plan.Mean) {
		t.Errorf("report mean %v, plan mean %v: same paths should agree", plan.Report.Mean, plan.Mean)
	}
}

// grid2 evaluates f on MW splits (x, y) of two candidates with x + y <= cap,
// in steps of cap/steps, and returns the best value by better.
func grid2(pl *economics.Planner, capMW float64, steps int, f func(units []float64) (float64, bool), better func(a, b float64) bool) float64 {
	power := pl.UnitPower()
	best := math.NaN()
	for i := 0; i <= steps; i++ {
		for j := 0; i+j <= steps; j++ {
			u := []float64{capMW * float64(i) / float64(steps) / power[0].Megawatts(), capMW * float64(j) / float64(steps) / power[1].Megawatts()}
			v, ok := f(u)
			if ok && (math.IsNaN(best) || better(v, best)) {
				best = v
			}
		}
	}
	return best
}

func TestOptimizeAgainstBruteForceGrid(t *testing.T) {
	site := planSite()
	cands := threeCandidates(t)[:2] // mining and AI cloud
	pl := newPlanner(t, economics.Problem{Site: site, Candidates: cands, Scenarios: 1000}, 1000)
	pf := pl.Portfolio()
	less := func(a, b float64) bool { return a < b }
	more := func(a, b float64) bool { return a > b }
	maxMean, _ := evalOK(t, pf, []float64{0, 20 / pl.UnitPower()[1].Megawatts()})
	target := 0.4 * maxMean

	tests := []struct {
		obj    economics.Objective
		f      func(u []float64) (float64, bool)
		better func(a, b float64) bool
	}{
		{economics.Objective{Goal: economics.MinVariance, Target: target}, func(u []float64) (float64, bool) {
			m, v := evalOK(t, pf, u)
			return v, m >= target
		}, less},
		{economics.Objective{Goal: economics.MeanVariance, Lambda: 2e-7}, func(u []float64) (float64, bool) {
			m, v := evalOK(t, pf, u)
			return m - 2e-7*v, true
		}, more},
		{economics.Objective{Goal: economics.MaxSharpe, RiskFree: target}, func(u []float64) (float64, bool) {
			m, v := evalOK(t, pf, u)
			return (m - target) / math.Sqrt(v), v > 0
		}, more},
		{economics.Objective{Goal: economics.MinCVaR, Target: target}, func(u []float64) (float64, bool) {
			o := outcomeOK(t, pl, u)
			return o.CVaR, o.Mean >= target
		}, less},
	}
	for _, tc := range tests {
		t.Run(tc.obj.Goal.String(), func(t *testing.T) {
			plan, err := pl.Optimize(tc.obj)
			if err != nil {
				t.Fatal(err)
			}
			checkFeasible(t, site, pl, plan.Allocation)
			grid := grid2(pl, 20, 400, tc.f, tc.better)
			// The optimum is at least as good as every grid point, up to
			// the solver's tolerance.
			tol := 1e-7 * math.Abs(grid)
			if tc.better(grid, plan.ContinuousValue) && math.Abs(grid-plan.ContinuousValue) > tol {
				t.Errorf("continuous value %v, grid finds %v", plan.ContinuousValue, grid)
			}
			// The whole-unit plan is within a grid cell (0.05 MW) of it.
			if math.Abs(plan.Value-plan.ContinuousValue) > 0.01*math.Abs(plan.ContinuousValue) {
				t.Errorf("whole value %v far from continuous %v", plan.Value, plan.ContinuousValue)
			}
			if tc.obj.Goal == economics.MinVariance || tc.obj.Goal == economics.MinCVaR {
				if plan.Mean < target {
					t.Errorf("whole plan mean %v below target %v", plan.Mean, target)
				}
			}
		})
	}
}

func TestOptimizeTwoSleeveClosedForm(t *testing.T) {
	// Minimum variance of two lines that must draw the whole site (a
	// budget) is the two-asset closed form: the first line's share of the
	// power is w1 = (s2² - ρ s1 s2)/(s1² + s2² - 2ρ s1 s2), clipped to
	// [0, 1], with s the standard deviations of profit per MW.
	//
	// Colocation whose rent includes power (risk from the power price
	// only) against S19j Pro mining (curtailed in the dearer hours) gives
	// an interior split; S21 mining against H100 cloud, whose risk per MW
	// is over ten times mining's, a clipped one.
	site := planSite()
	site.ColocationPowerIncluded = true
	for _, cands := range [][]economics.Line{
		{{Workload: hardware.Colocation}, {Model: model(t, "Antminer S19j Pro"), Workload: hardware.BitcoinMining}},
		{{Model: model(t, "Antminer S21"), Workload: hardware.BitcoinMining}, {Model: model(t, "H100 SXM"), Workload: hardware.AICloud}},
	} {
		pl := newPlanner(t, economics.Problem{Site: site, Candidates: cands, Limits: economics.Limits{Use: site.Capacity}}, 3000)
		power := pl.UnitPower()
		cov := pl.Portfolio().Covariance()
		p1, p2 := power[0].Megawatts(), power[1].Megawatts()
		s1, s2 := math.Sqrt(cov.At(0, 0))/p1, math.Sqrt(cov.At(1, 1))/p2
		rho := cov.At(0, 1) / math.Sqrt(cov.At(0, 0)*cov.At(1, 1))
		w1 := (s2*s2 - rho*s1*s2) / (s1*s1 + s2*s2 - 2*rho*s1*s2)
		w1 = min(max(w1, 0), 1)
		plan, err := pl.Optimize(economics.Objective{Goal: economics.MinVariance, Target: math.Inf(-1)})
		if err != nil {
			t.Fatal(err)
		}
		got := plan.Units[0] * p1 / site.Capacity.Megawatts()
		if math.Abs(got-w1) > 1e-6 {
			t.Errorf("%s: share %v, closed form %v (s1 %v, s2 %v, rho %v)", cands[0].Name(), got, w1, s1, s2, rho)
		}
		if mw := facilityMW(pl, plan.Units); math.Abs(mw-20) > 1e-6 {
			t.Errorf("%s: draws %v MW, want all 20", cands[0].Name(), mw)
		}
	}
}

func TestOptimizeLimits(t *testing.T) {
	site := planSite()
	cands := append(threeCandidates(t), economics.Line{Model: model(t, "Antminer S19 XP"), Workload: hardware.BitcoinMining})
	p := economics.Problem{Site: site, Candidates: cands, Limits: economics.Limits{
		Inventory:  economics.Inventory{"antminer s21": 1500, "H100 SXM": 4000},
		Min:        map[hardware.Workload]hardware.Power{hardware.BitcoinMining: 5 * hardware.Megawatt},
		Max:        map[hardware.Workload]hardware.Power{hardware.AICloud: 3 * hardware.Megawatt},
		Colocation: 2 * hardware.Megawatt,
	}}
	pl := newPlanner(t, p, 1000)
	power := pl.UnitPower()
	for _, obj := range []economics.Objective{{Goal: economics.MaxMean}, {Goal: economics.MinVariance, Target: 1e6}, {Goal: economics.MeanVariance, Lambda: 1e-6}} {
		plan, err := pl.Optimize(obj)
		if err != nil {
			t.Fatalf("%v: %v", obj.Goal, err)
		}
		checkFeasible(t, site, pl, plan.Allocation)
		u := plan.Allocation.Lines
		if u[0].Units > 1500 {
			t.Errorf("%v: %d S21, own 1500", obj.Goal, u[0].Units)
		}
		if u[3].Units != 0 {
			t.Errorf("%v: %d S19 XP, own none", obj.Goal, u[3].Units)
		}
		// Minima hold to within one machine (see Limits).
		if mining := float64(u[0].Units) * power[0].Megawatts(); mining <= 5-power[0].Megawatts() {
			t.Errorf("%v: mining %v MW, want at least 5 less one S21", obj.Goal, mining)
		}
		if ai := float64(u[1].Units) * power[1].Megawatts(); ai > 3+1e-9 {
			t.Errorf("%v: AI %v MW, want at most 3", obj.Goal, ai)
		}
		if it := float64(u[2].Units) / 1000; it <= 2-0.001 {
			t.Errorf("%v: colocation %v MW of IT, committed 2", obj.Goal, it)
		}
		if got := plan.Power[hardware.BitcoinMining].Megawatts(); math.Abs(got-float64(u[0].Units)*power[0].Megawatts()) > 1e-9 {
			t.Errorf("%v: Power[mining] = %v", obj.Goal, got)
		}
	}
}

func TestOptimizeInfeasible(t *testing.T) {
	site := planSite()
	p := economics.Problem{Site: site, Candidates: threeCandidates(t), Limits: economics.Limits{
		Min: map[hardware.Workload]hardware.Power{hardware.BitcoinMining: 15 * hardware.Megawatt, hardware.AICloud: 6 * hardware.Megawatt},
	}}
	if _, err := economics.NewPlanner(p, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 10}); !errors.Is(err, risk.ErrInfeasible) {
		t.Errorf("21 MW of minima on 20 MW: %v, want risk.ErrInfeasible", err)
	}
	p.Limits = economics.Limits{Inventory: economics.Inventory{}, Colocation: 30 * hardware.Megawatt}
	if _, err := economics.NewPlanner(p, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 10}); !errors.Is(err, risk.ErrInfeasible) {
		t.Errorf("30 MW colocation committed on 20 MW: %v, want risk.ErrInfeasible", err)
	}
	pl := newPlanner(t, economics.Problem{Site: site, Candidates: threeCandidates(t)}, 500)
	mm, err := pl.Optimize(economics.Objective{Goal: economics.MaxMean})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []economics.Goal{economics.MinVariance, economics.MinCVaR} {
		if _, err := pl.Optimize(economics.Objective{Goal: g, Target: 1.01 * mm.ContinuousValue}); !errors.Is(err, risk.ErrInfeasible) {
			t.Errorf("%v with a target above the greatest mean: %v, want risk.ErrInfeasible", g, err)
		}
	}
	// A target at the greatest mean: only the continuous optimum reaches
	// it; the whole plan may fall short by a unit of each line.
	plan, err := pl.Optimize(economics.Objective{Goal: economics.MinVariance, Target: mm.ContinuousValue})
	if err != nil {
		t.Fatal(err)
	}
	slack := 0.0
	for _, m := range pl.Portfolio().MeanTo(nil) {
		slack += max(m, 0)
	}
	if plan.Mean < mm.ContinuousValue-slack {
		t.Errorf("whole plan mean %v, target %v, allowed slack %v", plan.Mean, mm.ContinuousValue, slack)
	}
}

func TestMaxSharpeWithRisklessColocation(t *testing.T) {
	// Colocation rent with power passed through carries no risk in the
	// model: any risk-free amount below its profit makes the ratio
	// unbounded, and none above the greatest mean leaves positive excess.
	pl := newPlanner(t, economics.Problem{Site: planSite(), Candidates: threeCandidates(t)}, 500)
	if _, err := pl.Optimize(economics.Objective{Goal: economics.MaxSharpe}); !errors.Is(err, risk.ErrUnbounded) {
		t.Errorf("MaxSharpe with riskless colocation: %v, want risk.ErrUnbounded", err)
	}
	if _, err := pl.Optimize(economics.Objective{Goal: economics.MaxSharpe, RiskFree: 1e12}); !errors.Is(err, risk.ErrNoPositiveExcess) {
		t.Errorf("MaxSharpe above every mean: %v, want risk.ErrNoPositiveExcess", err)
	}
}

func TestPlannerCapitalCost(t *testing.T) {
	site := planSite()
	cands := threeCandidates(t)
	set := &economics.Settings{Paths: 800, Seed: 2}
	plain, err := economics.NewPlanner(economics.Problem{Site: site, Candidates: cands}, market.DefaultModel(), testSnapshot(), set)
	if err != nil {
		t.Fatal(err)
	}
	capex := []float64{100, 7000, 50}
	net, err := economics.NewPlanner(economics.Problem{Site: site, Candidates: cands, CapitalCost: capex}, market.DefaultModel(), testSnapshot(), set)
	if err != nil {
		t.Fatal(err)
	}
	units := []float64{1000, 500, 2000}
	o0, o1 := outcomeOK(t, plain, units), outcomeOK(t, net, units)
	m0, s0, c0 := o0.Mean, o0.StdDev, o0.CVaR
	m1, s1, c1 := o1.Mean, o1.StdDev, o1.CVaR
	charge := 1000*100 + 500*7000 + 2000*50.0
	if math.Abs(m0-m1-charge) > 1e-6*charge || math.Abs(s0-s1) > 1e-6*s0 || math.Abs(c1-c0-charge) > 1e-6*charge {
		t.Errorf("capital %v: mean %v -> %v, sd %v -> %v, CVaR %v -> %v", charge, m0, m1, s0, s1, c0, c1)
	}
}

func TestFrontierMonotoneAndWhole(t *testing.T) {
	site := planSite()
	cands := append(threeCandidates(t), economics.Line{Model: model(t, "H200"), Workload: hardware.AICloud})
	p := economics.Problem{Site: site, Candidates: cands, CapitalCost: []float64{300, 7000, 600, 8000}}
	pl := newPlanner(t, p, 2000)
	fr, err := pl.Frontier(12)
	if err != nil {
		t.Fatal(err)
	}
	if len(fr) != 12 {
		t.Fatalf("%d points, want 12", len(fr))
	}
	if _, err := pl.Optimize(economics.Objective{Goal: economics.MinVariance, Target: math.Inf(1)}); !errors.Is(err, economics.ErrInvalid) {
		t.Errorf("target +Inf: %v, want ErrInvalid", err)
	}
	minVar, err := pl.Optimize(economics.Objective{Goal: economics.MinVariance, Target: math.Inf(-1)})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(fr[0].StdDev-math.Sqrt(minVar.ContinuousValue)) > 1e-6*max(fr[0].StdDev, 1) {
		t.Errorf("first point sd %v, min variance %v", fr[0].StdDev, math.Sqrt(minVar.ContinuousValue))
	}
	for k, pt := range fr {
		checkFeasible(t, site, pl, pt.Allocation)
		if pt.CVaR < -pt.Mean-1e-6*math.Abs(pt.Mean) {
			t.Errorf("point %d: CVaR %v below -mean %v", k, pt.CVaR, -pt.Mean)
		}
		if k == 0 {
			continue
		}
		prev := fr[k-1]
		if pt.Mean < prev.Mean-1e-6*math.Abs(prev.Mean) || pt.StdDev < prev.StdDev-1e-6*prev.StdDev {
			t.Errorf("point %d: mean %v sd %v after mean %v sd %v", k, pt.Mean, pt.StdDev, prev.Mean, prev.StdDev)
		}
		m, _ := evalOK(t, pl.Portfolio(), wholeUnits(pt.Allocation))
		slack := 0.0
		for _, v := range pl.Portfolio().MeanTo(nil) {
			slack += max(v, 0)
		}
		if m < pt.Mean-slack {
			t.Errorf("point %d: whole mean %v below the point's %v by more than %v", k, m, pt.Mean, slack)
		}
	}
}

func TestOptimizeErrors(t *testing.T) {
	site := planSite()
	cands := threeCandidates(t)
	set := &economics.Settings{Paths: 10}
	bad := []struct {
		name string
		p    economics.Problem
		want error
	}{
		{"no candidates", economics.Problem{Site: site}, economics.ErrInvalid},
		{"idle", economics.Problem{Site: site, Candidates: []economics.Line{{Model: model(t, "H100 SXM"), Workload: hardware.Idle}}}, economics.ErrInvalid},
		{"unsupported", economics.Problem{Site: site, Candidates: []economics.Line{{Model: model(t, "Antminer S21"), Workload: hardware.AICloud}}}, hardware.ErrUnsupported},
		{"site", economics.Problem{Site: economics.Site{}, Candidates: cands}, economics.ErrInvalid},
		{"inventory", economics.Problem{Site: site, Candidates: cands, Limits: economics.Limits{Inventory: economics.Inventory{"x": -1}}}, economics.ErrInvalid},
		{"min NaN", economics.Problem{Site: site, Candidates: cands, Limits: economics.Limits{Min: map[hardware.Workload]hardware.Power{hardware.AICloud: hardware.Power(math.NaN())}}}, economics.ErrInvalid},
		{"max negative", economics.Problem{Site: site, Candidates: cands, Limits: economics.Limits{Max: map[hardware.Workload]hardware.Power{hardware.AICloud: -1}}}, economics.ErrInvalid},
		{"min above max", economics.Problem{Site: site, Candidates: cands, Limits: economics.Limits{
			Min: map[hardware.Workload]hardware.Power{hardware.AICloud: 2 * hardware.Megawatt},
			Max: map[hardware.Workload]hardware.Power{hardware.AICloud: hardware.Megawatt}}}, economics.ErrInvalid},
		{"workload key", economics.Problem{Site: site, Candidates: cands, Limits: economics.Limits{Max: map[hardware.Workload]hardware.Power{99: 1}}}, hardware.ErrUnsupported},
		{"colocation", economics.Problem{Site: site, Candidates: cands, Limits: economics.Limits{Colocation: hardware.Power(math.Inf(1))}}, economics.ErrInvalid},
		{"capital length", economics.Problem{Site: site, Candidates: cands, CapitalCost: []float64{1}}, economics.ErrInvalid},
		{"capital NaN", economics.Problem{Site: site, Candidates: cands, CapitalCost: []float64{1, math.NaN(), 0}}, economics.ErrInvalid},
		{"scenarios", economics.Problem{Site: site, Candidates: cands, Scenarios: -1}, economics.ErrInvalid},
		{"no GPU quote", economics.Problem{Site: site, Candidates: []economics.Line{{Model: model(t, "H100 PCIe"), Workload: hardware.AICloud}}}, market.ErrNoQuote},
	}
	for _, tc := range bad {
		if _, err := economics.NewPlanner(tc.p, market.DefaultModel(), testSnapshot(), set); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := economics.NewPlanner(economics.Problem{Site: site, Candidates: cands}, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: -1}); !errors.Is(err, economics.ErrInvalid) {
		t.Errorf("bad settings: %v", err)
	}
	pl := newPlanner(t, economics.Problem{Site: site, Candidates: cands}, 50)
	for _, obj := range []economics.Objective{
		{Goal: 9},
		{Goal: economics.MinVariance, Target: math.NaN()},
		{Goal: economics.MaxSharpe, RiskFree: math.Inf(1)},
		{Goal: economics.MeanVariance, Lambda: -1},
		{Goal: economics.MeanVariance, Lambda: math.NaN()},
	} {
		if _, err := pl.Optimize(obj); !errors.Is(err, economics.ErrInvalid) {
			t.Errorf("objective %+v: %v, want ErrInvalid", obj, err)
		}
	}
	if _, err := pl.Frontier(0); !errors.Is(err, economics.ErrInvalid) {
		t.Errorf("Frontier(0): %v", err)
	}
}

func TestGoalString(t *testing.T) {
	for g, want := range map[economics.Goal]string{economics.MaxMean: "max-mean", economics.MinCVaR: "min-cvar", economics.MeanVariance: "mean-variance", 7: "Goal(7)"} {
		if got := g.String(); got != want {
			t.Errorf("%d: %q, want %q", g, got, want)
		}
	}
}

func FuzzPlannerLimits(f *testing.F) {
	f.Add(5.0, 3.0, 1.0, 2.0, 1000, 1.0, 0.5)
	f.Add(30.0, 0.0, 0.0, 0.0, 0, 0.0, -1.0)
	f.Add(math.NaN(), math.Inf(1), -1.0, 1e300, -5, math.Inf(-1), 1e-300)
	cands := threeCandidates(f)
	f.Fuzz(func(t *testing.T, minMine, maxAI, colo, capex float64, owned int, target, lambda float64) {
		p := economics.Problem{Site: planSite(), Candidates: cands, CapitalCost: []float64{capex, capex, 0}, Limits: economics.Limits{
			Inventory:  economics.Inventory{"Antminer S21": owned, "H100 SXM": owned},
			Min:        map[hardware.Workload]hardware.Power{hardware.BitcoinMining: hardware.Power(minMine) * hardware.Megawatt},
			Max:        map[hardware.Workload]hardware.Power{hardware.AICloud: hardware.Power(maxAI) * hardware.Megawatt},
			Colocation: hardware.Power(colo) * hardware.Megawatt,
		}}
		pl, err := economics.NewPlanner(p, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 16, Seed: 1})
		if err != nil {
			if !errors.Is(err, economics.ErrInvalid) && !errors.Is(err, risk.ErrInfeasible) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		for _, obj := range []economics.Objective{{Goal: economics.MaxMean}, {Goal: economics.MinVariance, Target: target * 1e6}, {Goal: economics.MeanVariance, Lambda: lambda}} {
			plan, err := pl.Optimize(obj)
			if err != nil {
				if !errors.Is(err, economics.ErrInvalid) && !errors.Is(err, risk.ErrInfeasible) && !errors.Is(err, risk.ErrNotConverged) {
					t.Fatalf("%v: untyped error: %v", obj.Goal, err)
				}
				continue
			}
			if math.IsNaN(plan.Mean) || math.IsNaN(plan.Value) {
				t.Fatalf("%v: NaN in plan %+v", obj.Goal, plan)
			}
			if _, err := economics.Evaluate(p.Site, plan.Allocation, testSnapshot(), time.Hour); err != nil {
				t.Fatalf("%v: plan does not book: %v", obj.Goal, err)
			}
		}
	})
}

func TestOptimizeThreeLinesAgainstGrid(t *testing.T) {
	// Three lines, all carrying risk (colocation pays its tenant's
	// power), up to 20 MW: the optimum is at least as good as every point
	// of a 0.1 MW grid over the triangle.
	site := planSite()
	site.ColocationPowerIncluded = true
	pl := newPlanner(t, economics.Problem{Site: site, Candidates: threeCandidates(t), CapitalCost: []float64{0, 8000, 580}}, 1000)
	pf, power := pl.Portfolio(), pl.UnitPower()
	const steps = 200
	for _, tc := range []struct {
		obj economics.Objective
		f   func(m, v float64) float64
	}{
		{economics.Objective{Goal: economics.MeanVariance, Lambda: 1e-7}, func(m, v float64) float64 { return m - 1e-7*v }},
		{economics.Objective{Goal: economics.MeanVariance, Lambda: 1e-6}, func(m, v float64) float64 { return m - 1e-6*v }},
		{economics.Objective{Goal: economics.MaxSharpe, RiskFree: 1e6}, func(m, v float64) float64 { return (m - 1e6) / math.Sqrt(v) }},
	} {
		plan, err := pl.Optimize(tc.obj)
		if err != nil {
			t.Fatal(err)
		}
		best := math.Inf(-1)
		u := make([]float64, 3)
		for i := 0; i <= steps; i++ {
			for j := 0; i+j <= steps; j++ {
				for k := 0; i+j+k <= steps; k += steps / 20 {
					u[0] = 20 * float64(i) / steps / power[0].Megawatts()
					u[1] = 20 * float64(j) / steps / power[1].Megawatts()
					u[2] = 20 * float64(k) / steps / power[2].Megawatts()
					m, v := evalOK(t, pf, u)
					if v > 0 {
						best = max(best, tc.f(m, v))
					}
				}
			}
		}
		// The grid cannot beat the optimum, and comes close to it.
		if best > plan.ContinuousValue+1e-7*math.Abs(best) || best < plan.ContinuousValue-0.02*math.Abs(plan.ContinuousValue) {
			t.Errorf("%v λ=%g: continuous %v, grid %v", tc.obj.Goal, tc.obj.Lambda, plan.ContinuousValue, best)
		}
		checkFeasible(t, site, pl, plan.Allocation)
	}
}

func TestFrontierSameOnAnyWorkers(t *testing.T) {
	// The frontier's points are priced and rounded in parallel, each into
	// its own slot: one worker or two give the same points.
	site := mixedSite()
	site.ColocationPowerIncluded = true
	p := economics.Problem{Site: site, Candidates: twelveCandidates(t), Limits: economics.Limits{
		Max: map[hardware.Workload]hardware.Power{hardware.AICloud: 40 * hardware.Megawatt},
	}}
	var fronts [2][]economics.FrontierPoint
	for i, w := range []int{1, 2} {
		pl, err := economics.NewPlanner(p, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 1000, Seed: 3, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if fronts[i], err = pl.Frontier(12); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(fronts[0], fronts[1]) {
		t.Error("the frontier on one worker differs from the frontier on two")
	}
}
