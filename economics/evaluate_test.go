package economics_test

import (
	"bytes"
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

const day = 24 * time.Hour

func model(t testing.TB, name string) hardware.Model {
	t.Helper()
	m, err := hardware.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// plainSite has no losses, so statements can be checked by hand.
func plainSite() economics.Site {
	return economics.Site{Capacity: 100 * hardware.Megawatt, PUE: 1, Uptime: 1}
}

// handSnapshot is a round-number market for hand-computed statements.
func handSnapshot() market.Snapshot {
	return market.Snapshot{
		Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		Bitcoin: market.Bitcoin{
			Price:      decimal.NewFromInt(100_000),
			Difficulty: 1e14,
			Height:     900_000, // subsidy 3.125 BTC (REFERENCE.md: halving at 840,000)
		},
		PowerPrice:     decimal.RequireFromString("0.05"),
		GPURates:       map[string]decimal.Decimal{"H100 SXM": decimal.RequireFromString("2.00")},
		Utilization:    0.8,
		ColocationRate: decimal.RequireFromString("154.17"),
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestEvaluateBitcoinByHand(t *testing.T) {
	s21 := model(t, "Antminer S21") // 200 TH/s, 3500 W (REFERENCE.md hardware table)
	site := plainSite()
	alloc := economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 1000}}}
	st, err := economics.Evaluate(site, alloc, handSnapshot(), 30*day)
	if err != nil {
		t.Fatal(err)
	}
	// REFERENCE.md, mining revenue: E = 86400e12 * R / (D * 2^32) BTC per TH/s per day
	// = 86400e12 * 3.125 / (1e14 * 2^32) = 6.28642737865448e-07 (computed with Python).
	// 1000 units x 200 TH/s x 30 days x E x 1e8 = 377,185,642.72 sats -> 377,185,643.
	// At 100,000 USD/BTC: 377,185.643 -> 377,185.64 USD.
	// Power: 1000 x 3.5 kW x 720 h x 0.05 USD/kWh = 126,000.00 USD.
	l := st.Lines[0]
	if l.Mined != 377_185_643 {
		t.Errorf("Mined = %d, want 377185643", l.Mined)
	}
	want := map[string][2]decimal.Decimal{
		"GrossRevenue": {l.GrossRevenue(), dec("377185.64")},
		"PoolFees":     {l.PoolFees(), dec("0")},
		"Revenue":      {l.Revenue, dec("377185.64")},
		"PowerCost":    {l.PowerCost, dec("126000")},
		"Profit":       {l.Profit, dec("251185.64")},
	}
	for k, v := range want {
		if !v[0].Equal(v[1]) {
			t.Errorf("%s = %s, want %s", k, v[0], v[1])
		}
	}
	if got := l.Energy.KilowattHours(); math.Abs(got-2_520_000) > 1e-6 {
		t.Errorf("Energy = %v kWh, want 2,520,000", got)
	}
	if l.Running != 720*time.Hour || l.Curtailed != 0 {
		t.Errorf("Running %v Curtailed %v", l.Running, l.Curtailed)
	}

	// A 2 % pool fee: round(377,185,643 x 0.02) = 7,543,713 sats = 7,543.71 USD.
	site.PoolFee = 0.02
	st, err = economics.Evaluate(site, alloc, handSnapshot(), 30*day)
	if err != nil {
		t.Fatal(err)
	}
	l = st.Lines[0]
	if l.Mined != 377_185_643-7_543_713 {
		t.Errorf("Mined after fee = %d", l.Mined)
	}
	if !l.PoolFees().Equal(dec("7543.71")) || !l.Revenue.Equal(dec("369641.93")) {
		t.Errorf("PoolFees %s Revenue %s, want 7543.71 and 369641.93", l.PoolFees(), l.Revenue)
	}
}

func TestEvaluateAIAndColocationByHand(t *testing.T) {
	h100 := model(t, "H100 SXM")
	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: h100, Workload: hardware.AICloud, Units: 100},
		{Workload: hardware.Colocation, Units: 1000},
	}}
	st, err := economics.Evaluate(plainSite(), alloc, handSnapshot(), 730*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// AI: 100 GPUs x 2.00 USD/h x 730 h x 0.8 billable = 116,800.00 USD.
	ai := st.Lines[0]
	if !ai.Revenue.Equal(dec("116800")) {
		t.Errorf("AI revenue = %s, want 116800", ai.Revenue)
	}
	// Power per GPU at utilization u: idle + u (TDP - idle) + host (REFERENCE.md, AI economics).
	idle, tdp, host := h100.IdlePower.Kilowatts(), 0.7, h100.HostPower.Kilowatts()
	kwh := 100 * (idle + 0.8*(tdp-idle) + host) * 730
	wantPower := decimal.NewFromFloat(math.Round(kwh*0.05*100) / 100)
	if !ai.PowerCost.Equal(wantPower) {
		t.Errorf("AI power = %s, want %s", ai.PowerCost, wantPower)
	}
	// Colocation: 1000 kW x 154.17 USD per kW-month, one 730-hour month; power passed through.
	co := st.Lines[1]
	if !co.Revenue.Equal(dec("154170")) || !co.PowerCost.IsZero() {
		t.Errorf("colocation revenue %s power %s", co.Revenue, co.PowerCost)
	}
	if co.Energy <= 0 {
		t.Errorf("colocation energy not reported: %v", co.Energy)
	}
}

