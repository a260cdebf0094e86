package main

// The two charts of the calibration: the fan of the fitted model's BTC
// price and difficulty over the last two years of history, with the
// realized path drawn on it, and the PIT histograms of the walk-forward
// backtest.

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/wattfolio/wattfolio/examples/internal/chart"
	"github.com/wattfolio/wattfolio/market"
	"github.com/wattfolio/wattfolio/risk"
)

// fanSummary is what the fan chart shows, in figures: the fit window, the
// simulation, and how often the realized path stayed inside the bands.
type fanSummary struct {
	// FitFrom and FitTo are the fitting window: rows dated in
	// [FitFrom, FitTo) were used, FitTo being the origin.
	FitFrom, FitTo time.Time
	// End is the end of the simulation: the end of the history's last day.
	End time.Time
	// Paths is the number of paths simulated, Days the number of daily
	// steps (the last one shorter when the origin is not at midnight).
	Paths, Days int
	// Price and Difficulty are the coverage of each series' bands.
	Price, Difficulty coverage
}

// coverage is the share of the days, at each day's end, on which the
// realized value lay inside the 25-75 % band (In50) and inside the
// 5-95 % band (In90) of the simulated distribution of that day, bounds
// included.
type coverage struct {
	In50, In90 float64
}

// bandLevels are the quantiles the fan chart draws: the 5-95 % band, the
// 25-75 % band and the median.
var bandLevels = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// bands holds, for each quantile of bandLevels, its value on each day.
type bands [5][]float64

// fanChart fits base to h on the trailing window of windowMonths months
// before origin (market.Calibrate on [origin - windowMonths, origin)),
// simulates paths paths of the fitted model in daily steps from the
// market h knew at origin (History.Bitcoin; the path i draws from
// market.NewStream(seed, i)) to the end of the history's last day, and
// writes to path a PNG of two stacked panels: BTC price and difficulty,
// each on a log axis with the 5-95 % and 25-75 % bands and the median of
// the simulated values of every day, and the realized path (the daily
// closes; the difficulty in force, a step line from the epochs). It
// returns the coverage of the bands by the realized path.
//
// paths must be at least 2 and windowMonths at least 1; origin must be at
// least a day before the end of the history's last day, and History.Bitcoin
// must know the market at origin.
func fanChart(h market.History, base market.Model, origin time.Time, windowMonths, paths int, seed uint64, path string) (fanSummary, error) {
	if paths < 2 {
		return fanSummary{}, fmt.Errorf("fan chart: paths = %d: want at least 2", paths)
	}
	if windowMonths < 1 {
		return fanSummary{}, fmt.Errorf("fan chart: window = %d months: want at least 1", windowMonths)
	}
	if len(h.Prices) == 0 {
		return fanSummary{}, errors.New("fan chart: the history has no prices")
	}
	end := h.Prices[len(h.Prices)-1].Date.Add(24 * time.Hour)
	if end.Sub(origin) < 24*time.Hour {
		return fanSummary{}, fmt.Errorf("fan chart: origin %s: want at least a day before the history's end, %s", origin.Format(time.RFC3339), end.Format(time.RFC3339))
	}
	b, err := h.Bitcoin(origin, market.Chain{})
	if err != nil {
		return fanSummary{}, fmt.Errorf("fan chart: %w", err)
	}
	from := origin.AddDate(0, -windowMonths, 0)
	c, err := market.Calibrate(h, base, from, origin)
	if err != nil {
		return fanSummary{}, fmt.Errorf("fan chart: fitting on %s to %s: %w", day(from), day(origin), err)
	}
	horizon := end.Sub(origin)
	sim, err := c.Model.NewSimulator(market.Snapshot{Date: origin, Bitcoin: b}, horizon, 24*time.Hour)
	if err != nil {
		return fanSummary{}, fmt.Errorf("fan chart: %w", err)
	}
	price, diff := simulate(sim, paths, seed)
	n := sim.Steps()

	// The step ends, and the market history knew at each.
	at := make([]time.Time, n)
	realP, realD := make([]float64, n), make([]float64, n)
	for k := range n {
		at[k] = origin.Add(min(time.Duration(k+1)*24*time.Hour, horizon))
		rb, err := h.Bitcoin(at[k], market.Chain{})
		if err != nil {
			return fanSummary{}, fmt.Errorf("fan chart: the realized path: %w", err)
		}
		realP[k], realD[k] = rb.Price.InexactFloat64(), rb.Difficulty
	}
	pb, db := dailyBands(price), dailyBands(diff)
	s := fanSummary{
		FitFrom: from, FitTo: origin, End: end, Paths: paths, Days: n,
		Price: cover(pb, realP), Difficulty: cover(db, realD),
	}

	p0 := b.Price.InexactFloat64()
	top := fanPanel(fmt.Sprintf("BTC price: bands of the model fitted on %s to %s (%d months), %d paths",
		day(from), day(origin.Add(-24*time.Hour)), windowMonths, paths), "BTC/USD", usdLabel)
	if err := addFan(top, origin, at, p0, pb, 1, realLine(origin, at, p0, realP, 1), s.Price); err != nil {
		return fanSummary{}, err
	}
	bottom := fanPanel("Network difficulty: the same paths", "difficulty, T (10^12)", plainLabel)
	steps, err := epochSteps(h.Epochs, origin, end, b.Difficulty)
	if err != nil {
		return fanSummary{}, err
	}
	if err := addFan(bottom, origin, at, b.Difficulty, db, 1e-12, steps, s.Difficulty); err != nil {
		return fanSummary{}, err
	}
	bottom.X.Label.Text = fmt.Sprintf("date (UTC); the simulation starts at %s, the realized path ends at %s", day(origin), day(end.Add(-24*time.Hour)))
	return s, savePanels(path, 11*vg.Inch, 11*vg.Inch, "", [][]*plot.Plot{{top}, {bottom}})
}

