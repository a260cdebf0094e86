package economics_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
)

func TestUnitEconomicsMatchesReferenceFormulas(t *testing.T) {
	s := testSnapshot()
	s21 := model(t, "Antminer S21")
	u, err := economics.UnitEconomics(plainSite(), economics.Line{Model: s21, Workload: hardware.BitcoinMining}, s)
	if err != nil {
		t.Fatal(err)
	}
	hashprice := num.Float(s.Bitcoin.Hashprice()) // gross USD per TH/s per day
	jth := float64(u.Efficiency)
	if math.Abs(jth-17.5) > 1e-9 {
		t.Fatalf("S21 efficiency %v, want 17.5 J/TH (REFERENCE.md hardware table)", jth)
	}
	// REFERENCE.md, mining revenue: breakeven power price = hashprice / (0.024 x J/TH).
	wantBE := hashprice / (0.024 * jth)
	if got := num.Float(u.BreakevenPowerPrice.Decimal); math.Abs(got-wantBE) > 1e-6 {
		t.Errorf("breakeven power price %v, want %v", got, wantBE)
	}
	// Breakeven hashprice = J/TH x 0.024 x USD/kWh.
	if got, want := num.Float(u.BreakevenHashprice.Decimal), jth*0.024*0.045; math.Abs(got-want) > 1e-6 {
		t.Errorf("breakeven hashprice %v, want %v", got, want)
	}
	// Cost to mine 1 BTC = daily power cost / E.
	e := s.Bitcoin.BTCPerTHDay() * 200
	if got, want := num.Float(u.PowerCostPerBTC.Decimal), 3.5*24*0.045/e; math.Abs(got-want) > 0.01 {
		t.Errorf("cost per BTC %v, want %v", got, want)
	}
	// With no fees or losses the breakeven BTC price is the cost per BTC.
	if !u.BreakevenBTCPrice.Decimal.Sub(u.PowerCostPerBTC.Decimal).Abs().LessThanOrEqual(dec("0.01")) {
		t.Errorf("breakeven BTC %s != cost per BTC %s", u.BreakevenBTCPrice.Decimal, u.PowerCostPerBTC.Decimal)
	}
	// Revenue per MW-year = 365 x (1e3 / J/TH) x hashprice(USD/PH/day) (REFERENCE.md).
	want := 365 * (1e3 / jth) * hashprice * 1000
	if got := num.Float(u.RevenuePerMWYear); math.Abs(got-want) > 1 {
		t.Errorf("revenue per MW-year %v, want %v", got, want)
	}
	if u.BreakevenUtilization.Valid {
		t.Error("a miner has no breakeven utilization")
	}
}

func TestUnitEconomicsAI(t *testing.T) {
	s := handSnapshot() // H100 SXM at 2.00 USD/h, 0.05 USD/kWh
	h100 := model(t, "H100 SXM")
	u, err := economics.UnitEconomics(plainSite(), economics.Line{Model: h100, Workload: hardware.AICloud}, s)
	if err != nil {
		t.Fatal(err)
	}
	// Breakeven utilization: u x rate = (idle + host + u (TDP - idle)) x price.
	idle, host := h100.IdlePower.Kilowatts(), h100.HostPower.Kilowatts()
	want := (idle + host) * 0.05 / (2 - (0.7-idle)*0.05)
	if got := num.Float(u.BreakevenUtilization.Decimal); !u.BreakevenUtilization.Valid || math.Abs(got-want) > 1e-4 {
		t.Errorf("breakeven utilization %v, want %v", got, want)
	}
	// At 5 USD/kWh (market.MaxPowerPrice) no utilization pays for the power.
	s.PowerPrice = dec("5")
	u, err = economics.UnitEconomics(plainSite(), economics.Line{Model: h100, Workload: hardware.AICloud}, s)
	if err != nil {
		t.Fatal(err)
	}
	if u.BreakevenUtilization.Valid || !u.ProfitPerDay.IsNegative() {
		t.Errorf("expensive power: %+v", u)
	}
	_, err = economics.UnitEconomics(plainSite(), economics.Line{Model: model(t, "H100 PCIe"), Workload: hardware.AICloud}, testSnapshot())
	if !errors.Is(err, market.ErrNoQuote) {
		t.Errorf("no quote: %v", err)
	}
}