func TestEvaluateTotalsSumExactly(t *testing.T) {
	site := economics.Site{
		Capacity: 100 * hardware.Megawatt, PUE: 1.12, PoolFee: 0.021, Uptime: 0.973,
		StaleRate: 0.003, OpexPerMWMonth: dec("4321.07"), Curtailment: economics.Economic,
	}
	s := testSnapshot()
	s.TimeOfUse = make([]decimal.Decimal, 24)
	for h := range s.TimeOfUse {
		s.TimeOfUse[h] = dec("0.031").Add(decimal.New(int64(h*h%17), -3))
	}
	var lines []economics.Line
	for i, name := range []string{"Antminer S19", "Antminer S21", "Antminer S21 XP", "Whatsminer M66S+", "H100 SXM", "RTX 4090"} {
		m := model(t, name)
		w := hardware.BitcoinMining
		if m.Class == hardware.GPU {
			w = hardware.AICloud
			if name == "RTX 4090" {
				w = hardware.GPUMining
			}
		}
		lines = append(lines, economics.Line{Model: m, Workload: w, Units: 997 + 113*i})
	}
	lines = append(lines, economics.Line{Workload: hardware.Colocation, Units: 7777})
	st, err := economics.Evaluate(site, economics.Allocation{Lines: lines}, s, 1000*time.Hour+17*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var g, f, r, p, o, pr decimal.Decimal
	var mined market.Sats
	for _, l := range st.Lines {
		g, f, r = g.Add(l.GrossRevenue()), f.Add(l.PoolFees()), r.Add(l.Revenue)
		p, o, pr = p.Add(l.PowerCost), o.Add(l.Opex), pr.Add(l.Profit)
		mined += l.Mined
		if !l.Revenue.Equal(l.GrossRevenue().Sub(l.PoolFees())) || !l.Profit.Equal(l.Revenue.Sub(l.PowerCost).Sub(l.Opex)) {
			t.Errorf("%s: identities broken: %+v", l.Name(), l)
		}
		if l.Profit.Exponent() < -2 {
			t.Errorf("%s: profit %s not in cents", l.Name(), l.Profit)
		}
	}
	tot := st.Total
	for _, c := range [][2]decimal.Decimal{{g, tot.GrossRevenue()}, {f, tot.PoolFees()}, {r, tot.Revenue}, {p, tot.PowerCost}, {o, tot.Opex}, {pr, tot.Profit}} {
		if !c[0].Equal(c[1]) {
			t.Errorf("sum of lines %s != total %s", c[0], c[1])
		}
	}
	if mined != tot.Mined {
		t.Errorf("sats: lines %d total %d", mined, tot.Mined)
	}
}

func TestEvaluateCurtailment(t *testing.T) {
	s19 := model(t, "Antminer S19") // 34.2 J/TH: the least efficient in the catalog
	s := handSnapshot()
	// Hours 0-11 cost 0.01 USD/kWh, hours 12-23 cost 1 USD/kWh.
	s.TimeOfUse = make([]decimal.Decimal, 24)
	for h := range s.TimeOfUse {
		s.TimeOfUse[h] = dec("0.01")
		if h >= 12 {
			s.TimeOfUse[h] = dec("1")
		}
	}
	site := plainSite()
	alloc := economics.Allocation{Lines: []economics.Line{{Model: s19, Workload: hardware.BitcoinMining, Units: 10}}}
	on, err := economics.Evaluate(site, alloc, s, 10*day)
	if err != nil {
		t.Fatal(err)
	}
	site.Curtailment = economics.Economic
	off, err := economics.Evaluate(site, alloc, s, 10*day)
	if err != nil {
		t.Fatal(err)
	}
	if off.Lines[0].Running != 120*time.Hour || off.Lines[0].Curtailed != 120*time.Hour {
		t.Errorf("curtailed run %v off %v, want 120h each", off.Lines[0].Running, off.Lines[0].Curtailed)
	}
	if !off.Total.Profit.GreaterThan(on.Total.Profit) {
		t.Errorf("curtailment did not help: %s <= %s", off.Total.Profit, on.Total.Profit)
	}
}

func TestEvaluateErrors(t *testing.T) {
	s21, h100 := model(t, "Antminer S21"), model(t, "H100 SXM")
	mining := economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 10}}}
	nanSnap := handSnapshot()
	nanSnap.Bitcoin.Difficulty = math.NaN()
	zeroDiff := handSnapshot()
	zeroDiff.Bitcoin.Difficulty = 0
	negPrice := handSnapshot()
	negPrice.PowerPrice = dec("-0.01")
	siteWith := func(f func(*economics.Site)) economics.Site { s := plainSite(); f(&s); return s }
	cases := []struct {
		name   string
		site   economics.Site
		alloc  economics.Allocation
		snap   market.Snapshot
		period time.Duration
		want   error
	}{
		{"PUE below 1", siteWith(func(s *economics.Site) { s.PUE = 0.9 }), mining, handSnapshot(), day, economics.ErrInvalid},
		{"NaN PUE", siteWith(func(s *economics.Site) { s.PUE = math.NaN() }), mining, handSnapshot(), day, economics.ErrInvalid},
		{"zero uptime", siteWith(func(s *economics.Site) { s.Uptime = 0 }), mining, handSnapshot(), day, economics.ErrInvalid},
		{"uptime above 1", siteWith(func(s *economics.Site) { s.Uptime = 1.01 }), mining, handSnapshot(), day, economics.ErrInvalid},
		{"pool fee 1", siteWith(func(s *economics.Site) { s.PoolFee = 1 }), mining, handSnapshot(), day, economics.ErrInvalid},
		{"negative pool fee", siteWith(func(s *economics.Site) { s.PoolFee = -0.1 }), mining, handSnapshot(), day, economics.ErrInvalid},
		{"infinite capacity", siteWith(func(s *economics.Site) { s.Capacity = hardware.Power(math.Inf(1)) }), mining, handSnapshot(), day, economics.ErrInvalid},
		{"negative opex", siteWith(func(s *economics.Site) { s.OpexPerMWMonth = dec("-1") }), mining, handSnapshot(), day, economics.ErrInvalid},
		{"zero period", plainSite(), mining, handSnapshot(), 0, economics.ErrInvalid},
		{"negative period", plainSite(), mining, handSnapshot(), -day, economics.ErrInvalid},
		{"NaN difficulty", plainSite(), mining, nanSnap, day, market.ErrInvalid},
		{"zero difficulty", plainSite(), mining, zeroDiff, day, market.ErrInvalid},
		{"negative power price", plainSite(), mining, negPrice, day, market.ErrInvalid},
		{"negative units", plainSite(), economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: -1}}}, handSnapshot(), day, economics.ErrInvalid},
		{"unknown mode", plainSite(), economics.Allocation{Lines: []economics.Line{{Model: s21, Mode: "warp", Workload: hardware.BitcoinMining, Units: 1}}}, handSnapshot(), day, hardware.ErrUnsupported},
		{"ASIC on AI", plainSite(), economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.AICloud, Units: 1}}}, handSnapshot(), day, hardware.ErrUnsupported},
		{"GPU on bitcoin", plainSite(), economics.Allocation{Lines: []economics.Line{{Model: h100, Workload: hardware.BitcoinMining, Units: 1}}}, handSnapshot(), day, hardware.ErrUnsupported},
		{"unknown workload", plainSite(), economics.Allocation{Lines: []economics.Line{{Model: h100, Workload: 99, Units: 1}}}, handSnapshot(), day, hardware.ErrUnsupported},
		{"no GPU rate", plainSite(), economics.Allocation{Lines: []economics.Line{{Model: model(t, "H200"), Workload: hardware.AICloud, Units: 1}}}, handSnapshot(), day, market.ErrNoQuote},
		{"invalid model", plainSite(), economics.Allocation{Lines: []economics.Line{{Workload: hardware.BitcoinMining, Units: 1}}}, handSnapshot(), day, hardware.ErrInvalid},
		// 30,000 S21 x 3.5 kW = 105 MW > 100 MW.
		{"over capacity", plainSite(), economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 30_000}}}, handSnapshot(), day, economics.ErrOverCapacity},
		// 28,000 x 3.5 kW = 98 MW fits, but x PUE 1.1 = 107.8 MW does not.
		{"over capacity with PUE", siteWith(func(s *economics.Site) { s.PUE = 1.1 }), economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 28_000}}}, handSnapshot(), day, economics.ErrOverCapacity},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, err := economics.Evaluate(c.site, c.alloc, c.snap, c.period)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if st.Lines != nil || !st.Total.Profit.IsZero() {
				t.Errorf("half-computed statement returned with error: %+v", st)
			}
		})
	}
	var ie *economics.InvalidError
	_, err := economics.Evaluate(siteWith(func(s *economics.Site) { s.PUE = 0.5 }), mining, handSnapshot(), day)
	if !errors.As(err, &ie) || ie.Field != "Site.PUE" || ie.Value != 0.5 {
		t.Errorf("errors.As: %v, %+v", err, ie)
	}
}

