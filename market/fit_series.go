package market

import (
	"fmt"
	"math"
	"time"

	"github.com/wattfolio/wattfolio/internal/num"
)

// Fits of a caller's own series: a power price (PowerModel, a log
// Ornstein-Uhlenbeck multiplier) and a GPU rental rate index (GPUModel's
// index, a geometric Brownian motion). Both are closed-form maximum
// likelihood estimates on the logs of the values, with standard errors
// from the asymptotic covariance (the delta method where a parameter is a
// function of the regression's).

// minSeriesPoints is the fewest values FitPower and FitGPU take.
const minSeriesPoints = 30

// PowerFit is the power model fitted to a price series.
type PowerFit struct {
	// Reversion and Vol are PowerModel's fields.
	Reversion, Vol Estimate
	// Level is the series' long-run price, exp of the log level the
	// process reverts to (not a Model parameter: the snapshot's prices set
	// the level; it is reported to compare with them).
	Level float64
	// Points, Step, From and To describe the series used: its number of
	// values, their spacing, and the first and last dates.
	Points   int
	Step     time.Duration
	From, To time.Time
}

// Model returns the fitted PowerModel.
func (f PowerFit) Model() PowerModel {
	return PowerModel{Reversion: f.Reversion.Value, Vol: f.Vol.Value}
}

// FitPower fits PowerModel to a series of power prices (any positive unit,
// USD per MWh say) taken at a constant spacing of whole days: the log
// price is the Ornstein-Uhlenbeck process X of PowerModel around a level,
// whose exact transition over the spacing dt is the autoregression
//
//	x' = c + b x + e,   b = e^{-k dt},   Var(e) = Vol² (1 - b²)/(2k),
//
// fitted by least squares (the maximum likelihood given the first value).
// k = -ln(b)/dt; a b of 1 or more (no reversion seen) is an error, as a
// random walk has no level. Standard errors by the delta method from the
// regression's: SE(k) = SE(b)/(b dt), and Vol's from the residual
// variance's, s²√(2/(n-2)), and b's.
//
// It returns ErrInvalid naming the row for fewer than 30 values, a value
// that is not finite and positive, dates that do not ascend at one
// constant spacing of whole days, and ErrFit when the series shows no
// mean reversion (b >= 1) or no variation.
func FitPower(series []DatedValue) (PowerFit, error) {
	step, err := checkSeries("power", series, true)
	if err != nil {
		return PowerFit{}, err
	}
	dt := step.Hours() / 24 / DaysPerYear
	n := float64(len(series) - 1)
	// Least squares of x' on (1, x).
	var sx, sy float64
	for i := 1; i < len(series); i++ {
		sx += math.Log(series[i-1].Value)
		sy += math.Log(series[i].Value)
	}
	mx, my := sx/n, sy/n
	var sxx, sxy float64
	for i := 1; i < len(series); i++ {
		dx := math.Log(series[i-1].Value) - mx
		sxx += dx * dx
		sxy += dx * (math.Log(series[i].Value) - my)
	}
	if !(sxx > 0) {
		return PowerFit{}, fmt.Errorf("%w: FitPower: the series does not vary", ErrFit)
	}
	b := sxy / sxx
	c := my - b*mx
	var sse float64
	for i := 1; i < len(series); i++ {
		e := math.Log(series[i].Value) - c - b*math.Log(series[i-1].Value)
		sse += e * e
	}
	s2 := sse / (n - 2)
	if !(b > 0 && b < 1) || !(s2 > 0) {
		return PowerFit{}, fmt.Errorf("%w: FitPower: autoregression coefficient %v shows no mean reversion at a spacing of %v", ErrFit, b, step)
	}
	k := -math.Log(b) / dt
	seB := math.Sqrt(s2 / sxx)
	// Vol² = s² 2k/(1 - b²): d/ds² and d/db through k and b.
	v2 := s2 * 2 * k / (1 - b*b)
	dv2ds2 := 2 * k / (1 - b*b)
	dkdb := -1 / (b * dt)
	dv2db := s2 * 2 * (dkdb*(1-b*b) + k*2*b) / ((1 - b*b) * (1 - b*b))
	varS2 := s2 * s2 * 2 / (n - 2)
	varV2 := dv2ds2*dv2ds2*varS2 + dv2db*dv2db*seB*seB
	vol := math.Sqrt(v2)
	f := PowerFit{
		Reversion: Estimate{Value: k, StdErr: seB * math.Abs(dkdb), Fitted: true},
		Vol:       Estimate{Value: vol, StdErr: math.Sqrt(varV2) / (2 * vol), Fitted: true},
		Level:     math.Exp(c / (1 - b)),
		Points:    len(series), Step: step, From: series[0].Date, To: series[len(series)-1].Date,
	}
	if !num.Finite(f.Reversion.StdErr) || !num.Finite(f.Vol.StdErr) || !num.Finite(f.Level) {
		return PowerFit{}, fmt.Errorf("%w: FitPower: the estimates are not finite (reversion %v per year)", ErrFit, k)
	}
	return f, nil
}

