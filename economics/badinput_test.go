package economics_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// checkErr fails unless err matches sentinel and its message names field
// and carries the package prefix at most once.
func checkErr(t *testing.T, err, sentinel error, field string) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("err = %v, want %v", err, sentinel)
	}
	msg := err.Error()
	if !strings.Contains(msg, field) {
		t.Errorf("message %q does not name %q", msg, field)
	}
	if strings.Count(msg, "economics:") > 1 {
		t.Errorf("message %q repeats the package prefix", msg)
	}
}

func TestSiteValidateBadInputs(t *testing.T) {
	huge := decimal.New(1, 2000000000)
	for _, tc := range []struct {
		name  string
		edit  func(*economics.Site)
		field string
	}{
		{"zero capacity", func(s *economics.Site) { s.Capacity = 0 }, "Site.Capacity"},
		{"capacity over 100 GW", func(s *economics.Site) { s.Capacity = 101 * hardware.Gigawatt }, "(0, 100 GW]"},
		{"capacity Inf", func(s *economics.Site) { s.Capacity = hardware.Power(math.Inf(1)) }, "Site.Capacity"},
		{"PUE below 1", func(s *economics.Site) { s.PUE = 0.9 }, "Site.PUE"},
		{"PUE above 3", func(s *economics.Site) { s.PUE = 3.01 }, "[1, 3]"},
		{"PUE NaN", func(s *economics.Site) { s.PUE = math.NaN() }, "Site.PUE"},
		{"pool fee 1", func(s *economics.Site) { s.PoolFee = 1 }, "Site.PoolFee"},
		{"pool fee negative", func(s *economics.Site) { s.PoolFee = -0.01 }, "[0, 1)"},
		{"uptime 0", func(s *economics.Site) { s.Uptime = 0 }, "Site.Uptime"},
		{"uptime above 1", func(s *economics.Site) { s.Uptime = 1.0001 }, "(0, 1]"},
		{"stale rate 1", func(s *economics.Site) { s.StaleRate = 1 }, "Site.StaleRate"},
		{"pool share 2", func(s *economics.Site) { s.PoolShare = 2 }, "Site.PoolShare"},
		{"payout 7", func(s *economics.Site) { s.Payout = 7 }, "Site.Payout"},
		{"curtailment 7", func(s *economics.Site) { s.Curtailment = 7 }, "Site.Curtailment"},
		{"opex negative", func(s *economics.Site) { s.OpexPerMWMonth = dec("-1") }, "Site.OpexPerMWMonth"},
		{"opex too large", func(s *economics.Site) { s.OpexPerMWMonth = dec("1000000.01") }, "1000000"},
		{"opex huge exponent", func(s *economics.Site) { s.OpexPerMWMonth = huge }, "1e2000000000"},
		{"contract negative", func(s *economics.Site) { s.PowerContract = decimal.NewNullDecimal(dec("-0.01")) }, "Site.PowerContract"},
		{"contract in USD/MWh", func(s *economics.Site) { s.PowerContract = decimal.NewNullDecimal(dec("38")) }, "38 USD/MWh"},
		{"contract huge", func(s *economics.Site) { s.PowerContract = decimal.NewNullDecimal(huge) }, "Site.PowerContract"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := plainSite()
			tc.edit(&s)
			done := make(chan error, 1)
			go func() { done <- s.Validate() }()
			select {
			case err := <-done:
				checkErr(t, err, economics.ErrInvalid, tc.field)
			case <-time.After(10 * time.Second):
				t.Fatal("Validate hangs")
			}
		})
	}
}

// TestSiteLimitsValid: the documented bounds themselves are valid.
func TestSiteLimitsValid(t *testing.T) {
	s := economics.Site{Capacity: economics.MaxCapacity, PUE: economics.MaxPUE, PoolFee: 0.999, Uptime: 1,
		StaleRate: 0.999, OpexPerMWMonth: decimal.NewFromInt(economics.MaxOpexPerMWMonth),
		PowerContract: decimal.NewNullDecimal(decimal.NewFromInt(market.MaxPowerPrice))}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
}

// caseInputs returns the plain site and the hand snapshot, each changed by
// its case's function when it has one.
func caseInputs(siteFn func(*economics.Site), snapFn func(*market.Snapshot)) (economics.Site, market.Snapshot) {
	site, snap := plainSite(), handSnapshot()
	if siteFn != nil {
		siteFn(&site)
	}
	if snapFn != nil {
		snapFn(&snap)
	}
	return site, snap
}

