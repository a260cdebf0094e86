package market

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// calibrationHistory simulates eight years of daily closes and the epochs
// they imply under hashrateTruth (a 30-day lag, price-hashrate correlation
// 0.3), with fee days from the same model.
func calibrationHistory(t *testing.T, seed uint64) (History, time.Time, time.Time) {
	t.Helper()
	m := hashrateTruth()
	epochs, prices := simulateHashrateHistory(t, m, 8*365, seed)
	h := History{Prices: prices, Epochs: epochs, Fees: simulateFees(t, m, seed)}
	return h, prices[0].Date, prices[len(prices)-1].Date.Add(day)
}

// TestCalibrateWiresTheFits checks that Calibrate's model is the base with
// exactly the fits of the window's rows in place: the price and hashrate
// models, the correlation when the chosen lag identifies it (the truth's
// 30 days does), and the base's power, GPU and fee factors, its GPU drifts
// copied, not shared.
func TestCalibrateWiresTheFits(t *testing.T) {
	h, from, to := calibrationHistory(t, 5)
	base := DefaultModel()
	c, err := Calibrate(h, base, from, to)
	if err != nil {
		t.Fatal(err)
	}
	w := h.Between(from, to)
	pf, err := FitPrice(w.Prices)
	if err != nil {
		t.Fatal(err)
	}
	hf, err := FitHashrate(w.Epochs, w.Prices, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Model.Price != pf.Model() || c.Price.LogLik != pf.LogLik || c.Price.Days != pf.Days {
		t.Errorf("price: %+v, FitPrice gives %+v", c.Model.Price, pf.Model())
	}
	if c.Model.Hashrate != hf.Model() || c.Hashrate.Lag != hf.Lag {
		t.Errorf("hashrate: %+v, FitHashrate gives %+v", c.Model.Hashrate, hf.Model())
	}
	if c.Model.Power != base.Power || c.Model.Fees != base.Fees || c.Model.GPU.Drift != base.GPU.Drift || c.Model.GPU.Vol != base.GPU.Vol {
		t.Errorf("carried factors changed: %+v %+v %+v", c.Model.Power, c.Model.Fees, c.Model.GPU)
	}
	if !c.Fees.Share.Fitted || !c.Fees.Vol.Fitted {
		t.Errorf("fees not fitted: %+v", c.Fees)
	}
	if hf.Lag < corrIdentifiedLag {
		t.Fatalf("lag %v: the test needs one that identifies the correlation (truth 30 days)", hf.Lag)
	}
	r := c.Model.Corr[FactorPrice][FactorHashrate]
	if !c.Corr.Fitted || r != hf.PriceCorr.Value || c.Model.Corr[FactorHashrate][FactorPrice] != r {
		t.Errorf("correlation %v (%+v), PriceCorr %+v", r, c.Corr, hf.PriceCorr)
	}
	for i := range NumFactors {
		for j := range NumFactors {
			if (i == FactorPrice && j == FactorHashrate) || (i == FactorHashrate && j == FactorPrice) {
				continue
			}
			if c.Model.Corr[i][j] != base.Corr[i][j] {
				t.Errorf("Corr[%d][%d] = %v, base %v", i, j, c.Model.Corr[i][j], base.Corr[i][j])
			}
		}
	}
	if len(base.GPU.ModelDrift) == 0 {
		t.Fatal("the default model has no GPU drifts to check")
	}
	for k := range c.Model.GPU.ModelDrift {
		c.Model.GPU.ModelDrift[k] = 99
	}
	for k, v := range base.GPU.ModelDrift {
		if v == 99 {
			t.Errorf("GPU drift %q shared with the base", k)
		}
	}
}

// TestCalibrateSeries checks that a window holding the caller's power and
// GPU series gets their fits in the model, and that the fits' errors come
// through naming the row.
func TestCalibrateSeries(t *testing.T) {
	h, from, to := calibrationHistory(t, 5)
	power, gpu := simulatedSeries(t, 2, 7)
	h.Power, h.GPU = power, gpu
	c, err := Calibrate(h, DefaultModel(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	w := h.Between(from, to)
	pf, err1 := FitPower(w.Power)
	gf, err2 := FitGPU(w.GPU)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if c.Model.Power != pf.Model() || c.Model.GPU.Drift != gf.Drift.Value || c.Model.GPU.Vol != gf.Vol.Value || c.Power.Points != pf.Points {
		t.Errorf("power %+v GPU %v %v, fits %+v %+v", c.Model.Power, c.Model.GPU.Drift, c.Model.GPU.Vol, pf.Model(), gf)
	}
	h.Power = append([]DatedValue(nil), power...)
	h.Power[40].Value = -1
	if _, err := Calibrate(h, DefaultModel(), from, to); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "Power[40]") {
		t.Errorf("a negative power price: %v, want ErrInvalid naming Power[40]", err)
	}
}

// TestCalibrateErrors checks the errors Calibrate adds to those of the
// fits: an empty window, a bad history and a bad base, each naming its
// field.
func TestCalibrateErrors(t *testing.T) {
	h, from, to := calibrationHistory(t, 6)
	d := h.Prices[10].Date
	bad := h
	bad.Prices = append([]DailyPrice(nil), h.Prices...)
	bad.Prices[3].Close = math.NaN()
	badBase := DefaultModel()
	badBase.Price.Vol = -1
	withGPU := h
	withGPU.GPU = []DatedValue{{Date: d, Value: 2.5}, {Date: d.Add(day), Value: 2.6}}
	for name, c := range map[string]struct {
		h        History
		base     Model
		from, to time.Time
		field    string
	}{
		"window reversed":  {h, DefaultModel(), to, from, "to"},
		"short GPU series": {withGPU, DefaultModel(), from, to, "GPU series"},
		"NaN close":        {bad, DefaultModel(), from, to, "History.Prices[3]"},
		"bad base":         {h, badBase, from, to, "Price.Vol"},
		"short window":     {h, DefaultModel(), from, from.Add(10 * day), "prices"},
	} {
		_, err := Calibrate(c.h, c.base, c.from, c.to)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: %v, want ErrInvalid naming %s", name, err, c.field)
		}
	}
}

// TestFitPriceBoundIsGBM checks FitPrice on a jump-free history whose jump
// fit runs to the bound of 365 jumps a year (simulated history seed 7,
// found by TestCalibrateSeries): the jump model is not identified, so the
// fit is the GBM, not an error.
func TestFitPriceBoundIsGBM(t *testing.T) {
	h, _, _ := calibrationHistory(t, 7)
	f, err := FitPrice(h.Prices)
	if err != nil {
		t.Fatal(err)
	}
	if f.Jumps || f.JumpRate.Fitted {
		t.Errorf("jumps selected: %+v", f)
	}
	withinSE(t, "Vol", f.Vol, hashrateTruth().Price.Vol)
	withinSE(t, "Drift", f.Drift, hashrateTruth().Price.Drift)
}

// Fewer fee days than FitFeeShare needs (14 changes between consecutive
// days), as when a window cuts a fee series short, leave the fees
// unfitted and the rest calibrated: the first 14 days of simulateFees'
// series hold 13 changes, the first 15 hold 14.
func TestCalibrateShortFeeWindow(t *testing.T) {
	h, from, to := calibrationHistory(t, 5)
	fees := h.Fees
	for _, c := range []struct {
		days   int
		fitted bool
	}{{0, false}, {1, false}, {14, false}, {15, true}} {
		h.Fees = fees[:c.days]
		got, err := Calibrate(h, DefaultModel(), from, to)
		if err != nil {
			t.Fatalf("%d fee days: %v", c.days, err)
		}
		if got.Fees.Share.Fitted != c.fitted || got.Fees.Vol.Fitted != c.fitted || !got.Price.Vol.Fitted {
			t.Errorf("%d fee days: fees fitted %v, want %v (price fitted %v)", c.days, got.Fees.Share.Fitted, c.fitted, got.Price.Vol.Fitted)
		}
	}
}
