package economics_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
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
	snap := testSnapshot()
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
	m, snap := market.DefaultModel(), testSnapshot()
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

// sentinels are the errors a user-data entry point may return.
var sentinels = []error{economics.ErrInvalid, economics.ErrOverCapacity, hardware.ErrUnsupported, hardware.ErrInvalid,
	hardware.ErrUnknown, hardware.ErrRange, hardware.ErrSyntax, market.ErrNoQuote, market.ErrInvalid}

func matchesSentinel(err error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// fuzzJSON decodes b into a new T: no panic; a failure matches a sentinel;
// a success re-encodes, decodes again and encodes to the same bytes.
func fuzzJSON[T any](t *testing.T, b []byte, equal func(a, b *T) bool) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		var syn *json.SyntaxError
		if !errors.As(err, &syn) && !matchesSentinel(err) {
			t.Fatalf("error matches no sentinel: %v", err)
		}
		return
	}
	b1, err := json.Marshal(&v)
	if err != nil {
		if matchesSentinel(err) {
			return // decoded but not encodable (a negative quantity): refused, not garbled
		}
		t.Fatalf("decoded %s but cannot encode: %v", b, err)
	}
	var w T
	if err := json.Unmarshal(b1, &w); err != nil {
		t.Fatalf("own encoding %s does not decode: %v", b1, err)
	}
	b2, err := json.Marshal(&w)
	if err != nil || !bytes.Equal(b1, b2) || (equal != nil && !equal(&v, &w)) {
		t.Fatalf("round trip differs (%v):\n%s\n%s", err, b1, b2)
	}
}

// FuzzLineJSON decodes arbitrary bytes as a Line.
func FuzzLineJSON(f *testing.F) {
	for _, s := range []string{`{"model":"Antminer S21","workload":"bitcoin-mining","units":3}`, `{"workload":"colocation","units":10}`,
		`{"model":"h100 sxm","mode":"stock","workload":"ai-cloud","units":8}`, `{"model":"Antminer S21","unit":3}`, `{"units":-1e30}`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { fuzzJSON[economics.Line](t, b, nil) })
}

// FuzzAllocationJSON decodes arbitrary bytes as an Allocation.
func FuzzAllocationJSON(f *testing.F) {
	for _, s := range []string{`{"lines":[{"model":"Antminer S21","workload":"bitcoin-mining","units":3},{"workload":"colocation","units":10}]}`,
		`{"lines":[]}`, `{"lines":null}`, `{"lines":[{"unit":1}]}`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { fuzzJSON[economics.Allocation](t, b, nil) })
}

