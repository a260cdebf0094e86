// Command montecarlo simulates one year of the quickstart's 100 MW site
// (S21-class bitcoin mining, rented-out H100s and a colocation tenant)
// under the library's default stochastic market model, week by week over
// many price, difficulty and rental-rate paths. It prints the distribution
// of profit, in total and per workload, and draws a fan chart of cumulative
// profit that sets the mining business beside the AI cloud one.
//
//	go run ./examples/montecarlo
//	go run ./examples/montecarlo -paths 50000 -seed 7 -o /tmp/fan.png
package main

import (
	"flag"
	"fmt"
	"image/color"
	"log"
	"math"
	"os"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/examples/internal/chart"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

const week = 7 * 24 * time.Hour

func main() {
	out := flag.String("o", "montecarlo.png", "path of the fan chart PNG to write")
	paths := flag.Int("paths", 20_000, "number of simulated market paths")
	seed := flag.Uint64("seed", 2026, "seed of the random streams (same seed, same numbers)")
	flag.Parse()
	log.SetFlags(0)

	// The site and the fleet: the same as examples/quickstart.
	lookup := func(name string) hardware.Model {
		m, err := hardware.Lookup(name)
		if err != nil {
			log.Fatal(err)
		}
		return m
	}
	site := economics.Site{
		Name:           "100 MW campus",
		Capacity:       100 * hardware.Megawatt,
		PUE:            1.1,
		PoolFee:        0.02,
		Payout:         economics.FPPS,
		Uptime:         0.97,
		StaleRate:      0.002,
		OpexPerMWMonth: decimal.NewFromInt(8200),
		Curtailment:    economics.Economic,
	}
	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: lookup("Antminer S21"), Workload: hardware.BitcoinMining, Units: 15_000},
		{Model: lookup("Antminer S21 XP"), Workload: hardware.BitcoinMining, Units: 4_000},
		{Model: lookup("H100 SXM"), Workload: hardware.AICloud, Units: 2_048},
		{Workload: hardware.Colocation, Units: 10_000}, // kW of IT load leased
	}}

	// One year in weekly steps. The progress callback comes from one
	// goroutine at a time, so a plain variable is enough to print each
	// percentage once.
	last := -1
	set := &economics.Settings{
		Horizon: 365 * 24 * time.Hour,
		Step:    week,
		Paths:   *paths,
		Seed:    *seed,
		Level:   0.95,
		Progress: func(done, total int) {
			if pct := 100 * done / total; pct != last {
				last = pct
				fmt.Fprintf(os.Stderr, "\rsimulating %d paths: %3d%%", total, pct)
			}
		},
	}
	snap := market.Reference()
	start := time.Now()
	r, err := economics.Analyze(site, alloc, market.DefaultModel(), snap, set)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		log.Fatal(err)
	}
	elapsed := time.Since(start)

	fmt.Printf("%s, %v horizon in %v steps from the reference snapshot of %s\n",
		site.Name, days(r.Horizon), days(r.Step), snap.Date.Format("2 Jan 2006"))
	fmt.Printf("%d paths, seed %d, VaR and CVaR at %g %%, in %v\n\n",
		r.Paths, *seed, 100*r.Level, elapsed.Round(time.Millisecond))

	// Profit over the horizon, in million USD, total then per workload.
	const mUSD = 1e6
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "profit, M USD\tpaths\tmean\tstd dev\tstd error\tVaR95\tCVaR95\tP(loss)\t")
	row := func(name string, s economics.Stats) {
		fmt.Fprintf(w, "%s\t%d\t%.2f\t%.2f\t%.3f\t%.2f\t%.2f\t%.2f %%\t\n", name, r.Paths,
			s.Mean/mUSD, s.StdDev/mUSD, s.StdErr/mUSD, s.VaR/mUSD, s.CVaR/mUSD, 100*s.ProbLoss)
	}
	row("total", economics.Stats{Mean: r.Mean, StdDev: r.StdDev, Variance: r.Variance,
		StdErr: r.StdErr, VaR: r.VaR, CVaR: r.CVaR, ProbLoss: r.ProbLoss})
	workloads := make([]hardware.Workload, 0, len(r.ByWorkload))
	for wl := range r.ByWorkload {
		workloads = append(workloads, wl)
	}
	slices.Sort(workloads)
	for _, wl := range workloads {
		row(wl.String(), r.ByWorkload[wl])
	}
	w.Flush()
	fmt.Println("(VaR and CVaR are losses: a negative value means even the bad tail is a profit)")

	fmt.Printf("\ncorrelation of mining and AI cloud profit across paths: %.3f\n", r.MiningAICorrelation)
	fmt.Printf("bitcoin mined: %.2f ± %.2f BTC\n\n",
		float64(r.MeanMined)/market.SatsPerBTC, r.MinedStdDev/market.SatsPerBTC)

	// Percentiles of cumulative total profit every 13 weeks, and at the end.
	fmt.Println("cumulative total profit, M USD")
	w = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "week\tday\tP5\tP50\tP95\t")
	for i, b := range r.Bands {
		if b.At%(13*week) != 0 && i != len(r.Bands)-1 {
			continue
		}
		fmt.Fprintf(w, "%.4g\t%.0f\t%.2f\t%.2f\t%.2f\t\n",
			weeks(b.At), b.At.Hours()/24, b.P5/mUSD, b.P50/mUSD, b.P95/mUSD)
	}
	w.Flush()

	if err := fanChart(*out, r); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nwrote %s\n", *out)
}

