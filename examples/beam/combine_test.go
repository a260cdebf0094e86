package main

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
)

// shardReports runs economics.Analyze on each shard of j as a worker
// would, and returns the Reports' JSON in the plan's order.
func shardReports(t *testing.T, j job, plan []shard) []string {
	t.Helper()
	b, err := json.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	in, err := j.decode()
	if err != nil {
		t.Fatal(err)
	}
	f := &analyzeFn{Job: string(b), Total: in.set.Paths}
	if err := f.Setup(); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(plan))
	for i, s := range plan {
		if out[i], err = f.ProcessElement(t.Context(), s); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestCombinerAnyOrder feeds the combiner as a runner might: inputs added
// to several accumulators in a scrambled order, accumulators merged in
// another. The result must be the single run's Report (reflect.DeepEqual).
func TestCombinerAnyOrder(t *testing.T) {
	j := quickstartJob(1200, 9)
	plan, err := planShards(1200, 5)
	if err != nil {
		t.Fatal(err)
	}
	reports := shardReports(t, j, plan)
	single, want := singleRun(t, j)
	f := mergeFn{Total: 1200}
	a := f.AddInput(f.AddInput(f.CreateAccumulator(), reports[4]), reports[1])
	b := f.AddInput(f.AddInput(f.AddInput(f.CreateAccumulator(), reports[3]), reports[0]), reports[2])
	got, err := f.ExtractOutput(f.MergeAccumulators(a, b))
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("merged JSON\n%s\nsingle run's\n%s", got, want)
	}
	rev := slices.Clone(reports)
	slices.Reverse(rev)
	r, err := mergeReports(rev, 1200)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, single) {
		t.Fatalf("merged report\n%+v\nsingle run's\n%+v", r, single)
	}
}

// TestMergeRejects: shards out of order, of another run, with other
// settings, with a gap or an overlap fail with economics.ErrInvalid (from
// Report.Merge); a missing first or last shard with errJob (the combiner's
// own check, as Merge cannot see it).
func TestMergeRejects(t *testing.T) {
	j := quickstartJob(768, 4)
	plan := []shard{{0, 256}, {256, 256}, {512, 256}}
	rs := shardReports(t, j, plan)
	other := shardReports(t, quickstartJob(768, 5), plan) // another seed
	j.Level = 0.99
	level := shardReports(t, j, plan)
	for _, c := range []struct {
		name   string
		shards []string // decoded afresh for each case, as Merge changes its receiver
		want   error
	}{
		{"out of order", []string{rs[0], rs[2], rs[1]}, economics.ErrInvalid},
		{"another run's shard", []string{rs[0], other[1], rs[2]}, economics.ErrInvalid},
		{"other settings' shard", []string{rs[0], rs[1], level[2]}, economics.ErrInvalid},
		{"a gap", []string{rs[0], rs[2]}, economics.ErrInvalid},
		{"an overlap", []string{rs[0], rs[1], rs[1], rs[2]}, economics.ErrInvalid},
		{"no first shard", []string{rs[1], rs[2]}, errJob},
		{"no last shard", []string{rs[0], rs[1]}, errJob},
		{"nothing", nil, errJob},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := foldReports(decodeAll(t, c.shards), 768); !errors.Is(err, c.want) {
				t.Fatalf("got %v, want an error matching %v", err, c.want)
			}
		})
	}
	// The combiner sorts, so order alone is no error there; the rest is.
	if _, err := mergeReports([]string{rs[2], rs[0], rs[1]}, 768); err != nil {
		t.Errorf("scrambled but complete: %v", err)
	}
	if _, err := mergeReports([]string{rs[0], rs[1], other[2]}, 768); !errors.Is(err, economics.ErrInvalid) {
		t.Errorf("combiner with another run's shard: got %v, want economics.ErrInvalid", err)
	}
	if _, err := mergeReports([]string{`{"paths": 1`}, 768); err == nil {
		t.Error("combiner with a truncated report: no error")
	}
}

func decodeAll(t *testing.T, jsons []string) []economics.Report {
	t.Helper()
	rs := make([]economics.Report, len(jsons))
	for i, s := range jsons {
		if err := json.Unmarshal([]byte(s), &rs[i]); err != nil {
			t.Fatal(err)
		}
	}
	return rs
}
