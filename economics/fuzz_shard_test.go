package economics_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/market"
)

// FuzzReportJSON decodes arbitrary bytes as a Report, with shard states
// among the seeds: decoding either fails or gives a report whose JSON
// reads back to the same bytes, and merging a decoded shard with another
// never panics and fails, when it does, with ErrInvalid.
func FuzzReportJSON(f *testing.F) {
	site, a := mixedSite(), economics.Allocation{Lines: mixedLines(f)}
	var next economics.Report
	for i, set := range []economics.Settings{
		{Horizon: 14 * day, Paths: 256, TotalPaths: 300, BandPaths: 4, Antithetic: true, Level: 0.99},
		{Horizon: 14 * day, Paths: 44, FirstPath: 256, TotalPaths: 300, BandPaths: 4, Antithetic: true, Level: 0.99},
		{Horizon: 14 * day, Paths: 3},
	} {
		r, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &set)
		if err != nil {
			f.Fatal(err)
		}
		if i == 1 {
			next = r
		}
		b, _ := json.Marshal(r)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r economics.Report
		if err := json.Unmarshal(b, &r); err != nil {
			return
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("marshal of a decoded report: %v", err)
		}
		var back economics.Report
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		if again, _ := json.Marshal(back); !bytes.Equal(again, out) {
			t.Fatalf("JSON does not round-trip:\n%s\n%s", out, again)
		}
		if err := r.Merge(next); err != nil && !errors.Is(err, economics.ErrInvalid) {
			t.Fatalf("Merge: %v, want nil or ErrInvalid", err)
		}
	})
}
