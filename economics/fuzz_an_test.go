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
	"github.com/wattfolio/wattfolio/risk"
)

// fuzzDec is the decimal m x 10^(e mod 701 - 350): every magnitude from
// far below a cent to far above float64's range, either sign.
func fuzzDec(m int64, e int16) decimal.Decimal {
	exp := int32(e)%701 - 350
	if exp < -350 {
		exp += 701
	}
	return decimal.New(m, exp)
}

// fuzzMarket is the fuzzed part of the inputs: the snapshot's prices, the
// site's contract, opex and capacity, and the units of four lines (one per
// workload).
type fuzzMarket struct {
	power, colo, btc, gpu, gpuMine, opex, contract, tou int64
	powerE, coloE, btcE, gpuE, gpuMineE, opexE, contE   int16
	touE                                                int16
	units                                               [4]int64
	capMW                                               float64
	flags                                               uint8
	shape                                               uint16
}

func (fm fuzzMarket) inputs(t *testing.T) (economics.Site, []economics.Line, market.Snapshot, *economics.Settings) {
	s := testSnapshot()
	s.PowerPrice = fuzzDec(fm.power, fm.powerE)
	s.ColocationRate = fuzzDec(fm.colo, fm.coloE)
	s.Bitcoin.Price = fuzzDec(fm.btc, fm.btcE)
	s.GPURates = map[string]decimal.Decimal{"H100 SXM": fuzzDec(fm.gpu, fm.gpuE)}
	s.GPUMining = map[string]decimal.Decimal{"RTX 4090": fuzzDec(fm.gpuMine, fm.gpuMineE)}
	// Utilization 0 or 1 skips the Beta table, whose few milliseconds
	// would dominate an exec; the reference's 0.85 in a quarter of them.
	s.Utilization = [4]float64{0, 1, 0.85, 1}[fm.flags&3]
	if fm.flags&4 != 0 {
		s.TimeOfUse = make([]decimal.Decimal, 24)
		for h := range s.TimeOfUse {
			s.TimeOfUse[h] = s.PowerPrice
		}
		s.TimeOfUse[int(fm.shape)%24] = fuzzDec(fm.tou, fm.touE)
	}
	site := economics.Site{Capacity: hardware.Power(fm.capMW) * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97,
		Payout: economics.Payout(fm.flags >> 3 & 3), Curtailment: economics.Curtailment(fm.flags >> 5 % 3),
		OpexPerMWMonth: fuzzDec(fm.opex, fm.opexE)}
	if fm.flags&128 != 0 {
		site.PowerContract = decimal.NewNullDecimal(fuzzDec(fm.contract, fm.contE))
	}
	lines := []economics.Line{
		{Model: model(t, "Antminer S21"), Workload: hardware.BitcoinMining, Units: int(fm.units[0])},
		{Model: model(t, "H100 SXM"), Workload: hardware.AICloud, Units: int(fm.units[1])},
		{Workload: hardware.Colocation, Units: int(fm.units[2])},
		{Model: model(t, "RTX 4090"), Workload: hardware.GPUMining, Units: int(fm.units[3])},
	}
	// Small work per exec: up to 16 paths, up to 40 steps over an hour to
	// ten years.
	horizon := time.Duration(1+int(fm.shape)%(24*3650)) * time.Hour
	set := &economics.Settings{Horizon: horizon, Step: horizon / time.Duration(1+int(fm.shape>>8)%40),
		Paths: 1 + int(fm.shape>>4)%16, Seed: uint64(fm.shape), Workers: 1}
	return site, lines, s, set
}

