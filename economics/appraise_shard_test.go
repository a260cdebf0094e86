package economics_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/market"
)

// TestAppraisalMergeBitForBit checks that Appraise's shards, passed
// through their JSON and merged in path order, give the single run's
// Appraisal bit for bit: NPV statistics, IRR, equity IRR and payback
// percentiles, debt shortfall, the year table and the J-curve (whose
// band paths span two shards).
func TestAppraisalMergeBitForBit(t *testing.T) {
	p := pivotProject(t)
	s := testSnapshot()
	s.Date = pivotDate // the project's dates are relative to it
	for _, set := range []economics.Settings{
		{Horizon: 3 * year, Step: 30 * day, Paths: 700, Seed: 8, BandPaths: 300},
		{Horizon: 3 * year, Step: 30 * day, Paths: 600, Seed: 9, BandPaths: 40, Antithetic: true, Level: 0.9},
	} {
		want, err := economics.Appraise(p, market.DefaultModel(), s, &set)
		if err != nil {
			t.Fatal(err)
		}
		wantJSON, _ := json.Marshal(want)
		for _, cuts := range [][]int{{0, 256, 512, set.Paths}, {0, 512, set.Paths}} {
			var merged economics.Appraisal
			for i := 1; i < len(cuts); i++ {
				sh := set
				sh.FirstPath, sh.Paths, sh.TotalPaths, sh.Workers = cuts[i-1], cuts[i]-cuts[i-1], set.Paths, i%2+1
				a, err := economics.Appraise(p, market.DefaultModel(), s, &sh)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := json.Marshal(a)
				var back economics.Appraisal
				if err := json.Unmarshal(b, &back); err != nil {
					t.Fatalf("shard %d JSON: %v", i, err)
				}
				if i == 1 {
					merged = back
				} else if err := merged.Merge(back); err != nil {
					t.Fatalf("merging shard %d: %v", i, err)
				}
			}
			if !reflect.DeepEqual(merged.NPV, want.NPV) || !merged.Equal(want) {
				t.Errorf("cuts %v: merged NPV %+v IRR %+v\nsingle NPV %+v IRR %+v", cuts, merged.NPV, merged.IRR, want.NPV, want.IRR)
			}
			if gotJSON, _ := json.Marshal(merged); !bytes.Equal(gotJSON, wantJSON) {
				t.Errorf("cuts %v: merged JSON differs from the single run's", cuts)
			}
		}
	}
}

func TestAppraisalMergeErrors(t *testing.T) {
	p := pivotProject(t)
	s := testSnapshot()
	s.Date = pivotDate
	run := func(first, paths, total int, seed uint64) economics.Appraisal {
		t.Helper()
		a, err := economics.Appraise(p, market.DefaultModel(), s,
			&economics.Settings{Horizon: year, Step: 30 * day, Paths: paths, FirstPath: first, TotalPaths: total, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	s0, s1 := run(0, 256, 600, 1), run(256, 344, 600, 1)
	lone := run(0, 256, 0, 1)
	for name, c := range map[string]struct{ a, o economics.Appraisal }{
		"out of order": {s1, s0},
		"another seed": {s0, run(256, 344, 600, 2)},
		"not a shard":  {lone, s1},
		"into a shard": {s0, lone},
	} {
		before, _ := json.Marshal(c.a)
		if err := c.a.Merge(c.o); !errors.Is(err, economics.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
		if after, _ := json.Marshal(c.a); !bytes.Equal(before, after) {
			t.Errorf("%s: a failed Merge changed the appraisal", name)
		}
	}
	// A damaged state is an error when read.
	b, _ := json.Marshal(s1)
	for _, bad := range [][2]string{{`"shorts":`, `"shorts":-`}, {`"level":`, `"level":2`}, {`"paths":344`, `"paths":343`}} {
		var back economics.Appraisal
		if err := json.Unmarshal(bytes.Replace(b, []byte(bad[0]), []byte(bad[1]), 1), &back); err == nil {
			t.Errorf("%s -> %s: decoded without error", bad[0], bad[1])
		}
	}
}