// simulate draws paths paths of sim and returns, for each step, the
// price and the difficulty at its end on every path: price[k][i] is path
// i's price at the end of step k. Paths are spread over GOMAXPROCS
// goroutines; path i draws from market.NewStream(seed, i), so the result
// does not depend on the spread.
func simulate(sim *market.Simulator, paths int, seed uint64) (price, diff [][]float64) {
	n := sim.Steps()
	price, diff = make([][]float64, n), make([][]float64, n)
	for k := range n {
		price[k], diff[k] = make([]float64, paths), make([]float64, paths)
	}
	workers := min(runtime.GOMAXPROCS(0), paths)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var dst []market.Step
			for i := w; i < paths; i += workers {
				dst = sim.Path(market.NewStream(seed, uint64(i)), 1, dst)
				for k, st := range dst {
					price[k][i], diff[k][i] = st.Price, st.Difficulty
				}
			}
		}()
	}
	wg.Wait()
	return price, diff
}

// quantiles returns the type-7 quantiles of x (linear between order
// statistics, R's default) at the levels ps, each in [0, 1]:
// risk.QuantilesTo, which leaves x as it is. x must not be empty nor hold
// NaN.
func quantiles(x []float64, ps []float64) []float64 {
	return risk.QuantilesTo(make([]float64, len(ps)), ps, risk.Type7, x)
}

// dailyBands returns the quantiles of bandLevels of each step's values.
func dailyBands(v [][]float64) bands {
	var b bands
	for j := range b {
		b[j] = make([]float64, len(v))
	}
	for k, x := range v {
		for j, q := range quantiles(x, bandLevels) {
			b[j][k] = q
		}
	}
	return b
}

// cover returns the share of the days on which real lies inside b's
// 25-75 % and 5-95 % bands.
func cover(b bands, real []float64) coverage {
	var in50, in90 int
	for k, r := range real {
		if b[1][k] <= r && r <= b[3][k] {
			in50++
		}
		if b[0][k] <= r && r <= b[4][k] {
			in90++
		}
	}
	n := float64(len(real))
	return coverage{In50: float64(in50) / n, In90: float64(in90) / n}
}

