package market

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// selfModel generates the histories of the backtest's self-check: the
// price with jumps, and a hashrate with growth and noise but no response
// to the price. With a lagged response the simulator, which starts each
// origin with no price history, would miss the response to the price
// changes just before the origin; with one at lag 0 the difficulty moves
// with the price alone and its spread hides little. Fees are off (the
// backtest's snapshots have none).
func selfModel() Model {
	m := DefaultModel()
	m.Price = PriceModel{Drift: 0.3, Vol: 0.6, JumpRate: 4, JumpMean: -0.05, JumpVol: 0.1}
	m.Hashrate = HashrateModel{Growth: 0.4, Vol: 0.3}
	m.Fees.Vol = 0
	return m
}

// pooled runs a Fixed backtest of m on histories of m, one per seed, and
// adds up their coverage per horizon.
func pooled(t *testing.T, m Model, seeds int, years, every, horizon int) [NumSeries]BacktestCoverage {
	t.Helper()
	var cov [NumSeries]BacktestCoverage
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		epochs, prices := simulateHashrateHistory(t, m, years*365, seed)
		h := History{Prices: prices, Epochs: epochs}
		r, err := Backtest(h, m, BacktestConfig{From: simHistoryBase.AddDate(0, 1, 0), Every: every,
			Horizons: []int{horizon}, Paths: 1000, Seed: seed, Fixed: true})
		if err != nil {
			t.Fatal(err)
		}
		for s, c := range r.Coverage[0] {
			cov[s].N += c.N
			cov[s].In50 += c.In50
			cov[s].In90 += c.In90
			for b, n := range c.Hist {
				cov[s].Hist[b] += n
			}
		}
	}
	return cov
}

// checkNominal fails unless c covers 50 % and 90 % within 3 binomial
// standard errors and its PIT histogram passes a chi-square test of
// uniformity at the 0.1 % level (27.88 on 9 degrees of freedom).
func checkNominal(t *testing.T, what string, c BacktestCoverage) {
	t.Helper()
	n := float64(c.N)
	if d := math.Abs(c.Cover50() - 0.5); d > 3*math.Sqrt(0.25/n) {
		t.Errorf("%s: 50 %% band covers %.3f of %d", what, c.Cover50(), c.N)
	}
	if d := math.Abs(c.Cover90() - 0.9); d > 3*math.Sqrt(0.09/n) {
		t.Errorf("%s: 90 %% band covers %.3f of %d", what, c.Cover90(), c.N)
	}
	chi2, e := 0.0, n/PITBins
	for _, k := range c.Hist {
		chi2 += (float64(k) - e) * (float64(k) - e) / e
	}
	if chi2 > 27.88 {
		t.Errorf("%s: PIT histogram %v: chi-square %.1f > 27.88", what, c.Hist, chi2)
	}
	t.Logf("%s: N %d, cover50 %.3f, cover90 %.3f, chi2 %.1f, %v", what, c.N, c.Cover50(), c.Cover90(), chi2, c.Hist)
}

// On histories the model generated, held fixed, the backtest's coverage is
// nominal within sampling error. Origins do not overlap (the spacing is the
// horizon), so they are independent. The price's state is its level alone,
// which the origin's snapshot holds, so its PITs are exactly uniform at
// every horizon. The difficulty's is not: the snapshot knows the
// difficulty in force but not the hashrate, which has moved since the
// epoch began, so at a month the difficulty's distribution is too narrow
// (see Backtest); at three months that state's share of the spread is
// small, and difficulty and hashprice are nominal too.
func TestBacktestSelfCalibrated(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 6 x 10 years")
	}
	m := selfModel()
	month := pooled(t, m, 6, 10, 1, 1)
	checkNominal(t, "price, 1 month", month[SeriesPrice])
	quarter := pooled(t, m, 6, 10, 3, 3)
	for s, name := range []string{"price", "difficulty", "hashprice"} {
		checkNominal(t, name+", 3 months", quarter[s])
	}
	t.Logf("difficulty, 1 month: N %d, cover50 %.3f, cover90 %.3f, %v", month[SeriesDifficulty].N,
		month[SeriesDifficulty].Cover50(), month[SeriesDifficulty].Cover90(), month[SeriesDifficulty].Hist)
}