func TestEvaluateBadInputs(t *testing.T) {
	s21, h100 := model(t, "Antminer S21"), model(t, "H100 SXM")
	maxSite := func(s *economics.Site) { s.Capacity = economics.MaxCapacity }
	richMarket := func(s *market.Snapshot) {
		s.Bitcoin.Price = decimal.NewFromInt(market.MaxBTCPrice)
		s.Bitcoin.Difficulty = 1e12
	}
	line := func(m hardware.Model, w hardware.Workload, units int) economics.Allocation {
		return economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 1}, {Model: m, Workload: w, Units: units}}}
	}
	for _, tc := range []struct {
		name     string
		site     func(*economics.Site)
		alloc    economics.Allocation
		snap     func(*market.Snapshot)
		period   time.Duration
		sentinel error
		field    string
	}{
		{"negative units", nil, line(s21, hardware.BitcoinMining, -1), nil, day, economics.ErrInvalid, "Lines[1].Units"},
		{"colocation with model", nil, line(s21, hardware.Colocation, 10), nil, day, economics.ErrInvalid, "Lines[1].Model"},
		{"colocation with mode", nil, economics.Allocation{Lines: []economics.Line{{Mode: "eco", Workload: hardware.Colocation, Units: 1}}}, nil, day, economics.ErrInvalid, "Lines[0].Mode"},
		// A zero quote is refused by the snapshot's own checks, before a line uses it.
		{"zero GPU rate", nil, line(h100, hardware.AICloud, 1), func(s *market.Snapshot) { s.GPURates["H100 SXM"] = decimal.Decimal{} }, day, market.ErrInvalid, `GPURates["H100 SXM"]`},
		{"zero GPU mining quote", nil, line(h100, hardware.GPUMining, 1), func(s *market.Snapshot) { s.GPUMining = map[string]decimal.Decimal{"H100 SXM": {}} }, day, market.ErrInvalid, `GPUMining["H100 SXM"]`},
		{"missing GPU mining quote", nil, line(h100, hardware.GPUMining, 1), nil, day, market.ErrNoQuote, "Lines[1]"},
		{"unknown mode", nil, economics.Allocation{Lines: []economics.Line{{Model: s21, Mode: "warp", Workload: hardware.BitcoinMining, Units: 1}}}, nil, day, hardware.ErrUnsupported, "Lines[0]"},
		{"zero period", nil, line(s21, hardware.BitcoinMining, 1), nil, 0, economics.ErrInvalid, "period"},
		{"negative period", nil, line(s21, hardware.BitcoinMining, 1), nil, -day, economics.ErrInvalid, "period"},
		{"bad site", func(s *economics.Site) { s.PUE = 5 }, line(s21, hardware.BitcoinMining, 1), nil, day, economics.ErrInvalid, "Site.PUE"},
		{"bad snapshot", nil, line(s21, hardware.BitcoinMining, 1), func(s *market.Snapshot) { s.Bitcoin.Difficulty = math.NaN() }, day, market.ErrInvalid, "Bitcoin.Difficulty"},
		{"units overflow total", nil, economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.Idle, Units: math.MaxInt}, {Model: s21, Workload: hardware.Idle, Units: 1}}}, nil, day, economics.ErrInvalid, "Total.Units"},
		{"leased kW overflow total", func(s *economics.Site) { s.Capacity = economics.MaxCapacity }, economics.Allocation{Lines: []economics.Line{{Workload: hardware.Idle, Model: s21, Units: 1}, {Workload: hardware.Colocation, Units: 50_000_000}, {Workload: hardware.Colocation, Units: math.MaxInt - 10_000_000}}}, nil, day, economics.ErrOverCapacity, "capacity"},
		// Bitcoin at its bound (1e9 USD) and difficulty 1e12 (1/150 of the snapshot's): 20 million S21s earn about 2.4e14 USD a day.
		{"revenue beyond int64 cents", maxSite, economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 20_000_000}}}, richMarket, 1000 * day, economics.ErrInvalid, "Lines[0].GrossRevenue"},
		{"mined beyond int64 sats", func(s *economics.Site) { s.Capacity = economics.MaxCapacity }, economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 20_000_000}}}, func(s *market.Snapshot) { s.Bitcoin.Difficulty = 1 }, day, economics.ErrInvalid, "Lines[0].Mined"},
		// Five lines of about 2e16 USD each over 1000 days fit int64 cents alone (below 2^62) but not together.
		{"total money beyond int64", maxSite, economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 1_600_000}, {Model: s21, Workload: hardware.BitcoinMining, Units: 1_600_000}, {Model: s21, Workload: hardware.BitcoinMining, Units: 1_600_000}, {Model: s21, Workload: hardware.BitcoinMining, Units: 1_600_000}, {Model: s21, Workload: hardware.BitcoinMining, Units: 1_600_000}}}, richMarket, 1000 * day, economics.ErrInvalid, "Total"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site, snap := caseInputs(tc.site, tc.snap)
			_, err := economics.Evaluate(site, tc.alloc, snap, tc.period)
			checkErr(t, err, tc.sentinel, tc.field)
		})
	}
}