// days formats a duration as a whole number of days.
func days(d time.Duration) string {
	return fmt.Sprintf("%g-day", d.Hours()/24)
}

// weeks returns d in weeks.
func weeks(d time.Duration) float64 { return float64(d) / float64(week) }

// fanChart draws the mining and AI cloud bands of r as two fans on one
// plot and saves it as a PNG at path.
func fanChart(path string, r economics.Report) error {
	plot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	p := plot.New()
	p.Title.Text = "Cumulative profit: mining vs AI cloud (5-25-50-75-95 % bands)"
	p.Title.TextStyle.Font.Size = font.Length(15)
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = "weeks from the reference snapshot"
	p.Y.Label.Text = "cumulative profit, million USD"
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = font.Length(13)
		ax.Tick.Label.Font.Size = font.Length(11)
	}
	p.X.Min, p.X.Max = 0, 53 // a little room for the last tick label
	p.X.Tick.Marker = weekTicks{}
	// Round the profit axis out to whole multiples of 5 M USD, with some
	// headroom above the highest band, and label every 5 M USD.
	lo, hi := 0.0, 0.0
	for _, bs := range [][]economics.Band{r.MiningBands, r.AIBands} {
		for _, b := range bs {
			lo, hi = min(lo, b.P5/1e6), max(hi, b.P95/1e6)
		}
	}
	p.Y.Min, p.Y.Max = 5*math.Floor(lo/5), 5*math.Ceil(hi*1.03/5)
	p.Y.Tick.Marker = stepTicks(5)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.TextStyle.Font.Size = font.Length(12)
	p.Legend.ThumbnailWidth = vg.Points(28)
	p.Legend.XOffs = vg.Points(8)
	p.Legend.YOffs = vg.Points(-6)
	p.Legend.Padding = vg.Points(6)

	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 225}
	grid.Horizontal.Color = color.Gray{Y: 225}
	p.Add(grid)

	zero := plotter.NewFunction(func(float64) float64 { return 0 })
	zero.Color = color.Gray{Y: 120}
	zero.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(zero)

	fans := []struct {
		name  string
		bands []economics.Band
		col   color.RGBA
	}{
		{"bitcoin mining", r.MiningBands, color.RGBA{R: 230, G: 120, B: 20, A: 255}},
		{"AI cloud", r.AIBands, color.RGBA{R: 30, G: 90, B: 200, A: 255}},
	}
	// Outer bands under inner bands under medians, so that where the fans
	// overlap each median stays on top.
	var outers, inners, medians []plot.Plotter
	for _, f := range fans {
		outer, err := chart.Band(f.bands, bandWeeks, func(b economics.Band) (float64, float64) { return b.P5, b.P95 })
		if err != nil {
			return err
		}
		inner, err := chart.Band(f.bands, bandWeeks, func(b economics.Band) (float64, float64) { return b.P25, b.P75 })
		if err != nil {
			return err
		}
		outer.Color = chart.WithAlpha(f.col, 60)
		outer.LineStyle.Width = vg.Points(0.6) // mark the 5 and 95 % edges
		outer.LineStyle.Color = chart.WithAlpha(f.col, 170)
		inner.Color = chart.WithAlpha(f.col, 110)

		median := make(plotter.XYs, len(f.bands)+1)
		for i, b := range f.bands {
			median[i+1] = plotter.XY{X: weeks(b.At), Y: b.P50 / 1e6}
		}
		line, err := plotter.NewLine(median)
		if err != nil {
			return err
		}
		line.Color = f.col
		line.Width = vg.Points(2)

		outers, inners, medians = append(outers, outer), append(inners, inner), append(medians, line)
		p.Legend.Add(f.name+": median, 25-75 %, 5-95 %", outer, inner, line)
	}
	p.Add(outers...)
	p.Add(inners...)
	p.Add(medians...)

	return p.Save(11*vg.Inch, 6.5*vg.Inch, path)
}

// bandWeeks places a band at its time in weeks.
func bandWeeks(b economics.Band) float64 { return weeks(b.At) }

// stepTicks labels every multiple of its value.
type stepTicks float64

func (s stepTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for v := math.Ceil(min/float64(s)) * float64(s); v <= max+1e-9; v += float64(s) {
		ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprintf("%.0f", v)})
	}
	return ts
}

// weekTicks labels the weeks axis every 13 weeks (a quarter), with an
// unlabelled minor tick every 4 weeks or so in between.
type weekTicks struct{}

func (weekTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for q := 0.0; q <= max+1e-9; q += 13 {
		ts = append(ts, plot.Tick{Value: q, Label: fmt.Sprintf("%.0f", q)})
		for _, m := range []float64{q + 13.0/3, q + 26.0/3} {
			if m <= max {
				ts = append(ts, plot.Tick{Value: m})
			}
		}
	}
	return ts
}