var (
	bandBlue = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	ink      = color.RGBA{R: 20, G: 20, B: 20, A: 255}
	uniform  = color.RGBA{R: 214, G: 39, B: 40, A: 255}
)

// newPanel returns a plot with the examples' font and a grid.
func newPanel(title, x, y string) *plot.Plot {
	return chart.NewPlot(title, x, y, chart.Sizes{Title: 13, Label: 11, Tick: 10, Legend: 10})
}

// fanPanel returns a panel of dates against a log y axis whose ticks
// label carries.
func fanPanel(title, y string, label func(float64) string) *plot.Plot {
	p := newPanel(title, "", y)
	p.X.Tick.Marker = monthTicks{}
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{label: label}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(8)
	return p
}

// addFan draws on p the bands b of the step ends at, from the value v0 at
// origin, scaled by scale, under the realized line, and their legend.
func addFan(p *plot.Plot, origin time.Time, at []time.Time, v0 float64, b bands, scale float64, real *plotter.Line, c coverage) error {
	xs := make([]float64, len(at)+1)
	xs[0] = unix(origin)
	for k, t := range at {
		xs[k+1] = unix(t)
	}
	series := func(j int) []float64 {
		ys := []float64{v0 * scale}
		for _, v := range b[j] {
			ys = append(ys, v*scale)
		}
		return ys
	}
	outer, err := band(xs, series(0), series(4))
	if err != nil {
		return err
	}
	inner, err := band(xs, series(1), series(3))
	if err != nil {
		return err
	}
	outer.Color = chart.WithAlpha(bandBlue, 50)
	inner.Color = chart.WithAlpha(bandBlue, 110)
	med, err := plotter.NewLine(xyOf(xs, series(2)))
	if err != nil {
		return err
	}
	med.Color, med.Width = bandBlue, vg.Points(1.8)
	p.Add(outer, inner, med, real)
	p.Legend.Add(fmt.Sprintf("5-95 %% of the paths (realized inside on %.0f %% of the days)", 100*c.In90), outer)
	p.Legend.Add(fmt.Sprintf("25-75 %% (realized inside on %.0f %% of the days)", 100*c.In50), inner)
	p.Legend.Add("median of the paths", med)
	p.Legend.Add("realized", real)
	return nil
}

// band returns the filled area between lo and hi over xs.
func band(xs, lo, hi []float64) (*plotter.Polygon, error) {
	ring := make(plotter.XYs, 0, 2*len(xs))
	for k := range xs {
		ring = append(ring, plotter.XY{X: xs[k], Y: hi[k]})
	}
	for k := len(xs) - 1; k >= 0; k-- {
		ring = append(ring, plotter.XY{X: xs[k], Y: lo[k]})
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return nil, err
	}
	poly.LineStyle.Width = 0
	return poly, nil
}

// realLine returns the realized values v at the step ends at, from v0 at
// origin, scaled by scale, as a line.
func realLine(origin time.Time, at []time.Time, v0 float64, v []float64, scale float64) *plotter.Line {
	xy := make(plotter.XYs, 0, len(at)+1)
	xy = append(xy, plotter.XY{X: unix(origin), Y: v0 * scale})
	for k, t := range at {
		xy = append(xy, plotter.XY{X: unix(t), Y: v[k] * scale})
	}
	l := &plotter.Line{XYs: xy, LineStyle: plotter.DefaultLineStyle}
	l.Color, l.Width = ink, vg.Points(1.4)
	return l
}

// epochSteps returns the difficulty in force from origin to end, in T,
// as a step line: d0 at origin, then each epoch that started in between.
func epochSteps(epochs []market.Epoch, origin, end time.Time, d0 float64) (*plotter.Line, error) {
	xy := plotter.XYs{{X: unix(origin), Y: d0 * 1e-12}}
	for _, e := range epochs {
		if e.Time.After(origin) && !e.Time.After(end) {
			xy = append(xy, plotter.XY{X: unix(e.Time), Y: e.Difficulty * 1e-12})
		}
	}
	xy = append(xy, plotter.XY{X: unix(end), Y: xy[len(xy)-1].Y})
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, err
	}
	l.StepStyle = plotter.PostStep
	l.Color, l.Width = ink, vg.Points(1.4)
	return l, nil
}

