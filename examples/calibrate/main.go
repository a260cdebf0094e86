// Command calibrate reads real market history (testdata: BTC daily closes
// 2012-2025, every difficulty epoch, four windows of daily fees, all cut at
// 2025-11-27, the reference snapshot's date), checks it with
// market.History.Validate, and prints what it holds and the network
// hashrate each epoch implies. Fitting market.Model to it and backtesting
// the fitted bands (issue 12) build on this.
//
//	go run ./examples/calibrate [-data DIR]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

func main() {
	data := flag.String("data", defaultData(), "directory of the CSVs (see testdata/README.md)")
	flag.Parse()
	h, err := loadHistory(*data)
	if err != nil {
		log.Fatal(err)
	}
	if err := h.Validate(); err != nil {
		log.Fatal(err)
	}
	p, e := h.Prices, h.Epochs
	fmt.Printf("BTC closes: %d days, %s to %s, %.2f to %.2f USD\n", len(p), day(p[0].Date), day(p[len(p)-1].Date), p[0].Close, p[len(p)-1].Close)
	fmt.Printf("difficulty epochs: %d, heights %d to %d, %s to %s\n", len(e), e[0].Height, e[len(e)-1].Height, day(e[0].Time), day(e[len(e)-1].Time))
	fmt.Printf("fee days: %d in %d windows\n", len(h.Fees), feeWindows(h.Fees))
	// The hashrate an epoch implies: difficulty x 2^32 hashes per block
	// over the epoch's mean block time (the last epoch is still open).
	fmt.Println("\nimplied network hashrate at the start of each year (EH/s):")
	year := 0
	for i := 0; i+1 < len(e); i++ {
		if y := e[i].Time.Year(); y != year && y >= 2016 {
			year = y
			secs := e[i+1].Time.Sub(e[i].Time).Seconds() / float64(e[i+1].Height-e[i].Height)
			fmt.Printf("  %d  epoch at height %7d: %8.1f EH/s (mean block %5.1f s)\n", y, e[i].Height, e[i].Difficulty*(1<<32)/secs/1e18, secs)
		}
	}
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

// feeWindows counts the runs of consecutive days in fees.
func feeWindows(fees []market.DailyFees) int {
	n := 0
	for i := range fees {
		if i == 0 || fees[i].Date.Sub(fees[i-1].Date) != 24*time.Hour {
			n++
		}
	}
	return n
}