func TestEvaluateCapacityAtEdge(t *testing.T) {
	s21 := model(t, "Antminer S21")
	// 10,000 x 3.5 kW x PUE 1 = exactly 35 MW.
	site := plainSite()
	site.Capacity = 35 * hardware.Megawatt
	alloc := economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 10_000}}}
	if _, err := economics.Evaluate(site, alloc, handSnapshot(), day); err != nil {
		t.Fatalf("exactly at capacity: %v", err)
	}
	alloc.Lines[0].Units++
	if _, err := economics.Evaluate(site, alloc, handSnapshot(), day); !errors.Is(err, economics.ErrOverCapacity) {
		t.Fatalf("one over capacity: %v", err)
	}
}

// roundTrip returns v written to JSON and read back, and the JSON.
func roundTrip[T any](t *testing.T, v T) (T, []byte) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var back T
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back, b
}

func TestJSONRoundTrip(t *testing.T) {
	site := economics.Site{
		Name: "River", Capacity: 100 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Payout: economics.PPLNS,
		Uptime: 0.97, StaleRate: 0.002, OpexPerMWMonth: dec("3000"), Curtailment: economics.Economic,
		PowerContract: decimal.NewNullDecimal(dec("0.041")),
	}
	site2, b := roundTrip(t, site)
	if !site.Equal(site2) {
		t.Errorf("site round trip:\n%+v\n%+v\n%s", site, site2, b)
	}

	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: model(t, "Antminer S21 XP"), Mode: "stock", Workload: hardware.BitcoinMining, Units: 12},
		{Workload: hardware.Colocation, Units: 5000},
	}}
	alloc2, _ := roundTrip(t, alloc)
	s1, err1 := economics.Evaluate(site, alloc, testSnapshot(), day)
	s2, err2 := economics.Evaluate(site, alloc2, testSnapshot(), day)
	if err1 != nil || err2 != nil || !s1.Total.Profit.Equal(s2.Total.Profit) || len(alloc2.Lines) != 2 {
		t.Errorf("allocation round trip: %v %v %s %s", err1, err2, s1.Total.Profit, s2.Total.Profit)
	}

	// A config may name the model.
	var l economics.Line
	if err := json.Unmarshal([]byte(`{"model":"antminer s21","workload":"bitcoin-mining","units":3}`), &l); err != nil {
		t.Fatal(err)
	}
	if l.Model.Name != "Antminer S21" || l.Units != 3 || l.Workload != hardware.BitcoinMining {
		t.Errorf("line from name: %+v", l)
	}
	if err := json.Unmarshal([]byte(`{"model":"Antminer S99"}`), &l); !errors.Is(err, hardware.ErrUnknown) {
		t.Errorf("unknown model name: %v", err)
	}

	snap := testSnapshot()
	snap2, b := roundTrip(t, snap)
	if !snap.Equal(snap2) {
		t.Errorf("snapshot round trip:\n%s", b)
	}
}