// sentinelErr reports whether err matches one of the documented sentinels.
func sentinelErr(err error) bool {
	for _, s := range []error{economics.ErrInvalid, economics.ErrOverCapacity, market.ErrInvalid, market.ErrNoQuote, hardware.ErrUnsupported} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func allFinite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func addMarketSeeds(f *testing.F) {
	// The reference snapshot's figures (0.045 USD/kWh, 154.17 USD/kW-month,
	// 1.70 USD/GPU-hour, 0.50 USD/GPU-day, 8,200 USD/MW-month) and a
	// bitcoin price of 95,000 USD; then each made 1e300 (issue 9).
	ref := []any{int64(45), int64(15417), int64(95000), int64(170), int64(50), int64(8200), int64(40), int64(60),
		int16(-3 + 350), int16(-2 + 350), int16(350), int16(-2 + 350), int16(-2 + 350), int16(350), int16(-3 + 350), int16(-3 + 350),
		int64(100), int64(50), int64(500), int64(10), 50.0, uint8(0x27), uint16(0x1234)}
	f.Add(ref...)
	for i := 8; i < 16; i++ {
		v := append([]any(nil), ref...)
		v[i] = int16(300 + 350)
		v[21] = uint8(0xff)
		f.Add(v...)
	}
	huge := append([]any(nil), ref...)
	huge[16], huge[17], huge[18], huge[19], huge[20] = int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MinInt64), int64(1<<62), 1e300
	f.Add(huge...)
}

func fuzzArgs(power, colo, btc, gpu, gpuMine, opex, contract, tou int64, powerE, coloE, btcE, gpuE, gpuMineE, opexE, contE, touE int16,
	u0, u1, u2, u3 int64, capMW float64, flags uint8, shape uint16) fuzzMarket {
	return fuzzMarket{power, colo, btc, gpu, gpuMine, opex, contract, tou, powerE, coloE, btcE, gpuE, gpuMineE, opexE, contE, touE,
		[4]int64{u0, u1, u2, u3}, capMW, flags, shape}
}

