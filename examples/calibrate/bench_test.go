package main

import (
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

// benchHistory loads the shipped history for a benchmark.
func benchHistory(b *testing.B) market.History {
	b.Helper()
	h, err := loadHistory("testdata")
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// BenchmarkCalibrateAll fits the whole shipped history: fourteen years of
// daily closes (2012-01-01 to 2025-11-27, 5,080 rows), every difficulty
// epoch (460, from 2009) and the four fee windows. The target is
// under 1 s on 2 cores.
func BenchmarkCalibrateAll(b *testing.B) {
	h := benchHistory(b)
	from, to := time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 11, 28, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		if _, err := market.Calibrate(h, market.DefaultModel(), from, to); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBacktest is the full walk-forward backtest: refits on
// 48-month windows every quarter from 2016-01-01 to the data's end (39
// origins), 10,000 paths of 3, 6 and 12 months each, in parallel over
// the origins. The target is under 60 s on 2 cores.
func BenchmarkBacktest(b *testing.B) {
	h := benchHistory(b)
	cfg := market.BacktestConfig{From: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), Seed: 1}
	for b.Loop() {
		r, err := market.Backtest(h, market.DefaultModel(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Origins) != 39 || r.Failed != 0 {
			b.Fatalf("%d origins, %d failed", len(r.Origins), r.Failed)
		}
	}
}