// TestEvaluateAcrossHalving: a period that crosses a halving earns the old
// subsidy up to the halving's expected time and the new one after it.
func TestEvaluateAcrossHalving(t *testing.T) {
	s21 := model(t, "Antminer S21")
	snap := handSnapshot()
	snap.Bitcoin.Height = 839_856 // 144 blocks, one day at 10 minutes, before the halving at 840,000
	alloc := economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 1000}}}
	st, err := economics.Evaluate(plainSite(), alloc, snap, 2*day)
	if err != nil {
		t.Fatal(err)
	}
	// By hand (Python): sats per TH/s-hour = 3600e12 x R / (D x 2^32) with
	// D = 1e14; 1000 x 200 TH/s x 24 h x (R = 625,000,000 then 312,500,000)
	// = 37,718,564.27 -> 37,718,564 sats (50,291,419 without the split).
	// At 100,000 USD/BTC: 37,718.56 USD. Power: 1000 x 3.5 kW x 48 h x
	// 0.05 USD/kWh = 8,400 USD.
	l := st.Lines[0]
	if l.Mined != 37_718_564 {
		t.Errorf("Mined = %d, want 37718564", l.Mined)
	}
	if !l.Revenue.Equal(dec("37718.56")) || !l.PowerCost.Equal(dec("8400")) || l.Running != 48*time.Hour {
		t.Errorf("revenue %s power %s running %v, want 37718.56, 8400, 48h", l.Revenue, l.PowerCost, l.Running)
	}
	// A period that ends at the halving is not split: the same as before.
	one, err := economics.Evaluate(plainSite(), alloc, snap, day)
	if err != nil {
		t.Fatal(err)
	}
	snap.Bitcoin.Height = 839_000
	ref, err := economics.Evaluate(plainSite(), alloc, snap, day)
	if err != nil || one.Lines[0].Mined != ref.Lines[0].Mined {
		t.Errorf("one day before the halving: %d, want %d (%v)", one.Lines[0].Mined, ref.Lines[0].Mined, err)
	}
}

