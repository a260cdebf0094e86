package economics_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/market"
)

// shardLines is mixedLines with a delayed line and a leased colocation
// line whose tenant may default, so that every stream a path draws from
// (market, pool, project) is exercised.
func shardLines(t testing.TB) []economics.Line {
	lines := mixedLines(t)
	s := testSnapshot()
	lines[2].Start = s.Date.Add(14 * day)
	lines[2].Delay = &economics.Delay{Min: 0, Likely: 7 * day, Max: 30 * day}
	lines[4].Lease = &economics.Lease{Rate: dec("150"), Escalator: 0.03, Term: 365 * day, Default: 0.5, Relet: 14 * day}
	return lines
}

// TestFirstPathDrawsTheSamePaths checks that a run of paths [a, b) draws
// exactly paths a to b-1 of a run from 0, bit for bit.
func TestFirstPathDrawsTheSamePaths(t *testing.T) {
	site, a := mixedSite(), economics.Allocation{Lines: shardLines(t)}
	for _, anti := range []bool{false, true} {
		set := economics.Settings{Horizon: 70 * day, Paths: 700, Seed: 9, Antithetic: anti}
		full, err := economics.PathTotals(site, a, market.DefaultModel(), testSnapshot(), &set)
		if err != nil {
			t.Fatal(err)
		}
		set.FirstPath, set.Paths, set.Workers = 300, 300, 1
		part, err := economics.PathTotals(site, a, market.DefaultModel(), testSnapshot(), &set)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range part {
			if math.Float64bits(v) != math.Float64bits(full[300+i]) {
				t.Fatalf("antithetic %v: path %d: %v alone, %v in the run from 0", anti, 300+i, v, full[300+i])
			}
		}
	}
}

// runShards runs the shards cut at cuts (path indices from 0 to total)
// and merges them in order, passing each through its JSON first.
func runShards(t *testing.T, site economics.Site, a economics.Allocation, set economics.Settings, cuts []int) economics.Report {
	t.Helper()
	total := cuts[len(cuts)-1]
	var merged economics.Report
	for i := 1; i < len(cuts); i++ {
		s := set
		s.FirstPath, s.Paths, s.TotalPaths, s.Workers = cuts[i-1], cuts[i]-cuts[i-1], total, 1+i%2
		r, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &s)
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back economics.Report
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("shard %d JSON: %v", i, err)
		}
		if i == 1 {
			merged = back
			continue
		}
		if err := merged.Merge(back); err != nil {
			t.Fatalf("merging shard %d: %v", i, err)
		}
	}
	return merged
}

// TestMergeShardsBitForBit checks that shards cut at multiples of
// ChunkSize, merged in path order, give the single run's Report bit for
// bit: every statistic of every workload, the correlation, bitcoin mined
// and the bands (whose paths span three shards here).
func TestMergeShardsBitForBit(t *testing.T) {
	site, a := mixedSite(), economics.Allocation{Lines: shardLines(t)}
	for _, set := range []economics.Settings{
		{Horizon: 70 * day, Seed: 4, BandPaths: 600},
		{Horizon: 70 * day, Seed: 5, BandPaths: 100, Antithetic: true, Level: 0.75},
	} {
		set.Paths = 1000
		want, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &set)
		if err != nil {
			t.Fatal(err)
		}
		wantJSON, _ := json.Marshal(want)
		for _, cuts := range [][]int{{0, 256, 512, 768, 1000}, {0, 512, 1000}, {0, 768, 1000}, {0, 256, 1000}} {
			got := runShards(t, site, a, set, cuts)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("cuts %v: merged %+v\nsingle %+v", cuts, got.Stats, want.Stats)
			}
			gotJSON, _ := json.Marshal(got)
			if !bytes.Equal(gotJSON, wantJSON) {
				t.Errorf("cuts %v: merged JSON differs from the single run's", cuts)
			}
		}
	}
}

// TestShardReportStandsAlone checks that a shard's own Report describes
// its paths: the same statistics as a lone run of them, but VaR, CVaR
// and the bands (bands are of the whole run's first paths), to rounding.
func TestShardReportStandsAlone(t *testing.T) {
	site, a := mixedSite(), economics.Allocation{Lines: mixedLines(t)}
	set := economics.Settings{Horizon: 28 * day, Seed: 2, Paths: 512, FirstPath: 512, BandPaths: 256}
	lone, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &set)
	if err != nil {
		t.Fatal(err)
	}
	set.TotalPaths = 2048
	shard, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &set)
	if err != nil {
		t.Fatal(err)
	}
	if shard.FirstPath != 512 || lone.FirstPath != 512 || shard.Paths != 512 {
		t.Fatalf("FirstPath %d and %d, Paths %d", shard.FirstPath, lone.FirstPath, shard.Paths)
	}
	if shard.Stats != lone.Stats || shard.MeanMined != lone.MeanMined {
		t.Errorf("shard %+v, lone run %+v", shard.Stats, lone.Stats)
	}
	if len(shard.Bands) != 0 || len(lone.Bands) == 0 {
		t.Errorf("%d bands in a shard past the band paths, %d in the lone run", len(shard.Bands), len(lone.Bands))
	}
}