func xyOf(xs, ys []float64) plotter.XYs {
	xy := make(plotter.XYs, len(xs))
	for i := range xs {
		xy[i] = plotter.XY{X: xs[i], Y: ys[i]}
	}
	return xy
}

// unix places t on a date axis, in seconds since 1970 (UTC).
func unix(t time.Time) float64 { return float64(t.Unix()) }

// monthTicks marks the first of every month of a date axis in Unix
// seconds, labelling January, April, July and October.
type monthTicks struct{}

// Ticks implements plot.Ticker.
func (monthTicks) Ticks(lo, hi float64) []plot.Tick {
	t := time.Unix(int64(math.Ceil(lo)), 0).UTC()
	m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	if m.Before(t) {
		m = m.AddDate(0, 1, 0)
	}
	var ts []plot.Tick
	for ; unix(m) <= hi; m = m.AddDate(0, 1, 0) {
		tick := plot.Tick{Value: unix(m)}
		if (m.Month()-1)%3 == 0 {
			tick.Label = m.Format("Jan 2006")
		}
		ts = append(ts, tick)
	}
	return ts
}

// logTicks marks a log axis at round values m 10^k: the powers of ten
// alone when they give at least four ticks, else finer mantissas.
type logTicks struct {
	label func(float64) string
}

// Ticks implements plot.Ticker.
func (lt logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return nil
	}
	sets := [][]float64{{1}, {1, 2, 5}, {1, 1.5, 2, 3, 5, 7}, {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9}}
	var ts []plot.Tick
	for _, set := range sets {
		ts = ts[:0]
		for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
			for _, m := range set {
				v := m * math.Pow(10, e)
				if v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
					ts = append(ts, plot.Tick{Value: v, Label: lt.label(v)})
				}
			}
		}
		if len(ts) >= 4 {
			break
		}
	}
	return ts
}

// usdLabel writes a price as "20k", "150k", "1.2M".
func usdLabel(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%gM", round3(v/1e6))
	case v >= 1e3:
		return fmt.Sprintf("%gk", round3(v/1e3))
	}
	return fmt.Sprintf("%g", round3(v))
}

// plainLabel writes a tick value with at most three significant digits.
func plainLabel(v float64) string { return fmt.Sprintf("%g", round3(v)) }

// round3 rounds v to three significant digits.
func round3(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	return f
}

// savePanels draws the grid of plots, aligned, on a w by h PNG under
// title (none when empty; its lines after the first in a smaller font)
// and writes it to path. A nil plot leaves its
// cell empty.
func savePanels(path string, w, h vg.Length, title string, grid [][]*plot.Plot) error {
	img := vgimg.New(w, h)
	dc := draw.New(img)
	white := dc
	white.SetColor(color.White)
	white.Fill(white.Rectangle.Path())
	top := vg.Points(8)
	y := h - vg.Points(8)
	for i, line := range strings.Split(title, "\n") {
		if title == "" {
			break
		}
		size := font.Length(15)
		if i > 0 {
			size = font.Length(11)
		}
		sty := draw.TextStyle{
			Color: ink, Font: font.From(chart.Sans, size), XAlign: draw.XCenter, YAlign: draw.YTop,
			Handler: text.Plain{Fonts: font.DefaultCache},
		}
		dc.FillText(sty, vg.Point{X: w / 2, Y: y}, line)
		y -= sty.Height(line) + vg.Points(4)
		top = h - y + vg.Points(10)
	}
	tiles := draw.Tiles{
		Rows: len(grid), Cols: len(grid[0]),
		PadTop: top, PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(14),
		PadX: vg.Points(14), PadY: vg.Points(14),
	}
	canvases := plot.Align(grid, tiles, dc)
	for r, row := range grid {
		for c, p := range row {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
