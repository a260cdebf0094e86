// Command beam runs one Monte Carlo analysis of wattfolio as an Apache
// Beam pipeline: it splits the run's paths into shards at multiples of
// economics.ChunkSize, analyses each shard on a worker with
// Settings.FirstPath, and combines the shards' Reports with Report.Merge
// as a Beam combiner. The merged Report is the single-machine Analyze's,
// bit for bit.
//
// By default it runs on Beam's Prism runner inside this process:
//
//	go run . --paths 20480 --shards 8 --seed 1
//
// and the usual Beam flags run it elsewhere (--runner=flink, spark or
// dataflow; see README.md). It is a module of its own, so that the
// library does not depend on Beam.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
)

var (
	paths   = flag.Int("paths", 20_480, "paths of the whole run")
	shards  = flag.Int("shards", 8, "number of shards (at most one per 256 paths)")
	seed    = flag.Uint64("seed", 1, "seed of the run")
	jobFile = flag.String("job", "", "JSON file of the job (site, allocation, settings; see job.go); empty: the quickstart's allocation with --paths and --seed")
	output  = flag.String("output", "", "where to write the merged Report's JSON (a local path, or gs://... on Dataflow); empty: nowhere")
)

func main() {
	flag.Parse()
	// beam.Init must come first after flag.Parse: on a distributed runner
	// the same binary starts as a worker, and then Init never returns.
	beam.Init()

	j := quickstartJob(*paths, *seed)
	if *jobFile != "" {
		b, err := os.ReadFile(*jobFile)
		if err != nil {
			log.Fatal(err)
		}
		j = job{}
		if err := json.Unmarshal(b, &j); err != nil {
			log.Fatalf("%s: %v", *jobFile, err)
		}
	}

	p, s := beam.NewPipelineWithRoot()
	report, err := buildPipeline(s, j, *shards)
	if err != nil {
		log.Fatal(err)
	}
	if *output != "" {
		textio.Write(s, *output, report)
	}
	// The summary is printed by the worker that holds the merged report:
	// this process on Prism, the worker logs on a cluster (use --output
	// there).
	beam.ParDo0(s, printFn, beam.ParDo(s, &summaryFn{}, report))

	if err := beamx.Run(context.Background(), p); err != nil {
		log.Fatalf("pipeline failed: %v", err)
	}
}

// printFn writes a summary to standard output.
func printFn(text string) { fmt.Print(text) }
