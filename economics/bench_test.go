package economics_test

import (
	"testing"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
)

// twentyLines is a 20-line allocation: every ASIC in the catalog, GPUs on
// AI cloud, and colocation, at the reference snapshot with the tests' GPU
// quotes (testSnapshot).
func twentyLines(b *testing.B) economics.Allocation {
	var a economics.Allocation
	snap := testSnapshot()
	for _, m := range hardware.Catalog() {
		switch {
		case m.Class == hardware.ASIC:
			a.Lines = append(a.Lines, economics.Line{Model: m, Workload: hardware.BitcoinMining, Units: 500})
		case m.Class == hardware.GPU:
			if _, err := snap.GPURate(m.Name); err == nil {
				a.Lines = append(a.Lines, economics.Line{Model: m, Workload: hardware.AICloud, Units: 64})
			}
		}
	}
	for len(a.Lines) < 19 {
		a.Lines = append(a.Lines, economics.Line{Model: a.Lines[0].Model, Mode: "eco", Workload: hardware.BitcoinMining, Units: 100})
	}
	a.Lines = append(a.Lines[:19], economics.Line{Workload: hardware.Colocation, Units: 5000})
	return a
}

func BenchmarkEvaluate(b *testing.B) {
	site := economics.Site{Capacity: 200 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97,
		Curtailment: economics.Economic, OpexPerMWMonth: dec("8200")}
	a := twentyLines(b)
	if len(a.Lines) != 20 {
		b.Fatalf("%d lines", len(a.Lines))
	}
	snap := testSnapshot()
	if _, err := economics.Evaluate(site, a, snap, 30*day); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := economics.Evaluate(site, a, snap, 30*day); err != nil {
			b.Fatal(err)
		}
	}
}
