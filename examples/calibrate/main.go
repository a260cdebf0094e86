// Command calibrate fits the market model to real history, prints every
// estimate with its standard error next to market.DefaultModel's value,
// runs the walk-forward backtest of the fitted model's bands and draws
// its charts. The history is in testdata (BTC daily closes 2012-2025,
// every difficulty epoch, four windows of daily fees, all cut at
// 2025-11-27, the reference snapshot's date; see testdata/README.md for
// sources and licenses).
//
//	go run ./examples/calibrate [-data DIR] [-from 2021-11-27] [-windows 24,48,96]
//	    [-paths 10000] [-pit calibrate-pit.png] [-fan calibrate-fan.png]
//
// market.Calibrate fits, over the window from -from to the data's end,
// the price (GBM with Merton jumps by maximum likelihood, or GBM alone
// when it has the lower AIC), the network hashrate (growth, noise and
// lagged response to price, from difficulty epochs, the lag chosen by
// BIC) and the fees (their share of the reward and the noise of their
// daily changes; printed here by window). Power and GPU factors stay
// assumptions: no public series of them may be shipped. DefaultModel is
// this fit on the four years to 2025-11-27, the -from default.
//
// market.Backtest then refits every quarter from 2016 on the trailing
// window of each of -windows months, simulates -paths paths of the next
// 3, 6 and 12 months from each origin, and prints how often the 50 % and
// 90 % bands held the realized BTC price, difficulty and subsidy
// hashprice; the first window's PIT histograms go to -pit. The fan chart
// (-fan) shows the bands of the model fitted on the first window at the
// start of the history's last two years, with the realized path.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

// options are the example's settings, the flags.
type options struct {
	data         string    // directory of the CSVs
	from         time.Time // start of the estimates' window
	windows      []int     // backtest windows, months; the first is drawn
	backtestFrom time.Time // first origin of the backtest
	paths        int       // backtest paths per origin
	fanPaths     int       // fan chart paths
	seed         uint64
	pit, fan     string // PNG paths
}

func main() {
	var o options
	flag.StringVar(&o.data, "data", defaultData(), "directory of the CSVs (see testdata/README.md)")
	from := flag.String("from", "2021-11-27", "first day of the estimates' window (UTC); DefaultModel's is 2021-11-27")
	windows := flag.String("windows", "48,24,96", "backtest fitting windows in months, comma-separated; the first is charted")
	btFrom := flag.String("backtest-from", "2016-01-01", "first origin of the walk-forward backtest (UTC midnight)")
	flag.IntVar(&o.paths, "paths", 10000, "simulated paths per backtest origin")
	flag.IntVar(&o.fanPaths, "fan-paths", 4000, "simulated paths of the fan chart")
	flag.Uint64Var(&o.seed, "seed", 1, "seed of the random streams (same seed, same numbers)")
	flag.StringVar(&o.pit, "pit", "calibrate-pit.png", "path of the PIT histogram PNG to write")
	flag.StringVar(&o.fan, "fan", "calibrate-fan.png", "path of the fan chart PNG to write")
	flag.Parse()
	var err error
	if o.from, err = time.Parse(time.DateOnly, *from); err != nil {
		log.Fatalf("-from: %v", err)
	}
	if o.backtestFrom, err = time.Parse(time.DateOnly, *btFrom); err != nil {
		log.Fatalf("-backtest-from: %v", err)
	}
	if o.windows, err = parseMonths(*windows); err != nil {
		log.Fatalf("-windows: %v", err)
	}
	if err := run(os.Stdout, o); err != nil {
		log.Fatal(err)
	}
}

// parseMonths reads a comma-separated list of positive month counts.
func parseMonths(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		m, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || m < 1 {
			return nil, fmt.Errorf("%q is not a positive number of months", f)
		}
		out = append(out, m)
	}
	return out, nil
}

// run loads the history, prints the estimates on [o.from, the data's
// end), runs the backtests and writes the charts.
func run(out io.Writer, o options) error {
	h, err := loadHistory(o.data)
	if err != nil {
		return err
	}
	p, e := h.Prices, h.Epochs
	fmt.Fprintf(out, "history: %d daily closes %s to %s, %d difficulty epochs to height %d, %d fee days in %d windows\n",
		len(p), day(p[0].Date), day(p[len(p)-1].Date), len(e), e[len(e)-1].Height, len(h.Fees), feeWindows(h.Fees))
	end := p[len(p)-1].Date.AddDate(0, 0, 1)
	def := market.DefaultModel()
	if err := printEstimates(out, h, def, o.from, end); err != nil {
		return err
	}
	hist, err := printBacktests(out, h, def, o)
	if err != nil {
		return err
	}
	if err := pitHistogram(o.pit, fmt.Sprintf("PIT of the realized value in the simulated distribution: refits every 3 months from %s on %d-month windows, %d paths", day(o.backtestFrom), o.windows[0], o.paths), hist.counts, hist.labels); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nwrote the PIT histograms to %s\n", o.pit)
	origin := end.AddDate(-2, 0, 0)
	fs, err := fanChart(h, def, origin, o.windows[0], o.fanPaths, o.seed, o.fan)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote the fan chart to %s: the model fitted on %s to %s, %d paths of %d days from %s; share of days inside the 50 %% / 90 %% bands: price %.2f / %.2f, difficulty %.2f / %.2f (one path, its days strongly dependent)\n",
		o.fan, day(fs.FitFrom), day(fs.FitTo.AddDate(0, 0, -1)), fs.Paths, fs.Days, day(origin),
		fs.Price.In50, fs.Price.In90, fs.Difficulty.In50, fs.Difficulty.In90)
	return nil
}

// printEstimates fits def to h on [from, end) and prints every estimate
// next to def's value.
func printEstimates(out io.Writer, h market.History, def market.Model, from, end time.Time) error {
	c, err := market.Calibrate(h, def, from, end)
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