// TestEvaluateTotalsMachinesAndKW: machines and leased kW are counted apart,
// and the total has no workload.
func TestEvaluateTotalsMachinesAndKW(t *testing.T) {
	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: model(t, "Antminer S21"), Workload: hardware.BitcoinMining, Units: 10},
		{Model: model(t, "H100 SXM"), Workload: hardware.AICloud, Units: 8},
		{Workload: hardware.Colocation, Units: 500},
	}}
	st, err := economics.Evaluate(plainSite(), alloc, handSnapshot(), day)
	if err != nil {
		t.Fatal(err)
	}
	if st.Total.Units != 18 || st.Total.LeasedKW != 500 || st.Lines[2].Units != 0 || st.Lines[2].LeasedKW != 500 {
		t.Errorf("total units %d leased %d; colocation line units %d leased %d", st.Total.Units, st.Total.LeasedKW, st.Lines[2].Units, st.Lines[2].LeasedKW)
	}
	b, err := json.Marshal(st.Total)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(`"workload"`)) || bytes.Contains(b, []byte("idle")) {
		t.Errorf("total JSON claims a workload: %s", b)
	}
}

// TestStatementJSONRoundTrip: the library's own Statement JSON reads back
// exactly (power cost, power and the model were lost before).
func TestStatementJSONRoundTrip(t *testing.T) {
	site := economics.Site{Capacity: 200 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97, StaleRate: 0.002,
		OpexPerMWMonth: dec("3000"), Curtailment: economics.Economic}
	snap := testSnapshot()
	var lines []economics.Line
	for _, name := range []string{"Antminer S21", "Antminer S19 XP", "H100 SXM"} {
		m := model(t, name)
		w := hardware.BitcoinMining
		if m.Class == hardware.GPU {
			w = hardware.AICloud
		}
		lines = append(lines, economics.Line{Model: m, Workload: w, Units: 1234})
	}
	lines = append(lines, economics.Line{Model: model(t, "H100 SXM"), Workload: hardware.Idle, Units: 3},
		economics.Line{Workload: hardware.Colocation, Units: 7777})
	st, err := economics.Evaluate(site, economics.Allocation{Lines: lines}, snap, 30*day+time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var back economics.Statement
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if !back.Date.Equal(st.Date) || back.Period != st.Period || len(back.Lines) != len(st.Lines) || !back.Total.Equal(st.Total) {
		t.Fatalf("statement round trip:\n%+v\n%+v", st, back)
	}
	for i := range st.Lines {
		if !back.Lines[i].Equal(st.Lines[i]) || back.Lines[i].Line.Model.Name != st.Lines[i].Line.Model.Name ||
			back.Lines[i].Line.Units != st.Lines[i].Line.Units {
			t.Errorf("line %d:\n%+v\n%+v", i, st.Lines[i], back.Lines[i])
		}
	}
	b2, err := json.Marshal(back)
	if err != nil || !bytes.Equal(b, b2) {
		t.Errorf("second encoding differs (%v):\n%s\n%s", err, b, b2)
	}
	for _, key := range []string{`"period":"721h0m0s"`, `"power_cost"`, `"leased_kw":7777`, `"running":"`, `"line":{`} {
		if !bytes.Contains(b, []byte(key)) {
			t.Errorf("JSON lacks %s:\n%s", key, b)
		}
	}
	// Quantities print without float noise.
	if bytes.Contains(b, []byte("0000000")) || bytes.Contains(b, []byte("9999999")) {
		t.Errorf("float noise in %s", b)
	}
}

// TestEvaluateExtremes: valid inputs at the edges give finite statements
// whose lines sum exactly to the total.
func TestEvaluateExtremes(t *testing.T) {
	s21, h100 := model(t, "Antminer S21"), model(t, "H100 SXM")
	all := func(units int) economics.Allocation {
		return economics.Allocation{Lines: []economics.Line{
			{Model: s21, Workload: hardware.BitcoinMining, Units: units},
			{Model: h100, Workload: hardware.AICloud, Units: units},
			{Workload: hardware.Colocation, Units: units},
		}}
	}
	for _, tc := range []struct {
		name   string
		site   func(*economics.Site)
		units  int
		snap   func(*market.Snapshot)
		period time.Duration
	}{
		{"one unit one hour", nil, 1, nil, time.Hour},
		{"one second", nil, 1, nil, time.Second},
		{"ten years", nil, 1000, nil, 10 * 365 * day},
		{"two hundred years", nil, 1000, nil, 200 * 365 * day},
		{"difficulty 1", nil, 1, func(s *market.Snapshot) { s.Bitcoin.Difficulty = 1 }, day},
		{"power price at the bound", nil, 1000, func(s *market.Snapshot) { s.PowerPrice = decimal.NewFromInt(market.MaxPowerPrice) }, day},
		{"contract at the bound, PUE 3, opex max", func(s *economics.Site) {
			s.PUE, s.OpexPerMWMonth = economics.MaxPUE, decimal.NewFromInt(economics.MaxOpexPerMWMonth)
			s.PowerContract = decimal.NewNullDecimal(decimal.NewFromInt(market.MaxPowerPrice))
			s.Curtailment = economics.Economic
		}, 1000, nil, 30 * day},
		{"free power", nil, 1000, func(s *market.Snapshot) { s.PowerPrice = decimal.Zero }, 30 * day},
		{"max capacity", func(s *economics.Site) { s.Capacity = economics.MaxCapacity; s.PoolFee = 0.999; s.StaleRate = 0.999 }, 4_000_000, nil, 365 * day},
		{"tiny BTC price", nil, 1000, func(s *market.Snapshot) { s.Bitcoin.Price = dec("1e-18") }, day},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site, snap := plainSite(), handSnapshot()
			if tc.site != nil {
				tc.site(&site)
			}
			if tc.snap != nil {
				tc.snap(&snap)
			}
			st, err := economics.Evaluate(site, all(tc.units), snap, tc.period)
			if err != nil {
				t.Fatal(err)
			}
			checkSums(t, st)
		})
	}
}

