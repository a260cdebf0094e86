// Package chart holds the drawing helpers the examples share: the filled
// percentile band of a fan chart, premultiplied transparent colours, and
// plots in the examples' font.
package chart

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/wattfolio/wattfolio/economics"
)

// Band returns the filled area between the lower and upper percentiles
// that pick takes from each band, in million USD, starting from zero at
// time 0; x places a band on the chart's x axis.
func Band(bands []economics.Band, x func(economics.Band) float64, pick func(economics.Band) (lo, hi float64)) (*plotter.Polygon, error) {
	ring := make(plotter.XYs, 0, 2*len(bands)+1)
	ring = append(ring, plotter.XY{})
	for _, b := range bands {
		_, hi := pick(b)
		ring = append(ring, plotter.XY{X: x(b), Y: hi / 1e6})
	}
	for i := len(bands) - 1; i >= 0; i-- {
		lo, _ := pick(bands[i])
		ring = append(ring, plotter.XY{X: x(bands[i]), Y: lo / 1e6})
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return nil, err
	}
	poly.LineStyle.Width = 0
	return poly, nil
}

// WithAlpha returns c at opacity a, premultiplied as color.RGBA requires.
func WithAlpha(c color.RGBA, a uint8) color.RGBA {
	f := func(v uint8) uint8 { return uint8(uint16(v) * uint16(a) / 255) }
	return color.RGBA{R: f(c.R), G: f(c.G), B: f(c.B), A: a}
}

// Sans is the examples' font, Liberation Sans (gonum/plot's default
// family, embedded in it).
var Sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Sizes are the font sizes of a plot, in points: title, axis labels, tick
// labels and legend.
type Sizes struct {
	Title, Label, Tick, Legend font.Length
}

// NewPlot returns a plot in Sans at sizes s with a grid, its title and
// axis labels set. It sets plot.DefaultFont to Sans, which gonum/plot
// reads for every text it draws.
func NewPlot(title, x, y string, s Sizes) *plot.Plot {
	plot.DefaultFont = Sans
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = s.Title
	p.Title.Padding = vg.Length(s.Title) / 2
	p.X.Label.Text, p.Y.Label.Text = x, y
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = s.Label
		ax.Tick.Label.Font.Size = s.Tick
	}
	p.Legend.TextStyle.Font.Size = s.Legend
	p.Add(plotter.NewGrid())
	return p
}
