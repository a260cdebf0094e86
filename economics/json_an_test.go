package economics_test

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/market"
)

// jsonRoundTrip marshals v, decodes it into a new value of its type and
// checks that the two are deeply equal; it returns the JSON.
func jsonRoundTrip[T any](t *testing.T, v T) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var got T
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	if !reflect.DeepEqual(got, v) {
		t.Fatalf("round trip differs:\n got %+v\nwant %+v\njson %s", got, v, b)
	}
	return string(b)
}

func TestReportJSONRoundTrip(t *testing.T) {
	a := economics.Allocation{Lines: mixedLines(t)}
	r, err := economics.Analyze(mixedSite(), a, market.DefaultModel(), testSnapshot(),
		&economics.Settings{Horizon: 4 * 7 * day, Step: 7 * day, Paths: 64, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	s := jsonRoundTrip(t, r)
	for _, k := range []string{`"paths":64`, `"horizon":"672h0m0s"`, `"step":"168h0m0s"`, `"std_dev":`, `"cvar":`,
		`"prob_loss":`, `"by_workload":{`, `"bitcoin-mining":{`, `"ai-cloud":{`, `"mining_ai_correlation":`,
		`"mean_mined":`, `"mined_std_dev":`, `"bands":[{"at":"168h0m0s","p5":`, `"mining_bands":`, `"ai_bands":`} {
		if !strings.Contains(s, k) {
			t.Errorf("Report JSON lacks %s: %s", k, s)
		}
	}
	jsonRoundTrip(t, r.Stats)
	jsonRoundTrip(t, r.Bands[0])
}

func TestPlanAndFrontierJSONRoundTrip(t *testing.T) {
	pl := newPlanner(t, economics.Problem{Site: planSite(), Candidates: threeCandidates(t)}, 256)
	plan, err := pl.Optimize(economics.Objective{Goal: economics.MinCVaR, Target: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	s := jsonRoundTrip(t, plan)
	for _, k := range []string{`"allocation":{"lines":[`, `"continuous_value":`, `"gap":`, `"shortfall":`, `"power":{`,
		`"report":{"paths":256`, `"units":[`} {
		if !strings.Contains(s, k) {
			t.Errorf("Plan JSON lacks %s", k)
		}
	}
	fr, err := pl.Frontier(3)
	if err != nil {
		t.Fatal(err)
	}
	jsonRoundTrip(t, fr)
	// MaxSharpe without risk has an infinite value: it round-trips too.
	inf := economics.Plan{Value: math.Inf(1), ContinuousValue: math.Inf(-1), Gap: math.NaN()}
	b, err := json.Marshal(inf)
	if err != nil {
		t.Fatal(err)
	}
	var got economics.Plan
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(got.Value, 1) || !math.IsInf(got.ContinuousValue, -1) || !math.IsNaN(got.Gap) {
		t.Errorf("infinite values read back as %v %v %v from %s", got.Value, got.ContinuousValue, got.Gap, b)
	}
}

// Unknown keys, keys in another case or given twice, a duration that is
// not one, a number that is not one:
// errors, whatever the caller's decoder options.
func TestResultJSONRefusesUnknownKeys(t *testing.T) {
	tests := []struct {
		name string
		v    any
		in   string
	}{
		{"stats typo", &economics.Stats{}, `{"mean":1,"stddev":2}`},
		{"band typo", &economics.Band{}, `{"at":"1h","p50":1,"p99":2}`},
		{"band duration", &economics.Band{}, `{"at":3600}`},
		{"band bad duration", &economics.Band{}, `{"at":"an hour"}`},
		{"report typo", &economics.Report{}, `{"paths":1,"horizon":"1h","step":"1h","levle":0.9}`},
		{"report workload", &economics.Report{}, `{"by_workload":{"mining":{"mean":1}}}`},
		{"report nested typo", &economics.Report{}, `{"by_workload":{"bitcoin-mining":{"meen":1}}}`},
		{"report key in another case", &economics.Report{}, `{"paths":1,"Paths":2}`},
		{"report key twice", &economics.Report{}, `{"paths":1,"paths":2}`},
		{"report stats key twice", &economics.Report{}, `{"mean":1,"mean":2}`},
		{"stats key in another case", &economics.Stats{}, `{"Mean":1}`},
		{"plan typo", &economics.Plan{}, `{"units":[1],"valeu":2}`},
		{"plan value", &economics.Plan{}, `{"value":"lots"}`},
		{"frontier typo", &economics.FrontierPoint{}, `{"unit":[1]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := json.Unmarshal([]byte(tc.in), tc.v); err == nil {
				t.Errorf("%s decoded without error: %+v", tc.in, tc.v)
			}
		})
	}
	var b economics.Band
	err := json.Unmarshal([]byte(`{"at":"an hour"}`), &b)
	if !errors.Is(err, economics.ErrInvalid) {
		t.Errorf("bad duration: %v, want ErrInvalid", err)
	}
	if err := json.Unmarshal([]byte(`{"at":"8760h0m0s","p5":-1.5}`), &b); err != nil || b.At != 8760*time.Hour || b.P5 != -1.5 {
		t.Errorf("Band %+v, %v", b, err)
	}
}
