package main

import (
	"fmt"

	"github.com/wattfolio/wattfolio/economics"
)

// shard is a range of a run's paths, [FirstPath, FirstPath+Paths): the
// element a worker analyses. Its fields are exported for Beam's coder.
type shard struct {
	FirstPath int
	Paths     int
}

// planShards splits a run of total paths into at most n shards of whole
// chunks (economics.ChunkSize paths), each starting at a multiple of the
// chunk size as Report.Merge requires: the chunks are dealt out as evenly
// as they go, the first shards taking one more when they do not divide,
// and the last shard ends at total (it is shorter when total is not a
// multiple of the chunk size). There are fewer than n shards when the run
// has fewer than n chunks.
//
// A sharded run may be larger than one machine's economics.MaxPaths, up
// to economics.MaxTotalPaths, as long as no shard is larger than MaxPaths.
// Errors match errJob.
func planShards(total, n int) ([]shard, error) {
	if total < 1 || total > economics.MaxTotalPaths {
		return nil, fmt.Errorf("%w: paths = %d: must be in [1, %d]", errJob, total, int64(economics.MaxTotalPaths))
	}
	if n < 1 {
		return nil, fmt.Errorf("%w: shards = %d: must be at least 1", errJob, n)
	}
	chunks := (total + economics.ChunkSize - 1) / economics.ChunkSize
	n = min(n, chunks)
	if largest := min((chunks+n-1)/n*economics.ChunkSize, total); largest > economics.MaxPaths {
		need := (chunks + economics.MaxPaths/economics.ChunkSize - 1) / (economics.MaxPaths / economics.ChunkSize)
		return nil, fmt.Errorf("%w: shards = %d: a shard of %d paths would hold more than economics.MaxPaths = %d; use at least %d shards",
			errJob, n, largest, economics.MaxPaths, need)
	}
	out := make([]shard, 0, n)
	first := 0
	for i := range n {
		c := chunks / n
		if i < chunks%n {
			c++
		}
		end := min(first+c*economics.ChunkSize, total)
		out = append(out, shard{FirstPath: first, Paths: end - first})
		first = end
	}
	return out, nil
}
