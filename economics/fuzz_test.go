package economics_test

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// FuzzEvaluate builds sites and allocations from fuzz input: Evaluate must
// never panic, and must return either an error or a statement whose lines
// sum to its totals.
func FuzzEvaluate(f *testing.F) {
	f.Add(100.0, 1.1, 0.02, 0.97, 0.001, int64(3600*24*30), uint8(1), []byte{0, 1, 0, 100, 13, 2, 0, 50, 30, 4, 1, 0})
	f.Add(1.0, 1.0, 0.0, 1.0, 0.0, int64(1), uint8(0), []byte{5, 1, 255, 255})
	f.Add(math.NaN(), math.Inf(1), -1.0, 2.0, 0.5, int64(-5), uint8(9), []byte{})
	catalog := hardware.Catalog()
	snap := market.Reference()
	f.Fuzz(func(t *testing.T, capMW, pue, fee, uptime, stale float64, seconds int64, curtail uint8, raw []byte) {
		site := economics.Site{
			Capacity: hardware.Power(capMW) * hardware.Megawatt, PUE: pue, PoolFee: fee, Uptime: uptime,
			StaleRate: stale, Curtailment: economics.Curtailment(curtail % 3),
			OpexPerMWMonth: decimal.NewFromInt(int64(curtail) * 100),
		}
		var alloc economics.Allocation
		for len(raw) >= 4 && len(alloc.Lines) < 32 {
			m := catalog[int(raw[0])%len(catalog)]
			alloc.Lines = append(alloc.Lines, economics.Line{
				Model:    m,
				Mode:     []string{"", "stock", "eco", "turbo", "x"}[int(raw[1])%5],
				Workload: hardware.Workload(raw[1] % 6),
				Units:    int(int16(binary.LittleEndian.Uint16(raw[2:4]))),
			})
			raw = raw[4:]
		}
		st, err := economics.Evaluate(site, alloc, snap, time.Duration(seconds)*time.Second)
		if err != nil {
			for _, sentinel := range []error{economics.ErrInvalid, economics.ErrOverCapacity, hardware.ErrUnsupported, market.ErrNoQuote, market.ErrInvalid} {
				if errors.Is(err, sentinel) {
					return
				}
			}
			t.Fatalf("error matches no sentinel: %v", err)
		}
		var profit decimal.Decimal
		var mined market.Sats
		for _, l := range st.Lines {
			profit = profit.Add(l.Profit)
			mined += l.Mined
			if l.Mined < 0 || math.IsNaN(float64(l.Energy)) || l.Energy < 0 {
				t.Fatalf("bad line %+v", l)
			}
		}
		if !profit.Equal(st.Total.Profit) || mined != st.Total.Mined {
			t.Fatalf("lines do not sum: %s vs %s", profit, st.Total.Profit)
		}
	})
}

// FuzzAnalyzeSettings feeds arbitrary settings to Analyze on a small
// allocation: it must never panic, and must either fail with ErrInvalid or
// return a finite report.
func FuzzAnalyzeSettings(f *testing.F) {
	f.Add(int64(7*24*3600), int64(24*3600), 16, uint64(1), 0.95, false, 3, 2)
	f.Add(int64(0), int64(0), 0, uint64(0), 0.0, true, 0, 0)
	f.Add(int64(-1), int64(1), -5, uint64(9), math.NaN(), true, -1, -1)
	f.Add(int64(3600), int64(7200), 1, uint64(9), 1.0, false, 1, 1)
	s21, err := hardware.Lookup("Antminer S21")
	if err != nil {
		f.Fatal(err)
	}
	site := economics.Site{Capacity: 10 * hardware.Megawatt, PUE: 1.1, Uptime: 0.97, Payout: economics.PPLNS}
	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: s21, Workload: hardware.BitcoinMining, Units: 100},
		{Workload: hardware.Colocation, Units: 50},
	}}
	m, snap := market.DefaultModel(), market.Reference()
	f.Fuzz(func(t *testing.T, horizon, step int64, paths int, seed uint64, level float64, anti bool, bands, workers int) {
		// Keep the work of an accepted input small.
		if paths > 64 || horizon > int64(400*24*time.Hour) || (step > 0 && horizon/step > 400) || workers > 4 {
			return
		}
		set := &economics.Settings{Horizon: time.Duration(horizon), Step: time.Duration(step), Paths: paths,
			Seed: seed, Level: level, Antithetic: anti, BandPaths: bands, Workers: workers}
		if paths == 0 {
			set.Paths = 8 // the default, 10,000, is too slow for a fuzz input
		}
		r, err := economics.Analyze(site, alloc, m, snap, set)
		if err != nil {
			if !errors.Is(err, economics.ErrInvalid) && !errors.Is(err, market.ErrInvalid) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		for _, v := range []float64{r.Mean, r.StdDev, r.VaR, r.CVaR, r.ProbLoss, r.MiningAICorrelation} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite report: %+v", r)
			}
		}
	})
}
