package economics_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
)

// TestJSONCaseAndDuplicateKeys: a key in another case or given twice is an
// error, in a Line, a Site and a Report, where encoding/json would fill the
// field or keep the last value.
func TestJSONCaseAndDuplicateKeys(t *testing.T) {
	for _, tc := range []struct {
		name  string
		into  any
		json  string
		field string
	}{
		{"line key in another case", new(economics.Line), `{"model":"Antminer S21","workload":"bitcoin-mining","Units":3}`, "Line.Units"},
		{"line key twice", new(economics.Line), `{"model":"Antminer S21","workload":"bitcoin-mining","units":3,"units":30}`, "Line.units"},
		{"site key in another case", new(economics.Site), `{"capacity":"10 MW","PUE":1.1,"uptime":1}`, "Site.PUE"},
		{"site key twice", new(economics.Site), `{"capacity":"10 MW","pue":1.1,"uptime":1,"uptime":0.5}`, "Site.uptime"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkErr(t, json.Unmarshal([]byte(tc.json), tc.into), economics.ErrInvalid, tc.field)
		})
	}
	for _, in := range []string{`{"paths":1,"Paths":2}`, `{"paths":1,"paths":2}`, `{"mean":1,"mean":2}`} {
		var r economics.Report
		if err := json.Unmarshal([]byte(in), &r); err == nil {
			t.Errorf("Report %s decoded without error: %+v", in, r)
		}
	}
	var s economics.Stats
	if err := json.Unmarshal([]byte(`{"Mean":1}`), &s); err == nil || errors.Unwrap(err) == nil {
		t.Errorf("Stats with a key in another case: %v", err)
	}
}
