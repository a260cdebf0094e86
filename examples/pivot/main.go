// Command pivot asks the question every public bitcoin miner now faces: a
// 100 MW site full of S21s could move some or all of its power to AI,
// either renting out H100s itself (GPU cloud) or leasing the power to a
// tenant who brings their own (colocation). How do expected profit and
// risk change with the share moved, which split has the least risk, and
// which the best return per unit of risk?
//
// It simulates one year of the market (the library's default model from
// its reference snapshot), charges the capital the move needs, prints the
// share-by-share tables and the optimal splits, and draws every option on
// one mean/standard-deviation chart.
//
//	go run ./examples/pivot
//	go run ./examples/pivot -paths 50000 -seed 7 -o /tmp/pivot.png
package main

import (
	"errors"
	"flag"
	"fmt"
	"image/color"
	"log"
	"math"
	"os"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
	"github.com/wattfolio/wattfolio/risk"
)

// Capital assumptions. The horizon is one year, so each is charged as one
// year of an annuity: the payment that repays the outlay with interest
// over its life.
const (
	// AI/HPC data centres cost 3-5 million USD per MW to build, against
	// 0.30-0.35 million for a mining facility (Phil Harvey, CEO of
	// Sabre56, to Cointelegraph, September 2024): the midpoint, per MW of
	// facility power, for both GPU cloud and colocation halls.
	aiBuildPerMW = 4e6
	buildLife    = 15 // years; assumption, a typical shell life
	gpuLife      = 5  // years; assumption, H100s bought now
	// costOfCapital is an assumption: a miner's cost of debt and equity.
	costOfCapital = 0.10
	// The S21s are owned and paid for; moving power away from them idles
	// them (resale is left out), so they carry no capital charge.
)

// annuity returns the yearly payment per unit of outlay over life years
// at rate r.
func annuity(r float64, life int) float64 {
	return r / (1 - math.Pow(1+r, -float64(life)))
}