// pit counts ties as half, and add bins PITs with 1 in the last bin and
// the band edges inside the bands.
func TestBacktestPIT(t *testing.T) {
	for _, c := range []struct {
		sims []float64
		x    float64
		want float64
	}{
		{[]float64{4, 1, 3, 2}, 2.5, 0.5},
		{[]float64{4, 1, 3, 2}, 0, 0},
		{[]float64{4, 1, 3, 2}, 9, 1},
		{[]float64{2, 2, 1, 3}, 2, 0.5}, // 1 below, 2 ties: (1 + 1) / 4
		{[]float64{1, 1}, 1, 0.5},
	} {
		if got := pit(c.sims, c.x); got != c.want {
			t.Errorf("pit(%v, %v) = %v, want %v", c.sims, c.x, got, c.want)
		}
	}
	var c BacktestCoverage
	for _, p := range []float64{0, 0.05, 0.25, 0.5, 0.75, 0.95, 0.951, 1} {
		c.add(p)
	}
	want := BacktestCoverage{N: 8, In50: 3, In90: 5, Hist: [PITBins]int{2, 0, 1, 0, 0, 1, 0, 1, 0, 3}}
	if c != want {
		t.Errorf("coverage %+v, want %+v", c, want)
	}
	if !math.IsNaN((BacktestCoverage{}).Cover90()) {
		t.Errorf("Cover90 of no origins is not NaN")
	}
}

// backtestHistory is eight years of the hashrate fits' truth.
func backtestHistory(t *testing.T) History {
	t.Helper()
	epochs, prices := simulateHashrateHistory(t, hashrateTruth(), 8*365, 3)
	return History{Prices: prices, Epochs: epochs}
}

