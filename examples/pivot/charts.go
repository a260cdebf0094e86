package main

// The two charts: the J-curve of cumulative free cash flow, as percentile
// bands over the years, and the NPV frontier of the conversion shares.

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/examples/internal/chart"
)

var (
	orange = color.RGBA{R: 230, G: 120, B: 20, A: 255} // mining
	red    = color.RGBA{R: 214, G: 39, B: 40, A: 255}  // GPU cloud
	blue   = color.RGBA{R: 31, G: 119, B: 180, A: 255} // colocation
)

// kindColor is the colour of each kind in both charts.
func kindColor(k kind) color.RGBA {
	switch k {
	case gpuCloud:
		return red
	case colocation:
		return blue
	}
	return orange
}

// newPlot returns a plot with the examples' font and a grid.
func newPlot(title, x, y string) *plot.Plot {
	return chart.NewPlot(title, x, y, chart.Sizes{Title: 15, Label: 13, Tick: 11, Legend: 11})
}

// jcurveChart draws the percentile bands of cumulative free cash flow of
// each outcome (5-95 % and 25-75 % fans around the median) and the
// median of the mining-only campus as a dashed line, and saves the PNG.
func jcurveChart(path string, base outcome, fans []outcome) error {
	p := newPlot("Cumulative free cash flow of the 200 MW campus (the J-curve)",
		"years from the snapshot (27 Nov 2025)", "cumulative unlevered free cash flow, million USD")
	var outers, inners, medians []plot.Plotter
	for _, o := range fans {
		col := kindColor(o.kind)
		outer, err := chart.Band(o.a.Bands, years, func(b economics.Band) (float64, float64) { return b.P5, b.P95 })
		if err != nil {
			return err
		}
		inner, err := chart.Band(o.a.Bands, years, func(b economics.Band) (float64, float64) { return b.P25, b.P75 })
		if err != nil {
			return err
		}
		outer.Color = chart.WithAlpha(col, 55)
		outer.LineStyle.Width = vg.Points(0.6)
		outer.LineStyle.Color = chart.WithAlpha(col, 170)
		inner.Color = chart.WithAlpha(col, 110)
		median, err := medianLine(o.a.Bands, col)
		if err != nil {
			return err
		}
		outers, inners, medians = append(outers, outer), append(inners, inner), append(medians, median)
		p.Legend.Add(fmt.Sprintf("%s: median, 25-75 %%, 5-95 %%", o.option), outer, inner, median)
	}
	median, err := medianLine(base.a.Bands, orange)
	if err != nil {
		return err
	}
	median.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
	p.Legend.Add(fmt.Sprintf("%s: median", base.option), median)
	// Outer bands under inner bands under medians, so that where the fans
	// overlap each median stays on top.
	p.Add(outers...)
	p.Add(inners...)
	p.Add(append(medians, median)...)
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(10), -vg.Points(10)
	p.X.Tick.Marker = yearTicks{}
	return p.Save(11*vg.Inch, 6.5*vg.Inch, path)
}

// years returns the bands' time as years.
func years(b economics.Band) float64 { return in(b.At, year) }

// medianLine returns the P50 of the bands as a line from zero at time 0.
func medianLine(bands []economics.Band, col color.Color) (*plotter.Line, error) {
	xy := make(plotter.XYs, 0, len(bands)+1)
	xy = append(xy, plotter.XY{})
	for _, b := range bands {
		xy = append(xy, plotter.XY{X: years(b), Y: b.P50 / 1e6})
	}
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, err
	}
	l.Color, l.Width = col, vg.Points(2)
	return l, nil
}

// frontierChart draws each kind's options, 0 to 100 % converted, as a
// labelled line in the (standard deviation, mean) plane of NPV, and saves
// the PNG.
func frontierChart(path string, st study) error {
	p := newPlot("Converting a 200 MW mining campus to AI: NPV against its risk",
		"standard deviation of NPV, million USD", "mean NPV, million USD")
	base := st.baseline()
	for _, k := range []kind{gpuCloud, colocation} {
		xy := plotter.XYs{{X: base.a.NPV.StdDev / 1e6, Y: base.a.NPV.Mean / 1e6}}
		names := []string{""} // the shared 0 % is labelled once, below
		for _, o := range st.outcomes {
			if o.kind == k {
				xy = append(xy, plotter.XY{X: o.a.NPV.StdDev / 1e6, Y: o.a.NPV.Mean / 1e6})
				names = append(names, fmt.Sprintf("%.0f %%", 100*o.share()))
			}
		}
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return err
		}
		col := kindColor(k)
		l.Color, l.Width = col, vg.Points(2)
		pts.Color, pts.Radius = col, vg.Points(4)
		pts.Shape = draw.CircleGlyph{}
		if k == colocation {
			pts.Shape = draw.BoxGlyph{}
		}
		labels, err := shareLabels(xy, names, col)
		if err != nil {
			return err
		}
		p.Add(l, pts, labels)
		p.Legend.Add(fmt.Sprintf("mining -> %s, share of the halls converted", k), l, pts)
	}
	zero, err := shareLabels(plotter.XYs{{X: base.a.NPV.StdDev / 1e6, Y: base.a.NPV.Mean / 1e6}},
		[]string{"0 % (mining only)"}, orange)
	if err != nil {
		return err
	}
	p.Add(zero)
	p.X.Min = 0
	// Bottom right: below the riskier kind's line, away from the steep one.
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(10), vg.Points(10)
	return p.Save(10*vg.Inch, 6.5*vg.Inch, path)
}

// shareLabels returns labels of the points xy in colour col, beside them.
func shareLabels(xy plotter.XYs, names []string, col color.Color) (*plotter.Labels, error) {
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: names})
	if err != nil {
		return nil, err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Color = col
		labels.TextStyle[i].Font = font.From(chart.Sans, 11)
	}
	labels.Offset = vg.Point{X: vg.Points(7), Y: vg.Points(3)}
	return labels, nil
}

// yearTicks labels every year.
type yearTicks struct{}

// Ticks implements plot.Ticker.
func (yearTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for v := math.Ceil(min); v <= max+1e-9; v++ {
		ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprintf("%.0f", v)})
	}
	return ts
}
