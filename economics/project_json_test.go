package economics_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
)

// projectEqual reports whether a and b are the same project: times by
// Equal, decimals by value, nil and empty slices alike.
func projectEqual(a, b *economics.Project) bool { return a.Equal(*b) }

// appraisalEqual reports whether a and b are the same appraisal: floats
// bit for bit, decimals by value.
func appraisalEqual(a, b *economics.Appraisal) bool { return a.Equal(*b) }

// investRoundTrip marshals v, decodes it into a new T, checks equal, and checks
// that marshalling that gives the same bytes; it returns the first bytes.
func investRoundTrip[T any](t *testing.T, v *T, equal func(a, b *T) bool) []byte {
	t.Helper()
	b1, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	var w T
	if err := json.Unmarshal(b1, &w); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b1, err)
	}
	if !equal(v, &w) {
		t.Fatalf("round trip differs:\n%+v\n%+v\n%s", *v, w, b1)
	}
	b2, err := json.Marshal(&w)
	if err != nil || !bytes.Equal(b1, b2) {
		t.Fatalf("second encoding differs (%v):\n%s\n%s", err, b1, b2)
	}
	return b1
}

func TestProjectJSONRoundTrip(t *testing.T) {
	p := pivotProject(t)
	// A date in another zone and with nanoseconds keeps both.
	p.Lines[2].Start = time.Date(2026, 10, 1, 9, 30, 0, 123456789, time.FixedZone("", 5*3600))
	p.Lines[1].Delay.Likely += time.Nanosecond
	b := investRoundTrip(t, &p, projectEqual)
	// The wire form: snake_case keys, durations as Go duration strings
	// (180 days = 4320h, 15 years of 365 days = 131400h), money as decimal
	// strings, depreciation by name, zero dates and durations left out.
	for _, want := range []string{
		`"halls":[{"name":"Mining","capacity":"60 MW","pue":1.05,"opex_per_mw_month":"3000"}`,
		`"hall":"AI-1","start":"2026-07-01T00:00:00Z","delay":{"min":"4320h0m0s","likely":"6480h0m0.000000001s","max":"8760h0m0s"}`,
		`"capital":{"unit":"10000","life":"131400h0m0s","salvage":0,"depreciation":"straight-line"}`,
		`"lease":{"rate":"130.25","escalator":0.03,"term":"131400h0m0s","default":0.02,"relet":"4320h0m0s"}`,
		`"start":"2026-10-01T09:30:00.123456789+05:00","end":"2032-07-01T00:00:00Z"`,
		`"depreciation":"macrs5"`, `"depreciation":"bonus"`,
		`"outlays":[{"date":"2025-07-01T00:00:00Z","amount":"50000000","label":"substation","life":"175200h0m0s"},{"amount":"1250000.75","label":"conversion design"}]`,
		`"finance":{"discount":0.1,"tax_rate":0.21,"debt":0.8,"interest":0.08,"tenor":"87600h0m0s"}`,
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
	// A line without the investment fields writes none of them.
	plain := economics.Line{Workload: hardware.Colocation, Units: 5}
	if got, err := json.Marshal(plain); err != nil || string(got) != `{"workload":"colocation","units":5}` {
		t.Errorf("plain line: %s, %v", got, err)
	}
}

// TestProjectJSONDurations: durations read as Go durations ("720h"), an
// empty string or a missing key as zero.
func TestProjectJSONDurations(t *testing.T) {
	const in = `{"site":null,"lines":[{"workload":"colocation","units":1,
		"delay":{"min":"720h","likely":"1000h"},
		"capital":{"unit":1e4,"life":"43800h","depreciation":"MACRS5"},
		"lease":{"rate":120,"term":"131400h","relet":"90m"}}],
		"outlays":[{"amount":"5","life":""}],"finance":{"tenor":"87600h"}}`
	var p economics.Project
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	l := p.Lines[0]
	h := time.Hour
	if *l.Delay != (economics.Delay{Min: 720 * h, Likely: 1000 * h}) || l.Capital.Life != 43800*h || !l.Capital.Unit.Equal(dec("10000")) ||
		l.Capital.Depreciation != economics.MACRS5 || l.Lease.Term != 131400*h || l.Lease.Relet != 90*time.Minute ||
		!l.Lease.Rate.Equal(dec("120")) || p.Outlays[0].Life != 0 || p.Finance.Tenor != 87600*h {
		t.Errorf("decoded %+v %+v %+v %+v %+v", *l.Delay, *l.Capital, *l.Lease, p.Outlays, p.Finance)
	}
	// JSON nulls are zero values.
	var q economics.Project
	if err := json.Unmarshal([]byte(`{"site":null,"lines":[null],"outlays":null,"finance":null}`), &q); err != nil {
		t.Fatal(err)
	}
	if len(q.Lines) != 1 || q.Lines[0].Units != 0 || q.Outlays != nil || q.Finance != (economics.Finance{}) {
		t.Errorf("nulls decoded as %+v", q)
	}
}

func testAppraisal() economics.Appraisal {
	return economics.Appraisal{
		Paths: 10_000, Horizon: 10 * year, Step: 7 * 24 * time.Hour,
		NPV:           economics.Stats{Mean: -1.25e6, StdDev: 3.5e7, Variance: 1.225e15, StdErr: 3.5e5, VaR: 5.1e7, CVaR: 6.3e7, ProbLoss: 0.4871},
		IRR:           economics.Percentiles{P5: -0.05, P25: 0.02, P50: 0.081, P75: 0.13, P95: 0.21, Undefined: 0.003},
		EquityIRR:     economics.Percentiles{P5: math.NaN(), P25: math.NaN(), P50: math.NaN(), P75: math.NaN(), P95: math.NaN(), Undefined: 1},
		Payback:       economics.Percentiles{P5: 3.5, P25: 4.25, P50: 5, P75: math.Inf(1), P95: math.Inf(1), Undefined: 0.3},
		DebtShortfall: 0.0123,
		Years: []economics.Year{
			{Year: 1, Mining: dec("1000000.01"), Power: dec("400000"), Opex: dec("100000"), Capex: dec("2500000"), Tax: dec("0"),
				FreeCashFlow: dec("-1999999.99"), Borrowed: dec("2000000"), Interest: dec("80000"), Principal: dec("120000.5"),
				TaxShield: dec("16800"), EquityCashFlow: dec("-183199.49")},
			{Year: 2, AICloud: dec("3e6"), Colocation: dec("1234.56"), Salvage: dec("-0")},
		},
		Bands: []economics.Band{{At: 7 * 24 * time.Hour, P5: -1e6, P25: -5e5, P50: 0, P75: 5e5, P95: 1e6}, {At: 10 * year, P5: -0.5, P95: 2.5e7}},
	}
}

func TestAppraisalJSONRoundTrip(t *testing.T) {
	a := testAppraisal()
	b := investRoundTrip(t, &a, appraisalEqual)
	for _, want := range []string{
		`"paths":10000,"horizon":"87600h0m0s","step":"168h0m0s"`,
		`"npv":{"mean":-1250000,"std_dev":35000000,"variance":1225000000000000,"std_err":350000,"var":51000000,"cvar":63000000,"prob_loss":0.4871}`,
		`"irr":{"p5":-0.05,"p25":0.02,"p50":0.081,"p75":0.13,"p95":0.21,"undefined":0.003}`,
		`"equity_irr":{"p5":"NaN","p25":"NaN","p50":"NaN","p75":"NaN","p95":"NaN","undefined":1}`,
		`"payback":{"p5":3.5,"p25":4.25,"p50":5,"p75":"+Inf","p95":"+Inf","undefined":0.3}`,
		`"debt_shortfall":0.0123`,
		`{"year":1,"mining":"1000000.01","ai_cloud":"0","colocation":"0","power":"400000","opex":"100000","capex":"2500000","salvage":"0","tax":"0","free_cash_flow":"-1999999.99","borrowed":"2000000","interest":"80000","principal":"120000.5","tax_shield":"16800","equity_cash_flow":"-183199.49"}`,
		`"bands":[{"at":"168h0m0s","p5":-1000000,"p25":-500000,"p50":0,"p75":500000,"p95":1000000}`,
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
	// The parts stand alone.
	y := a.Years[0]
	investRoundTrip(t, &y, func(p, q *economics.Year) bool { return p.Equal(*q) })
	pc := a.EquityIRR
	investRoundTrip(t, &pc, func(p, q *economics.Percentiles) bool { return p.Equal(*q) })
	var zero economics.Appraisal
	investRoundTrip(t, &zero, appraisalEqual)
}

// TestInvestJSONStrict: unknown keys, keys in another case, keys given
// twice, durations that are not Go duration strings and bad names are
// errors matching ErrInvalid that name their path.
func TestInvestJSONStrict(t *testing.T) {
	for _, tc := range []struct {
		name, in, field string
		into            func() any
	}{
		{"project key", `{"sites":{}}`, "Project.sites", nil},
		{"site key", `{"site":{"pue":1,"pu":1}}`, "Site.pu", nil},
		{"hall key", `{"site":{"halls":[{"name":"a","pue":1},{"name":"b","capcity":"1 MW"}]}}`, "Site.Halls[1].capcity", nil},
		{"line key", `{"lines":[{"hal":"x"}]}`, "Lines[0].hal", nil},
		{"delay key", `{"lines":[{},{"workload":"colocation","units":1,"delay":{"mni":"1h"}}]}`, "Lines[1].Delay.mni", nil},
		{"capital key", `{"lines":[{"capital":{"units":"1"}}]}`, "Lines[0].Capital.units", nil},
		{"lease key", `{"lines":[{"lease":{"rates":"1"}}]}`, "Lines[0].Lease.rates", nil},
		{"outlay key", `{"outlays":[{"amount":"1"},{"amont":"1"}]}`, "Outlays[1].amont", nil},
		{"finance key", `{"finance":{"tenr":"1h"}}`, "Finance.tenr", nil},
		{"finance key case", `{"finance":{"Tenor":"1h"}}`, "Finance.Tenor", nil},
		{"finance key twice", `{"finance":{"debt":0.5,"debt":0.6}}`, "Finance.debt", nil},
		{"tenor in years", `{"finance":{"tenor":"10y"}}`, "Finance.tenor", nil},
		{"delay in nanoseconds", `{"lines":[{"delay":{"max":3600}}]}`, "Lines[0].Delay.max", nil},
		{"relet not a duration", `{"lines":[{"lease":{"relet":"soon"}}]}`, "Lines[0].Lease.relet", nil},
		{"outlay life in days", `{"outlays":[{"life":"30d"}]}`, "Outlays[0].life", nil},
		{"depreciation unknown", `{"lines":[{"capital":{"depreciation":"declining"}}]}`, "Lines[0].Capital.Depreciation", nil},
		{"trailing data", `{} {}`, "Project", nil},
		{"delay alone", `{"min":"1h","max":"2h","mode":"1h"}`, "Delay.mode", func() any { return new(economics.Delay) }},
		{"outlay alone", `{"dat":"2025-01-01T00:00:00Z"}`, "Outlay.dat", func() any { return new(economics.Outlay) }},
		{"outlay date not RFC 3339", `{"outlays":[{},{"date":"2025-01-01"}]}`, "Outlays[1].date", nil},
		{"outlay date a number", `{"outlays":[{"date":20250101}]}`, "Outlays[0].date", nil},
		{"appraisal key", `{"npvs":{}}`, "Appraisal.npvs", appraisalInto},
		{"npv key", `{"npv":{"men":1}}`, "Appraisal.NPV.men", appraisalInto},
		{"irr key", `{"irr":{"p50":0.1,"p51":0}}`, "Appraisal.IRR.p51", appraisalInto},
		{"payback not a number", `{"payback":{"p75":"soon"}}`, "Appraisal.Payback.p75", appraisalInto},
		{"percentile null", `{"irr":{"p5":null}}`, "Appraisal.IRR.p5", appraisalInto},
		{"percentile an object", `{"irr":{"p95":{}}}`, "Appraisal.IRR.p95", appraisalInto},
		{"year key", `{"years":[{"year":1},{"capx":"1"}]}`, "Appraisal.Years[1].capx", appraisalInto},
		{"band key", `{"bands":[{"at":"1h","p55":1}]}`, "Appraisal.Bands[0].p55", appraisalInto},
		{"band at not a duration", `{"bands":[{},{"at":"1 week"}]}`, "Appraisal.Bands[1].at", appraisalInto},
		{"horizon in years", `{"horizon":"10 years"}`, "Appraisal.horizon", appraisalInto},
		{"percentiles alone", `{"p6":1}`, "Percentiles.p6", func() any { return new(economics.Percentiles) }},
		{"year alone", `{"yr":1}`, "Year.yr", func() any { return new(economics.Year) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v any = new(economics.Project)
			if tc.into != nil {
				v = tc.into()
			}
			// The decoders themselves, then through encoding/json (which
			// refuses trailing data before they see it).
			checkErr(t, v.(json.Unmarshaler).UnmarshalJSON([]byte(tc.in)), economics.ErrInvalid, tc.field)
			if tc.name != "trailing data" {
				checkErr(t, json.Unmarshal([]byte(tc.in), v), economics.ErrInvalid, tc.field)
			}
		})
	}
}

// TestHallJSONPower: a hall's capacity is a power quantity; energy is
// refused as the site's capacity is, with hardware's sentinel and the
// hall's path.
func TestHallJSONPower(t *testing.T) {
	var p economics.Project
	checkErr(t, json.Unmarshal([]byte(`{"site":{"halls":[{"capacity":"1 MWh"}]}}`), &p), hardware.ErrSyntax, "Site.Halls[0]")
	if err := json.Unmarshal([]byte(`{"site":{"halls":[{"name":"a","capacity":"12.5 MW","pue":1.3}]}}`), &p); err != nil ||
		p.Site.Halls[0].Capacity != 12.5*hardware.Megawatt {
		t.Errorf("decoded %+v, %v", p.Site.Halls, err)
	}
}

func appraisalInto() any { return new(economics.Appraisal) }

// FuzzProjectJSON decodes arbitrary bytes as a Project: no panic; an error
// matches a sentinel. What decodes is validated (no panic) and evaluated
// (capacity over time included: no panic, an error matches a sentinel);
// a project that validates and encodes round-trips to an equal project
// and the same bytes.
func FuzzProjectJSON(f *testing.F) {
	p := pivotProject(f)
	seed, err := json.Marshal(p)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	for _, s := range []string{
		`{"site":{"capacity":"20 MW","pue":1.1,"uptime":1,"halls":[{"name":"A","capacity":"10 MW","pue":1.3},{"name":"B","capacity":"15 MW","pue":1}]},` +
			`"lines":[{"workload":"colocation","units":7000,"hall":"A","end":"2026-01-01T00:00:00Z"},{"workload":"colocation","units":7000,"hall":"A","start":"2026-01-01T00:00:00Z","lease":{"rate":"130","term":"87600h","default":0.05}}],` +
			`"outlays":[{"amount":"1e6"}],"finance":{"debt":0.8,"tenor":"87600h","interest":0.08}}`,
		`{"lines":[{"model":"Antminer S21","workload":"bitcoin-mining","units":3,"delay":{"min":"1h","likely":"2h","max":"3h"},"capital":{"unit":"3500","life":"35040h","salvage":0.1,"depreciation":"bonus"}}]}`,
		`{"lines":[{"workload":"colocation","units":1,"start":"2026-01-01T00:00:00Z","end":"2025-01-01T00:00:00Z"}]}`,
		`{"finance":{"tenor":"-1h","debt":1}}`, `{"outlays":[{"date":"2024-01-01T00:00:00Z","amount":"-1"}]}`, `{"site":{"halls":[{"name":"a"},{"name":"A"}]}}`,
		`{"lines":[{"delay":{"max":3600}}]}`, `{}`, `null`, `{"lines":[null]}`,
	} {
		f.Add([]byte(s))
	}
	snap := handSnapshot()
	f.Fuzz(func(t *testing.T, data []byte) {
		var p economics.Project
		if err := json.Unmarshal(data, &p); err != nil {
			var syn *json.SyntaxError
			if !errors.As(err, &syn) && !matchesSentinel(err) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		if len(p.Lines) <= 64 {
			if _, err := economics.Evaluate(p.Site, economics.Allocation{Lines: p.Lines}, snap, 24*time.Hour); err != nil && !matchesSentinel(err) {
				t.Fatalf("Evaluate: error matches no sentinel: %v", err)
			}
		}
		err := p.Validate(snap.Date)
		if err != nil {
			if !errors.Is(err, economics.ErrInvalid) || strings.Count(err.Error(), "economics:") > 1 {
				t.Fatalf("Validate: %v", err)
			}
			return
		}
		if err := p.Finance.Validate(); err != nil {
			t.Fatalf("Project.Validate passed but Finance.Validate: %v", err)
		}
		b1, err := json.Marshal(&p)
		if err != nil {
			// Validate leaves the lines' models to Evaluate and Appraise:
			// a model that cannot be written (class 0) is refused with a
			// sentinel, never written garbled or left out.
			if matchesSentinel(err) {
				return
			}
			t.Fatalf("a valid project does not encode: %v", err)
		}
		var q economics.Project
		if err := json.Unmarshal(b1, &q); err != nil {
			t.Fatalf("own encoding %s does not decode: %v", b1, err)
		}
		if !projectEqual(&p, &q) {
			t.Fatalf("round trip differs:\n%+v\n%+v", p, q)
		}
		if b2, err := json.Marshal(&q); err != nil || !bytes.Equal(b1, b2) {
			t.Fatalf("second encoding differs (%v):\n%s\n%s", err, b1, b2)
		}
		if err := q.Validate(snap.Date); err != nil {
			t.Fatalf("the round trip no longer validates: %v", err)
		}
	})
}
