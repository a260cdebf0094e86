package market_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/market"
)

const btcJSON = `{"price":"91226","difficulty":149300000000000,"height":925344,"fees_per_block":2000000}`

func snapJSON(rest string) string {
	return `{"date":"2025-11-27T00:00:00Z","bitcoin":` + btcJSON + `,"utilization":0.85` + rest + `}`
}

// Every bad JSON input gives ErrInvalid naming the field or key, whatever
// the decoder's options, and leaves the destination unchanged.
func TestSnapshotJSONErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // part of the message: the field or key, and the limit
	}{
		{"unknown key", snapJSON(`,"power_price":0.04,"powr_price":1`), `"powr_price": unknown key`},
		{"unknown key in bitcoin", `{"bitcoin":{"price":"1","difficulty":1,"height":0,"fees_per_block":0,"fee":1},"power_price":0.04,"utilization":0}`, `Bitcoin JSON key = "fee"`},
		{"unknown key in chain", `{"bitcoin":{"price":"1","difficulty":1,"height":0,"fees_per_block":0,"chain":{"halving_interval":1,"initial_subsidy":1,"block_interval":1,"retarget_interval":1,"x":1}},"power_price":0.04,"utilization":0}`, `Chain JSON key = "x"`},
		{"key in another case", snapJSON(`,"Power_Price":0.04`), `"Power_Price": unknown key (keys are case-sensitive)`},
		{"key given twice", snapJSON(`,"power_price":0.04,"power_price":38`), `Snapshot JSON key = "power_price": given twice`},
		{"bitcoin key given twice", `{"bitcoin":{"price":"1","price":"2","difficulty":1,"height":0,"fees_per_block":0},"power_price":0.04,"utilization":0}`, `Bitcoin JSON key = "price": given twice`},
		{"GPU rate given twice", snapJSON(`,"power_price":0.04,"gpu_rates":{"H200":2,"H200":3}`), `GPURates["H200"] = twice`},
		{"GPU rates not an object", snapJSON(`,"power_price":0.04,"gpu_rates":[2]`), `GPURates = JSON`},
		{"null GPU rate", snapJSON(`,"power_price":0.04,"gpu_rates":{"H200":null}`), `GPURates["H200"] = null`},
		{"zero GPU rate", snapJSON(`,"power_price":0.04,"gpu_rates":{"H200":0}`), `GPURates["H200"] = 0: must be in (0, 100] USD per GPU-hour`},
		{"zero GPU mining", snapJSON(`,"power_price":0.04,"gpu_mining":{"RTX 4090":"0"}`), `GPUMining["RTX 4090"] = 0: must be in (0, 100] USD per GPU-day`},
		{"null GPU mining", snapJSON(`,"power_price":0.04,"gpu_mining":{"RTX 4090":null}`), `GPUMining["RTX 4090"] = null`},
		{"GPU rates differ by case", snapJSON(`,"power_price":0.04,"gpu_rates":{"H200":2,"h200":3}`), `"h200" differs only by case from "H200"`},
		{"GPU rate not a number", snapJSON(`,"power_price":0.04,"gpu_rates":{"H200":"cheap"}`), `GPURates["H200"]`},
		{"power in USD/MWh as a bare number", snapJSON(`,"power_price":38`), `PowerPrice = 38: must be in [0, 5] USD/kWh; 38 looks like USD/MWh: write "38 USD/MWh"`},
		{"power string in USD/MWh too high", snapJSON(`,"power_price":"38000 USD/MWh"`), `PowerPrice = 38000 USD/MWh: must be in [0, 5] USD/kWh`},
		{"power with a bad unit", snapJSON(`,"power_price":"45 EUR/MWh"`), `PowerPrice = 45 EUR/MWh: unit must be`},
		{"power null", snapJSON(`,"power_price":null`), `PowerPrice = null`},
		{"power missing", snapJSON(``), `PowerPrice = missing`},
		{"power 1e2000000000", snapJSON(`,"power_price":1e2000000000`), `PowerPrice = 1e2000000000`},
		{"time of use hour in USD/MWh", snapJSON(`,"power_price":0.04,"time_of_use":[0.04,0.04,0.04,120` + strings.Repeat(",0.04", 20) + `]`), `TimeOfUse[3] = 120: must be in [0, 5] USD/kWh; 120 looks like USD/MWh`},
		{"time of use null hour", snapJSON(`,"power_price":0.04,"time_of_use":[null` + strings.Repeat(",0.04", 23) + `]`), `TimeOfUse[0] = null`},
		{"time of use 23 hours", snapJSON(`,"power_price":0.04,"time_of_use":[0.04` + strings.Repeat(",0.04", 22) + `]`), `TimeOfUse = 23`},
		{"utilization missing", `{"bitcoin":` + btcJSON + `,"power_price":0.04}`, `Utilization = missing`},
		{"utilization a string", `{"bitcoin":` + btcJSON + `,"power_price":0.04,"utilization":"high"}`, `utilization`},
		{"utilization above 1", `{"bitcoin":` + btcJSON + `,"power_price":0.04,"utilization":1.2}`, `Utilization = 1.2: must be in [0, 1]`},
		{"bitcoin missing", `{"power_price":0.04,"utilization":0.5}`, `Bitcoin.Price = 0`},
		{"bitcoin null", `{"bitcoin":null,"power_price":0.04,"utilization":0.5}`, `Bitcoin.Price = 0`},
		{"bitcoin price 1e300", `{"bitcoin":{"price":"1e300","difficulty":1,"height":0,"fees_per_block":0},"power_price":0.04,"utilization":0.5}`, `Bitcoin.Price = 1e300: must be in (0, 1e9] USD`},
		{"difficulty overflows float64", `{"bitcoin":{"price":"1","difficulty":1e400,"height":0,"fees_per_block":0},"power_price":0.04,"utilization":0.5}`, `Bitcoin.difficulty`},
		{"height overflows int64", `{"bitcoin":{"price":"1","difficulty":1,"height":99999999999999999999,"fees_per_block":0},"power_price":0.04,"utilization":0.5}`, `Bitcoin.height`},
		{"colocation per MW", snapJSON(`,"power_price":0.04,"colocation_rate":154170`), `ColocationRate = 154170: must be in [0, 1000] USD per kW-month`},
		{"colocation null", snapJSON(`,"power_price":0.04,"colocation_rate":null`), `ColocationRate = null`},
		{"block interval not a duration", `{"bitcoin":{"price":"1","difficulty":1,"height":0,"fees_per_block":0,"chain":{"halving_interval":1,"initial_subsidy":1,"block_interval":"soon","retarget_interval":1}},"power_price":0.04,"utilization":0}`, `Chain.BlockInterval = soon`},
		{"not an object", `[1,2]`, `Snapshot`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := market.Reference()
			for _, strict := range []bool{false, true} {
				got := before.Clone()
				dec := json.NewDecoder(strings.NewReader(tt.in))
				if strict {
					dec.DisallowUnknownFields()
				}
				err := dec.Decode(&got)
				if !errors.Is(err, market.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("strict %v: err = %v; want ErrInvalid containing %q", strict, err, tt.want)
				}
				if !got.Equal(before) {
					t.Errorf("a failed decode changed the snapshot")
				}
			}
		})
	}
}

