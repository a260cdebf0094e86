// Command calibrate fits the market model to real history and prints every
// estimate with its standard error next to market.DefaultModel's value.
// The history is in testdata (BTC daily closes 2012-2025, every difficulty
// epoch, four windows of daily fees, all cut at 2025-11-27, the reference
// snapshot's date; see testdata/README.md for sources and licenses).
//
//	go run ./examples/calibrate [-data DIR] [-from 2016-01-01]
//
// market.Calibrate fits, over the window, the price (GBM with Merton
// jumps by maximum likelihood, or GBM alone when it has the lower AIC),
// the network hashrate (growth, noise and lagged response to price, from
// difficulty epochs, the lag chosen by BIC) and the fees (their share of
// the reward and the noise of their daily changes; printed here by
// window), and returns DefaultModel with the fitted parameters in place.
// Power and GPU factors stay assumptions: no public series of them may be
// shipped. The walk-forward backtest of the fitted bands (issue 12) is
// still to come.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

func main() {
	data := flag.String("data", defaultData(), "directory of the CSVs (see testdata/README.md)")
	from := flag.String("from", "2016-01-01", "first day of the fitting window (UTC)")
	flag.Parse()
	start, err := time.Parse("2006-01-02", *from)
	if err != nil {
		log.Fatalf("-from: %v", err)
	}
	if err := run(os.Stdout, *data, start); err != nil {
		log.Fatal(err)
	}
}

// run loads the history in dir, fits the model from start to the data's
// end, and writes the estimates to out.
func run(out io.Writer, dir string, start time.Time) error {
	h, err := loadHistory(dir)
	if err != nil {
		return err
	}
	p, e := h.Prices, h.Epochs
	fmt.Fprintf(out, "history: %d daily closes %s to %s, %d difficulty epochs to height %d, %d fee days in %d windows\n",
		len(p), day(p[0].Date), day(p[len(p)-1].Date), len(e), e[len(e)-1].Height, len(h.Fees), feeWindows(h.Fees))
	end := p[len(p)-1].Date.AddDate(0, 0, 1)
	def := market.DefaultModel()

	c, err := market.Calibrate(h, def, start, end)
	if err != nil {
		return err
	}
	pf, hf := c.Price, c.Hashrate
	fmt.Fprintf(out, "\nprice, %d daily returns %s to %s (jumps selected by AIC: %v)\n", pf.Days, day(pf.From), day(pf.To), pf.Jumps)
	row(out, "Drift (/yr)", pf.Drift, def.Price.Drift)
	row(out, "Vol (/sqrt yr)", pf.Vol, def.Price.Vol)
	row(out, "JumpRate (/yr)", pf.JumpRate, def.Price.JumpRate)
	row(out, "JumpMean", pf.JumpMean, def.Price.JumpMean)
	row(out, "JumpVol", pf.JumpVol, def.Price.JumpVol)

	fmt.Fprintf(out, "\nnetwork hashrate, %d epochs %s to %s (lag by BIC: %v days; default %v days)\n",
		hf.Epochs, day(hf.From), day(hf.To), hf.Lag.Hours()/24, def.Hashrate.Lag.Hours()/24)
	row(out, "Growth (/yr)", hf.Growth, def.Hashrate.Growth)
	row(out, "Vol (/sqrt yr)", hf.Vol, def.Hashrate.Vol)
	row(out, "Elasticity", hf.Elasticity, def.Hashrate.Elasticity)
	row(out, "Corr(price, hashrate)", c.Corr, def.Corr[market.FactorPrice][market.FactorHashrate])
	fmt.Fprint(out, "  lag profile, BIC (lower is better):")
	for _, s := range hf.LagProfile {
		fmt.Fprintf(out, " %vd %.1f", s.Lag.Hours()/24, s.BIC)
	}
	fmt.Fprintln(out)

	fmt.Fprintln(out, "\nfees, by window (share of the reward; noise of daily log changes)")
	for _, win := range feeRuns(h.Fees) {
		ff, err := market.FitFeeShare(win)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %s to %s, %3d days: share %.4f ± %.4f, vol %.3f ± %.3f (default vol %.2f)\n",
			day(ff.From), day(ff.To), ff.Days, ff.Share.Value, ff.Share.StdErr, ff.Vol.Value, ff.Vol.StdErr, def.Fees.Vol)
	}
	return nil
}

// row prints one estimate, its standard error and the default's value.
func row(out io.Writer, name string, e market.Estimate, def float64) {
	if !e.Fitted {
		fmt.Fprintf(out, "  %-22s %10s              default %9.4f\n", name, "not fitted", def)
		return
	}
	fmt.Fprintf(out, "  %-22s %10.4f ± %-9.4f  default %9.4f\n", name, e.Value, e.StdErr, def)
}

// defaultData returns testdata beside this example, from the repository
// root (go run ./examples/calibrate) or from the example's own directory.
func defaultData() string {
	for _, d := range []string{filepath.Join("examples", "calibrate", "testdata"), "testdata"} {
		if _, err := os.Stat(filepath.Join(d, pricesFile)); err == nil {
			return d
		}
	}
	return "testdata"
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// feeRuns splits fees into its runs of consecutive days.
func feeRuns(fees []market.DailyFees) [][]market.DailyFees {
	var runs [][]market.DailyFees
	for i := range fees {
		if i == 0 || fees[i].Date.Sub(fees[i-1].Date) != 24*time.Hour {
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], fees[i])
	}
	return runs
}

// feeWindows counts the runs of consecutive days in fees.
func feeWindows(fees []market.DailyFees) int { return len(feeRuns(fees)) }