func main() {
	out := flag.String("o", "pivot.png", "path of the chart PNG to write")
	paths := flag.Int("paths", 20_000, "number of simulated market paths")
	seed := flag.Uint64("seed", 2026, "seed of the random streams (same seed, same numbers)")
	flag.Parse()
	log.SetFlags(0)

	lookup := func(name string) hardware.Model {
		m, err := hardware.Lookup(name)
		if err != nil {
			log.Fatal(err)
		}
		return m
	}
	site := economics.Site{
		Name:           "100 MW mining site",
		Capacity:       100 * hardware.Megawatt,
		PUE:            1.1,
		PoolFee:        0.02,
		Payout:         economics.FPPS,
		Uptime:         0.97,
		StaleRate:      0.002,
		OpexPerMWMonth: decimal.NewFromInt(8200), // as in examples/quickstart
		Curtailment:    economics.Economic,       // miners switch off in hours they lose money
	}
	s21, h100 := lookup("Antminer S21"), lookup("H100 SXM")
	mining := economics.Line{Model: s21, Workload: hardware.BitcoinMining}
	cloud := economics.Line{Model: h100, Workload: hardware.AICloud}
	colo := economics.Line{Workload: hardware.Colocation} // per kW of IT load

	// Capital per unit per year: an H100 (catalog price) over its life,
	// plus its share of the hall; a kW leased, its share of the hall.
	gpuPrice, _ := h100.Price.Float64()
	hall := aiBuildPerMW * annuity(costOfCapital, buildLife) // USD per facility MW per year
	gpuMW := (h100.Modes[0].Power + h100.HostPower).Megawatts() * site.PUE
	capital := map[hardware.Workload]float64{
		hardware.BitcoinMining: 0,
		hardware.AICloud:       gpuPrice*annuity(costOfCapital, gpuLife) + hall*gpuMW,
		hardware.Colocation:    hall * site.PUE / 1000,
	}
	capitalOf := func(lines []economics.Line) []float64 {
		c := make([]float64, len(lines))
		for i, l := range lines {
			c[i] = capital[l.Workload]
		}
		return c
	}

	set := &economics.Settings{Horizon: 365 * 24 * time.Hour, Paths: *paths, Seed: *seed, Level: 0.95}
	model, snap := market.DefaultModel(), market.Reference()
	// Every option uses the whole site: the power is paid for either way.
	planner := func(lines ...economics.Line) *economics.Planner {
		p := economics.Problem{Site: site, Candidates: lines, CapitalCost: capitalOf(lines),
			Limits: economics.Limits{Use: site.Capacity}}
		pl, err := economics.NewPlanner(p, model, snap, set)
		if err != nil {
			log.Fatal(err)
		}
		return pl
	}
	start := time.Now()
	toCloud, toColo, all := planner(mining, cloud), planner(mining, colo), planner(mining, cloud, colo)

	fmt.Printf("%s at the reference snapshot of %s: one year, %d paths, seed %d (%v)\n",
		site.Name, snap.Date.Format("2 Jan 2006"), *paths, *seed, time.Since(start).Round(time.Millisecond))
	fmt.Printf("capital per year: H100 %.0f USD (%s USD over %d years at %g %% plus its hall share), colocation %.0f USD per kW of IT; S21s owned\n",
		capital[hardware.AICloud], h100.Price, gpuLife, 100*costOfCapital, capital[hardware.Colocation])
	fmt.Println("profit is after power, opex and capital, in million USD; VaR and CVaR are losses at 95 %")
	fmt.Println()

	// Share by share.
	const mUSD = 1e6
	type point struct{ share, mean, sd, cvar, pLoss float64 }
	sweep := func(pl *economics.Planner) []point {
		power := pl.UnitPower()
		var pts []point
		for k := 0; k <= 10; k++ {
			share := float64(k) / 10
			units := []float64{
				math.Floor((1 - share) * site.Capacity.Megawatts() / power[0].Megawatts()),
				math.Floor(share * site.Capacity.Megawatts() / power[1].Megawatts()),
			}
			o, err := pl.Outcome(units)
			if err != nil {
				log.Fatal(err)
			}
			pts = append(pts, point{share, o.Mean, o.StdDev, o.CVaR, o.ProbLoss})
		}
		return pts
	}
	cloudPts, coloPts := sweep(toCloud), sweep(toColo)
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "\tGPU cloud\t\t\t\t\tcolocation\t\t\t\t")
	fmt.Fprintln(w, "to AI\tmean\tstd dev\tCVaR95\tP(loss)\t\tmean\tstd dev\tCVaR95\tP(loss)\t")
	for i := range cloudPts {
		a, b := cloudPts[i], coloPts[i]
		fmt.Fprintf(w, "%.0f %%\t%.2f\t%.2f\t%.2f\t%.1f %%\t\t%.2f\t%.2f\t%.2f\t%.1f %%\t\n", 100*a.share,
			a.mean/mUSD, a.sd/mUSD, a.cvar/mUSD, 100*a.pLoss, b.mean/mUSD, b.sd/mUSD, b.cvar/mUSD, 100*b.pLoss)
	}
	w.Flush()
	fmt.Println()

	// The optimal splits of each pivot.
	fmt.Println("optimal splits (whole machines; share of facility power moved to AI)")
	w = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "pivot\tobjective\tto AI\tmean\tstd dev\tCVaR95\tP(loss)\tSharpe\t")
	var notes []string
	for _, v := range []struct {
		name string
		pl   *economics.Planner
	}{{"GPU cloud", toCloud}, {"colocation", toColo}} {
		for _, obj := range []economics.Objective{
			{Goal: economics.MinVariance, Target: math.Inf(-1)},
			{Goal: economics.MaxSharpe}, // against a risk-free profit of 0
		} {
			plan, err := v.pl.Optimize(obj)
			switch {
			case errors.Is(err, risk.ErrUnbounded):
				fmt.Fprintf(w, "%s\t%s\t-\t-\t-\t-\t-\tinf\t\n", v.name, obj.Goal)
				notes = append(notes, fmt.Sprintf("%s %s: unbounded, since a split with no risk in the model makes money (%v)", v.name, obj.Goal, err))
				continue
			case errors.Is(err, risk.ErrNoPositiveExcess):
				fmt.Fprintf(w, "%s\t%s\t-\t-\t-\t-\t-\t-\t\n", v.name, obj.Goal)
				notes = append(notes, fmt.Sprintf("%s %s: no split is expected to make money (%v)", v.name, obj.Goal, err))
				continue
			case err != nil:
				log.Fatal(err)
			}
			ai := 1 - plan.Power[hardware.BitcoinMining].Megawatts()/site.Capacity.Megawatts()
			fmt.Fprintf(w, "%s\t%s\t%.1f %%\t%.2f\t%.2f\t%.2f\t%.1f %%\t%s\t\n", v.name, obj.Goal, 100*ai,
				plan.Mean/mUSD, plan.StdDev/mUSD, plan.CVaR/mUSD, 100*plan.ProbLoss, sharpe(plan.Mean, plan.StdDev))
		}
	}
	w.Flush()
	for _, n := range notes {
		fmt.Println(n)
	}
	fmt.Println("(colocation rent is fixed and its power passed through, so the model gives it no risk;")
	fmt.Println(" tenant credit, lease-up and construction delay are real risks it leaves out)")
	fmt.Println()

	// The efficient frontier when both pivots are open.
	front, err := all.Frontier(11)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("efficient frontier, mining + GPU cloud + colocation (least risk for each mean)")
	w = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "mining\tGPU cloud\tcolocation\tmean\tstd dev\tCVaR95\tP(loss)\t")
	for _, f := range front {
		pct := func(wl hardware.Workload) float64 { return 100 * f.Power[wl].Megawatts() / site.Capacity.Megawatts() }
		fmt.Fprintf(w, "%.1f %%\t%.1f %%\t%.1f %%\t%.2f\t%.2f\t%.2f\t%.1f %%\t\n",
			pct(hardware.BitcoinMining), pct(hardware.AICloud), pct(hardware.Colocation),
			f.Mean/mUSD, f.StdDev/mUSD, f.CVaR/mUSD, 100*f.ProbLoss)
	}
	w.Flush()

	// What the right to switch miners off is worth to the all-mining
	// site: in closed form, and as the gain of Analyze's mean on the same
	// paths.
	fleet := economics.Allocation{Lines: []economics.Line{mining}}
	fleet.Lines[0].Units = int(site.Capacity.Megawatts() / toCloud.UnitPower()[0].Megawatts())
	cv, err := economics.ValueCurtailment(site, fleet, model, snap, set)
	if err != nil {
		log.Fatal(err)
	}
	var gain [2]float64
	for i, policy := range []economics.Curtailment{economics.NoCurtailment, economics.Economic} {
		st := site
		st.Curtailment = policy
		r, err := economics.Analyze(st, fleet, model, snap, set)
		if err != nil {
			log.Fatal(err)
		}
		gain[i] = r.Mean
	}
	fmt.Printf("\nvalue of curtailment for %d S21s (switching off in hours that lose money): %.3f M USD in closed form (Margrabe),\n",
		fleet.Lines[0].Units, cv.Total/mUSD)
	fmt.Printf("%.3f M USD by Monte Carlo (mean with economic curtailment less mean without, same paths)\n", (gain[1]-gain[0])/mUSD)

	toXY := func(pts []point) plotter.XYs {
		xy := make(plotter.XYs, len(pts))
		for i, p := range pts {
			xy[i] = plotter.XY{X: p.sd / mUSD, Y: p.mean / mUSD}
		}
		return xy
	}
	frontXY := make(plotter.XYs, len(front))
	for i, f := range front {
		frontXY[i] = plotter.XY{X: f.StdDev / mUSD, Y: f.Mean / mUSD}
	}
	if err := chart(*out, toXY(cloudPts), toXY(coloPts), frontXY); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nwrote %s\n", *out)
}