// Power prices read with their unit, and as bare numbers or decimal strings
// in USD/kWh; a schedule without a flat price takes its mean.
func TestSnapshotJSONPowerUnits(t *testing.T) {
	for in, want := range map[string]string{
		`0.045`:               "0.045",
		`"0.045"`:             "0.045",
		`"45 USD/MWh"`:        "0.045",
		`"0.045 USD/kWh"`:     "0.045",
		`"5000 USD/MWh"`:      "5",
		`0`:                   "0",
		`"38.5USD/MWh"`:       "0.0385",
		`"  45 usd/mwh  "`:    "0.045",
		`5`:                   "5",
		`"0.0000001 USD/kWh"`: "0.0000001",
	} {
		var s market.Snapshot
		if err := json.Unmarshal([]byte(snapJSON(`,"power_price":`+in)), &s); err != nil || !s.PowerPrice.Equal(dec(want)) {
			t.Errorf("power_price %s = %s, %v; want %s", in, s.PowerPrice, err, want)
		}
	}
	var s market.Snapshot
	in := snapJSON(`,"time_of_use":["60 USD/MWh"` + strings.Repeat(`,"60 USD/MWh"`, 11) + strings.Repeat(",0.03", 12) + `]`)
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	// 12 hours at 0.06 and 12 at 0.03 USD/kWh: mean 0.045.
	if !s.TimeOfUse[1].Equal(dec("0.06")) || !s.PowerPrice.Equal(dec("0.045")) {
		t.Errorf("time of use %v, power price %s; want hour 1 at 0.06 and mean 0.045", s.TimeOfUse, s.PowerPrice)
	}
}

// Marshal writes USD/kWh decimal strings, and JSON round-trips exactly,
// also at the documented bounds and with a time-of-use schedule, a chain
// and GPU-mining quotes.
func TestSnapshotJSONRoundTrip(t *testing.T) {
	s := market.Reference()
	s.TimeOfUse = make([]decimal.Decimal, 24)
	for h := range s.TimeOfUse {
		s.TimeOfUse[h] = dec("0.0375").Add(decimal.New(int64(h%7), -3))
	}
	s.TimeOfUse[5] = decimal.NewFromInt(market.MaxPowerPrice)
	s.GPUMining = map[string]decimal.Decimal{"RTX 4090": dec("0.123456789012345678901234")}
	s.GPURates["H200"] = decimal.NewFromInt(market.MaxGPURate)
	s.Bitcoin.Price = decimal.NewFromInt(market.MaxBTCPrice)
	s.Bitcoin.Difficulty = market.MinDifficulty
	s.Bitcoin.Chain = market.Mainnet
	s.Bitcoin.Chain.HalvingInterval = 150
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"power_price":"0.045"`)) || !bytes.Contains(b, []byte(`"H100 SXM":"2.6"`)) {
		t.Errorf("prices are not USD/kWh decimal strings:\n%s", b)
	}
	var back market.Snapshot
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !s.Equal(back) || back.Bitcoin.Chain != s.Bitcoin.Chain {
		t.Errorf("round trip changed the snapshot:\n%s", b)
	}
	again, _ := json.Marshal(back)
	if !bytes.Equal(b, again) {
		t.Errorf("second encoding differs:\n%s\n%s", b, again)
	}
}

// Chain's block interval also reads as a Go duration.
func TestChainJSONDuration(t *testing.T) {
	var c market.Chain
	in := `{"halving_interval":210000,"initial_subsidy":5000000000,"block_interval":"10m","retarget_interval":2016}`
	if err := json.Unmarshal([]byte(in), &c); err != nil || c != market.Mainnet {
		t.Errorf("Chain = %+v, %v; want Mainnet", c, err)
	}
	in = `{"halving_interval":210000,"initial_subsidy":5000000000,"block_interval":-1,"retarget_interval":2016}`
	if err := json.Unmarshal([]byte(in), &c); !errors.Is(err, market.ErrInvalid) || !strings.Contains(err.Error(), "Chain.BlockInterval") {
		t.Errorf("negative block interval: %v", err)
	}
}
