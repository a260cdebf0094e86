package economics_test

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// A run of 2,000 paths split into shards that could run on four machines:
// each shard runs paths [FirstPath, FirstPath+Paths), is told the whole
// run's size, and travels as JSON; merged in path order they give the
// single run's Report bit for bit.
func ExampleReport_Merge() {
	s21, _ := hardware.Lookup("Antminer S21")
	h100, _ := hardware.Lookup("H100 SXM")
	site := economics.Site{Capacity: 20 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97,
		OpexPerMWMonth: decimal.NewFromInt(8200)}
	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: s21, Workload: hardware.BitcoinMining, Units: 3000},
		{Model: h100, Workload: hardware.AICloud, Units: 2000},
	}}
	const total, per = 2000, 2 * economics.ChunkSize // shards start at multiples of ChunkSize
	var merged economics.Report
	for first := 0; first < total; first += per {
		set := economics.Settings{Paths: min(per, total-first), FirstPath: first, TotalPaths: total, Seed: 1}
		shard, err := economics.Analyze(site, alloc, market.DefaultModel(), market.Reference(), &set)
		if err != nil {
			fmt.Println(err)
			return
		}
		wire, _ := json.Marshal(shard) // what a worker would send back
		var got economics.Report
		if err := json.Unmarshal(wire, &got); err != nil {
			fmt.Println(err)
			return
		}
		if first == 0 {
			merged = got
		} else if err := merged.Merge(got); err != nil {
			fmt.Println(err)
			return
		}
	}
	single, _ := economics.Analyze(site, alloc, market.DefaultModel(), market.Reference(),
		&economics.Settings{Paths: total, Seed: 1})
	fmt.Println("paths merged:", merged.Paths)
	fmt.Println("same report as one run:", reflect.DeepEqual(merged, single))
	// Output:
	// paths merged: 2000
	// same report as one run: true
}