// GPUFit is the GPU rate index model fitted to a series.
type GPUFit struct {
	// Drift and Vol are GPUModel's fields.
	Drift, Vol Estimate
	// Points, From and To describe the series used.
	Points   int
	From, To time.Time
}

// FitGPU fits the GPU index's geometric Brownian motion to a series of
// rates or index values at any ascending whole-day dates: each log change
// over dt years is normal with mean (Drift - Vol²/2) dt and variance Vol²
// dt. The maximum likelihood estimates are a = Σ r / Σ dt and Vol² =
// mean((r - a dt)²/dt); Drift = a + Vol²/2, with standard errors
// Vol/√(Σ dt) for a, Vol/√(2n) for Vol, and √(Var a + Vol⁴/(2n)) for
// Drift.
//
// It returns ErrInvalid naming the row for fewer than 30 values, a value
// that is not finite and positive, or dates that do not ascend in whole
// days, and ErrFit for a series that does not vary.
func FitGPU(series []DatedValue) (GPUFit, error) {
	if _, err := checkSeries("GPU", series, false); err != nil {
		return GPUFit{}, err
	}
	n := float64(len(series) - 1)
	var sr, sdt float64
	for i := 1; i < len(series); i++ {
		sr += math.Log(series[i].Value / series[i-1].Value)
		sdt += series[i].Date.Sub(series[i-1].Date).Hours() / 24 / DaysPerYear
	}
	a := sr / sdt
	var ss float64
	for i := 1; i < len(series); i++ {
		dt := series[i].Date.Sub(series[i-1].Date).Hours() / 24 / DaysPerYear
		e := math.Log(series[i].Value/series[i-1].Value) - a*dt
		ss += e * e / dt
	}
	v2 := ss / n
	if !(v2 > 0) {
		return GPUFit{}, fmt.Errorf("%w: FitGPU: the series does not vary", ErrFit)
	}
	vol := math.Sqrt(v2)
	varA := v2 / sdt
	return GPUFit{
		Drift:  Estimate{Value: a + v2/2, StdErr: math.Sqrt(varA + v2*v2/(2*n)), Fitted: true},
		Vol:    Estimate{Value: vol, StdErr: vol / math.Sqrt(2*n), Fitted: true},
		Points: len(series), From: series[0].Date, To: series[len(series)-1].Date,
	}, nil
}

// checkSeries checks a caller's series for FitPower and FitGPU: at least
// minSeriesPoints finite, positive values at ascending midnight-UTC
// dates, and, when constant is set, one spacing throughout, which it
// returns.
func checkSeries(name string, s []DatedValue, constant bool) (time.Duration, error) {
	if len(s) < minSeriesPoints {
		return 0, invalid(name+" series", len(s), fmt.Sprintf("must hold at least %d values", minSeriesPoints))
	}
	var step time.Duration
	for i, v := range s {
		row := func(f string) string { return fmt.Sprintf("%s[%d].%s", name, i, f) }
		if !num.Finite(v.Value) || v.Value <= 0 {
			return 0, invalid(row("Value"), v.Value, "must be finite and positive")
		}
		if y, mo, d := v.Date.UTC().Date(); !v.Date.Equal(time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)) {
			return 0, invalid(row("Date"), v.Date, "must be midnight UTC")
		}
		if i == 0 {
			continue
		}
		gap := v.Date.Sub(s[i-1].Date)
		switch {
		case gap <= 0:
			return 0, invalid(row("Date"), v.Date, "dates must ascend")
		case i == 1:
			step = gap
		case constant && gap != step:
			return 0, invalid(row("Date"), v.Date, fmt.Sprintf("must follow the previous by the series' spacing, %v", step))
		}
	}
	return step, nil
}
