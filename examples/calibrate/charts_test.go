package main

import (
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

// decodePNG decodes the PNG at path and returns its size, failing the test
// when it is not a PNG or holds nothing but white.
func decodePNG(t *testing.T, path string) image.Point {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r != 0xffff || g != 0xffff || bl != 0xffff {
				return b.Size()
			}
		}
	}
	t.Fatalf("%s: every pixel is white", path)
	return image.Point{}
}

func TestFanChart(t *testing.T) {
	h, err := loadHistory("testdata")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "fan.png")
	origin := time.Date(2024, 11, 28, 0, 0, 0, 0, time.UTC)
	s, err := fanChart(h, market.DefaultModel(), origin, 24, 200, 7, path)
	if err != nil {
		t.Fatal(err)
	}
	// 11 by 11 inches at vgimg's 96 dots per inch.
	if got, want := decodePNG(t, path), (image.Point{X: 1056, Y: 1056}); got != want {
		t.Errorf("PNG size %v, want %v", got, want)
	}
	// 2024-11-28 to the end of 2025-11-27, the history's last close: 365
	// daily steps.
	if s.Days != 365 || s.Paths != 200 {
		t.Errorf("Days, Paths = %d, %d, want 365, 200", s.Days, s.Paths)
	}
	wantFrom := time.Date(2022, 11, 28, 0, 0, 0, 0, time.UTC)
	if !s.FitFrom.Equal(wantFrom) || !s.FitTo.Equal(origin) || !s.End.Equal(time.Date(2025, 11, 28, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("window [%v, %v), end %v", s.FitFrom, s.FitTo, s.End)
	}
	for name, c := range map[string]coverage{"price": s.Price, "difficulty": s.Difficulty} {
		if !(0 <= c.In50 && c.In50 <= c.In90 && c.In90 <= 1) {
			t.Errorf("%s coverage %+v: want 0 <= In50 <= In90 <= 1", name, c)
		}
	}
}