// checkSums checks that a statement's lines sum exactly to its total and
// that every quantity is finite.
func checkSums(t testing.TB, st economics.Statement) {
	t.Helper()
	var rev, pc, opex, profit, fees decimal.Decimal
	var mined market.Sats
	var units, kw int
	for _, l := range st.Lines {
		rev, pc, opex = rev.Add(l.Revenue), pc.Add(l.PowerCost), opex.Add(l.Opex)
		profit, fees = profit.Add(l.Profit), fees.Add(l.PoolFees())
		mined += l.Mined
		units += l.Units
		kw += l.LeasedKW
		for _, f := range []float64{float64(l.Energy), float64(l.ITPower), float64(l.FacilityPower), float64(l.Nameplate), float64(l.Hashrate)} {
			if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
				t.Fatalf("non-finite or negative quantity in %+v", l)
			}
		}
		if !l.Profit.Equal(l.Revenue.Sub(l.PowerCost).Sub(l.Opex)) {
			t.Fatalf("line identity broken: %+v", l)
		}
	}
	tot := st.Total
	if !rev.Equal(tot.Revenue) || !pc.Equal(tot.PowerCost) || !opex.Equal(tot.Opex) || !profit.Equal(tot.Profit) ||
		!fees.Equal(tot.PoolFees()) || mined != tot.Mined || units != tot.Units || kw != tot.LeasedKW {
		t.Fatalf("lines do not sum to the total: %+v", tot)
	}
}