func TestBreakevenTable(t *testing.T) {
	table, err := economics.BreakevenTable(plainSite(), testSnapshot())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, u := range table {
		seen[u.Model+"/"+u.Workload.String()] = true
		if u.Workload == hardware.BitcoinMining && (!u.BreakevenPowerPrice.Valid || !u.BreakevenBTCPrice.Valid) {
			t.Errorf("%s: missing breakevens", u.Model)
		}
	}
	for _, m := range hardware.Catalog() {
		if m.Class == hardware.ASIC && !seen[m.Name+"/bitcoin-mining"] {
			t.Errorf("table misses %s", m.Name)
		}
	}
	if !seen["/colocation"] {
		t.Error("table misses colocation")
	}
	// More efficient miners break even at higher power prices.
	be := map[string]float64{}
	for _, u := range table {
		if u.Workload == hardware.BitcoinMining {
			be[u.Model] = num.Float(u.BreakevenPowerPrice.Decimal)
		}
	}
	if !(be["Antminer S21 XP"] > be["Antminer S21"] && be["Antminer S21"] > be["Antminer S19"]) {
		t.Errorf("breakevens not ordered by efficiency: %v", be)
	}
}

// TestUnitJSONRoundTrip: every Unit of the breakeven table reads back
// from its snake_case JSON exactly.
func TestUnitJSONRoundTrip(t *testing.T) {
	site := economics.Site{Capacity: 10 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97, OpexPerMWMonth: dec("3000")}
	units, err := economics.BreakevenTable(site, testSnapshot())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		b, err := json.Marshal(u)
		if err != nil {
			t.Fatal(err)
		}
		var back economics.Unit
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		b2, _ := json.Marshal(back)
		if !bytes.Equal(b, b2) || !back.ProfitPerDay.Equal(u.ProfitPerDay) || back.Facility != u.Facility {
			t.Errorf("round trip:\n%s\n%s", b, b2)
		}
		if u.Workload == hardware.BitcoinMining && !bytes.Contains(b, []byte(`"cash_cost_per_btc":"`)) {
			t.Errorf("no cash cost per BTC in %s", b)
		}
	}
}

// TestCostPerBTCCredited: costs per BTC are per BTC credited (after stale
// shares and the pool fee), so the power cost per BTC is the breakeven BTC
// price whatever the fee; the cash cost adds opex.
func TestCostPerBTCCredited(t *testing.T) {
	site := economics.Site{Capacity: 10 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.1, StaleRate: 0.05, Uptime: 0.97, OpexPerMWMonth: dec("5000")}
	u, err := economics.UnitEconomics(site, economics.Line{Model: model(t, "Antminer S21"), Workload: hardware.BitcoinMining}, testSnapshot())
	if err != nil {
		t.Fatal(err)
	}
	if !u.BreakevenBTCPrice.Decimal.Sub(u.PowerCostPerBTC.Decimal).Abs().LessThanOrEqual(dec("0.01")) {
		t.Errorf("breakeven BTC %s != power cost per BTC credited %s", u.BreakevenBTCPrice.Decimal, u.PowerCostPerBTC.Decimal)
	}
	// Cash cost = (power + opex) per day / BTC credited per day.
	credited := num.Float(u.RevenuePerDay) / num.Float(testSnapshot().Bitcoin.Price)
	opex := 5000 * 3.5 * 1.1 / 1000 * 24 / market.HoursPerMonth // USD per unit per day (3.5 kW S21, PUE 1.1)
	want := (num.Float(u.PowerCostPerDay) + opex) / credited
	if got := num.Float(u.CashCostPerBTC.Decimal); math.Abs(got-want)/want > 1e-4 { // per-day figures are rounded to 1e-4 USD
		t.Errorf("cash cost per BTC %v, want %v", got, want)
	}
}
