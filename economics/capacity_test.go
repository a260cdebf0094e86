package economics

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/hardware"
)

// capDay is day d after 2025-01-01 (UTC), the capacity tests' calendar.
func capDay(d int) time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }

// capSite has two 10 MW halls, "Mining" at PUE 1 and "AI-1" at PUE 1.25,
// behind a grid connection of siteMW.
func capSite(siteMW float64) Site {
	return Site{Capacity: hardware.Power(siteMW) * hardware.Megawatt, PUE: 1, Uptime: 1, Halls: []Hall{
		{Name: "Mining", Capacity: 10 * hardware.Megawatt, PUE: 1, OpexPerMWMonth: decimal.NewFromInt(3000)},
		{Name: "AI-1", Capacity: 10 * hardware.Megawatt, PUE: 1.25, OpexPerMWMonth: decimal.NewFromInt(8000)},
	}}
}

// s21Line is n Antminer S21s (3500 W each at stock, hardware's catalog)
// mining bitcoin in hall over [start, end).
func s21Line(t testing.TB, n int, hall string, start, end time.Time) Line {
	t.Helper()
	m, err := hardware.Lookup("Antminer S21")
	if err != nil {
		t.Fatal(err)
	}
	return Line{Model: m, Workload: hardware.BitcoinMining, Units: n, Hall: hall, Start: start, End: end}
}

// coloLine leases kw kilowatts of IT in hall over [start, end).
func coloLine(kw int, hall string, start, end time.Time) Line {
	return Line{Workload: hardware.Colocation, Units: kw, Hall: hall, Start: start, End: end}
}

// capacityErr resolves the lines on site and runs checkCapacity (through
// resolveAll, as Evaluate does).
func capacityErr(t testing.TB, site Site, lines ...Line) error {
	t.Helper()
	_, err := resolveAll(site, lines, nil, nil, true)
	if err != nil && !errors.Is(err, ErrOverCapacity) {
		t.Fatalf("resolveAll: %v", err)
	}
	return err
}

