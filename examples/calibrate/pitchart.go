package main

// The PIT histograms of the walk-forward backtest.

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// pitHistogram writes to path a PNG of small multiples, three a row, one
// panel per series and horizon: hist[i] holds the counts of the PIT values
// of labels[i] in the 10 equal bins of [0, 1]. Each panel draws the
// counts as bars, the count a uniform PIT expects (its total over 10) as a
// dashed line, and the 5-95 % range of a bin's count under uniformity
// (Binomial(total, 0.1), as if the values were independent) as a grey
// band. The panels share a y scale. title heads the figure.
func pitHistogram(path string, title string, hist [][]int, labels []string) error {
	if len(hist) == 0 || len(hist) != len(labels) {
		return fmt.Errorf("PIT histogram: %d histograms and %d labels: want as many, at least one", len(hist), len(labels))
	}
	const bins = 10
	ymax := 0.0
	totals := make([]int, len(hist))
	for i, h := range hist {
		if len(h) != bins {
			return fmt.Errorf("PIT histogram %q: %d bins, want %d", labels[i], len(h), bins)
		}
		for j, c := range h {
			if c < 0 {
				return fmt.Errorf("PIT histogram %q: bin %d count %d is negative", labels[i], j, c)
			}
			totals[i] += c
			ymax = max(ymax, float64(c))
		}
		if totals[i] == 0 {
			return fmt.Errorf("PIT histogram %q: no values", labels[i])
		}
		ymax = max(ymax, binomialQuantile(totals[i], 0.1, 0.95))
	}
	cols := min(3, len(hist))
	rows := (len(hist) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
	}
	for i, h := range hist {
		r, c := i/cols, i%cols
		x, y := "", ""
		if r == rows-1 || i+cols >= len(hist) {
			x = "PIT of the realized value"
		}
		if c == 0 {
			y = "count"
		}
		p, err := pitPanel(fmt.Sprintf("%s (%d origins)", labels[i], totals[i]), x, y, h, totals[i])
		if err != nil {
			return err
		}
		p.Y.Max = math.Ceil(ymax * 1.08)
		p.Y.Tick.Marker = countTicks{}
		grid[r][c] = p
	}
	title += "\nbars: counts in 10 bins of the PIT (where the realized value fell in the simulated distribution); " +
		"dashed red: a uniform PIT's count, total / 10;\ngrey: the 5-95 % range of a bin's count under uniformity " +
		"(Binomial(total, 0.1), as if the origins were independent)"
	return savePanels(path, vg.Length(cols)*4*vg.Inch, vg.Length(rows)*3.2*vg.Inch+0.8*vg.Inch, title, grid)
}

// pitPanel returns one panel of pitHistogram: the counts h, the uniform
// expectation total/10 and its binomial 5-95 % range.
func pitPanel(title, x, y string, h []int, total int) (*plot.Plot, error) {
	p := newPanel(title, x, y)
	exp := float64(total) / float64(len(h))
	lo, hi := binomialQuantile(total, 0.1, 0.05), binomialQuantile(total, 0.1, 0.95)
	rangeBand, err := band([]float64{0, 1}, []float64{lo, lo}, []float64{hi, hi})
	if err != nil {
		return nil, err
	}
	rangeBand.Color = color.RGBA{R: 215, G: 215, B: 215, A: 255}
	bars := &plotter.Histogram{Width: 1 / float64(len(h)), FillColor: bandBlue}
	bars.LineStyle = plotter.DefaultLineStyle
	bars.LineStyle.Color, bars.LineStyle.Width = color.White, vg.Points(1)
	for j, c := range h {
		lo := float64(j) / float64(len(h))
		bars.Bins = append(bars.Bins, plotter.HistogramBin{Min: lo, Max: lo + 1/float64(len(h)), Weight: float64(c)})
	}
	line, err := plotter.NewLine(plotter.XYs{{X: 0, Y: exp}, {X: 1, Y: exp}})
	if err != nil {
		return nil, err
	}
	line.Color, line.Width = uniform, vg.Points(1.5)
	line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	p.Add(rangeBand, bars, line)
	p.X.Min, p.X.Max, p.Y.Min = 0, 1, 0
	p.X.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 0.5, Label: "0.5"}, {Value: 1, Label: "1"}, {Value: 0.1}, {Value: 0.2}, {Value: 0.3}, {Value: 0.4}, {Value: 0.6}, {Value: 0.7}, {Value: 0.8}, {Value: 0.9}})
	return p, nil
}

// countTicks marks a count axis at whole multiples of 1, 2, 5, 10, 20,
// ..., the finest that gives at most eight ticks.
type countTicks struct{}

// Ticks implements plot.Ticker.
func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for i := 0; (hi-lo)/step > 8; i++ {
		step *= []float64{2, 2.5, 2}[i%3]
	}
	var ts []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ts
}

// binomialQuantile returns the smallest count k with P(K <= k) >= q for K
// Binomial(n, p).
func binomialQuantile(n int, p, q float64) float64 {
	d := distuv.Binomial{N: float64(n), P: p}
	for k := 0; k < n; k++ {
		if d.CDF(float64(k)) >= q {
			return float64(k)
		}
	}
	return float64(n)
}
