package economics_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// FuzzAppraise feeds Appraise projects with every dated, capital, lease and
// finance field drawn from the fuzzer: it must return an error matching a
// sentinel, or an appraisal with a finite NPV and a year per project year;
// never panic or hang.
func FuzzAppraise(f *testing.F) {
	f.Add(0.1, 0.21, 0.8, 0.09, int64(5), int64(30), int64(400), int64(10), int64(20), int64(40), 3000.0, int64(3), 0.1, 150.0, 0.03, int64(5), 0.05, int64(60), 100, uint8(0))
	f.Add(0.0, 0.0, 0.0, 0.0, int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), 0.0, int64(1), 0.0, 1.0, 0.0, int64(1), 0.0, int64(0), 1, uint8(1))
	f.Add(1.0, 0.99, 0.99, 1.0, int64(100), int64(-5), int64(1), int64(-1), int64(5), int64(3), 1e9, int64(-1), 2.0, -1.0, 1.0, int64(0), 11.0, int64(-1), -3, uint8(2))
	s := testSnapshot()
	m := market.DefaultModel()
	s21, err := hardware.Lookup("Antminer S21")
	if err != nil {
		f.Fatal(err)
	}
	h100, err := hardware.Lookup("H100 SXM")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, disc, tax, debt, interest float64, tenorY, startD, endD, dlo, dmode, dhi int64,
		unit float64, lifeY int64, salvage, rate, esc float64, termY int64, hazard float64, reletD int64, units int, pick uint8) {
		days := func(n int64) time.Duration { return time.Duration(max(min(n, 1<<20), -1<<20)) * 24 * time.Hour }
		date := func(n int64) time.Time {
			if n == 0 {
				return time.Time{}
			}
			return s.Date.Add(days(n))
		}
		capital := &economics.Capital{Unit: decimal.NewFromFloat(finiteOr(unit)), Life: days(lifeY * 365), Salvage: salvage,
			Depreciation: economics.Depreciation(pick % 4)}
		lease := &economics.Lease{Rate: decimal.NewFromFloat(finiteOr(rate)), Escalator: esc, Term: days(termY * 365),
			Default: hazard, Relet: days(reletD)}
		var delay *economics.Delay
		if dhi != 0 || dlo != 0 {
			delay = &economics.Delay{Min: days(dlo), Likely: days(dmode), Max: days(dhi)}
		}
		lines := []economics.Line{
			{Workload: hardware.Colocation, Units: units, Start: date(startD), End: date(endD), Delay: delay, Capital: capital, Lease: lease},
			{Model: s21, Workload: hardware.BitcoinMining, Units: 100, End: date(endD)},
		}
		if pick%3 == 1 {
			lines[1] = economics.Line{Model: h100, Workload: hardware.AICloud, Units: 50, Start: date(startD), Delay: delay, Capital: capital}
		}
		p := economics.Project{
			Site: leaseSite(), Lines: lines,
			Outlays: []economics.Outlay{{Date: date(startD), Amount: decimal.NewFromFloat(finiteOr(unit)), Life: days(lifeY * 365)}},
			Finance: economics.Finance{Discount: disc, TaxRate: tax, Debt: debt, Interest: interest, Tenor: days(tenorY * 365)},
		}
		ap, err := economics.Appraise(p, m, s, &economics.Settings{Horizon: 2 * year, Step: 30 * day, Paths: 8, BandPaths: 8})
		if err != nil {
			if !errors.Is(err, economics.ErrInvalid) && !errors.Is(err, economics.ErrOverCapacity) &&
				!errors.Is(err, hardware.ErrUnsupported) && !errors.Is(err, market.ErrInvalid) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		if math.IsNaN(ap.NPV.Mean) || math.IsInf(ap.NPV.Mean, 0) {
			t.Fatalf("NPV mean %v", ap.NPV.Mean)
		}
		if len(ap.Years) != 2 {
			t.Fatalf("%d years for a 2-year horizon", len(ap.Years))
		}
		for _, b := range ap.Bands {
			if math.IsNaN(b.P50) {
				t.Fatalf("NaN band at %v", b.At)
			}
		}
	})
}

// finiteOr returns x, or 0 when it is NaN or infinite (decimal cannot
// hold those).
func finiteOr(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}
