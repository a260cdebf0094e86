package market

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
	"time"
)

// FuzzFitPrice fits short series of closes decoded from the fuzzer's bytes
// (8 bytes per close, read as a float64, and a flag byte that inserts a
// one-day gap): FitPrice never panics, errors match ErrInvalid or ErrFit,
// and an accepted fit has finite values, a positive volatility, finite
// positive standard errors on what it fitted, and zeros for jumps it did
// not select.
func FuzzFitPrice(f *testing.F) {
	enc := func(gap byte, closes ...float64) []byte {
		b := []byte{gap}
		for _, c := range closes {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c))
		}
		return b
	}
	walk := func(n int, step float64) []float64 {
		c := make([]float64, n)
		x := 100.0
		for i := range c {
			x *= math.Exp(step * math.Sin(float64(i*i)))
			c[i] = x
		}
		return c
	}
	f.Add(enc(0, walk(40, 0.03)...))
	f.Add(enc(0, walk(31, 0.5)...))
	f.Add(enc(0, walk(60, 1e-9)...))
	f.Add(enc(7, walk(45, 0.02)...))
	spiky := walk(80, 0.01)
	spiky[20] *= 3
	spiky[50] /= 4
	f.Add(enc(0, spiky...))
	f.Add(enc(0, 1, 2, math.NaN(), 4))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 1 {
			return
		}
		gap := int(data[0])
		data = data[1:]
		n := len(data) / 8
		if n > 200 {
			n = 200
		}
		d0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		prices := make([]DailyPrice, n)
		for i := range prices {
			day := i
			if gap > 0 && i >= gap {
				day++
			}
			prices[i] = DailyPrice{Date: d0.AddDate(0, 0, day), Close: math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))}
		}
		fit, err := FitPrice(prices)
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrFit) {
				t.Fatalf("error %v matches neither ErrInvalid nor ErrFit", err)
			}
			return
		}
		if !(fit.Vol.Value > 0) {
			t.Errorf("Vol %v", fit.Vol.Value)
		}
		for _, e := range []Estimate{fit.Drift, fit.Vol, fit.JumpRate, fit.JumpMean, fit.JumpVol} {
			if math.IsNaN(e.Value) || math.IsInf(e.Value, 0) {
				t.Errorf("estimate %+v not finite", e)
			}
			if e.Fitted && !(e.StdErr > 0 && !math.IsInf(e.StdErr, 0)) {
				t.Errorf("fitted estimate %+v has standard error %v", e, e.StdErr)
			}
			if !e.Fitted && (e.Value != 0 || !math.IsNaN(e.StdErr)) {
				t.Errorf("unfitted estimate %+v", e)
			}
		}
		if math.IsNaN(fit.LogLik) || math.IsInf(fit.LogLik, 0) {
			t.Errorf("LogLik %v", fit.LogLik)
		}
		if fit.Days != n-1 || fit.Jumps != fit.JumpRate.Fitted {
			t.Errorf("Days %d of %d closes, Jumps %v, JumpRate %+v", fit.Days, n, fit.Jumps, fit.JumpRate)
		}
	})
}