// sharpe formats mean over standard deviation, or "inf" when the risk is
// rounding noise (below a millionth of the mean).
func sharpe(mean, sd float64) string {
	if sd <= 1e-6*math.Abs(mean) {
		return "inf"
	}
	return fmt.Sprintf("%.2f", mean/sd)
}

// chart draws the two pivots, share by share, and the frontier in the
// (standard deviation, mean) plane and saves the PNG at path.
func chart(path string, cloud, colo, front plotter.XYs) error {
	plot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	p := plot.New()
	p.Title.Text = "Pivoting a 100 MW mining site to AI: one-year profit after capital"
	p.Title.TextStyle.Font.Size = font.Length(15)
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = "standard deviation of profit, million USD"
	p.Y.Label.Text = "expected profit, million USD"
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = font.Length(13)
		ax.Tick.Label.Font.Size = font.Length(11)
	}
	p.Add(plotter.NewGrid())
	series := []struct {
		name  string
		xy    plotter.XYs
		color color.Color
		shape draw.GlyphDrawer
	}{
		{"mining -> GPU cloud, 0-100 % in steps of 10", cloud, color.RGBA{R: 214, G: 39, B: 40, A: 255}, draw.CircleGlyph{}},
		{"mining -> colocation, 0-100 % in steps of 10", colo, color.RGBA{R: 31, G: 119, B: 180, A: 255}, draw.SquareGlyph{}},
		{"efficient frontier, all three", front, color.RGBA{R: 44, G: 160, B: 44, A: 255}, draw.TriangleGlyph{}},
	}
	for i, s := range series {
		l, pts, err := plotter.NewLinePoints(s.xy)
		if err != nil {
			return err
		}
		l.Color, l.Width = s.color, vg.Points(2)
		if i == 2 {
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		}
		pts.Color, pts.Shape, pts.Radius = s.color, s.shape, vg.Points(3.5)
		p.Add(l, pts)
		p.Legend.Add(s.name, l, pts)
	}
	p.X.Min = 0
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(10), vg.Points(10)
	p.Legend.TextStyle.Font.Size = font.Length(11)
	return p.Save(10*vg.Inch, 6.5*vg.Inch, path)
}
