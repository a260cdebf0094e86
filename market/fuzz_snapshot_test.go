package market_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/market"
)

// FuzzSnapshotJSON decodes arbitrary bytes: never a panic or a hang; an
// error matches ErrInvalid (or is a syntax error of the document itself);
// a success validates and round-trips exactly.
func FuzzSnapshotJSON(f *testing.F) {
	ref, _ := json.Marshal(market.Reference())
	f.Add(ref)
	for _, rest := range []string{
		`,"power_price":"45 USD/MWh","gpu_rates":{"H200":null}`,
		`,"power_price":38,"time_of_use":[1e2000000000]`,
		`,"power_price":0.04,"Power_Price":38,"gpu_rates":{"H200":2,"H200":3}`,
		`,"power_price":"0.045 USD/kWh","gpu_rates":{"H200":2,"h200":3},"gpu_mining":{"K80":1}`,
		`,"power_price":0.04,"colocation_rate":"1e-2000000000","bitcoin":{"price":"1e9","difficulty":2.3283064365386963e-10,"height":2147483647,"fees_per_block":2100000000000000,"chain":{"halving_interval":1,"initial_subsidy":1,"block_interval":"1s","retarget_interval":1}}`,
	} {
		f.Add([]byte(snapJSON(rest)))
	}
	f.Add([]byte(`{"bitcoin":{"price":"1","difficulty":1,"height":0,"fees_per_block":0},"power_price":0,"utilization":0,"time_of_use":[` + strings.Repeat("0,", 23) + `"5000 USD/MWh"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s market.Snapshot
		if err := json.Unmarshal(data, &s); err != nil {
			var syntax *json.SyntaxError
			if !errors.Is(err, market.ErrInvalid) && !errors.As(err, &syntax) {
				t.Fatalf("error %v matches neither ErrInvalid nor a JSON syntax error", err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("decoded snapshot fails Validate: %v", err)
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		var back market.Snapshot
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if !s.Equal(back) || s.Bitcoin.Chain != back.Bitcoin.Chain {
			t.Fatalf("round trip changed the snapshot:\n%s", b)
		}
		_ = s.MeanPowerPrice()
		if f := s.Bitcoin.SatsPerTHDay(); math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			t.Fatalf("SatsPerTHDay = %g", f)
		}
	})
}

// FuzzSnapshotValidate varies every numeric field of a snapshot, decimals by
// coefficient and exponent (huge and tiny exponents included): Validate
// never panics or hangs, errors match ErrInvalid, and a valid snapshot gives
// finite figures.
func FuzzSnapshotValidate(f *testing.F) {
	f.Add(int64(91226), int32(0), 149.3e12, int64(925_344), int64(2_000_000), int64(45), int32(-3), int64(120), int32(0),
		int64(26), int32(-1), int64(5), int32(-1), 0.85, int64(15417), int32(-2), "H100 SXM", "h100 sxm")
	f.Add(int64(1), int32(2_000_000_000), 1e-300, int64(-1), int64(-1), int64(1), int32(-2_000_000_000), int64(-1), int32(9),
		int64(0), int32(0), int64(0), int32(0), math.NaN(), int64(1), int32(2_000_000_000), "A", "B")
	f.Add(int64(1), int32(9), market.MaxDifficulty, int64(market.MaxHeight), int64(market.MaxMoney), int64(5), int32(0), int64(5), int32(0),
		int64(100), int32(0), int64(100), int32(0), 1.0, int64(1000), int32(0), "K80", "\u212a80")
	f.Fuzz(func(t *testing.T, price int64, priceExp int32, difficulty float64, height, fees int64,
		power int64, powerExp int32, hour int64, hourExp int32, rate int64, rateExp int32,
		mining int64, miningExp int32, utilization float64, coloc int64, colocExp int32, name1, name2 string) {
		s := market.Snapshot{
			Bitcoin: market.Bitcoin{Price: decimal.New(price, priceExp), Difficulty: difficulty,
				Height: height, FeesPerBlock: market.Sats(fees)},
			PowerPrice:     decimal.New(power, powerExp),
			GPURates:       map[string]decimal.Decimal{name1: decimal.New(rate, rateExp), name2: decimal.New(rate+1, rateExp)},
			GPUMining:      map[string]decimal.Decimal{name1: decimal.New(mining, miningExp)},
			Utilization:    utilization,
			ColocationRate: decimal.New(coloc, colocExp),
		}
		if hour != 0 {
			s.TimeOfUse = make([]decimal.Decimal, 24)
			for h := range s.TimeOfUse {
				s.TimeOfUse[h] = decimal.New(hour, hourExp)
			}
		}
		err := s.Validate()
		if err != nil {
			var ie *market.InvalidError
			if !errors.Is(err, market.ErrInvalid) || !errors.As(err, &ie) || ie.Field == "" {
				t.Fatalf("Validate error %v: want an *InvalidError matching ErrInvalid", err)
			}
			_ = err.Error() // formatting the value must not hang either
			return
		}
		if strings.EqualFold(name1, name2) && name1 != name2 {
			t.Fatalf("keys %q and %q differ only by case and validated", name1, name2)
		}
		if m := s.MeanPowerPrice(); m.IsNegative() || m.GreaterThan(decimal.NewFromInt(market.MaxPowerPrice)) {
			t.Fatalf("MeanPowerPrice = %s", m)
		}
		if f := s.Bitcoin.SatsPerTHDay(); math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			t.Fatalf("SatsPerTHDay = %g", f)
		}
		if hp, err := s.Bitcoin.CheckedHashprice(); err != nil || hp.IsNegative() {
			t.Fatalf("CheckedHashprice = %s, %v", hp, err)
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back market.Snapshot
		if err := json.Unmarshal(b, &back); err != nil || !back.Equal(s) {
			t.Fatalf("valid snapshot does not round-trip: %v\n%s", err, b)
		}
	})
}
