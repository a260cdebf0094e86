package main

import (
	"encoding/json"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/wattfolio/wattfolio/economics"
)

// The benchmarks split the cost of the pipeline: the single run, the same
// run as 8 shards analysed, carried as JSON and merged without Beam, and
// the pipeline on Prism in-process. Run them with
//
//	go test -run '^$' -bench . -benchmem
const benchPaths, benchShards = 20_480, 8

func BenchmarkSingleAnalyze(b *testing.B) {
	in, err := quickstartJob(benchPaths, 1).decode()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := economics.Analyze(in.site, in.alloc, in.model, in.snap, &in.set); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkShardsMergedWithoutBeam(b *testing.B) {
	j := quickstartJob(benchPaths, 1)
	plan, err := planShards(benchPaths, benchShards)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := json.Marshal(j)
	if err != nil {
		b.Fatal(err)
	}
	f := &analyzeFn{Job: string(raw), Total: benchPaths}
	if err := f.Setup(); err != nil {
		b.Fatal(err)
	}
	m := mergeFn{Total: benchPaths}
	for b.Loop() {
		acc := m.CreateAccumulator()
		for _, s := range plan {
			r, err := f.ProcessElement(b.Context(), s)
			if err != nil {
				b.Fatal(err)
			}
			acc = m.AddInput(acc, r)
		}
		if _, err := m.ExtractOutput(acc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPipelinePrism(b *testing.B) {
	j := quickstartJob(benchPaths, 1)
	for b.Loop() {
		p, s := beam.NewPipelineWithRoot()
		if _, err := buildPipeline(s, j, benchShards); err != nil {
			b.Fatal(err)
		}
		if err := ptest.Run(p); err != nil {
			b.Fatal(err)
		}
	}
}
