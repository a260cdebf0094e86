package main

import (
	"math"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

// The window of market.DefaultModel's fit: four years, one halving cycle,
// to the reference snapshot's date 2025-11-27 (To is exclusive).
var (
	defaultFrom = time.Date(2021, 11, 27, 0, 0, 0, 0, time.UTC)
	defaultTo   = time.Date(2025, 11, 28, 0, 0, 0, 0, time.UTC)
)

// TestDefaultModelIsTheFit refits the shipped history on DefaultModel's
// window and checks that every fitted parameter of DefaultModel is the
// estimate rounded to 4 significant digits: it fails if the data, the
// fits or the defaults change without the others.
func TestDefaultModelIsTheFit(t *testing.T) {
	h, err := loadHistory("testdata")
	if err != nil {
		t.Fatal(err)
	}
	def := market.DefaultModel()
	c, err := market.Calibrate(h, def, defaultFrom, defaultTo)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Price.Jumps {
		t.Errorf("FitPrice chose the GBM; DefaultModel holds the jump fit")
	}
	if c.Price.Days != 1461 || c.Hashrate.Epochs != 97 {
		t.Errorf("window: %d daily returns and %d epochs, want 1461 and 97 (DefaultModel's doc)", c.Price.Days, c.Hashrate.Epochs)
	}
	for _, p := range []struct {
		name string
		def  float64
		fit  market.Estimate
	}{
		{"Price.Drift", def.Price.Drift, c.Price.Drift},
		{"Price.Vol", def.Price.Vol, c.Price.Vol},
		{"Price.JumpRate", def.Price.JumpRate, c.Price.JumpRate},
		{"Price.JumpMean", def.Price.JumpMean, c.Price.JumpMean},
		{"Price.JumpVol", def.Price.JumpVol, c.Price.JumpVol},
		{"Hashrate.Growth", def.Hashrate.Growth, c.Hashrate.Growth},
		{"Hashrate.Vol", def.Hashrate.Vol, c.Hashrate.Vol},
		{"Hashrate.Elasticity", def.Hashrate.Elasticity, c.Hashrate.Elasticity},
	} {
		checkRounded(t, p.name, p.def, p.fit)
	}
	if def.Hashrate.Lag != c.Hashrate.Lag {
		t.Errorf("Hashrate.Lag: default %v, fit %v", def.Hashrate.Lag, c.Hashrate.Lag)
	}
	// At lag 0 the price-hashrate correlation is not identified: Calibrate
	// carries the base's over, and DefaultModel's is 0 (an assumption).
	if c.Corr.Fitted || def.Corr[market.FactorPrice][market.FactorHashrate] != 0 {
		t.Errorf("Corr(price, hashrate): fitted %v, default %v; want not fitted and 0",
			c.Corr.Fitted, def.Corr[market.FactorPrice][market.FactorHashrate])
	}

	// Fees.Vol is the daily noise of the latest run of daily fees.
	runs := feeRuns(h.Fees)
	latest := runs[len(runs)-1]
	ff, err := market.FitFeeShare(latest)
	if err != nil {
		t.Fatal(err)
	}
	if from, to := day(ff.From), day(ff.To); from != "2025-08-11" || to != "2025-11-27" {
		t.Errorf("latest fee window %s to %s, want 2025-08-11 to 2025-11-27 (DefaultModel's doc)", from, to)
	}
	checkRounded(t, "Fees.Vol", def.Fees.Vol, ff.Vol)
}

// checkRounded reports an error unless fit is fitted and def equals its
// value to within half a unit of def's 4th significant digit.
func checkRounded(t *testing.T, name string, def float64, fit market.Estimate) {
	t.Helper()
	if !fit.Fitted {
		t.Errorf("%s: not fitted", name)
		return
	}
	if def == 0 || math.IsNaN(def) || math.IsInf(def, 0) {
		t.Errorf("%s: default %v has no 4th significant digit", name, def)
		return
	}
	unit := math.Pow(10, math.Floor(math.Log10(math.Abs(def)))-3)
	if math.Abs(fit.Value-def) > unit/2 {
		t.Errorf("%s: default %v, fit %.10g ± %.3g: not the fit rounded to 4 significant digits (within %g)",
			name, def, fit.Value, fit.StdErr, unit/2)
	}
}
