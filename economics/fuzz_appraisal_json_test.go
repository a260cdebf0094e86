package economics_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/market"
)

// FuzzAppraisalJSON decodes arbitrary bytes as an Appraisal, as a service
// reading stored results would: a failure is a syntax error or matches a
// sentinel; a success writes back and reads again to an equal appraisal.
func FuzzAppraisalJSON(f *testing.F) {
	s := testSnapshot()
	ap, err := economics.Appraise(campusProject(f, s), market.DefaultModel(), s, &economics.Settings{Horizon: 2 * year, Step: 30 * day, Paths: 16})
	if err != nil {
		f.Fatal(err)
	}
	seed, err := json.Marshal(ap)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	// A shard, with the state Appraisal.Merge needs.
	sh, err := economics.Appraise(campusProject(f, s), market.DefaultModel(), s,
		&economics.Settings{Horizon: 2 * year, Step: 30 * day, Paths: 256, TotalPaths: 300, BandPaths: 3, Antithetic: true})
	if err != nil {
		f.Fatal(err)
	}
	if seed, err = json.Marshal(sh); err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"paths":1,"horizon":"1h","step":"1h","irr":{"p5":"NaN","p25":"NaN","p50":"NaN","p75":"NaN","p95":"NaN","undefined":1}}`))
	f.Add([]byte(`{"years":[{"year":1,"mining":"1.005"}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a economics.Appraisal
		if err := json.Unmarshal(data, &a); err != nil {
			var syn *json.SyntaxError
			if !errors.As(err, &syn) && !matchesSentinel(err) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		b, err := json.Marshal(a)
		if err != nil {
			if !matchesSentinel(err) {
				t.Fatalf("Marshal: error matches no sentinel: %v", err)
			}
			return
		}
		var c economics.Appraisal
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("reading back %s: %v", b, err)
		}
		if !a.Equal(c) {
			t.Fatalf("round trip changed the appraisal:\n%s", b)
		}
	})
}
