package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/wattfolio/wattfolio/economics"
)

// The pipelines here run on Beam's Prism runner inside the test process
// (ptest's default runner; the workers are this process, in loopback
// mode). Their golden answer is the library's own: economics.Analyze on a
// single machine with the same job's settings, which the pipeline must give
// bit for bit.

func TestMain(m *testing.M) { ptest.Main(m) }

// singleRun is the job's Report from one economics.Analyze call, and its
// JSON.
func singleRun(t *testing.T, j job) (economics.Report, string) {
	t.Helper()
	in, err := j.decode()
	if err != nil {
		t.Fatal(err)
	}
	r, err := economics.Analyze(in.site, in.alloc, in.model, in.snap, &in.set)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return r, string(b)
}

// shardings are the runs the pipeline tests split: even shards, an uneven
// split whose last shard is shorter, bands fed by fewer paths than the run
// (so that the band paths end inside a shard), and antithetic pairs.
func shardings() []struct {
	name   string
	job    job
	shards int
	want   []shard
} {
	bands := quickstartJob(1000, 11)
	bands.BandPaths = 600
	anti := quickstartJob(1024, 5)
	anti.Antithetic = true
	anti.Horizon, anti.Step = "4380h", "168h" // half a year, weekly
	return []struct {
		name   string
		job    job
		shards int
		want   []shard
	}{
		{"4 shards of 256", quickstartJob(1024, 1), 4, []shard{{0, 256}, {256, 256}, {512, 256}, {768, 256}}},
		{"3 shards, the last shorter", quickstartJob(700, 2), 3, []shard{{0, 256}, {256, 256}, {512, 188}}},
		{"band paths end inside a shard", bands, 2, []shard{{0, 512}, {512, 488}}},
		{"antithetic", anti, 3, []shard{{0, 512}, {512, 256}, {768, 256}}},
	}
}

func TestPipelineEqualsAnalyze(t *testing.T) {
	for _, c := range shardings() {
		t.Run(c.name, func(t *testing.T) {
			in, err := c.job.decode()
			if err != nil {
				t.Fatal(err)
			}
			plan, err := planShards(in.set.Paths, c.shards)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(plan, c.want) {
				t.Fatalf("shards %v, want %v", plan, c.want)
			}
			single, want := singleRun(t, c.job)
			if len(single.Bands) == 0 || len(single.ByWorkload) == 0 {
				t.Fatalf("the single run has %d bands and %d workloads: the comparison would miss them", len(single.Bands), len(single.ByWorkload))
			}
			p, s := beam.NewPipelineWithRoot()
			out, err := buildPipeline(s, c.job, c.shards)
			if err != nil {
				t.Fatal(err)
			}
			// Go writes a float64 in JSON as the shortest decimal that
			// reads back to the same bits, so equal JSON is equal bits.
			passert.Equals(s, out, want)
			ptest.RunAndValidate(t, p)
		})
	}
}

// TestPipelineOutput runs main's path to a file, textio.Write, and checks
// the Report read back against the single run with reflect.DeepEqual.
func TestPipelineOutput(t *testing.T) {
	j := quickstartJob(768, 3)
	single, _ := singleRun(t, j)
	path := filepath.Join(t.TempDir(), "report.json")
	p, s := beam.NewPipelineWithRoot()
	out, err := buildPipeline(s, j, 3)
	if err != nil {
		t.Fatal(err)
	}
	textio.Write(s, path, out)
	sum := beam.ParDo(s, &summaryFn{}, out)
	passert.Equals(s, sum, summary(single))
	ptest.RunAndValidate(t, p)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got economics.Report
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, single) {
		t.Fatalf("pipeline's report\n%+v\nsingle run's\n%+v", got, single)
	}
}

// TestPipelineMissingShard shows that the combiner fails the pipeline when
// a shard is lost, rather than reporting a smaller run.
func TestPipelineMissingShard(t *testing.T) {
	j := quickstartJob(768, 3)
	b, err := json.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	p, s := beam.NewPipelineWithRoot()
	specs := beam.Create(s, shard{0, 256}, shard{512, 256})
	reports := beam.ParDo(s, &analyzeFn{Job: string(b), Total: 768}, specs)
	beam.Combine(s, &mergeFn{Total: 768}, reports)
	err = ptest.Run(p)
	if err == nil || !strings.Contains(err.Error(), "merging shard [512, 768)") {
		t.Fatalf("got %v, want the merge's error on shard [512, 768)", err)
	}
}

func TestBuildPipelineRejectsBadJob(t *testing.T) {
	j := quickstartJob(1024, 1)
	j.Model = "optimistic"
	_, s := beam.NewPipelineWithRoot()
	if _, err := buildPipeline(s, j, 4); !errors.Is(err, errJob) {
		t.Errorf("bad model: got %v, want errJob", err)
	}
	if _, err := buildPipeline(s, quickstartJob(1024, 1), 0); !errors.Is(err, errJob) {
		t.Errorf("0 shards: got %v, want errJob", err)
	}
}
