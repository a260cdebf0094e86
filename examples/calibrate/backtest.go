package main

// The walk-forward backtest's table.

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

// seriesNames names market's backtest series, in their order.
var seriesNames = [market.NumSeries]string{"price", "difficulty", "hashprice"}

// pitCounts are the PIT histograms of one backtest, one per series and
// horizon, with their labels, for pitHistogram.
type pitCounts struct {
	counts [][]int
	labels []string
}

// printBacktests runs market.Backtest from o.backtestFrom on each window
// of o.windows, and with def held fixed, prints the coverage of the 50 %
// and 90 % bands per series and horizon, and returns the PIT histograms
// of the first window's backtest.
func printBacktests(out io.Writer, h market.History, def market.Model, o options) (pitCounts, error) {
	type column struct {
		name string
		r    market.BacktestReport
	}
	var cols []column
	for _, w := range o.windows {
		t0 := time.Now()
		r, err := market.Backtest(h, def, market.BacktestConfig{From: o.backtestFrom, Window: w, Paths: o.paths, Seed: o.seed})
		if err != nil {
			return pitCounts{}, err
		}
		cols = append(cols, column{fmt.Sprintf("%d-month fit", w), r})
		fmt.Fprintf(out, "\nbacktest on %d-month windows: %d origins every 3 months from %s, %d paths each, %d fits failed (%.1f s)",
			w, len(r.Origins), day(o.backtestFrom), o.paths, r.Failed, time.Since(t0).Seconds())
	}
	fixed, err := market.Backtest(h, def, market.BacktestConfig{From: o.backtestFrom, Paths: o.paths, Seed: o.seed, Fixed: true})
	if err != nil {
		return pitCounts{}, err
	}
	cols = append(cols, column{"DefaultModel*", fixed})

	first := cols[0].r
	fmt.Fprintf(out, "\n\nshare of origins whose realized value fell in the central 50 %% / 90 %% band of the simulated distribution (nominal 0.50 / 0.90),\nand the mean PIT of the %s (0.5 when unbiased; above, the realized value ran above the median)\n", cols[0].name)
	fmt.Fprintf(out, "  %-22s", "series, horizon")
	for _, c := range cols {
		fmt.Fprintf(out, "  %-13s", c.name)
	}
	fmt.Fprintf(out, "  %s\n", "mean PIT")
	var pc pitCounts
	for s, name := range seriesNames {
		for k, m := range first.Config.Horizons {
			label := fmt.Sprintf("%s, %d months", name, m)
			fmt.Fprintf(out, "  %-22s", label)
			for _, c := range cols {
				v := c.r.Coverage[k][s]
				fmt.Fprintf(out, "  %.2f / %.2f   ", v.Cover50(), v.Cover90())
			}
			fmt.Fprintf(out, "  %.2f (%d origins)\n", meanPIT(first, k, s), first.Coverage[k][s].N)
			pc.counts = append(pc.counts, first.Coverage[k][s].Hist[:])
			pc.labels = append(pc.labels, label)
		}
	}
	n := first.Coverage[0][0].N
	fmt.Fprintf(out, "  sampling error: with %d independent origins a share's standard error is %.2f at 50 %% and %.2f at 90 %%;\n"+
		"  6- and 12-month horizons overlap their neighbours, leaving about a half and a quarter as many independent origins.\n"+
		"  * DefaultModel held fixed at every origin: it is fitted on 2021-11-27 to 2025-11-27, so from 2021-11 on it is in sample.\n",
		n, math.Sqrt(0.25/float64(n)), math.Sqrt(0.09/float64(n)))
	return pc, nil
}

// meanPIT returns the mean PIT of series s at horizon k over the origins
// scored.
func meanPIT(r market.BacktestReport, k, s int) float64 {
	sum, n := 0.0, 0
	for _, o := range r.Origins {
		if o.Err == nil && !math.IsNaN(o.PIT[k][s]) {
			sum += o.PIT[k][s]
			n++
		}
	}
	return sum / float64(n)
}