func TestMergeErrors(t *testing.T) {
	site, a := mixedSite(), economics.Allocation{Lines: mixedLines(t)}
	run := func(first, paths, total int, seed uint64, level float64) economics.Report {
		t.Helper()
		r, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(),
			&economics.Settings{Horizon: 14 * day, Seed: seed, Paths: paths, FirstPath: first, TotalPaths: total, Level: level})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	s0, s1, s2 := run(0, 256, 768, 1, 0), run(256, 256, 768, 1, 0), run(512, 256, 768, 1, 0)
	lone := run(0, 256, 0, 1, 0)
	for name, c := range map[string]struct{ r, o economics.Report }{
		"out of order":   {s1, s0},
		"a gap":          {s0, s2},
		"another seed":   {s0, run(256, 256, 768, 2, 0)},
		"another total":  {s0, run(256, 256, 1024, 1, 0)},
		"another level":  {s0, run(256, 256, 768, 1, 0.9)},
		"not a shard":    {lone, s1},
		"into not shard": {s0, lone},
	} {
		before, _ := json.Marshal(c.r)
		err := c.r.Merge(c.o)
		if !errors.Is(err, economics.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
		if after, _ := json.Marshal(c.r); !bytes.Equal(before, after) {
			t.Errorf("%s: a failed Merge changed the report", name)
		}
	}
	// Merging into a copy leaves the shard as it was; a completed run
	// has nothing more to merge.
	before, _ := json.Marshal(s0)
	c := s0
	if err := c.Merge(s1); err != nil {
		t.Fatal(err)
	}
	if after, _ := json.Marshal(s0); !bytes.Equal(before, after) {
		t.Error("merging into a copy changed the shard")
	}
	if err := c.Merge(s2); err != nil {
		t.Fatal(err)
	}
	if err := c.Merge(s2); !errors.Is(err, economics.ErrInvalid) {
		t.Errorf("merging into a complete run: %v, want ErrInvalid", err)
	}
}

func TestShardSettingsErrors(t *testing.T) {
	site, a := mixedSite(), economics.Allocation{Lines: mixedLines(t)}
	for name, c := range map[string]struct {
		set   economics.Settings
		field string
	}{
		"negative first":       {economics.Settings{Paths: 10, FirstPath: -1}, "Settings.FirstPath"},
		"first past the limit": {economics.Settings{Paths: 10, FirstPath: economics.MaxTotalPaths}, "Settings.FirstPath"},
		"odd antithetic first": {economics.Settings{Paths: 10, FirstPath: 3, Antithetic: true}, "Settings.FirstPath"},
		"negative total":       {economics.Settings{Paths: 10, TotalPaths: -5}, "Settings.TotalPaths"},
		"unaligned shard":      {economics.Settings{Paths: 256, FirstPath: 100, TotalPaths: 1000}, "Settings.FirstPath"},
		"past the total":       {economics.Settings{Paths: 512, FirstPath: 768, TotalPaths: 1000}, "Settings.Paths"},
		"ragged middle shard":  {economics.Settings{Paths: 300, FirstPath: 256, TotalPaths: 1000}, "Settings.Paths"},
		"odd antithetic total": {economics.Settings{Paths: 256, TotalPaths: 1001, Antithetic: true}, "Settings.TotalPaths"},
	} {
		c.set.Horizon = 14 * day
		_, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(), &c.set)
		if !errors.Is(err, economics.ErrInvalid) || !bytes.Contains([]byte(err.Error()), []byte(c.field)) {
			t.Errorf("%s: %v, want ErrInvalid naming %s", name, err, c.field)
		}
	}
	p := economics.Problem{Site: site, Candidates: mixedLines(t)[:1]}
	if _, err := economics.NewPlanner(p, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 256, TotalPaths: 512}); !errors.Is(err, economics.ErrInvalid) {
		t.Errorf("NewPlanner with TotalPaths: %v, want ErrInvalid", err)
	}
}