// FuzzAnalyzeMarket varies the snapshot's prices, the site's contract,
// opex and capacity and the unit counts over their whole ranges: Analyze
// must not panic in any goroutine, nor hang, and must return a finite
// report or an error matching a sentinel.
func FuzzAnalyzeMarket(f *testing.F) {
	addMarketSeeds(f)
	m := market.DefaultModel()
	f.Fuzz(func(t *testing.T, power, colo, btc, gpu, gpuMine, opex, contract, tou int64, powerE, coloE, btcE, gpuE, gpuMineE, opexE, contE, touE int16,
		u0, u1, u2, u3 int64, capMW float64, flags uint8, shape uint16) {
		site, lines, s, set := fuzzArgs(power, colo, btc, gpu, gpuMine, opex, contract, tou, powerE, coloE, btcE, gpuE, gpuMineE, opexE, contE, touE,
			u0, u1, u2, u3, capMW, flags, shape).inputs(t)
		r, err := economics.Analyze(site, economics.Allocation{Lines: lines}, m, s, set)
		if err != nil {
			if !sentinelErr(err) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		if !allFinite(r.Mean, r.StdDev, r.Variance, r.StdErr, r.VaR, r.CVaR, r.ProbLoss, r.MiningAICorrelation, r.MinedStdDev) || r.MeanMined < 0 {
			t.Fatalf("report not finite: %+v", r)
		}
		for w, st := range r.ByWorkload {
			if !allFinite(st.Mean, st.StdDev, st.VaR, st.CVaR) {
				t.Fatalf("%v: not finite: %+v", w, st)
			}
		}
		for _, b := range append(append(r.Bands, r.MiningBands...), r.AIBands...) {
			if !allFinite(b.P5, b.P25, b.P50, b.P75, b.P95) {
				t.Fatalf("band not finite: %+v", b)
			}
		}
	})
}

// FuzzPortfolio builds a Portfolio from the same fuzzed markets and
// evaluates fuzzed allocations of it: no panic, finite moments or a
// sentinel error.
func FuzzPortfolio(f *testing.F) {
	addMarketSeeds(f)
	m := market.DefaultModel()
	f.Fuzz(func(t *testing.T, power, colo, btc, gpu, gpuMine, opex, contract, tou int64, powerE, coloE, btcE, gpuE, gpuMineE, opexE, contE, touE int16,
		u0, u1, u2, u3 int64, capMW float64, flags uint8, shape uint16) {
		site, lines, s, set := fuzzArgs(power, colo, btc, gpu, gpuMine, opex, contract, tou, powerE, coloE, btcE, gpuE, gpuMineE, opexE, contE, touE,
			u0, u1, u2, u3, capMW, flags, shape).inputs(t)
		pf, err := economics.NewPortfolio(site, lines, m, s, set)
		if err != nil {
			if !sentinelErr(err) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		if !allFinite(pf.MeanTo(nil)...) || !allFinite(pf.StdErrs(nil)...) {
			t.Fatalf("moments not finite: %v %v", pf.MeanTo(nil), pf.StdErrs(nil))
		}
		// The fuzzed unit counts, and capMW as a fractional count.
		for _, units := range [][]float64{
			{float64(u0), float64(u1), float64(u2), float64(u3)},
			{capMW, capMW, capMW, capMW},
		} {
			mean, variance, err := pf.EvaluateChecked(units)
			if err != nil {
				if !errors.Is(err, economics.ErrInvalid) {
					t.Fatalf("Evaluate: error matches no sentinel: %v", err)
				}
				continue
			}
			if !allFinite(mean, variance) || variance < 0 {
				t.Fatalf("Evaluate(%v) = %v, %v", units, mean, variance)
			}
			rc, err := pf.RiskContributions(units)
			if err != nil {
				if !errors.Is(err, economics.ErrInvalid) {
					t.Fatalf("RiskContributions: error matches no sentinel: %v", err)
				}
				continue
			}
			if !allFinite(rc...) {
				t.Fatalf("RiskContributions(%v) = %v", units, rc)
			}
		}
	})
}

// FuzzPlannerOutcome feeds arbitrary units to Planner.Outcome and
// arbitrary targets to MinCVaR and MinVariance on one planner: no panic,
// finite statistics or a sentinel error, and a plan whose mean plus its
// Shortfall meets the target.
func FuzzPlannerOutcome(f *testing.F) {
	f.Add(1000.0, 500.0, 2000.0, 5e7)
	f.Add(math.NaN(), -1.0, math.Inf(1), math.Inf(-1))
	f.Add(1e300, 0.0, 0.0, 1e300)
	f.Add(0.0, 0.0, 0.0, -1e12)
	cands := threeCandidates(f)
	pl, err := economics.NewPlanner(economics.Problem{Site: planSite(), Candidates: cands, Scenarios: 64},
		market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 128, Seed: 2})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, u0, u1, u2, target float64) {
		s, err := pl.Outcome([]float64{u0, u1, u2})
		if err != nil {
			if !errors.Is(err, economics.ErrInvalid) && !errors.Is(err, economics.ErrOverCapacity) {
				t.Fatalf("Outcome: error matches no sentinel: %v", err)
			}
		} else if !allFinite(s.Mean, s.StdDev, s.Variance, s.StdErr, s.VaR, s.CVaR, s.ProbLoss) {
			t.Fatalf("Outcome(%v, %v, %v) = %+v", u0, u1, u2, s)
		}
		for _, g := range []economics.Goal{economics.MinCVaR, economics.MinVariance} {
			plan, err := pl.OptimizeContext(t.Context(), economics.Objective{Goal: g, Target: target})
			if err != nil {
				if !errors.Is(err, economics.ErrInvalid) && !errors.Is(err, risk.ErrInfeasible) && !errors.Is(err, risk.ErrNotConverged) {
					t.Fatalf("%v: error matches no sentinel: %v", g, err)
				}
				continue
			}
			if !allFinite(plan.Mean, plan.StdDev, plan.CVaR, plan.Shortfall) || plan.Shortfall < 0 {
				t.Fatalf("%v: plan %+v", g, plan.Stats)
			}
			if !math.IsInf(target, -1) && plan.Mean+plan.Shortfall < target-1e-9*math.Max(1, math.Abs(target)) {
				t.Fatalf("%v: mean %v + shortfall %v below target %v", g, plan.Mean, plan.Shortfall, target)
			}
		}
	})
}
