package market

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/internal/num"
)

// FuzzFitHashrate feeds FitHashrate short random histories built from the
// fuzzer's bytes: it must not panic, must fail only with ErrInvalid, and
// an accepted history must give finite estimates, non-negative standard
// errors, a Vol >= 0, a PriceCorr in [-1, 1] and a Lag among those tried.
func FuzzFitHashrate(f *testing.F) {
	f.Add([]byte{14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14}, []byte{1, 2, 3, 250, 7, 9, 128, 200, 3}, uint8(2), uint8(0))
	f.Add([]byte{1, 255, 3, 200, 14, 0, 0, 9, 14, 14, 14, 100, 14, 20, 14, 14, 14, 14}, []byte{128}, uint8(30), uint8(5))
	f.Add(make([]byte, 30), make([]byte, 30), uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, ep, pr []byte, lagDays, priceOffset uint8) {
		if len(ep) > 200 || len(pr) > 2000 {
			return
		}
		base := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
		// Prices: one a day from base - priceOffset days, the log close a
		// random walk in steps of (b - 128)/64.
		var prices []DailyPrice
		logp := math.Log(400)
		for d := 0; d < 8*len(pr) && len(pr) > 0; d++ {
			logp += (float64(pr[d%len(pr)]) - 128) / 64 / float64(1+d/len(pr))
			prices = append(prices, DailyPrice{Date: base.Add(time.Duration(d-int(priceOffset)) * day), Close: math.Exp(logp)})
		}
		// Epochs: byte b gives a span of b hours (0 is allowed, and must
		// be rejected) and a difficulty change of (b%16 - 8)/16 in log.
		var epochs []Epoch
		at, logd := base, math.Log(1e12)
		for i, b := range ep {
			epochs = append(epochs, Epoch{Height: int64(i) * 2016, Time: at, Difficulty: math.Exp(logd)})
			at = at.Add(time.Duration(b) * time.Hour)
			logd += (float64(b%16) - 8) / 16
		}
		lags := []time.Duration{0, time.Duration(lagDays) * day}
		fit, err := FitHashrate(epochs, prices, lags)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			return
		}
		for _, e := range []Estimate{fit.Growth, fit.Vol, fit.Elasticity, fit.PriceCorr} {
			if !num.Finite(e.Value) || !num.Finite(e.StdErr) || e.StdErr < 0 || !e.Fitted {
				t.Fatalf("estimate %+v in %+v", e, fit)
			}
		}
		if fit.Vol.Value < 0 || math.Abs(fit.PriceCorr.Value) > 1 {
			t.Fatalf("Vol %v, PriceCorr %v", fit.Vol.Value, fit.PriceCorr.Value)
		}
		if fit.Lag != lags[0] && fit.Lag != lags[1] {
			t.Fatalf("Lag %v not among %v", fit.Lag, lags)
		}
		for _, s := range fit.LagProfile {
			if math.IsNaN(s.LogLik) || math.IsNaN(s.AIC) || math.IsNaN(s.BIC) {
				t.Fatalf("profile %+v", fit.LagProfile)
			}
		}
	})
}
