package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/market"
)

// TestAnalyzeShards runs a run of 600 paths as three shards through
// /analyze ("first_path" and "total_paths"), as instances of the service
// behind a load balancer would, merges the reports the service answers,
// and checks that they equal the library's single run; and that a shard
// cut off the chunk grid is refused with 422.
func TestAnalyzeShards(t *testing.T) {
	h := newServer(options{})
	site := decode[economics.Site](t, siteJSON)
	alloc := decode[economics.Allocation](t, allocJSON)
	want, err := economics.Analyze(site, alloc, market.DefaultModel(), market.Reference(),
		&economics.Settings{Paths: 600, Seed: 3, Horizon: 28 * 24 * time.Hour, BandPaths: 300})
	if err != nil {
		t.Fatal(err)
	}
	var merged economics.Report
	for i, cut := range [][2]int{{0, 256}, {256, 256}, {512, 88}} {
		body := fmt.Sprintf(`{"site": %s, "allocation": %s, "settings": {"paths": %d, "first_path": %d, "total_paths": 600,
			"seed": 3, "horizon": "672h", "band_paths": 300}}`, siteJSON, allocJSON, cut[1], cut[0])
		rec := post(h, "/analyze", body)
		if rec.Code != http.StatusOK {
			t.Fatalf("shard %d: %d %s", i, rec.Code, rec.Body)
		}
		var r economics.Report
		if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		if i == 0 {
			merged = r
		} else if err := merged.Merge(r); err != nil {
			t.Fatalf("merging shard %d: %v", i, err)
		}
	}
	if !reflect.DeepEqual(merged, want) {
		t.Errorf("merged shards %+v, single run %+v", merged.Stats, want.Stats)
	}
	rec := post(h, "/analyze", `{"site": `+siteJSON+`, "allocation": `+allocJSON+`, "settings": {"paths": 100, "first_path": 100, "total_paths": 600}}`)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("a shard off the chunk grid: %d %s, want 422", rec.Code, rec.Body)
	}
}
