package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/wattfolio/wattfolio/economics"
)

func init() {
	// Registration lets every runner find the DoFns and the combiner by
	// name in the worker binary, and gives them reflection-free callers.
	register.DoFn2x2[context.Context, shard, string, error](&analyzeFn{})
	register.Combiner3[[]string, string, string](&mergeFn{})
	register.DoFn1x1[string, string](&summaryFn{})
	register.Function1x0(printFn)
}

// analyzeFn runs economics.Analyze on one shard of the job and emits the
// shard's Report as JSON: a Report holds a map and unexported state for
// Merge, which its JSON carries exactly, so JSON is what moves between
// workers.
type analyzeFn struct {
	// Job is the job's JSON; Total its resolved number of paths. Beam
	// serializes these exported fields into the pipeline it ships to the
	// workers.
	Job   string
	Total int

	in inputs // decoded in Setup, once per DoFn instance on a worker
}

// Setup decodes the job on the worker.
func (f *analyzeFn) Setup() error {
	var j job
	if err := json.Unmarshal([]byte(f.Job), &j); err != nil {
		return fmt.Errorf("%w: %w", errJob, err)
	}
	in, err := j.decode()
	if err != nil {
		return err
	}
	f.in = in
	return nil
}

// ProcessElement analyses paths [s.FirstPath, s.FirstPath+s.Paths) of the
// whole run: the same settings as the single run, told the run's size so
// that the Report keeps what Merge needs.
func (f *analyzeFn) ProcessElement(ctx context.Context, s shard) (string, error) {
	set := f.in.set
	set.FirstPath, set.Paths, set.TotalPaths = s.FirstPath, s.Paths, f.Total
	r, err := economics.AnalyzeContext(ctx, f.in.site, f.in.alloc, f.in.model, f.in.snap, &set)
	if err != nil {
		return "", fmt.Errorf("shard [%d, %d): %w", s.FirstPath, s.FirstPath+s.Paths, err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("shard [%d, %d): %w", s.FirstPath, s.FirstPath+s.Paths, err)
	}
	return string(b), nil
}

// summaryFn turns the merged Report's JSON into the text main prints.
type summaryFn struct{}

// ProcessElement formats the report; a report that does not decode gives
// its error as the text, so that it is seen rather than dropped.
func (summaryFn) ProcessElement(report string) string {
	var r economics.Report
	if err := json.Unmarshal([]byte(report), &r); err != nil {
		return fmt.Sprintf("report does not decode: %v", err)
	}
	return summary(r)
}

// buildPipeline adds the analysis of j to the scope, in shards of at most
// shards pieces, and returns the PCollection holding the merged Report's
// JSON (one element). j is checked here, before any worker starts: a bad
// job is an error of the launcher, not of a worker.
func buildPipeline(s beam.Scope, j job, shards int) (beam.PCollection, error) {
	in, err := j.decode()
	if err != nil {
		return beam.PCollection{}, err
	}
	plan, err := planShards(in.set.Paths, shards)
	if err != nil {
		return beam.PCollection{}, err
	}
	b, err := json.Marshal(j)
	if err != nil {
		return beam.PCollection{}, fmt.Errorf("%w: %w", errJob, err)
	}
	elems := make([]any, len(plan))
	for i, p := range plan {
		elems[i] = p
	}
	specs := beam.Create(s.Scope("Shards"), elems...)
	// Reshuffle lets a distributed runner spread the shards over workers
	// instead of running them all where Create put them.
	specs = beam.Reshuffle(s, specs)
	reports := beam.ParDo(s.Scope("Analyze"), &analyzeFn{Job: string(b), Total: in.set.Paths}, specs)
	return beam.Combine(s.Scope("Merge"), &mergeFn{Total: in.set.Paths}, reports), nil
}
