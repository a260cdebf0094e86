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