func TestUnitEconomicsBadInputs(t *testing.T) {
	s21, h100 := model(t, "Antminer S21"), model(t, "H100 SXM")
	for _, tc := range []struct {
		name     string
		site     func(*economics.Site)
		line     economics.Line
		snap     func(*market.Snapshot)
		sentinel error
		field    string
	}{
		{"bad site", func(s *economics.Site) { s.Uptime = 2 }, economics.Line{Model: s21, Workload: hardware.BitcoinMining}, nil, economics.ErrInvalid, "Site.Uptime"},
		{"bad snapshot", nil, economics.Line{Model: s21, Workload: hardware.BitcoinMining}, func(s *market.Snapshot) { s.Bitcoin.Price = dec("-1") }, market.ErrInvalid, "Bitcoin.Price"},
		{"colocation with model", nil, economics.Line{Model: s21, Workload: hardware.Colocation}, nil, economics.ErrInvalid, "line.Model"},
		{"zero GPU rate", nil, economics.Line{Model: h100, Workload: hardware.AICloud}, func(s *market.Snapshot) { s.GPURates["H100 SXM"] = decimal.Zero }, market.ErrInvalid, `GPURates["H100 SXM"]`},
		{"unsupported", nil, economics.Line{Model: h100, Workload: hardware.BitcoinMining}, nil, hardware.ErrUnsupported, "economics: line: hardware"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site, snap := caseInputs(tc.site, tc.snap)
			_, err := economics.UnitEconomics(site, tc.line, snap)
			checkErr(t, err, tc.sentinel, tc.field)
		})
	}
	// BreakevenTable takes the site and snapshot.
	site := plainSite()
	site.PoolFee = 1
	_, err := economics.BreakevenTable(site, testSnapshot())
	checkErr(t, err, economics.ErrInvalid, "Site.PoolFee")
	snap := testSnapshot()
	snap.Utilization = 2
	_, err = economics.BreakevenTable(plainSite(), snap)
	checkErr(t, err, market.ErrInvalid, "Utilization")
}