// FuzzSiteJSON decodes arbitrary bytes as a Site; a site that decodes
// round-trips to an Equal site.
func FuzzSiteJSON(f *testing.F) {
	for _, s := range []string{`{"name":"River","capacity":"100 MW","pue":1.1,"pool_fee":0.02,"payout":"PPLNS","uptime":0.97,"stale_rate":0.002,"opex_per_mw_month":"3000","power_contract":"45 USD/MWh","curtailment":"economic"}`,
		`{"capacity":"1 W","pue":1,"uptime":1,"power_contract":0.041}`, `{"power_contract":38}`, `{"power_contract":"1e99999 USD/MWh"}`, `{"uptim":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzJSON(t, b, func(a, b *economics.Site) bool { return a.Equal(*b) })
	})
}

// fuzzDecimal builds a decimal from a mantissa and an exponent limited to
// [-40, 40]: the whole range a price may take and far beyond it.
func fuzzDecimal(mant int64, exp int8) decimal.Decimal {
	return decimal.New(mant, int32(exp)%41)
}

// FuzzUnitEconomics varies the site, the line and the snapshot's prices.
func FuzzUnitEconomics(f *testing.F) {
	f.Add(uint8(0), uint8(1), int64(100000), int8(0), 1e14, int64(30_000_000), int64(45), int8(-3), int64(2), int8(0), int64(15417), int8(-2), 1.1, 0.02, 0.97, 0.5)
	f.Add(uint8(200), uint8(4), int64(1), int8(-18), 1.0, int64(0), int64(5), int8(0), int64(0), int8(0), int64(0), int8(0), 3.0, 0.999, 1e-300, 1.0)
	catalog := hardware.Catalog()
	f.Fuzz(func(t *testing.T, mi, wi uint8, btcM int64, btcE int8, diff float64, fees int64, powM int64, powE int8,
		gpuM int64, gpuE int8, coloM int64, coloE int8, pue, fee, uptime, util float64) {
		m := catalog[int(mi)%len(catalog)]
		line := economics.Line{Model: m, Workload: hardware.Workload(wi % 6)}
		if line.Workload == hardware.Colocation && mi%2 == 0 {
			line.Model = hardware.Model{}
		}
		snap := testSnapshot()
		snap.Bitcoin.Price = fuzzDecimal(btcM, btcE)
		snap.Bitcoin.Difficulty = diff
		snap.Bitcoin.FeesPerBlock = market.Sats(fees)
		snap.PowerPrice = fuzzDecimal(powM, powE)
		snap.GPURates = map[string]decimal.Decimal{m.Name: fuzzDecimal(gpuM, gpuE)}
		snap.GPUMining = map[string]decimal.Decimal{m.Name: fuzzDecimal(gpuM, gpuE)}
		snap.ColocationRate = fuzzDecimal(coloM, coloE)
		snap.Utilization = util
		site := economics.Site{Capacity: hardware.Megawatt, PUE: pue, PoolFee: fee, Uptime: uptime}
		u, err := economics.UnitEconomics(site, line, snap)
		if err != nil {
			if !matchesSentinel(err) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		if !u.ProfitPerDay.Equal(u.ProfitPerDay) || math.IsNaN(float64(u.Facility)) || u.Facility < 0 {
			t.Fatalf("bad unit %+v", u)
		}
		if _, err := json.Marshal(u); err != nil {
			t.Fatalf("unit does not encode: %v", err)
		}
	})
}

// FuzzEvaluateMarket varies the snapshot's prices (BTC price, difficulty,
// fees, power price, GPU rate, colocation rate) and the unit counts over
// their whole ranges: Evaluate must not panic or hang; a success is finite
// and its lines sum exactly to the total; a failure matches a sentinel.
func FuzzEvaluateMarket(f *testing.F) {
	f.Add(int64(91000), int8(0), 1.5e14, int64(3_000_000), int64(45), int8(-3), int64(2), int8(0), int64(15417), int8(-2), int64(720*3600), []byte{0, 1, 0, 100, 13, 2, 0, 50, 30, 4, 1, 0})
	f.Add(int64(1), int8(17), 1.0, int64(0), int64(5), int8(0), int64(1), int8(-40), int64(0), int8(0), int64(1), []byte{5, 1, 255, 255, 255, 127})
	f.Add(int64(-1), int8(-18), math.Inf(1), int64(-5), int64(-1), int8(40), int64(-3), int8(40), int64(-1), int8(3), int64(-5), []byte{})
	catalog := hardware.Catalog()
	f.Fuzz(func(t *testing.T, btcM int64, btcE int8, diff float64, fees int64, powM int64, powE int8,
		gpuM int64, gpuE int8, coloM int64, coloE int8, seconds int64, raw []byte) {
		snap := testSnapshot()
		snap.Bitcoin.Price = fuzzDecimal(btcM, btcE)
		snap.Bitcoin.Difficulty = diff
		snap.Bitcoin.FeesPerBlock = market.Sats(fees)
		snap.PowerPrice = fuzzDecimal(powM, powE)
		snap.TimeOfUse = nil
		rate := fuzzDecimal(gpuM, gpuE)
		snap.GPURates = map[string]decimal.Decimal{}
		snap.GPUMining = map[string]decimal.Decimal{}
		snap.ColocationRate = fuzzDecimal(coloM, coloE)
		site := economics.Site{Capacity: economics.MaxCapacity, PUE: 1.2, PoolFee: 0.02, Uptime: 0.97,
			Curtailment: economics.Curtailment(len(raw) % 2), OpexPerMWMonth: decimal.NewFromInt(3000)}
		var alloc economics.Allocation
		for len(raw) >= 6 && len(alloc.Lines) < 16 {
			m := catalog[int(raw[0])%len(catalog)]
			w := hardware.Workload(raw[1] % 5)
			units := int(int32(binary.LittleEndian.Uint32(raw[2:6])))
			l := economics.Line{Model: m, Workload: w, Units: units}
			if w == hardware.Colocation {
				l.Model = hardware.Model{}
			}
			snap.GPURates[m.Name] = rate
			snap.GPUMining[m.Name] = rate
			alloc.Lines = append(alloc.Lines, l)
			raw = raw[6:]
		}
		st, err := economics.Evaluate(site, alloc, snap, time.Duration(seconds)*time.Second)
		if err != nil {
			if !matchesSentinel(err) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		checkSums(t, st)
	})
}
