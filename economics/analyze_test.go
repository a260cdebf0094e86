package economics_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

func mixedSite() economics.Site {
	return economics.Site{Capacity: 100 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97,
		OpexPerMWMonth: dec("8200"), Curtailment: economics.Economic}
}

func mixedLines(t testing.TB) []economics.Line {
	return []economics.Line{
		{Model: model(t, "Antminer S21"), Workload: hardware.BitcoinMining, Units: 5000},
		{Model: model(t, "Antminer S19 XP"), Workload: hardware.BitcoinMining, Units: 3000},
		{Model: model(t, "H100 SXM"), Workload: hardware.AICloud, Units: 1000},
		{Model: model(t, "H200"), Workload: hardware.AICloud, Units: 500},
		{Workload: hardware.Colocation, Units: 5000},
	}
}

// quietModel has no randomness at all: its paths are the expected path.
func quietModel() market.Model {
	m := market.DefaultModel()
	m.Price = market.PriceModel{}
	m.Hashrate = market.HashrateModel{}
	m.Fees = market.FeeModel{}
	m.Power.Vol = 0
	m.GPU.Vol, m.GPU.Drift, m.GPU.ModelDrift = 0, 0, nil
	m.GPU.UtilizationConcentration = 1e6
	return m
}

func TestAnalyzeQuietModelMatchesEvaluate(t *testing.T) {
	site := mixedSite()
	site.Curtailment = economics.NoCurtailment
	a := economics.Allocation{Lines: mixedLines(t)}
	s := testSnapshot()
	const week = 7 * day
	r, err := economics.Analyze(site, a, quietModel(), s, &economics.Settings{Horizon: week, Step: day, Paths: 4})
	if err != nil {
		t.Fatal(err)
	}
	st, err := economics.Evaluate(site, a, s, week)
	if err != nil {
		t.Fatal(err)
	}
	// The only differences: the FPPS share noise of the mining lines
	// (measured: 1.4e-5 of their revenue, 5.2e-5 of their profit), the
	// 2016/2015 rise of difficulty at a retarget inside the week (the
	// reference snapshot sits at a retarget, so none falls inside), and the
	// utilization drawn from the Beta table (with this concentration, over
	// these 4 paths of 7 days, it moves the AI lines' profit by 2.0e-4 of
	// their revenue, 2.1e-4 of their profit). Measured in all: 1.4e-4 of
	// total profit. The bounds below leave about half as much again.
	want, _ := st.Total.Profit.Float64()
	if math.Abs(r.Mean-want) > 2e-4*math.Abs(want) {
		t.Errorf("quiet Analyze mean %.2f, Evaluate %.2f", r.Mean, want)
	}
	for w, ws := range r.ByWorkload {
		var lineSum float64
		for _, l := range st.Lines {
			if l.Line.Workload == w {
				f, _ := l.Profit.Float64()
				lineSum += f
			}
		}
		if math.Abs(ws.Mean-lineSum) > 3e-4*math.Abs(lineSum)+1 {
			t.Errorf("%v: Analyze %.2f, Evaluate %.2f", w, ws.Mean, lineSum)
		}
	}
}

func TestAnalyzeSameBitsAnyWorkers(t *testing.T) {
	site := mixedSite()
	a := economics.Allocation{Lines: mixedLines(t)}
	base := economics.Settings{Paths: 1500, Seed: 42, BandPaths: 700}
	var first economics.Report
	for i, workers := range []int{1, 2, 8, 3} {
		set := base
		set.Workers = workers
		if i == 3 {
			prev := runtime.GOMAXPROCS(1)
			defer runtime.GOMAXPROCS(prev)
			set.Workers = 0
		}
		r, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &set)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = r
			continue
		}
		if !reflect.DeepEqual(first, r) {
			t.Fatalf("workers=%d changed the report:\n%+v\n%+v", workers, first, r)
		}
	}
	// A different seed gives a different report.
	set := base
	set.Seed = 43
	r, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &set)
	if err != nil {
		t.Fatal(err)
	}
	if r.Mean == first.Mean {
		t.Error("seed ignored")
	}
}