func TestJSONBadInputs(t *testing.T) {
	for _, tc := range []struct {
		name     string
		into     any
		json     string
		sentinel error
		field    string
	}{
		{"line typo", new(economics.Line), `{"model":"Antminer S21","workload":"bitcoin-mining","unit":3}`, economics.ErrInvalid, "Line.unit"},
		{"line units string", new(economics.Line), `{"model":"Antminer S21","workload":"bitcoin-mining","units":"3"}`, economics.ErrInvalid, "Line.units"},
		{"line unknown model", new(economics.Line), `{"model":"Antminer S99","workload":"bitcoin-mining","units":3}`, hardware.ErrUnknown, "Line.Model"},
		{"line bad workload", new(economics.Line), `{"model":"Antminer S21","workload":"farming","units":3}`, hardware.ErrUnsupported, "Line"},
		{"allocation typo in line", new(economics.Allocation), `{"lines":[{"workload":"colocation","units":1},{"model":"Antminer S21","workload":"bitcoin-mining","unit":3}]}`, economics.ErrInvalid, "Lines[1].unit"},
		{"allocation typo", new(economics.Allocation), `{"line":[]}`, economics.ErrInvalid, "Allocation.line"},
		{"line key in another case", new(economics.Line), `{"model":"Antminer S21","workload":"bitcoin-mining","Units":3}`, economics.ErrInvalid, "Line.Units"},
		{"line key twice", new(economics.Line), `{"model":"Antminer S21","workload":"bitcoin-mining","units":3,"units":30}`, economics.ErrInvalid, "Line.units"},
		{"site key in another case", new(economics.Site), `{"capacity":"10 MW","PUE":1.1,"uptime":1}`, economics.ErrInvalid, "Site.PUE"},
		{"site key twice", new(economics.Site), `{"capacity":"10 MW","pue":1.1,"uptime":1,"uptime":0.5}`, economics.ErrInvalid, "Site.uptime"},
		{"site typo", new(economics.Site), `{"capacity":"10 MW","pue":1.1,"uptim":0.9}`, economics.ErrInvalid, "Site.uptim"},
		{"site contract per MWh bare", new(economics.Site), `{"capacity":"10 MW","pue":1.1,"uptime":1,"power_contract":38}`, economics.ErrInvalid, `"38 USD/MWh"`},
		{"site contract bad unit", new(economics.Site), `{"capacity":"10 MW","pue":1.1,"uptime":1,"power_contract":"38 EUR/MWh"}`, economics.ErrInvalid, "Site.PowerContract"},
		{"site contract huge", new(economics.Site), `{"capacity":"10 MW","pue":1.1,"uptime":1,"power_contract":"1e2000000000"}`, economics.ErrInvalid, "Site.PowerContract"},
		{"site payout", new(economics.Site), `{"capacity":"10 MW","payout":"PPX"}`, economics.ErrInvalid, "Site.Payout"},
		{"statement typo", new(economics.Statement), `{"date":"2025-01-01T00:00:00Z","period":"24h","lines":[],"total":{"name":"total","running":"0s","curtailed":"0s","profitt":"1"}}`, economics.ErrInvalid, "Statement.total.profitt"},
		{"statement total not sum", new(economics.Statement), `{"date":"2025-01-01T00:00:00Z","period":"24h","lines":[],"total":{"name":"total","running":"0s","curtailed":"0s","gross_revenue":"1","revenue":"1","profit":"1"}}`, economics.ErrInvalid, "Statement.total"},
		{"statement bad period", new(economics.Statement), `{"date":"2025-01-01T00:00:00Z","period":"720","lines":[],"total":{"name":"total","running":"0s","curtailed":"0s"}}`, economics.ErrInvalid, "Statement.period"},
		{"statement broken identity", new(economics.Statement), `{"date":"2025-01-01T00:00:00Z","period":"24h","lines":[],"total":{"name":"total","running":"0s","curtailed":"0s","gross_revenue":"1","revenue":"1","profit":"2"}}`, economics.ErrInvalid, "Statement.total.profit"},
		{"statement fraction of a cent", new(economics.Statement), `{"date":"2025-01-01T00:00:00Z","period":"24h","lines":[],"total":{"name":"total","running":"0s","curtailed":"0s","opex":"0.001"}}`, economics.ErrInvalid, "Statement.total.opex"},
		{"unit typo", new(economics.Unit), `{"workload":"bitcoin-mining","revenue_per_dya":"1"}`, economics.ErrInvalid, "Unit.revenue_per_dya"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A plain decoder and one that allows unknown fields give the same error.
			err := json.Unmarshal([]byte(tc.json), tc.into)
			checkErr(t, err, tc.sentinel, tc.field)
			d := json.NewDecoder(bytes.NewReader([]byte(tc.json)))
			if err2 := d.Decode(tc.into); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("decoder error %v, want %v", err2, err)
			}
		})
	}
}

func TestSiteJSONPowerContractUnits(t *testing.T) {
	for in, want := range map[string]string{`"45 USD/MWh"`: "0.045", `"0.045 USD/kWh"`: "0.045", `0.045`: "0.045", `"0.045"`: "0.045", `5`: "5"} {
		var s economics.Site
		if err := json.Unmarshal([]byte(`{"capacity":"10 MW","pue":1.1,"uptime":1,"power_contract":`+in+`}`), &s); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if !s.PowerContract.Valid || !s.PowerContract.Decimal.Equal(dec(want)) {
			t.Errorf("%s: contract %v, want %s", in, s.PowerContract, want)
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back economics.Site
		if err := json.Unmarshal(b, &back); err != nil || !back.Equal(s) {
			t.Errorf("round trip %s: %v %+v", b, err, back)
		}
	}
}

// TestErrorPathFolded: an error of a line's part is named by its path with
// one package prefix (it was "economics: Lines[0]: economics: invalid Units").
func TestErrorPathFolded(t *testing.T) {
	_, err := economics.Evaluate(plainSite(), economics.Allocation{Lines: []economics.Line{{Workload: hardware.Colocation, Units: 1}, {Workload: hardware.Colocation, Units: -3}}}, handSnapshot(), day)
	var ie *economics.InvalidError
	if !errors.As(err, &ie) || ie.Field != "Lines[1].Units" {
		t.Fatalf("err = %v, want an *InvalidError for Lines[1].Units", err)
	}
	if got, want := err.Error(), "economics: invalid Lines[1].Units = -3: must not be negative"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}
