package market

import (
	"errors"
	"math"
	"testing"
	"time"
)

// FuzzBacktest runs Backtest with configurations built from the fuzz
// values on three years of simulated history (the model held fixed, or
// fitted when the fuzz asks and the origins are few), and checks that it
// never panics, that its errors match ErrInvalid or ErrFit, and that a
// report's PITs lie in [0, 1] (or are NaN past the history) and its
// coverage counts add up.
func FuzzBacktest(f *testing.F) {
	epochs, prices := simulateHashrateHistory(f, selfModel(), 3*365, 5)
	h := History{Prices: prices, Epochs: epochs}
	f.Add(int64(13), int8(3), int8(12), uint8(3), uint8(6), uint8(12), uint16(50), false, int8(0))
	f.Add(int64(25), int8(6), int8(24), uint8(1), uint8(0), uint8(0), uint16(2), true, int8(2))
	f.Add(int64(-40), int8(-1), int8(0), uint8(0), uint8(200), uint8(1), uint16(0), false, int8(-1))
	f.Fuzz(func(t *testing.T, fromMonths int64, every, window int8, h0, h1, h2 uint8, paths uint16, fit bool, workers int8) {
		from := simHistoryBase.AddDate(0, int(fromMonths%2400), 0)
		if fromMonths%7 == 0 {
			from = from.Add(time.Duration(fromMonths) * time.Minute) // not midnight, now and then
		}
		var horizons []int
		for _, m := range []uint8{h0, h1, h2} {
			if m != 0 {
				horizons = append(horizons, int(m))
			}
		}
		cfg := BacktestConfig{From: from, Every: int(every), Window: int(window), Horizons: horizons,
			Paths: int(paths % 100), Seed: uint64(fromMonths), Workers: int(workers), Fixed: !fit || every < 12}
		r, err := Backtest(h, selfModel(), cfg)
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrFit) {
				t.Fatalf("%+v: error %v matches neither ErrInvalid nor ErrFit", cfg, err)
			}
			return
		}
		for i, o := range r.Origins {
			for k := range o.PIT {
				for s, p := range o.PIT[k] {
					if !(p >= 0 && p <= 1) && !(math.IsNaN(p) && math.IsNaN(o.Realized[k][s])) {
						t.Fatalf("origin %d horizon %d series %d: PIT %v, realized %v", i, k, s, p, o.Realized[k][s])
					}
				}
			}
		}
		for k := range r.Coverage {
			for _, c := range r.Coverage[k] {
				sum := 0
				for _, n := range c.Hist {
					sum += n
				}
				if sum != c.N || c.In90 > c.N || c.In50 > c.In90 || c.N > len(r.Origins) {
					t.Fatalf("coverage %+v of %d origins", c, len(r.Origins))
				}
			}
		}
	})
}
