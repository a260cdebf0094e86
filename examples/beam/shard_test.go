package main

import (
	"errors"
	"reflect"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
)

// The expected plans are worked by hand from planShards' rule: ceil(total
// / 256) chunks dealt out evenly, the first shards taking the remainder,
// the last shard ending at total.
func TestPlanShards(t *testing.T) {
	if economics.ChunkSize != 256 {
		t.Fatalf("economics.ChunkSize = %d: the plans below assume 256", economics.ChunkSize)
	}
	for _, c := range []struct {
		total, n int
		want     []shard
	}{
		{1, 1, []shard{{0, 1}}},
		{1, 4, []shard{{0, 1}}}, // one chunk, one shard
		{256, 2, []shard{{0, 256}}},
		{257, 2, []shard{{0, 256}, {256, 1}}},
		{1024, 4, []shard{{0, 256}, {256, 256}, {512, 256}, {768, 256}}},
		{700, 3, []shard{{0, 256}, {256, 256}, {512, 188}}},
		{1280, 3, []shard{{0, 512}, {512, 512}, {1024, 256}}}, // 5 chunks: 2, 2, 1
		{1300, 2, []shard{{0, 768}, {768, 532}}},              // 6 chunks: 3, 3
		{10_000, 1, []shard{{0, 10_000}}},
		{economics.MaxPaths, 1, []shard{{0, economics.MaxPaths}}},
		// Beyond one machine's MaxPaths: 39,063 chunks, 19,532 + 19,531.
		{economics.MaxPaths + 1, 2, []shard{{0, 5_000_192}, {5_000_192, 4_999_809}}},
	} {
		got, err := planShards(c.total, c.n)
		if err != nil {
			t.Errorf("planShards(%d, %d): %v", c.total, c.n, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("planShards(%d, %d) = %v, want %v", c.total, c.n, got, c.want)
		}
	}
	for _, c := range []struct{ total, n int }{{0, 1}, {-5, 1}, {economics.MaxTotalPaths + 1, 1000_000},
		{economics.MaxPaths + 1, 1}, // one shard over MaxPaths
		{1024, 0}, {1024, -1}} {
		if _, err := planShards(c.total, c.n); !errors.Is(err, errJob) {
			t.Errorf("planShards(%d, %d): got %v, want errJob", c.total, c.n, err)
		}
	}
}
