package economics_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// campusProject is the performance case: a 200 MW campus of four
// 50 MW halls, 20 lines. Mining lines of three models run until their
// hall's conversion; H100 and B200 cloud lines bought for the converted
// halls start then, after a build-out delay; colocation tenants lease the
// rest for 15 years. Figures are REFERENCE.md's ("Capital, contracts and
// finance") or round assumptions; the test only needs them plausible.
func campusProject(tb testing.TB, s market.Snapshot) economics.Project {
	halls := []economics.Hall{
		{Name: "A", Capacity: 50 * hardware.Megawatt, PUE: 1.05, OpexPerMWMonth: dec("4000")},
		{Name: "B", Capacity: 50 * hardware.Megawatt, PUE: 1.05, OpexPerMWMonth: dec("4000")},
		{Name: "C", Capacity: 50 * hardware.Megawatt, PUE: 1.3, OpexPerMWMonth: dec("9000")},
		{Name: "D", Capacity: 50 * hardware.Megawatt, PUE: 1.3, OpexPerMWMonth: dec("9000")},
	}
	site := economics.Site{Capacity: 200 * hardware.Megawatt, PUE: 1.05, PoolFee: 0.02, Uptime: 0.97,
		OpexPerMWMonth: dec("4000"), Halls: halls}
	month := year / 12
	convert := s.Date.Add(6 * month)
	delay := &economics.Delay{Min: 9 * month, Likely: 12 * month, Max: 18 * month}
	gpu := func(name string, unit string) *economics.Capital {
		return &economics.Capital{Unit: dec(unit), Life: 5 * year, Salvage: 0.1, Depreciation: economics.MACRS5}
	}
	var lines []economics.Line
	// Halls A and B keep mining; C and D mine until the conversion.
	for _, hall := range []string{"A", "B", "C", "D"} {
		for _, mm := range []struct {
			name  string
			units int
		}{{"Antminer S21", 3000}, {"Antminer S21 XP", 2000}, {"Antminer S19 XP", 2500}} {
			l := economics.Line{Model: model(tb, mm.name), Workload: hardware.BitcoinMining, Units: mm.units, Hall: hall}
			if hall == "C" || hall == "D" {
				l.End = convert
			}
			lines = append(lines, l)
		}
	}
	// Hall C: GPU cloud; hall D: colocation, both from the conversion.
	for _, g := range []struct {
		name, unit string
		units      int
	}{{"H100 SXM", "30000", 12000}, {"B200", "50000", 8000}} {
		lines = append(lines, economics.Line{Model: model(tb, g.name), Workload: hardware.AICloud, Units: g.units / 2,
			Hall: "C", Start: convert, Delay: delay, Capital: gpu(g.name, g.unit)})
		lines = append(lines, economics.Line{Model: model(tb, g.name), Workload: hardware.AICloud, Units: g.units / 2,
			Hall: "C", Start: convert.Add(6 * month), Delay: delay, Capital: gpu(g.name, g.unit)})
	}
	for i := range 4 {
		lines = append(lines, economics.Line{Workload: hardware.Colocation, Units: 9000, Hall: "D",
			Start: convert, Delay: delay,
			Capital: &economics.Capital{Unit: dec("4500"), Life: 20 * year, Depreciation: economics.StraightLine},
			Lease:   &economics.Lease{Rate: dec("140"), Escalator: 0.03, Term: 15 * year, Default: 0.02 * float64(i+1), Relet: 6 * month}})
	}
	return economics.Project{
		Site: site, Lines: lines,
		Outlays: []economics.Outlay{{Date: convert, Amount: dec("40000000"), Label: "hall D shell", Life: 20 * year}},
		Finance: economics.Finance{Discount: 0.10, TaxRate: 0.21, Debt: 0.8, Interest: 0.09, Tenor: 7 * year},
	}
}

// BenchmarkAppraise is the case: ten years in weekly steps (522
// steps), 20 lines, 10,000 paths, on the machine's cores.
func BenchmarkAppraise(b *testing.B) {
	s := testSnapshot()
	p := campusProject(b, s)
	if n := len(p.Lines); n != 20 {
		b.Fatalf("%d lines, want 20", n)
	}
	set := &economics.Settings{Horizon: 10 * year, Paths: 10_000}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := economics.Appraise(p, market.DefaultModel(), s, set); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppraiseWorkers runs the same case on 1 and 2 workers.
func BenchmarkAppraiseWorkers(b *testing.B) {
	s := testSnapshot()
	p := campusProject(b, s)
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			set := &economics.Settings{Horizon: 10 * year, Paths: 10_000, Workers: w}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := economics.Appraise(p, market.DefaultModel(), s, set); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var _ = time.Hour
