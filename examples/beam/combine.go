package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/wattfolio/wattfolio/economics"
)

// mergeFn is the Beam combiner that folds the shards' Reports into the
// whole run's with economics.Report.Merge. Its accumulator is the list of
// shard Reports collected so far, as JSON: a runner may add inputs and
// merge accumulators in any order, and on any worker, while Merge takes
// shards in path order only, so the order is restored once, in
// ExtractOutput, by sorting on FirstPath.
type mergeFn struct {
	// Total is the whole run's number of paths: the merged Report must
	// cover exactly [0, Total).
	Total int
}

// CreateAccumulator returns an empty list.
func (mergeFn) CreateAccumulator() []string { return nil }

// AddInput adds one shard's Report.
func (mergeFn) AddInput(acc []string, report string) []string { return append(acc, report) }

// MergeAccumulators joins two lists. It copies, so that neither argument's
// backing array is shared with the result.
func (mergeFn) MergeAccumulators(a, b []string) []string {
	return append(append(make([]string, 0, len(a)+len(b)), a...), b...)
}

// ExtractOutput merges the collected shards in path order and returns the
// whole run's Report as JSON.
func (f mergeFn) ExtractOutput(acc []string) (string, error) {
	r, err := mergeReports(acc, f.Total)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("merged report: %w", err)
	}
	return string(b), nil
}

// mergeReports decodes the shards' Reports, sorts them by FirstPath and
// folds them with Report.Merge, which refuses (with an error matching
// economics.ErrInvalid) a gap, an overlap, or a shard of another run or
// other settings. It then checks that the shards cover [0, total) exactly:
// Merge cannot know that a first or last shard is missing.
func mergeReports(jsons []string, total int) (economics.Report, error) {
	if len(jsons) == 0 {
		return economics.Report{}, fmt.Errorf("%w: no shard to merge", errJob)
	}
	rs := make([]economics.Report, len(jsons))
	for i, s := range jsons {
		if err := json.Unmarshal([]byte(s), &rs[i]); err != nil {
			return economics.Report{}, fmt.Errorf("shard report %d: %w", i, err)
		}
	}
	slices.SortStableFunc(rs, func(a, b economics.Report) int { return cmp.Compare(a.FirstPath, b.FirstPath) })
	return foldReports(rs, total)
}

// foldReports merges rs in the order given, and checks that they cover
// [0, total).
func foldReports(rs []economics.Report, total int) (economics.Report, error) {
	if len(rs) == 0 {
		return economics.Report{}, fmt.Errorf("%w: no shard to merge", errJob)
	}
	if rs[0].FirstPath != 0 {
		return economics.Report{}, fmt.Errorf("%w: the first shard starts at path %d, not 0", errJob, rs[0].FirstPath)
	}
	acc := rs[0]
	for _, o := range rs[1:] {
		if err := acc.Merge(o); err != nil {
			return economics.Report{}, fmt.Errorf("merging shard [%d, %d): %w", o.FirstPath, o.FirstPath+o.Paths, err)
		}
	}
	if acc.Paths != total {
		return economics.Report{}, fmt.Errorf("%w: the shards cover paths [0, %d) of a run of %d", errJob, acc.Paths, total)
	}
	return acc, nil
}