func TestFanChartRefusesBadInput(t *testing.T) {
	h, err := loadHistory("testdata")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	at := func(y int, m time.Month, d, hour int) time.Time { return time.Date(y, m, d, hour, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		name           string
		origin         time.Time
		months, paths  int
		want           string
		history        market.History
		replaceHistory bool
	}{
		{name: "one path", origin: at(2023, 11, 28, 0), months: 24, paths: 1, want: "paths = 1"},
		{name: "no window", origin: at(2023, 11, 28, 0), months: 0, paths: 200, want: "window = 0 months"},
		{name: "before the history", origin: at(2010, 1, 1, 0), months: 24, paths: 200, want: "no day of History.Prices"},
		{name: "at the history's end", origin: at(2025, 11, 28, 0), months: 24, paths: 200, want: "at least a day before"},
		{name: "less than a day before the end", origin: at(2025, 11, 27, 1), months: 24, paths: 200, want: "at least a day before"},
		{name: "after the history", origin: at(2026, 1, 1, 0), months: 24, paths: 200, want: "at least a day before"},
		{name: "window before the history", origin: at(2012, 1, 10, 0), months: 24, paths: 200, want: "fitting on 2010-01-10 to 2012-01-10"},
		{name: "no prices", origin: at(2023, 11, 28, 0), months: 24, paths: 200, want: "no prices", replaceHistory: true},
	} {
		hc := h
		if c.replaceHistory {
			hc = c.history
		}
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".png")
		_, err := fanChart(hc, market.DefaultModel(), c.origin, c.months, c.paths, 1, path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if _, err := os.Stat(path); err == nil {
			t.Errorf("%s: wrote %s", c.name, path)
		}
	}
}

// TestSimulateIndependentOfWorkers checks that the paths do not depend on
// how many goroutines draw them: path i always draws from stream (seed, i).
func TestSimulateIndependentOfWorkers(t *testing.T) {
	sim, err := market.DefaultModel().NewSimulator(market.Reference(), 60*24*time.Hour, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	p2, d2 := simulate(sim, 9, 3)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	p1, d1 := simulate(sim, 9, 3)
	for k := range p1 {
		if !slices.Equal(p1[k], p2[k]) || !slices.Equal(d1[k], d2[k]) {
			t.Fatalf("step %d: one worker gives %v %v, several %v %v", k, p1[k], d1[k], p2[k], d2[k])
		}
	}
	// The path drawn by hand from stream (3, 4) is path 4.
	st := sim.Path(market.NewStream(3, 4), 1, nil)
	if st[59].Price != p1[59][4] || st[59].Difficulty != d1[59][4] {
		t.Errorf("path 4 ends at %v, %v; Path from NewStream(3, 4) at %v, %v", p1[59][4], d1[59][4], st[59].Price, st[59].Difficulty)
	}
}

func TestQuantilesExact(t *testing.T) {
	// Type 7: rank p (n - 1) from 0, linear between order statistics.
	got := quantiles([]float64{5, 1, 4, 2, 3}, []float64{0, 0.25, 0.5, 0.75, 1, 0.1})
	want := []float64{1, 2, 3, 4, 5, 1.4}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-15 {
			t.Errorf("quantile %d: %v, want %v", i, got[i], want[i])
		}
	}
	if got := quantiles([]float64{4, 1, 3, 2}, []float64{0.5}); got[0] != 2.5 {
		t.Errorf("median of 1..4: %v, want 2.5", got[0])
	}
	if got := quantiles([]float64{7, 7, 7}, bandLevels); !slices.Equal(got, []float64{7, 7, 7, 7, 7}) {
		t.Errorf("quantiles of a constant: %v", got)
	}
}

// TestQuantilesOrdered checks that the bands come out ordered, 5 <= 25 <=
// 50 <= 75 <= 95 %, and within the sample's range, on samples of the sizes
// and spreads a fan chart sees (lognormal, with ties), per day.
func TestQuantilesOrdered(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	days := make([][]float64, 300)
	for k := range days {
		n := 2 + r.IntN(500)
		days[k] = make([]float64, n)
		for i := range days[k] {
			days[k][i] = math.Exp(3 * r.NormFloat64())
			if r.IntN(4) == 0 {
				days[k][i] = math.Round(days[k][i]) + 1 // ties
			}
		}
	}
	lo, hi := make([]float64, len(days)), make([]float64, len(days))
	for k, x := range days {
		lo[k], hi[k] = slices.Min(x), slices.Max(x)
	}
	b := dailyBands(days)
	for k := range days {
		if b[0][k] < lo[k] || b[4][k] > hi[k] {
			t.Fatalf("day %d: bands [%v, %v] outside the sample's [%v, %v]", k, b[0][k], b[4][k], lo[k], hi[k])
		}
		for j := 1; j < len(b); j++ {
			if b[j][k] < b[j-1][k] {
				t.Fatalf("day %d: quantile %v = %v below quantile %v = %v", k, bandLevels[j], b[j][k], bandLevels[j-1], b[j-1][k])
			}
		}
	}
}

func TestCover(t *testing.T) {
	b := bands{{1, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 3, 3}, {4, 4, 4, 4}, {5, 5, 5, 5}}
	// Inside both (bounds included), inside the 90 % band only, on its
	// bound, outside both.
	got := cover(b, []float64{4, 1.5, 5, 6})
	if got != (coverage{In50: 0.25, In90: 0.75}) {
		t.Errorf("cover = %+v, want {0.25 0.75}", got)
	}
}

func TestTicks(t *testing.T) {
	lo, hi := unix(time.Date(2023, 11, 28, 0, 0, 0, 0, time.UTC)), unix(time.Date(2025, 11, 28, 0, 0, 0, 0, time.UTC))
	var labels []string
	ts := monthTicks{}.Ticks(lo, hi)
	for _, tk := range ts {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	want := []string{"Jan 2024", "Apr 2024", "Jul 2024", "Oct 2024", "Jan 2025", "Apr 2025", "Jul 2025", "Oct 2025"}
	if len(ts) != 24 || !slices.Equal(labels, want) {
		t.Errorf("month ticks: %d, labelled %q; want 24, %q", len(ts), labels, want)
	}
	var got []string
	for _, tk := range (logTicks{label: usdLabel}).Ticks(7e3, 1.2e5) {
		got = append(got, tk.Label)
	}
	if want := []string{"10k", "20k", "50k", "100k"}; !slices.Equal(got, want) {
		t.Errorf("price ticks %q, want %q", got, want)
	}
	got = got[:0]
	for _, tk := range (logTicks{label: plainLabel}).Ticks(66, 310) {
		got = append(got, tk.Label)
	}
	if want := []string{"70", "100", "150", "200", "300"}; !slices.Equal(got, want) {
		t.Errorf("difficulty ticks %q, want %q", got, want)
	}
	got = got[:0]
	for _, tk := range (countTicks{}).Ticks(0, 17) {
		got = append(got, tk.Label)
	}
	if want := []string{"0", "5", "10", "15"}; !slices.Equal(got, want) {
		t.Errorf("count ticks %q, want %q", got, want)
	}
}

func TestPITHistogram(t *testing.T) {
	var hist [][]int
	var labels []string
	for i, s := range []string{"price", "difficulty", "hashprice"} {
		for j, m := range []string{"3 months", "6 months", "12 months"} {
			c := make([]int, 10)
			for b := range c {
				c[b] = (3*i + j + b) % 7
			}
			hist = append(hist, c)
			labels = append(labels, s+", "+m)
		}
	}
	path := filepath.Join(t.TempDir(), "pit.png")
	if err := pitHistogram(path, "PIT histograms", hist, labels); err != nil {
		t.Fatal(err)
	}
	// 3 panels of 4 inches by 3 of 3.2, and 0.8 inch of heading, at 96
	// dots per inch: 1152 by 998.4, truncated by vgimg to 998.
	if got, want := decodePNG(t, path), (image.Point{X: 1152, Y: 998}); got != want {
		t.Errorf("PNG size %v, want %v", got, want)
	}
	// Two histograms: one row of two panels.
	path2 := filepath.Join(t.TempDir(), "pit2.png")
	if err := pitHistogram(path2, "", hist[:2], labels[:2]); err != nil {
		t.Fatal(err)
	}
	if got := decodePNG(t, path2); got.X != 768 {
		t.Errorf("two panels: width %d, want 768", got.X)
	}

	for _, c := range []struct {
		name   string
		hist   [][]int
		labels []string
		want   string
	}{
		{"none", nil, nil, "0 histograms and 0 labels"},
		{"labels short", hist, labels[:8], "9 histograms and 8 labels"},
		{"nine bins", [][]int{make([]int, 9)}, []string{"x"}, `"x": 9 bins, want 10`},
		{"negative", [][]int{{1, 2, 3, -1, 0, 0, 0, 0, 0, 0}}, []string{"x"}, "bin 3 count -1 is negative"},
		{"empty", [][]int{make([]int, 10)}, []string{"x"}, `"x": no values`},
	} {
		err := pitHistogram(filepath.Join(t.TempDir(), "bad.png"), "t", c.hist, c.labels)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}