// A fitted backtest refits at each origin on the trailing window, scores
// what History.Bitcoin reports at each horizon, leaves horizons past the
// history NaN, and gives the same bits whatever the workers.
func TestBacktestFits(t *testing.T) {
	h := backtestHistory(t)
	cfg := BacktestConfig{From: simHistoryBase.AddDate(4, 0, 0), Every: 12, Window: 36, Horizons: []int{6, 30}, Paths: 200, Seed: 9, Workers: 1}
	r, err := Backtest(h, DefaultModel(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Origins 2016-01-01, 2017, 2018, 2019 (the history ends 2019-12-30;
	// 2019-07-01 is within it): four, the last scored at 6 months only.
	if len(r.Origins) != 4 || r.Failed != 0 {
		t.Fatalf("%d origins, %d failed; want 4 and 0", len(r.Origins), r.Failed)
	}
	for i, o := range r.Origins {
		if want := cfg.From.AddDate(i, 0, 0); !o.Date.Equal(want) {
			t.Errorf("origin %d at %v, want %v", i, o.Date, want)
		}
		if !o.Fit.Price.Vol.Fitted || !o.Fit.From.Equal(o.Date.AddDate(-3, 0, 0)) || !o.Fit.To.Equal(o.Date) {
			t.Errorf("origin %d: fit on [%v, %v), fitted %v", i, o.Fit.From, o.Fit.To, o.Fit.Price.Vol.Fitted)
		}
		if o.Model.Price != o.Fit.Model.Price || o.Model.Hashrate != o.Fit.Model.Hashrate {
			t.Errorf("origin %d simulated %+v, not its fit", i, o.Model.Price)
		}
		b, err := h.Bitcoin(o.Date.AddDate(0, 6, 0), Chain{})
		if err != nil {
			t.Fatal(err)
		}
		if got := seriesOf(b); o.Realized[0] != got {
			t.Errorf("origin %d: realized %v, History.Bitcoin gives %v", i, o.Realized[0], got)
		}
		for s, p := range o.PIT[0] {
			if !(p >= 0 && p <= 1) {
				t.Errorf("origin %d: PIT[0][%d] = %v", i, s, p)
			}
		}
		past := i == 3 || i == 2 // 2018 + 30 months is past the end
		if got := math.IsNaN(o.PIT[1][SeriesPrice]); got != past {
			t.Errorf("origin %d: 30-month PIT %v", i, o.PIT[1])
		}
	}
	if c := r.Coverage[1][SeriesPrice]; c.N != 2 {
		t.Errorf("30 months scored %d origins, want 2", c.N)
	}
	cfg.Workers = 3
	r3, err := Backtest(h, DefaultModel(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.Origins {
		for k := range r.Origins[i].PIT {
			for s := range NumSeries {
				a, b := r.Origins[i].PIT[k][s], r3.Origins[i].PIT[k][s]
				if math.Float64bits(a) != math.Float64bits(b) {
					t.Errorf("origin %d horizon %d series %d: PIT %v with 1 worker, %v with 3", i, k, s, a, b)
				}
			}
		}
	}
}

func TestBacktestErrors(t *testing.T) {
	h := backtestHistory(t)
	from := simHistoryBase.AddDate(4, 0, 0)
	bad := DefaultModel()
	bad.Price.Vol = -1
	for _, c := range []struct {
		name  string
		cfg   BacktestConfig
		base  Model
		h     History
		field string
	}{
		{"zero From", BacktestConfig{}, DefaultModel(), h, "BacktestConfig.From"},
		{"From not midnight", BacktestConfig{From: from.Add(time.Hour)}, DefaultModel(), h, "BacktestConfig.From"},
		{"To before From", BacktestConfig{From: from, To: from}, DefaultModel(), h, "BacktestConfig.To"},
		{"Every", BacktestConfig{From: from, Every: -1}, DefaultModel(), h, "BacktestConfig.Every"},
		{"Window", BacktestConfig{From: from, Window: MaxBacktestMonths + 1}, DefaultModel(), h, "BacktestConfig.Window"},
		{"no horizons", BacktestConfig{From: from, Horizons: []int{}}, DefaultModel(), h, "BacktestConfig.Horizons"},
		{"horizon order", BacktestConfig{From: from, Horizons: []int{6, 3}}, DefaultModel(), h, "BacktestConfig.Horizons[1]"},
		{"horizon range", BacktestConfig{From: from, Horizons: []int{0}}, DefaultModel(), h, "BacktestConfig.Horizons[0]"},
		{"Paths", BacktestConfig{From: from, Paths: 1}, DefaultModel(), h, "BacktestConfig.Paths"},
		{"Workers", BacktestConfig{From: from, Workers: -1}, DefaultModel(), h, "BacktestConfig.Workers"},
		{"base", BacktestConfig{From: from}, bad, h, "Price.Vol"},
		{"history", BacktestConfig{From: from}, DefaultModel(), History{Prices: h.Prices[:1], Epochs: h.Epochs}, "len(History.Prices)"},
		{"no origin", BacktestConfig{From: simHistoryBase.AddDate(8, 0, 0)}, DefaultModel(), h, "BacktestConfig.From"},
		{"window before the data", BacktestConfig{From: simHistoryBase.AddDate(0, 2, 0), Window: 1, Paths: 10}, DefaultModel(), h, "len(prices)"},
	} {
		_, err := Backtest(c.h, c.base, c.cfg)
		var ie *InvalidError
		if !errors.Is(err, ErrInvalid) || !errors.As(err, &ie) || !strings.Contains(ie.Field, c.field) {
			t.Errorf("%s: err = %v, want ErrInvalid naming %s", c.name, err, c.field)
		}
	}
}

// countdownCtx is a context that is done from its n-th Err call on.
type countdownCtx struct {
	context.Context
	n atomic.Int64
}

func (c *countdownCtx) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// BacktestContext stops with the context's error: one already done stops
// it before any origin, and one done later stops it between batches of
// paths, whatever the workers.
func TestBacktestContext(t *testing.T) {
	h := backtestHistory(t)
	cfg := BacktestConfig{From: simHistoryBase.AddDate(4, 0, 0), Every: 12, Paths: 200, Fixed: true}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := BacktestContext(done, h, DefaultModel(), cfg); !errors.Is(err, context.Canceled) {
		t.Errorf("done context: err = %v, want context.Canceled", err)
	}
	for _, workers := range []int{1, 2} {
		cfg.Workers = workers
		ctx := &countdownCtx{Context: context.Background()}
		ctx.n.Store(5) // an origin's first check and four batches of 32 paths
		if _, err := BacktestContext(ctx, h, DefaultModel(), cfg); !errors.Is(err, context.Canceled) {
			t.Errorf("%d workers, cancelled mid-run: err = %v, want context.Canceled", workers, err)
		}
	}
	ctx := &countdownCtx{Context: context.Background()}
	ctx.n.Store(1 << 40)
	if _, err := BacktestContext(ctx, h, DefaultModel(), cfg); err != nil {
		t.Errorf("live context: %v", err)
	}
}