func TestAnalyzeReport(t *testing.T) {
	site := mixedSite()
	site.Payout = economics.PPLNS
	a := economics.Allocation{Lines: mixedLines(t)}
	r, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 4000, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if r.CVaR < r.VaR {
		t.Errorf("CVaR %v < VaR %v", r.CVaR, r.VaR)
	}
	sum := 0.0
	for _, ws := range r.ByWorkload {
		sum += ws.Mean
	}
	if math.Abs(sum-r.Mean) > 1e-6*math.Abs(r.Mean) {
		t.Errorf("workload means %v do not add to the total %v", sum, r.Mean)
	}
	if co := r.ByWorkload[hardware.Colocation]; co.StdDev > 1e-12*co.Mean {
		t.Errorf("colocation rent is fixed but has std dev %v", co.StdDev)
	}
	if r.MiningAICorrelation <= -1 || r.MiningAICorrelation >= 1 || r.MiningAICorrelation == 0 {
		t.Errorf("correlation %v", r.MiningAICorrelation)
	}
	if len(r.Bands) != 53 || r.Bands[52].At != economics.DefaultHorizon {
		t.Fatalf("%d bands, last at %v", len(r.Bands), r.Bands[len(r.Bands)-1].At)
	}
	for _, b := range r.Bands {
		if !(b.P5 <= b.P25 && b.P25 <= b.P50 && b.P50 <= b.P75 && b.P75 <= b.P95) {
			t.Fatalf("band out of order: %+v", b)
		}
	}
	if r.MeanMined <= 0 || r.MinedStdDev <= 0 {
		t.Errorf("mined %v ± %v", r.MeanMined, r.MinedStdDev)
	}
	// PPLNS carries the pool's block luck: more variance in bitcoin than FPPS.
	site.Payout = economics.FPPS
	f, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 4000, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if !(r.MinedStdDev > f.MinedStdDev) {
		t.Errorf("PPLNS mined sd %v not above FPPS %v", r.MinedStdDev, f.MinedStdDev)
	}
}

func TestAnalyzeSettingsErrors(t *testing.T) {
	site := mixedSite()
	a := economics.Allocation{Lines: mixedLines(t)}
	for name, set := range map[string]economics.Settings{
		"negative paths":      {Paths: -1},
		"negative step":       {Step: -time.Hour},
		"horizon below step":  {Horizon: day, Step: 2 * day},
		"level 1":             {Level: 1},
		"NaN level":           {Level: math.NaN()},
		"negative level":      {Level: -0.5},
		"odd antithetic":      {Paths: 3, Antithetic: true},
		"negative band paths": {BandPaths: -1},
		"negative workers":    {Workers: -2},
	} {
		_, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &set)
		if !errors.Is(err, economics.ErrInvalid) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	bad := market.DefaultModel()
	bad.Price.Vol = -1
	if _, err := economics.Analyze(site, a, bad, testSnapshot(), nil); !errors.Is(err, market.ErrInvalid) {
		t.Errorf("bad model: %v", err)
	}
	a.Lines[0].Units = 100_000
	if _, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), nil); !errors.Is(err, economics.ErrOverCapacity) {
		t.Errorf("over capacity: %v", err)
	}
}

func TestAnalyzeContextAndProgress(t *testing.T) {
	site := mixedSite()
	a := economics.Allocation{Lines: mixedLines(t)}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := economics.AnalyzeContext(ctx, site, a, market.DefaultModel(), testSnapshot(), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	last, calls := 0, 0
	set := &economics.Settings{Paths: 1000, Progress: func(done, total int) {
		if done < last || total != 1000 {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last, calls = done, calls+1
	}}
	if _, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), set); err != nil {
		t.Fatal(err)
	}
	if last != 1000 || calls < 2 {
		t.Errorf("progress ended at %d after %d calls", last, calls)
	}
}

func TestAntitheticPairs(t *testing.T) {
	site := mixedSite()
	a := economics.Allocation{Lines: mixedLines(t)[:1]}
	plain, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 4000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	anti, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 4000, Seed: 3, Antithetic: true})
	if err != nil {
		t.Fatal(err)
	}
	// Both estimate the same mean; pairing must not bias it.
	if d := math.Abs(plain.Mean - anti.Mean); d > 4*math.Hypot(plain.StdErr, anti.StdErr) {
		t.Errorf("antithetic mean %v vs plain %v (se %v, %v)", anti.Mean, plain.Mean, anti.StdErr, plain.StdErr)
	}
	// Mining profit is monotone in the price shock, so pairs cut the error.
	if !(anti.StdErr < plain.StdErr) {
		t.Errorf("antithetic standard error %v not below plain %v", anti.StdErr, plain.StdErr)
	}
}

func TestAnalyzeBandGrid(t *testing.T) {
	// 300 daily steps keep a band every 3rd day (100 points, at most
	// MaxBandPoints = 128); 120 daily steps keep every day. The paths are
	// the same over the first 120 days, so at days 3, 6, ..., 120 the two
	// runs' bands agree bit for bit.
	site, a := mixedSite(), economics.Allocation{Lines: mixedLines(t)}
	s, m := testSnapshot(), market.DefaultModel()
	long, err := economics.Analyze(site, a, m, s, &economics.Settings{Horizon: 300 * day, Step: day, Paths: 300, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	short, err := economics.Analyze(site, a, m, s, &economics.Settings{Horizon: 120 * day, Step: day, Paths: 300, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(long.Bands) != 100 || long.Bands[99].At != 300*day || len(short.Bands) != 120 {
		t.Fatalf("%d and %d bands, the long run's last at %v", len(long.Bands), len(short.Bands), long.Bands[len(long.Bands)-1].At)
	}
	for b := range 40 {
		l, s := long.Bands[b], short.Bands[3*b+2]
		if l != s {
			t.Fatalf("band at %v: %+v on the coarse grid, %+v on the fine one", l.At, l, s)
		}
	}
}