// TestShardJSONRejectsDamage checks that a shard's JSON whose state does
// not fit its report is an error matching ErrInvalid, never a panic.
func TestShardJSONRejectsDamage(t *testing.T) {
	site, a := mixedSite(), economics.Allocation{Lines: mixedLines(t)}
	r, err := economics.Analyze(site, a, market.DefaultModel(), testSnapshot(),
		&economics.Settings{Horizon: 14 * day, Paths: 256, TotalPaths: 512, BandPaths: 300, Antithetic: true})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := json.Marshal(r)
	var m map[string]any
	if err := json.Unmarshal(good, &m); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(m, sh map[string]any){
		"paths":           func(m, sh map[string]any) { m["paths"] = 200 },
		"first path":      func(m, sh map[string]any) { m["first_path"] = 256 },
		"total":           func(m, sh map[string]any) { sh["total_paths"] = 256 },
		"band held":       func(m, sh map[string]any) { sh["band_held"] = 1 },
		"band paths":      func(m, sh map[string]any) { sh["band_paths"] = 9999 },
		"workloads":       func(m, sh map[string]any) { sh["workloads"] = []string{"ai-cloud", "bitcoin-mining"} },
		"losses":          func(m, sh map[string]any) { sh["losses"] = []int{1} },
		"chunks":          func(m, sh map[string]any) { sh["chunks"] = "AAAAAAAAAAA=" },
		"base64":          func(m, sh map[string]any) { sh["chunks"] = "%%%" },
		"pairs":           func(m, sh map[string]any) { delete(sh, "pairs") },
		"unsorted tails":  func(m, sh map[string]any) { sh["tails"] = reverseTail(sh["tails"]) },
		"unknown key":     func(m, sh map[string]any) { sh["extra"] = 1 },
		"complete":        func(m, sh map[string]any) { m["paths"] = 512; sh["total_paths"] = 512 },
		"level":           func(m, sh map[string]any) { m["level"] = 1.5 },
		"negative losses": func(m, sh map[string]any) { sh["losses"] = []int{-1, 0, 0, 0} },
	} {
		c := cloneMap(m)
		edit(c, c["shard"].(map[string]any))
		b, _ := json.Marshal(c)
		var back economics.Report
		if err := json.Unmarshal(b, &back); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
}

func cloneMap(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var c map[string]any
	_ = json.Unmarshal(b, &c)
	return c
}

// reverseTail returns the tails with the first one's values reversed
// (base64 of little-endian float64 bits, 8 bytes each).
func reverseTail(v any) any {
	tails := v.([]any)
	b, _ := base64.StdEncoding.DecodeString(tails[0].(string))
	for i, j := 0, len(b)/8-1; i < j; i, j = i+1, j-1 {
		for k := range 8 {
			b[8*i+k], b[8*j+k] = b[8*j+k], b[8*i+k]
		}
	}
	tails[0] = base64.StdEncoding.EncodeToString(b)
	return tails
}

// TestPlannerScenarioShards checks that a planner over paths [a, b) holds
// rows a to b-1 of the planner over paths from 0, and that outcomes of a
// sweep of allocations split between two planners equal those of one.
func TestPlannerScenarioShards(t *testing.T) {
	p := economics.Problem{Site: mixedSite(), Candidates: mixedLines(t)}
	set := economics.Settings{Horizon: 28 * day, Paths: 600, Seed: 3}
	full, err := economics.NewPlanner(p, market.DefaultModel(), testSnapshot(), &set)
	if err != nil {
		t.Fatal(err)
	}
	set.FirstPath, set.Paths, set.Workers = 256, 300, 1
	part, err := economics.NewPlanner(p, market.DefaultModel(), testSnapshot(), &set)
	if err != nil {
		t.Fatal(err)
	}
	n := len(p.Candidates)
	rows, fullRows := part.ScenarioRows(), full.ScenarioRows()
	for i, v := range rows {
		if w := fullRows[256*n+i]; math.Float64bits(v) != math.Float64bits(w) {
			t.Fatalf("scenario %d of candidate %d: %v, %v in the planner from 0", 256+i/n, i%n, v, w)
		}
	}
	set.FirstPath, set.Paths, set.Workers = 0, 600, 2
	other, err := economics.NewPlanner(p, market.DefaultModel(), testSnapshot(), &set)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 6 {
		units := []float64{float64(100 * k), 50, float64(10 * k), 0, 100}
		pl := full
		if k%2 == 1 {
			pl = other
		}
		got, err1 := pl.Outcome(units)
		want, err2 := full.Outcome(units)
		if err1 != nil || err2 != nil || got != want {
			t.Errorf("allocation %d: %+v (%v), want %+v (%v)", k, got, err1, want, err2)
		}
	}
}