func TestCapacityOverTime(t *testing.T) {
	x := capDay(540) // the conversion day, 2026-06-25
	for _, tc := range []struct {
		name  string
		site  Site
		lines []Line
		want  []string // substrings of the error; nil means it fits
	}{
		// 2,285 S21s x 3.5 kW x PUE 1 = 7.9975 MW in the mining hall
		// until x; then 8,000 kW of colocation x PUE 1.25 = 10 MW in the
		// same hall: the hall is full but never over.
		{"a hall shared by lines that do not overlap",
			capSite(20), []Line{s21Line(t, 2285, "AI-1", time.Time{}, x), coloLine(8000, "AI-1", x, time.Time{})}, nil},
		// The same two lines overlapping by a day: 2,285 x 3.5 x 1.25 =
		// 9.996875 MW + 10 MW = 19.996875 MW in a 10 MW hall, from x - 1 day.
		{"overlapping lines in one hall",
			capSite(20), []Line{s21Line(t, 2285, "AI-1", time.Time{}, x), coloLine(8000, "AI-1", x.AddDate(0, 0, -1), time.Time{})},
			[]string{`hall "AI-1"`, "on 2026-06-24T00:00:00Z", "19.996875 MW", "10 MW"}},
		// Each hall holds 8 MW (2,285 S21s = 7.9975 MW at PUE 1; 6,400 kW
		// x 1.25 = 8 MW) but the site's 15 MW grid connection does not
		// hold both at once: 15.9975 MW from the start of the second.
		{"site total over while each hall fits",
			capSite(15), []Line{s21Line(t, 2285, "Mining", time.Time{}, time.Time{}), coloLine(6400, "AI-1", capDay(30), time.Time{})},
			[]string{"site", "on 2025-01-31T00:00:00Z", "15.9975 MW", "15 MW"}},
		// The same, with the mining line sold the day the colocation
		// starts: never more than 8 MW.
		{"site total fits in sequence",
			capSite(15), []Line{s21Line(t, 2285, "Mining", time.Time{}, capDay(30)), coloLine(6400, "AI-1", capDay(30), time.Time{})}, nil},
		// The hall's PUE applies: 8,001 kW of IT is 10.00125 MW of
		// facility power at AI-1's PUE 1.25 ...
		{"AI hall's PUE applied",
			capSite(20), []Line{coloLine(8001, "AI-1", time.Time{}, time.Time{})}, []string{`hall "AI-1"`, "from the start", "10.00125 MW"}},
		// ... and 8,001 kW at the mining hall's PUE 1.
		{"mining hall's PUE applied",
			capSite(20), []Line{coloLine(8001, "Mining", time.Time{}, time.Time{})}, nil},
		// "" is the first hall, Mining: 10,001 kW x 1 is over its 10 MW.
		{"empty hall name is the first hall",
			capSite(20), []Line{coloLine(10_001, "", time.Time{}, time.Time{})}, []string{`hall "Mining"`, "10.001 MW"}},
		// No halls: the site's PUE 1.1 x 9,091 kW = 10.0001 MW > 10 MW.
		{"no halls: the site from the start",
			Site{Capacity: 10 * hardware.Megawatt, PUE: 1.1, Uptime: 1}, []Line{coloLine(9091, "", time.Time{}, time.Time{})},
			[]string{"site from the start", "10.0001 MW", "PUE 1.1"}},
		// Three 4 MW lines in the mining hall in a relay (ends before
		// starts on the same day), then a fourth one that starts while
		// two run: 12 MW on day 20.
		{"relay then overlap",
			capSite(20), []Line{coloLine(4000, "Mining", time.Time{}, capDay(10)), coloLine(4000, "Mining", capDay(10), capDay(20)),
				coloLine(4000, "Mining", capDay(10), time.Time{}), coloLine(4000, "Mining", capDay(20), time.Time{}),
				coloLine(4000, "Mining", capDay(20), capDay(21))},
			[]string{`hall "Mining"`, "on 2025-01-21", "12 MW"}},
		// A line whose End is not after its Start never runs.
		{"a line ending before it starts counts for nothing",
			capSite(20), []Line{coloLine(8000, "Mining", capDay(10), capDay(5)), coloLine(8000, "Mining", capDay(7), time.Time{})}, nil},
		// A line that runs from the beginning overlaps a dated one.
		{"zero start overlaps a dated line",
			capSite(20), []Line{coloLine(6000, "Mining", time.Time{}, capDay(100)), coloLine(6000, "Mining", capDay(99), capDay(200))},
			[]string{`hall "Mining"`, "on 2025-04-10", "12 MW"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := capacityErr(t, tc.site, tc.lines...)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrOverCapacity) {
				t.Fatalf("err = %v, want ErrOverCapacity", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestCapacityTolerance: a facility power within 1e-12 (relative) of the
// capacity fits; 2e-12 over does not.
func TestCapacityTolerance(t *testing.T) {
	site := capSite(20)
	load := []float64{10_000 * (1 + 5e-13), 0}
	if err := overCapacity(&site, load, 10_000, time.Time{}); err != nil {
		t.Errorf("5e-13 over: %v", err)
	}
	load[0] = 10_000 * (1 + 2e-12)
	if err := overCapacity(&site, load, 10_000, time.Time{}); !errors.Is(err, ErrOverCapacity) {
		t.Errorf("2e-12 over: %v", err)
	}
	if err := overCapacity(&site, []float64{0, 0}, 20_000*(1+2e-12), time.Time{}); !errors.Is(err, ErrOverCapacity) {
		t.Errorf("site 2e-12 over: %v", err)
	}
}

// TestCapacityMatchesBruteForce compares the sweep with a direct sum at
// every moment a line starts, on random dated lines.
func TestCapacityMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	fails := 0
	for trial := range 2000 {
		site := capSite(10 + float64(rng.IntN(15)))
		var lines []Line
		for range 1 + rng.IntN(12) {
			var start, end time.Time
			if rng.IntN(3) > 0 {
				start = capDay(rng.IntN(20))
			}
			if rng.IntN(3) > 0 {
				end = capDay(rng.IntN(25))
			}
			lines = append(lines, coloLine(500*(1+rng.IntN(8)), site.Halls[rng.IntN(2)].Name, start, end))
		}
		got := capacityErr(t, site, lines...) != nil
		if want := bruteOver(site, lines); got != want {
			t.Fatalf("trial %d: over = %v, brute force says %v; lines %+v", trial, got, want, lines)
		}
		if got {
			fails++
		}
	}
	// Both outcomes must occur for the comparison to mean anything.
	if fails == 0 || fails == 2000 {
		t.Fatalf("%d of 2000 trials over capacity: the cases are degenerate", fails)
	}
}

// bruteOver sums, at each moment a line starts, the facility power of the
// lines running then, per hall and in total (colocation lines: kW x the
// hall's PUE).
func bruteOver(site Site, lines []Line) bool {
	runs := func(l Line, at time.Time) bool {
		return !l.Start.After(at) && (l.End.IsZero() || l.End.After(at)) && (l.End.IsZero() || l.End.After(l.Start))
	}
	for _, s := range lines {
		if !runs(s, s.Start) {
			continue
		}
		hall := map[string]float64{}
		total := 0.0
		for _, l := range lines {
			if runs(l, s.Start) {
				pue := site.Halls[0].PUE
				if l.Hall == "AI-1" {
					pue = site.Halls[1].PUE
				}
				hall[l.Hall] += float64(l.Units) * pue
				total += float64(l.Units) * pue
			}
		}
		for _, h := range site.Halls {
			if hall[h.Name] > h.Capacity.Kilowatts()*(1+1e-12) {
				return true
			}
		}
		if total > site.Capacity.Kilowatts()*(1+1e-12) {
			return true
		}
	}
	return false
}

// TestCapacityNoAllocs: Evaluate checks capacity on every call, so a small
// allocation costs no allocation, dated or not, with halls or without.
func TestCapacityNoAllocs(t *testing.T) {
	site := capSite(100)
	plain := Site{Capacity: 100 * hardware.Megawatt, PUE: 1.1, Uptime: 1}
	var undated, dated []Line
	for i := range 16 {
		undated = append(undated, coloLine(100, site.Halls[i%2].Name, time.Time{}, time.Time{}))
		dated = append(dated, coloLine(100, site.Halls[i%2].Name, capDay(i), capDay(i+5)))
	}
	for _, tc := range []struct {
		name  string
		site  Site
		lines []Line
	}{{"undated, halls", site, undated}, {"dated, halls", site, dated}, {"undated, no halls", plain, stripHalls(undated)}} {
		rates, err := resolveAll(tc.site, tc.lines, nil, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() {
			if err := checkCapacity(&tc.site, tc.lines, rates); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", tc.name, n)
		}
	}
}

func stripHalls(lines []Line) []Line {
	out := append([]Line(nil), lines...)
	for i := range out {
		out[i].Hall = ""
	}
	return out
}

func BenchmarkCheckCapacity(b *testing.B) {
	site := capSite(100)
	for _, n := range []int{1, 10, 50} {
		for _, dated := range []bool{false, true} {
			var lines []Line
			for i := range n {
				l := coloLine(100, site.Halls[i%2].Name, time.Time{}, time.Time{})
				if dated {
					l.Start, l.End = capDay(i), capDay(i+10)
				}
				lines = append(lines, l)
			}
			rates, err := resolveAll(site, lines, nil, nil, false)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("lines=%d/dated=%v", n, dated), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := checkCapacity(&site, lines, rates); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
